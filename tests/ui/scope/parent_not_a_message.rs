#[leyline::enumeration(package = "ui.v1")]
pub enum Outer {
    Unspecified = 0,
}

#[leyline::message(package = "ui.v1", parent = Outer)]
pub struct Inner {}

fn main() {}
