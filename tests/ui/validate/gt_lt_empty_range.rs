#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(gt = 3, lt = 4))]
    pub epoch: u32,
}

fn main() {}
