#[leyline::message(package = "ui.v1")]
pub struct Point {
    #[leyline(field = 1)]
    pub x: i32,
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 2)]
    pub origin: Point,
}

fn main() {}
