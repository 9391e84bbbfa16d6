#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 19500)]
    pub id: u64,
}

fn main() {}
