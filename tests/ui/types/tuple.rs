#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub pair: (u32, String),
}

fn main() {}
