#[leyline::message(package = "ui.v1")]
pub struct Seed<T> {
    #[leyline(field = 1)]
    pub id: T,
}

fn main() {}
