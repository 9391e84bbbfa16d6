#[leyline::enumeration(package = "ui.v1")]
pub enum Stage {}

fn main() {}
