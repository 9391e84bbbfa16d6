#[leyline::enumeration(package = "ui.v1")]
pub enum Stage {
    Training = 1,
    Done = 2,
}

fn main() {}
