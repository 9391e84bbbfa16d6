#[leyline::enumeration(package = "ui.v1")]
pub enum Stage {
    Unknown = 0,
    Training = 1,
    #[leyline(name = "STAGE_TRAINING")]
    Learning = 2,
}

fn main() {}
