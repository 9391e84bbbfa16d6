#[leyline::enumeration(package = "ui.v1", reserved_names("STAGE_PRUNED"))]
pub enum Stage {
    Unknown = 0,
    Training = 1,
    Pruned = 2,
}

fn main() {}
