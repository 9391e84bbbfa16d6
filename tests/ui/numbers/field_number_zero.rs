#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 0)]
    pub id: u64,
}

fn main() {}
