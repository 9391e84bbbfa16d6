#[leyline::message(package = "ui.v1", reserved(10..=20, 15..=30))]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
}

fn main() {}
