//! Any bytes that decode as one of the 35 Esper contracts go binary → JSON →
//! message, through the owned writer and the view transcoder alike, to the
//! same message (see `fuzz/src/json.rs`).
#![no_main]

use leyline_fuzz::{select, BINARY_JSON};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((index, _, bytes)) = select(data, BINARY_JSON.len()) {
        BINARY_JSON[index](bytes);
    }
});
