#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 1)]
    pub name: String,
}

fn main() {}
