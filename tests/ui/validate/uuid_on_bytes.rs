#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(uuid))]
    pub seed_id: Vec<u8>,
}

fn main() {}
