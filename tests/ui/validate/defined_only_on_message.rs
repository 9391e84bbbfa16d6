#[leyline::message(package = "esper.leyline.v1")]
pub struct HardwareContext {
    #[leyline(field = 1)]
    pub device: String,
}

#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(defined_only))]
    pub hardware: Option<HardwareContext>,
}

fn main() {}
