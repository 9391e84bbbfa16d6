#[leyline::message(package = "ui.v1")]
pub struct Metric {
    #[leyline(field = 1)]
    pub value: f64,
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1, packed = false)]
    pub metrics: Vec<Metric>,
}

fn main() {}
