//! Any bytes, read as proto3 JSON into one of the 35 Esper contracts: a
//! message or an error, never a panic; a message read goes JSON → binary →
//! JSON to the same message (see `fuzz/src/json.rs`).
#![no_main]

use leyline_fuzz::{select, JSON_PARSE};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((index, _, bytes)) = select(data, JSON_PARSE.len()) {
        JSON_PARSE[index](bytes);
    }
});
