//! Any bytes that decode as one of the 35 Esper contracts re-encode to bytes
//! that decode to the same message; the encode-side depth check agrees with
//! the decoder's limit.
#![no_main]

use leyline_fuzz::{select, ROUNDTRIP};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((index, _, bytes)) = select(data, ROUNDTRIP.len()) {
        ROUNDTRIP[index](bytes);
    }
});
