#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(defined_only))]
    pub stage: u32,
}

fn main() {}
