use std::collections::HashMap;

#[leyline::enumeration(package = "ui.v1")]
pub enum Stage {
    Unknown = 0,
    Training = 1,
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub counts: HashMap<Stage, u32>,
}

fn main() {}
