#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 2)]
    Note(String),
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(oneof)]
    pub payload: Option<Box<Payload>>,
}

fn main() {}
