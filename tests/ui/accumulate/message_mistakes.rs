//! One compile reports every mistake: number, reserved, name, type, map key,
//! attribute and encoding errors in one message.

use std::collections::HashMap;

#[leyline::message(package = "ui.v1", reserved(3, 10..=20, 15..=30), reserved_names("old", "old"))]
pub struct Seed {
    #[leyline(field = 0)]
    pub zero: u32,
    #[leyline(field = 1)]
    pub id: u64,
    #[leyline(field = 1)]
    pub again: u64,
    #[leyline(field = 3)]
    pub reserved_one: u32,
    #[leyline(field = 4, name = "id")]
    pub renamed: u64,
    #[leyline(field = 5)]
    pub size: usize,
    #[leyline(field = 6)]
    pub weights: HashMap<f32, u32>,
    #[leyline(field = 7, encoding = "sint64")]
    pub delta: u64,
    #[leyline(fild = 8)]
    pub typo: u32,
    pub unnumbered: String,
}

fn main() {}
