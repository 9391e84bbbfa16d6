#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 2, name = "fooBar")]
    Note(String),
    #[leyline(field = 3)]
    Count(u32),
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub foo_bar: u64,
    #[leyline(oneof)]
    pub payload: Option<Payload>,
}

fn main() {}
