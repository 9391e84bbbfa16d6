#[leyline::message(package = "esper.leyline.v1")]
pub struct SystemStatePacket {
    #[leyline(field = 1, split)]
    pub epoch: u32,
}

fn main() {}
