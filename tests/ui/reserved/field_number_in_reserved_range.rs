#[leyline::message(package = "ui.v1", reserved(100..=199))]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 150)]
    pub name: String,
}

fn main() {}
