#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(maxlen = 64))]
    pub seed_id: String,
}

fn main() {}
