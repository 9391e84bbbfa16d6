#[derive(Clone, Debug, Default, PartialEq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 2)]
    pub origin: Point,
}

fn main() {}
