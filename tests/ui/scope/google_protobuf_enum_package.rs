#[leyline::enumeration(package = "google.protobuf.compiler", prefix = "")]
pub enum Feature {
    FeatureNone = 0,
}

fn main() {}
