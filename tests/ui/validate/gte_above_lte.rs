#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(gte = 1.0, lte = 0.0))]
    pub accuracy: f32,
}

fn main() {}
