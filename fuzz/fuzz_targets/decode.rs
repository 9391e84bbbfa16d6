//! Any bytes, decoded as any of the 35 Esper contracts, by the slice path and
//! by prost's `Buf` paths: never a panic, and the paths agree.
#![no_main]

use leyline_fuzz::{select, DECODE};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((index, split, bytes)) = select(data, DECODE.len()) {
        DECODE[index](bytes, split);
    }
});
