#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub value: usize,
}

fn main() {}
