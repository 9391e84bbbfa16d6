//! Any bytes, opened as a sealed frame (`leyline::seal::open`) with a fixed
//! keyring: never a panic, and nothing opens without the key (see
//! `fuzz/src/open.rs`).
#![no_main]

use leyline_fuzz::open::check_open;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check_open(data);
});
