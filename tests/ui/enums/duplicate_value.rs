#[leyline::enumeration(package = "ui.v1")]
pub enum Stage {
    Unknown = 0,
    Training = 1,
    Learning = 1,
}

fn main() {}
