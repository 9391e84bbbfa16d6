#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(fild = 1)]
    pub id: u64,
}

fn main() {}
