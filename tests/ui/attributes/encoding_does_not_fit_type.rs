#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1, encoding = "sint32")]
    pub id: u32,
}

fn main() {}
