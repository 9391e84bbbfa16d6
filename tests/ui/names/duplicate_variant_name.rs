#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 2)]
    Note(String),
    #[leyline(field = 3, name = "note")]
    Remark(String),
}

fn main() {}
