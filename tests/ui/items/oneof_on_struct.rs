#[leyline::oneof]
pub struct Payload {
    pub note: String,
}

fn main() {}
