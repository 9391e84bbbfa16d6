#[leyline::message(package = "ui.v1")]
pub fn seed() -> u64 {
    1
}

fn main() {}
