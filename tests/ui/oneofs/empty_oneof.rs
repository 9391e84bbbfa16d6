#[leyline::oneof]
pub enum Payload {}

fn main() {}
