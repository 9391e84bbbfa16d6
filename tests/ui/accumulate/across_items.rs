//! Errors from several items, and from the constant assertions between a
//! message and its oneofs, all come out of one compile; and an item with
//! errors does not cause more errors where it is used (as a field type, or by
//! the user's code): it gets placeholder impls.

use leyline::prost::Message as _;

#[leyline::oneof]
pub enum Payload {
    #[leyline(field = 2)]
    Note(String),
    #[leyline(field = 2)]
    Again(String),
    Unnumbered(u32),
}

#[leyline::oneof]
pub enum Origin {
    #[leyline(field = 5)]
    Host(String),
    #[leyline(field = 150)]
    Pid(u32),
}

#[leyline::enumeration(package = "ui.v1")]
pub enum Stage {
    Training = 1,
}

#[leyline::message(package = "ui.v1", reserved(100..=199))]
pub struct Seed {
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 5)]
    pub host_copy: String,
    #[leyline(oneof)]
    pub origin: Option<Origin>,
    #[leyline(oneof)]
    pub payload: Option<Payload>,
    #[leyline(field = 6)]
    pub stage: Stage,
    #[leyline(field = 19000)]
    pub internal: u32,
}

#[leyline::message(package = "ui.v1")]
pub struct Holder {
    #[leyline(field = 1)]
    pub seed: Option<Seed>,
    #[leyline(field = 2)]
    pub stages: Vec<Stage>,
}

fn main() {
    let holder = Holder::default();
    let _ = holder.encode_to_vec();
    let _ = Seed::default().stage == Stage::Training;
}
