//! Decoding under a memory budget: a counting global allocator measures the
//! peak of live heap bytes while crafted inputs decode into every Esper
//! contract, and the test fails past the bound.
//!
//! The bound is linear in the input, with a factor set by what the input
//! becomes:
//! - bytes that stay bytes (strings, `bytes`, packed numbers, unknown fields,
//!   a length prefix that lies): peak <= 8 x input + 4 KiB (a claimed 2 GiB
//!   on 10 bytes of input allocates only the error);
//! - records that become elements of a repeated field or map: each element
//!   costs its `size_of` however short its record (an empty `SeedState` is 2
//!   bytes on the wire), so peak <= 2 x (size_of element / record length) x
//!   input + 4 KiB, where the 2 covers `Vec` doubling (reallocation is counted
//!   as if old and new blocks were live at once).
//!
//! `cargo test -p leyline-tests --test memory -- --nocapture` prints the
//! measured ratios.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "hostile_support.rs"]
#[allow(dead_code)]
mod hostile_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use hostile_support::{contracts, fixtures, Entry};
use leyline::schema::{FieldType, Label, Scalar};
use leyline::wire::{encode_key, encode_varint, key_len, WireType};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(live, Ordering::SeqCst);
}

// SAFETY: every call is forwarded to `System` unchanged; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as a copy: the new block while the old one still lives.
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak of heap bytes allocated while `f` runs (and what it returns still
/// holds), above what was live before.
fn peak_of<R>(f: impl FnOnce() -> R) -> usize {
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let result = f();
    let peak = PEAK.load(Ordering::SeqCst) - base;
    drop(result);
    peak
}

const SLACK: usize = 4096;

struct Case {
    what: String,
    input: usize,
    peak: usize,
    /// Allowed bytes per input byte.
    factor: f64,
}

impl Case {
    fn bound(&self) -> usize {
        (self.factor * self.input as f64) as usize + SLACK
    }
}

fn measure(entry: &Entry, what: String, bytes: &[u8], factor: f64) -> Case {
    let peak = peak_of(|| (entry.decode)(bytes));
    Case {
        what: format!("{}: {what}", entry.full_name),
        input: bytes.len(),
        peak,
        factor,
    }
}

fn size_of_message(full_name: &str) -> usize {
    contracts()
        .iter()
        .find(|e| e.full_name == full_name)
        .map_or(256, |e| e.size)
}

/// Crafted inputs for one contract: many minimal records for each repeated
/// field and map, one large payload for each length-delimited field, lying
/// length prefixes, and many unknown fields.
fn crafted(entry: &Entry, records: usize) -> Vec<Case> {
    let schema = (entry.schema)();
    let mut cases = Vec::new();
    for (field, _) in schema.fields() {
        let n = field.number;
        // A length prefix claiming 2 GiB, on 10 bytes or so.
        let mut liar = Vec::new();
        encode_key(n, WireType::LengthDelimited, &mut liar);
        encode_varint(1 << 31, &mut liar);
        liar.extend_from_slice(b"abcd");
        cases.push(measure(
            entry,
            format!("{} claims 2 GiB", field.name),
            &liar,
            8.0,
        ));

        match (field.label, &field.ty) {
            (Label::Repeated, FieldType::Message(m)) => {
                let mut bytes = Vec::new();
                for _ in 0..records {
                    encode_key(n, WireType::LengthDelimited, &mut bytes);
                    bytes.push(0);
                }
                let element = size_of_message(m().full_name);
                let factor = 2.0 * element as f64 / (key_len(n) + 1) as f64;
                cases.push(measure(
                    entry,
                    format!("{} x empty", field.name),
                    &bytes,
                    factor,
                ));
            }
            (Label::Repeated, FieldType::Scalar(Scalar::String | Scalar::Bytes)) => {
                let mut bytes = Vec::new();
                for _ in 0..records {
                    encode_key(n, WireType::LengthDelimited, &mut bytes);
                    bytes.push(0);
                }
                let factor = 2.0 * size_of::<String>() as f64 / (key_len(n) + 1) as f64;
                cases.push(measure(
                    entry,
                    format!("{} x empty", field.name),
                    &bytes,
                    factor,
                ));
            }
            (Label::Map, FieldType::Map(key, _)) => {
                // Distinct keys, default values.
                let mut bytes = Vec::new();
                for i in 0..records as u64 {
                    let mut e = Vec::new();
                    match key {
                        Scalar::String => {
                            let k = i.to_string();
                            encode_key(1, WireType::LengthDelimited, &mut e);
                            encode_varint(k.len() as u64, &mut e);
                            e.extend_from_slice(k.as_bytes());
                        }
                        _ => {
                            encode_key(1, WireType::Varint, &mut e);
                            encode_varint(i, &mut e);
                        }
                    }
                    encode_key(n, WireType::LengthDelimited, &mut bytes);
                    encode_varint(e.len() as u64, &mut bytes);
                    bytes.extend_from_slice(&e);
                }
                // A hash table entry (key, value, control byte) per 6-8 bytes
                // of input, at most half full after growing, plus the key's
                // own buffer: bounded at 40 bytes per input byte.
                cases.push(measure(
                    entry,
                    format!("{} x distinct keys", field.name),
                    &bytes,
                    40.0,
                ));
            }
            (_, FieldType::Scalar(Scalar::String | Scalar::Bytes))
            | (Label::Repeated, FieldType::Scalar(Scalar::Float)) => {
                let mut bytes = Vec::new();
                encode_key(n, WireType::LengthDelimited, &mut bytes);
                encode_varint(1 << 20, &mut bytes);
                bytes.extend(std::iter::repeat_n(b'a', 1 << 20));
                cases.push(measure(
                    entry,
                    format!("{} of 1 MiB", field.name),
                    &bytes,
                    8.0,
                ));
            }
            _ => {}
        }
    }
    // Many small unknown fields, and one large one.
    let mut unknown = Vec::new();
    for i in 0..records as u64 {
        encode_key(5000, WireType::Varint, &mut unknown);
        encode_varint(i % 100, &mut unknown);
    }
    cases.push(measure(entry, "unknown varints".into(), &unknown, 8.0));
    let mut unknown = Vec::new();
    encode_key(5000, WireType::LengthDelimited, &mut unknown);
    encode_varint(1 << 20, &mut unknown);
    unknown.extend(std::iter::repeat_n(0u8, 1 << 20));
    cases.push(measure(entry, "unknown 1 MiB".into(), &unknown, 8.0));
    cases
}

#[test]
fn decoding_stays_within_its_memory_bound() {
    let mut cases = Vec::new();
    for entry in contracts() {
        cases.extend(crafted(&entry, 50_000));
    }
    for (entry, bytes) in fixtures() {
        let case = measure(
            &entry,
            format!("fixture of {} bytes", bytes.len()),
            &bytes,
            8.0,
        );
        cases.push(case);
    }

    let mut failures = Vec::new();
    let (mut worst_bytes, mut worst_elements) = (0.0f64, (0.0f64, String::new()));
    for case in &cases {
        let ratio = case.peak.saturating_sub(SLACK) as f64 / case.input as f64;
        if case.factor <= 8.0 {
            worst_bytes = worst_bytes.max(ratio);
        } else if ratio > worst_elements.0 {
            worst_elements = (ratio, case.what.clone());
        }
        if case.peak > case.bound() {
            failures.push(format!(
                "{}: {} bytes in, peak {} > bound {} ({} per byte)",
                case.what,
                case.input,
                case.peak,
                case.bound(),
                case.factor
            ));
        }
    }
    println!(
        "{} cases; bytes-like inputs: peak <= {worst_bytes:.2} x input + {SLACK}; \
         element amplification: worst {:.1} x input ({})",
        cases.len(),
        worst_elements.0,
        worst_elements.1
    );
    for case in cases.iter().filter(|c| c.input > 1000) {
        println!(
            "  {:<80} {:>9} B in, peak {:>10} B ({:.2}x, bound {:.1}x)",
            case.what,
            case.input,
            case.peak,
            case.peak as f64 / case.input as f64,
            case.factor
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The lying length prefix in particular: nothing but the error.
    let liar = [0x0a, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2, 3, 4];
    for entry in contracts() {
        let peak = peak_of(|| (entry.decode)(&liar));
        assert!(
            peak < 1024,
            "{}: {peak} bytes for a 10-byte input",
            entry.full_name
        );
    }
}
