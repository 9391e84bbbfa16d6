use std::collections::BTreeMap;

#[leyline::message(package = "ui.v1")]
pub struct Seed {
    #[leyline(field = 1)]
    pub blobs: BTreeMap<Vec<u8>, String>,
}

fn main() {}
