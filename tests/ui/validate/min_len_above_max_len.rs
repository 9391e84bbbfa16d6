#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(min_len = 8, max_len = 4))]
    pub subsystem: String,
}

fn main() {}
