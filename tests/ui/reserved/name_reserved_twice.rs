#[leyline::message(
    package = "ui.v1",
    reserved_names("legacy_flag", "old_id", "legacy_flag")
)]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
}

fn main() {}
