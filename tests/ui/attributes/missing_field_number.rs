#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(name = "seed_name")]
    pub name: String,
}

fn main() {}
