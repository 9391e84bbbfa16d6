#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 2)]
    Note(String),
    #[leyline(field = 3, name = "legacy_count")]
    Count(u32),
}

#[leyline::message(package = "ui.v1", reserved_names("legacy_count"))]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(oneof)]
    pub payload: Option<Payload>,
}

fn main() {}
