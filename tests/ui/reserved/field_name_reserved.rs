#[leyline::message(package = "ui.v1", reserved_names("legacy_flag"))]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 2)]
    pub legacy_flag: bool,
}

fn main() {}
