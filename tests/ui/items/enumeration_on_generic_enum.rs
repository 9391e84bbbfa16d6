#[leyline::enumeration(package = "ui.v1")]
pub enum Stage<T> {
    Unspecified = 0,
    Running = 1,
}

fn main() {}
