#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(gte = -1))]
    pub epoch: u32,
}

fn main() {}
