use std::collections::HashMap;

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub weights: HashMap<f32, String>,
}

fn main() {}
