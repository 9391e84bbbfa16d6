#[leyline::enumeration(package = "ui.v1", allow_alias)]
pub enum Stage {
    Unknown = 0,
    Training = 1,
}

fn main() {}
