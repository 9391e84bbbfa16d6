//! One compile reports every mistake of an enumeration.

#[leyline::enumeration(
    package = "ui.v1",
    allow_alias,
    reserved(5),
    reserved_names("STAGE_OLD")
)]
pub enum Stage {
    Training = 1,
    Old = 2,
    Pruned = 5,
    Missing,
    Huge = 4294967296,
    Data(u32),
}

fn main() {}
