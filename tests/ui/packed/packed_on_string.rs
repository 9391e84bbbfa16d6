#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1, packed = false)]
    pub tags: Vec<String>,
}

fn main() {}
