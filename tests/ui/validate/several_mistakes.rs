//! Several mistakes in one contract: every one is reported in one compile.

#[leyline::message(package = "esper.leyline.v1")]
pub struct SeedState {
    #[leyline(field = 1, validate(uuid, max_len = 4, min_len = 8))]
    pub seed_id: String,
    #[leyline(field = 2, validate(gte = 2, lte = 1, finite))]
    pub epoch: u32,
    #[leyline(field = 3, validate(max_pairs = 5, values(pattern = "[")))]
    pub metrics: std::collections::HashMap<String, f32>,
    #[leyline(field = 4, validate(min_items = 1))]
    pub stage: u32,
}

fn main() {}
