#[leyline::message(package = "esper.leyline.v1", max_size = 100)]
pub struct SeedState {
    #[leyline(field = 1, validate(uuid))]
    pub seed_id: String,
    #[leyline(field = 2, validate(max_len = 32))]
    pub subsystem: String,
}

fn main() {}
