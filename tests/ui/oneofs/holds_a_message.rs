#[leyline::message(package = "ui.v1")]
pub struct Note {
    #[leyline(field = 1)]
    pub text: String,
}

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(oneof)]
    pub note: Option<Note>,
}

fn main() {}
