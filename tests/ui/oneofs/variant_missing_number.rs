#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 1)]
    Note(String),
    Count(u32),
}

fn main() {}
