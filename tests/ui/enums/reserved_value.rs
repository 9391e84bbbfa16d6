#[leyline::enumeration(package = "ui.v1", reserved(2, 5..=9))]
pub enum Stage {
    Unknown = 0,
    Training = 1,
    Done = 7,
}

fn main() {}
