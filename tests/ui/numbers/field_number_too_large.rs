#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 536870912)]
    pub id: u64,
}

fn main() {}
