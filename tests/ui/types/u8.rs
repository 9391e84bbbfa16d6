#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub value: u8,
}

fn main() {}
