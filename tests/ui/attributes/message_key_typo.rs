#[leyline::message(pakage = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
}

fn main() {}
