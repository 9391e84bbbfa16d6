#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1, packed = true)]
    pub samples: Vec<f32>,
}

fn main() {}
