#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(max_len = 64))]
    pub accuracy: f32,
}

fn main() {}
