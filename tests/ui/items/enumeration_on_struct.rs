#[leyline::enumeration(package = "ui.v1")]
pub struct Stage {
    pub value: i32,
}

fn main() {}
