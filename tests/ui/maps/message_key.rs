use std::collections::HashMap;

#[leyline::message(package = "ui.v1")]
pub struct Point {
    #[leyline(field = 1)]
    pub x: i32,
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub labels: HashMap<Point, String>,
}

fn main() {}
