#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 1)]
    Note(String, u32),
}

fn main() {}
