#[leyline::message(package = "ui.v1")]
pub enum Stage {
    Unknown = 0,
    Training = 1,
}

fn main() {}
