//! The well-known types, `Struct`/`Value`/`ListValue` recursion above all:
//! a contract of them (`Wkts`) and `AdaptationCommand` (whose rollback payload
//! is a `Struct`), decoded every way and round-tripped.
#![no_main]

use leyline::contracts::AdaptationCommand;
use leyline_fuzz::{check_decode, check_roundtrip, select, Wkts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((index, split, bytes)) = select(data, 2) {
        if index == 0 {
            check_decode::<Wkts>(bytes, split);
            check_roundtrip::<Wkts>(bytes);
        } else {
            check_decode::<AdaptationCommand>(bytes, split);
            check_roundtrip::<AdaptationCommand>(bytes);
        }
    }
});
