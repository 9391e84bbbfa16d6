#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 1)]
    Note(String),
    #[leyline(field = 2)]
    Nothing,
}

fn main() {}
