#[leyline::message(package = "ui.v1")]
pub struct Seed;

fn main() {}
