use std::collections::HashMap;

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1, packed = false)]
    pub counts: HashMap<String, u32>,
}

fn main() {}
