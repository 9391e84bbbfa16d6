#[leyline::oneof]
pub enum Payload<T> {
    #[leyline(field = 1)]
    Note(T),
}

fn main() {}
