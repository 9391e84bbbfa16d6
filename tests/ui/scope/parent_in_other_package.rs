#[leyline::message(package = "ui.v1")]
pub struct Outer {}

#[leyline::message(package = "ui.v2", parent = Outer)]
pub struct Inner {}

fn main() {}
