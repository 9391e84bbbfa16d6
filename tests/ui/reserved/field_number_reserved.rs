#[leyline::message(package = "ui.v1", reserved(3))]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 3)]
    pub name: String,
}

fn main() {}
