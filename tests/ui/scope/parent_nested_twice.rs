#[leyline::message(package = "ui.v1")]
pub struct Outer {}

#[leyline::message(package = "ui.v1", parent = Outer)]
pub struct Middle {}

#[leyline::enumeration(package = "ui.v1", parent = Middle)]
pub enum Inner {
    InnerUnspecified = 0,
}

fn main() {}
