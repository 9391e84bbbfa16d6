#[leyline::enumeration(package = "ui.v1")]
pub enum Stage {
    Unknown = 0,
    Training = 3000000000,
}

fn main() {}
