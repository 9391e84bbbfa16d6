#[leyline::message(package = "ui.v1", reserved(9..5))]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
}

fn main() {}
