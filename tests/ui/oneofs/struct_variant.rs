#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 1)]
    Note { text: String },
}

fn main() {}
