#[leyline::message(package = "ui.v1")]
pub union Seed {
    pub id: u64,
    pub bits: f64,
}

fn main() {}
