#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 1)]
    Notes(Vec<String>),
}

fn main() {}
