#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1, encoding = "zigzag")]
    pub delta: i64,
}

fn main() {}
