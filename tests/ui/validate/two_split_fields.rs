#[leyline::message(package = "esper.leyline.v1")]
pub struct SystemStatePacket {
    #[leyline(field = 1, split)]
    pub seed_ids: Vec<String>,
    #[leyline(field = 2, split)]
    pub losses: Vec<f32>,
}

fn main() {}
