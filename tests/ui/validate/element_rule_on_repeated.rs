#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(gte = 0.0))]
    pub losses: Vec<f32>,
}

fn main() {}
