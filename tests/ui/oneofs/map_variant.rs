use std::collections::HashMap;

#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 1)]
    Counts(HashMap<String, u32>),
}

fn main() {}
