#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub foo_bar: u64,
    #[leyline(field = 2, name = "fooBar")]
    pub camel: u64,
}

fn main() {}
