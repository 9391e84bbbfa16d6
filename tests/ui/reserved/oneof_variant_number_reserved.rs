#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 2)]
    Note(String),
    #[leyline(field = 150)]
    Count(u32),
}

#[leyline::message(package = "ui.v1", reserved(100..=199))]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(oneof)]
    pub payload: Option<Payload>,
}

fn main() {}
