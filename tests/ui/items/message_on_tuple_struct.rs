#[leyline::message(package = "ui.v1")]
pub struct Seed(u64);

fn main() {}
