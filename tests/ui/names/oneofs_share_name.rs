#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 2)]
    Note(String),
    #[leyline(field = 3)]
    Count(u32),
}

#[leyline::oneof]
pub enum Origin {
    #[leyline(field = 4, name = "note")]
    Host(String),
    #[leyline(field = 5)]
    Pid(u32),
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(oneof)]
    pub payload: Option<Payload>,
    #[leyline(oneof)]
    pub origin: Option<Origin>,
}

fn main() {}
