#[leyline::message(package = "google.protobuf")]
pub struct Timestamp {
    #[leyline(field = 1)]
    pub seconds: i64,
}

fn main() {}
