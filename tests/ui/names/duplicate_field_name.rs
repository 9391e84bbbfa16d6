#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 2, name = "id")]
    pub other_id: u64,
}

fn main() {}
