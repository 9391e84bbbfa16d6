#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 2)]
    Note(String),
    #[leyline(field = 2)]
    Count(u32),
}

fn main() {}
