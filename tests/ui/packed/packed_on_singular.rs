#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1, packed = false)]
    pub count: u32,
}

fn main() {}
