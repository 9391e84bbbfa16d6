//! Decoding under a memory ceiling. A counting global allocator measures the
//! peak of live heap bytes while crafted inputs decode into every Esper
//! contract, by every path a service uses: the owned decode
//! (`Contract::decode_slice_with_limits`), `prost::Message::decode` and
//! `decode_length_delimited` with a contiguous input and with a `Buf` in many
//! chunks (as tonic hands over a body), and views (`decode_view_with_limits`,
//! every repeated and map field iterated).
//!
//! Two promises are checked, case by case:
//!
//! 1. **The cap.** Under a cap of [`CAP`] bytes, no decode's peak passes the
//!    cap plus [`SLACK`] (the error itself), and a decode that needed more
//!    fails with `MemoryLimit`. The cases include those that cost hundreds
//!    of times their length: repeated empty messages, at the top and nested,
//!    maps of distinct keys, packed varints.
//! 2. **What input costs below the cap** (the crate docs' "Untrusted input"
//!    section states the same factors): a string, `bytes`, a packed run of
//!    fixed-width numbers or one unknown field costs its length (one exact
//!    allocation); many unknown fields share a buffer that doubles (3 x their
//!    length at the moment it moves, counted as old and new block both live);
//!    a packed varint costs one element per wire byte at most (8 bytes for
//!    64-bit types, 4 for 32-bit types and enums, 1 for bool); a record that
//!    becomes an element of a repeated field costs 3 x its element's
//!    `size_of` at most (the `Vec` doubling, and moving); a map entry at most
//!    40 bytes per input byte; a length prefix that lies costs nothing but
//!    the error. Each case gets `peak <= factor x input + SLACK`.
//!
//! `cargo test -p leyline-tests --test memory -- --nocapture` prints the
//! measured ratios and the budget each fixture needs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "hostile_support.rs"]
#[allow(dead_code)]
#[macro_use]
mod hostile_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::sync::Mutex;

use bytes::Buf;
use hostile_support::{contracts, fixtures, Entry, CONTRACTS};
use leyline::prost::Message;
use leyline::schema::{FieldType, Label, MessageSchema, Scalar};
use leyline::wire::{
    encode_key, encode_varint, key_len, set_default_max_decode_memory, DecodeErrorKind,
    DecodeLimits, WireType, DEFAULT_MAX_DECODE_MEMORY,
};
use leyline::Contract;

// ---------------------------------------------------------------------------
// The counting allocator

struct Counting;

thread_local! {
    /// Live bytes allocated by this thread, and their peak (the test harness
    /// allocates on its own threads meanwhile; a decode runs on one).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grew(by: usize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + by as isize;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrank(by: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get() - by as isize));
}

// SAFETY: every call is forwarded to `System` unchanged; the counters only
// observe sizes (thread-local `Cell`s with constant initializers, which do
// not allocate).
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
        shrank(layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as a copy: the new block while the old one still lives.
            grew(new_size);
            shrank(layout.size());
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The process-wide default cap is set by some tests: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The peak of heap bytes this thread allocated while `f` ran (what it
/// returns included), above what was live before.
fn peak_of(f: impl FnOnce()) -> usize {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    f();
    usize::try_from(PEAK.with(Cell::get) - base).unwrap_or(0)
}

/// What a decode may hold beyond its cap or its factor: the error (a box,
/// its field path, prost's copy of the text).
const SLACK: usize = 4096;

/// The cap of the capped runs: far below what the amplifying cases need.
const CAP: usize = 256 << 10;

/// Records of each repeated or map field in the crafted inputs.
const RECORDS: usize = 20_000;

// ---------------------------------------------------------------------------
// The decode paths, one table each (the contract is a type parameter)

thread_local! {
    static LIMITS: Cell<DecodeLimits> = Cell::new(DecodeLimits::default());
    /// The kind of the last decode's error, if it failed.
    static FAILED: RefCell<Option<DecodeErrorKind>> = const { RefCell::new(None) };
}

fn record<T, E: std::fmt::Display>(result: Result<T, E>, kind: impl FnOnce(&E) -> DecodeErrorKind) {
    let failed = result.as_ref().err().map(kind);
    drop(result);
    FAILED.with(|f| *f.borrow_mut() = failed);
}

fn owned<T: Contract>(bytes: &[u8]) {
    let result = T::decode_slice_with_limits(bytes, LIMITS.get());
    record(result, |e| e.kind().clone());
}

/// prost's error keeps only the text: the kind is read back from it.
fn prost_kind(e: &leyline::prost::DecodeError) -> DecodeErrorKind {
    let text = e.to_string();
    if text.contains("memory limit") {
        DecodeErrorKind::MemoryLimit {
            limit: leyline::wire::default_max_decode_memory(),
        }
    } else {
        DecodeErrorKind::Prost(text)
    }
}

fn prost_contiguous<T: Contract>(bytes: &[u8]) {
    record(<T as Message>::decode(bytes), prost_kind);
}

/// A `Buf` handing out `size` bytes at a time.
struct Chunks<'a> {
    bytes: &'a [u8],
    size: usize,
}

impl Buf for Chunks<'_> {
    fn remaining(&self) -> usize {
        self.bytes.len()
    }
    fn chunk(&self) -> &[u8] {
        &self.bytes[..self.bytes.len().min(self.size)]
    }
    fn advance(&mut self, n: usize) {
        self.bytes = &self.bytes[n..];
    }
}

fn prost_chunked<T: Contract>(bytes: &[u8]) {
    let buf = Chunks { bytes, size: 61 };
    record(<T as Message>::decode(buf), prost_kind);
}

thread_local! {
    /// The length-delimited form of the input, prepared outside the measure.
    static DELIMITED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn prost_delimited<T: Contract>(_: &[u8]) {
    DELIMITED.with(|d| {
        let d = d.borrow();
        let buf = Chunks {
            bytes: &d,
            size: 97,
        };
        record(<T as Message>::decode_length_delimited(buf), prost_kind);
    });
}

/// Writes everything a view holds, every repeated and map field iterated,
/// to a sink that keeps nothing.
struct Sink;

impl std::fmt::Write for Sink {
    fn write_str(&mut self, _: &str) -> std::fmt::Result {
        Ok(())
    }
}

fn view<T: Contract>(bytes: &[u8]) {
    let result = T::decode_view_with_limits(bytes, LIMITS.get());
    if let Ok(v) = &result {
        write!(Sink, "{v:?}").unwrap();
    }
    record(result, |e| e.kind().clone());
}

#[derive(Clone, Copy)]
struct Path {
    name: &'static str,
    table: fn() -> [Entry; CONTRACTS],
    /// Takes its cap from `set_default_max_decode_memory` rather than
    /// `DecodeLimits`.
    default_cap: bool,
}

fn owned_table() -> [Entry; CONTRACTS] {
    esper_table!(owned)
}
fn contiguous_table() -> [Entry; CONTRACTS] {
    esper_table!(prost_contiguous)
}
fn chunked_table() -> [Entry; CONTRACTS] {
    esper_table!(prost_chunked)
}
fn delimited_table() -> [Entry; CONTRACTS] {
    esper_table!(prost_delimited)
}
fn view_table() -> [Entry; CONTRACTS] {
    esper_table!(view)
}

const PATHS: [Path; 5] = [
    Path {
        name: "owned",
        table: owned_table,
        default_cap: false,
    },
    Path {
        name: "prost::Message::decode(&[u8])",
        table: contiguous_table,
        default_cap: true,
    },
    Path {
        name: "prost::Message::decode(Buf of 61-byte chunks)",
        table: chunked_table,
        default_cap: true,
    },
    Path {
        name: "decode_length_delimited(Buf of 97-byte chunks)",
        table: delimited_table,
        default_cap: true,
    },
    Path {
        name: "view",
        table: view_table,
        default_cap: false,
    },
];

/// Decodes `bytes` by `path` as the contract `entry` names, under `cap`;
/// returns the peak and the error kind.
fn run(path: Path, entry: &Entry, bytes: &[u8], cap: usize) -> (usize, Option<DecodeErrorKind>) {
    let table = (path.table)();
    let check = table
        .iter()
        .find(|e| e.full_name == entry.full_name)
        .map(|e| e.generic)
        .unwrap();
    let mut delimited = Vec::new();
    encode_varint(bytes.len() as u64, &mut delimited);
    delimited.extend_from_slice(bytes);
    DELIMITED.with(|d| *d.borrow_mut() = delimited);
    LIMITS.set(DecodeLimits::default().with_max_memory(cap));
    if path.default_cap {
        set_default_max_decode_memory(cap);
    }
    let peak = peak_of(|| check(bytes));
    set_default_max_decode_memory(DEFAULT_MAX_DECODE_MEMORY);
    (peak, FAILED.with(|f| f.borrow_mut().take()))
}

// ---------------------------------------------------------------------------
// Crafted inputs

struct Case {
    entry: Entry,
    what: String,
    bytes: Vec<u8>,
    /// Allowed peak bytes per input byte, below the cap.
    factor: f64,
}

fn len_field(tag: u32, payload: &[u8], buf: &mut Vec<u8>) {
    encode_key(tag, WireType::LengthDelimited, buf);
    encode_varint(payload.len() as u64, buf);
    buf.extend_from_slice(payload);
}

fn entry_of(full_name: &str) -> Option<Entry> {
    contracts().into_iter().find(|e| e.full_name == full_name)
}

fn size_of_message(full_name: &str) -> usize {
    entry_of(full_name).map_or(256, |e| e.size)
}

/// The in-memory size of one element of a packed varint field.
fn varint_size(s: Scalar) -> Option<usize> {
    match s {
        Scalar::Int64 | Scalar::Uint64 | Scalar::Sint64 => Some(8),
        Scalar::Int32 | Scalar::Uint32 | Scalar::Sint32 => Some(4),
        Scalar::Bool => Some(1),
        _ => None,
    }
}

/// A length prefix claiming 2 GiB, on 10 bytes or so.
fn liar(number: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    encode_key(number, WireType::LengthDelimited, &mut bytes);
    encode_varint(1 << 31, &mut bytes);
    bytes.extend_from_slice(b"abcd");
    bytes
}

/// The inputs for one contract: a lying prefix for every field; many minimal
/// records for every repeated field and map; one large payload for every
/// length-delimited and packed field; many unknown fields and one large one.
fn crafted(entry: Entry, records: usize) -> Vec<Case> {
    let schema = (entry.schema)();
    let mut cases = Vec::new();
    let mut case = |what: String, bytes: Vec<u8>, factor: f64| {
        cases.push(Case {
            entry,
            what,
            bytes,
            factor,
        });
    };
    for (field, _) in schema.fields() {
        let n = field.number;
        case(format!("{} claims 2 GiB", field.name), liar(n), 0.0);
        match (field.label, &field.ty) {
            (Label::Repeated, FieldType::Message(m)) => {
                let mut bytes = Vec::new();
                for _ in 0..records {
                    len_field(n, &[], &mut bytes);
                }
                let element = size_of_message(m().full_name);
                let factor = 3.0 * element as f64 / (key_len(n) + 1) as f64;
                case(format!("{} x empty", field.name), bytes, factor);
            }
            (Label::Repeated, FieldType::Scalar(Scalar::String | Scalar::Bytes)) => {
                let mut bytes = Vec::new();
                for _ in 0..records {
                    len_field(n, &[], &mut bytes);
                }
                let factor = 3.0 * size_of::<String>() as f64 / (key_len(n) + 1) as f64;
                case(format!("{} x empty", field.name), bytes, factor);
            }
            (Label::Repeated, FieldType::Scalar(s)) if varint_size(*s).is_some() => {
                // One-byte varints: the most elements per byte.
                let mut bytes = Vec::new();
                len_field(n, &vec![1; 1 << 20], &mut bytes);
                let factor = varint_size(*s).unwrap_or(8) as f64;
                case(format!("{} packs 1 Mi varints", field.name), bytes, factor);
            }
            (Label::Repeated, FieldType::Enum(_)) => {
                let mut bytes = Vec::new();
                len_field(n, &vec![1; 1 << 20], &mut bytes);
                case(format!("{} packs 1 Mi enums", field.name), bytes, 4.0);
            }
            (_, FieldType::Message(m)) if m().full_name == "google.protobuf.Struct" => {
                // prost decodes these: bounded before it starts, at
                // PROST_ALLOC_PER_BYTE (48) bytes per input byte.
                let mut entries = Vec::new();
                for i in 0..records {
                    let mut e = Vec::new();
                    len_field(1, i.to_string().as_bytes(), &mut e);
                    len_field(1, &e, &mut entries);
                }
                let mut bytes = Vec::new();
                len_field(n, &entries, &mut bytes);
                case(format!("{} x distinct keys", field.name), bytes, 49.0);
                let mut values = Vec::new();
                for _ in 0..records {
                    len_field(1, &[], &mut values);
                }
                let mut list = Vec::new();
                len_field(6, &values, &mut list);
                let mut e = Vec::new();
                len_field(1, b"k", &mut e);
                len_field(2, &list, &mut e);
                let mut entry = Vec::new();
                len_field(1, &e, &mut entry);
                let mut bytes = Vec::new();
                len_field(n, &entry, &mut bytes);
                case(
                    format!("{} {{ k: [{{}} x {records}] }}", field.name),
                    bytes,
                    49.0,
                );
            }
            (Label::Singular | Label::Optional, FieldType::Message(_)) => {
                // The same message field again and again: merged into one
                // by the owned decode; a view remembers every piece.
                let mut bytes = Vec::new();
                for _ in 0..records {
                    len_field(n, &[], &mut bytes);
                }
                case(format!("{} in {records} pieces", field.name), bytes, 3.0);
            }
            (Label::Map, FieldType::Map(key, _)) => {
                // Distinct keys, default values.
                let mut bytes = Vec::new();
                for i in 0..records as u64 {
                    let mut e = Vec::new();
                    match key {
                        Scalar::String => len_field(1, i.to_string().as_bytes(), &mut e),
                        _ => {
                            encode_key(1, WireType::Varint, &mut e);
                            encode_varint(i, &mut e);
                        }
                    }
                    len_field(n, &e, &mut bytes);
                }
                case(format!("{} x distinct keys", field.name), bytes, 40.0);
            }
            _ => {}
        }
        match (field.label, &field.ty) {
            (_, FieldType::Scalar(Scalar::String | Scalar::Bytes))
            | (
                Label::Repeated,
                FieldType::Scalar(
                    Scalar::Float
                    | Scalar::Double
                    | Scalar::Fixed32
                    | Scalar::Fixed64
                    | Scalar::Sfixed32
                    | Scalar::Sfixed64,
                ),
            ) => {
                // 1 MiB: a whole number of elements of any width.
                let mut bytes = Vec::new();
                len_field(n, &vec![b'a'; 1 << 20], &mut bytes);
                case(format!("{} of 1 MiB", field.name), bytes, 1.0);
            }
            _ => {}
        }
    }
    let mut unknown = Vec::new();
    for i in 0..records as u64 {
        encode_key(5000, WireType::Varint, &mut unknown);
        encode_varint(i % 100, &mut unknown);
    }
    case("unknown varints".into(), unknown, 3.0);
    let mut unknown = Vec::new();
    len_field(5000, &vec![0; 1 << 20], &mut unknown);
    case("unknown field of 1 MiB".into(), unknown, 1.0);
    cases
}

/// Message fields of `schema` whose type is an Esper contract, with it.
fn message_fields(schema: &MessageSchema) -> Vec<(u32, &'static str, Entry)> {
    schema
        .fields()
        .filter_map(|(f, _)| match &f.ty {
            FieldType::Message(m) => entry_of(m().full_name).map(|e| (f.number, f.name, e)),
            _ => None,
        })
        .collect()
}

/// Every crafted case of every contract, and the amplifying ones again one
/// level down, inside each message field of the contracts that hold one (a
/// nested decode shares the budget of the whole), with lying prefixes one
/// and two levels down.
fn all_cases(records: usize) -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in contracts() {
        cases.extend(crafted(entry, records));
    }
    for outer in contracts() {
        let schema = (outer.schema)();
        for (n, name, inner) in message_fields(schema) {
            for c in crafted(inner, records / 4) {
                if c.factor <= 1.0 && !c.what.contains("claims") {
                    continue;
                }
                let mut bytes = Vec::new();
                len_field(n, &c.bytes, &mut bytes);
                let factor = if c.factor == 0.0 {
                    0.0
                } else {
                    c.factor.max(1.0) + 1.0
                };
                cases.push(Case {
                    entry: outer,
                    what: format!("{name} {{ {} }}", c.what),
                    bytes,
                    factor,
                });
            }
            // Two levels down: a liar inside the inner contract's message fields.
            for (m, inner_name, _) in message_fields((inner.schema)()) {
                let mut middle = Vec::new();
                len_field(m, &liar(1), &mut middle);
                let mut bytes = Vec::new();
                len_field(n, &middle, &mut bytes);
                cases.push(Case {
                    entry: outer,
                    what: format!("{name} {{ {inner_name} {{ field 1 claims 2 GiB }} }}"),
                    bytes,
                    factor: 0.0,
                });
            }
        }
    }
    cases
}

// ---------------------------------------------------------------------------

#[test]
fn no_decode_passes_its_cap_on_any_hostile_input() {
    let _serial = serial();
    let cases = all_cases(RECORDS);
    let mut failures = Vec::new();
    let mut refused = vec![0usize; PATHS.len()];
    let mut worst = vec![0usize; PATHS.len()];
    for case in &cases {
        for (i, path) in PATHS.iter().enumerate() {
            let (peak, failed) = run(*path, &case.entry, &case.bytes, CAP);
            worst[i] = worst[i].max(peak);
            if peak > CAP + SLACK {
                failures.push(format!(
                    "{}: {} ({} bytes) by {}: peak {peak} over the cap {CAP} + {SLACK}",
                    case.entry.full_name,
                    case.what,
                    case.bytes.len(),
                    path.name
                ));
            }
            if let Some(DecodeErrorKind::MemoryLimit { limit }) = failed {
                assert_eq!(limit, CAP);
                refused[i] += 1;
            }
        }
    }
    for (i, path) in PATHS.iter().enumerate() {
        println!(
            "{:<50} {} cases, {} refused at the cap of {CAP} bytes; worst peak {} bytes",
            path.name,
            cases.len(),
            refused[i],
            worst[i]
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The cap did bind, on every path (views hold no elements: they refuse
    // only messages in pieces and the well-known types prost decodes).
    for (i, path) in PATHS.iter().enumerate() {
        let least = if path.name == "view" { 10 } else { 100 };
        assert!(
            refused[i] >= least,
            "{}: only {} refused",
            path.name,
            refused[i]
        );
    }
}

#[test]
fn below_the_cap_input_costs_what_the_docs_say() {
    let _serial = serial();
    let cases = all_cases(RECORDS);
    let mut failures = Vec::new();
    let mut worst: Vec<(f64, String)> = Vec::new();
    let owned_path = PATHS[0];
    for case in &cases {
        let (peak, failed) = run(
            owned_path,
            &case.entry,
            &case.bytes,
            DEFAULT_MAX_DECODE_MEMORY,
        );
        if case.factor == 0.0 {
            // A lying prefix: nothing but the error.
            assert!(
                failed.is_some(),
                "{}: {} accepted",
                case.entry.full_name,
                case.what
            );
        }
        assert!(
            !matches!(failed, Some(DecodeErrorKind::MemoryLimit { .. })),
            "{}: {} passed the default cap",
            case.entry.full_name,
            case.what
        );
        let bound = (case.factor * case.bytes.len() as f64) as usize + SLACK;
        if peak > bound {
            failures.push(format!(
                "{}: {}: {} bytes in, peak {peak} > {bound} ({} per byte + {SLACK})",
                case.entry.full_name,
                case.what,
                case.bytes.len(),
                case.factor
            ));
        }
        let ratio = peak.saturating_sub(SLACK) as f64 / case.bytes.len() as f64;
        let label = format!("{:.1}", case.factor);
        match worst.iter_mut().find(|w| w.1.starts_with(&label)) {
            Some(w) if w.0 >= ratio => {}
            Some(w) => {
                *w = (
                    ratio,
                    format!("{label} {}: {}", case.entry.full_name, case.what),
                )
            }
            None => worst.push((
                ratio,
                format!("{label} {}: {}", case.entry.full_name, case.what),
            )),
        }
    }
    worst.sort_by(|a, b| a.1.cmp(&b.1));
    println!(
        "{} cases; the worst of each bound (bytes per input byte, above {SLACK}):",
        cases.len()
    );
    for (ratio, what) in &worst {
        println!("  bound {what}: {ratio:.2}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The least cap under which `bytes` decodes as `entry` (what the decode
/// counts), found by bisection.
fn budget_needed(entry: &Entry, bytes: &[u8]) -> usize {
    let (mut lo, mut hi) = (0usize, DEFAULT_MAX_DECODE_MEMORY);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if run(PATHS[0], entry, bytes, mid).1.is_none() {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[test]
fn every_fixture_fits_far_under_the_default_cap() {
    let _serial = serial();
    let mut largest = (0usize, 0usize, String::new());
    for (entry, bytes) in fixtures() {
        // Decodes under the default limits, by every path.
        for path in PATHS {
            let (peak, failed) = run(path, &entry, &bytes, DEFAULT_MAX_DECODE_MEMORY);
            assert_eq!(failed, None, "{}: {}", entry.full_name, path.name);
            // Valid input: no more than the elements' worst factor.
            assert!(
                peak <= 40 * bytes.len() + SLACK,
                "{}: {peak}",
                entry.full_name
            );
        }
        let needed = budget_needed(&entry, &bytes);
        // The count is an upper bound of the peak.
        let (peak, _) = run(PATHS[0], &entry, &bytes, needed);
        assert!(
            peak <= needed,
            "{}: peak {peak} above the count {needed}",
            entry.full_name
        );
        if needed > largest.0 {
            largest = (needed, bytes.len(), entry.full_name.to_owned());
        }
    }
    println!(
        "the largest budget a fixture needs: {} bytes ({}, {} bytes encoded); default cap {DEFAULT_MAX_DECODE_MEMORY}",
        largest.0, largest.2, largest.1
    );
    assert!(largest.0 * 1000 < DEFAULT_MAX_DECODE_MEMORY);
}

#[test]
fn the_default_cap_is_set_for_the_whole_process() {
    let _serial = serial();
    let packet = leyline::contracts::fixtures::system_state_packet();
    let bytes = packet.encode_to_vec();
    set_default_max_decode_memory(64);
    let contiguous = <leyline::contracts::SystemStatePacket as Message>::decode(&bytes[..]);
    let slice = leyline::contracts::SystemStatePacket::decode_slice(&bytes);
    let view = leyline::contracts::SystemStatePacket::decode_view(&bytes).map(|v| v.to_owned());
    set_default_max_decode_memory(DEFAULT_MAX_DECODE_MEMORY);
    assert!(contiguous
        .unwrap_err()
        .to_string()
        .contains("decoding would allocate more than the memory limit of 64 bytes"));
    assert_eq!(
        slice.unwrap_err().kind(),
        &DecodeErrorKind::MemoryLimit { limit: 64 }
    );
    // A view of this packet allocates nothing: the cap does not bind.
    assert_eq!(view.unwrap(), packet);
    assert_eq!(
        leyline::wire::default_max_decode_memory(),
        DEFAULT_MAX_DECODE_MEMORY
    );
    assert_eq!(
        <leyline::contracts::SystemStatePacket as Message>::decode(&bytes[..]).unwrap(),
        packet
    );
}

#[test]
fn a_lying_length_costs_nothing_but_the_error_at_any_level() {
    let _serial = serial();
    let liar = [0x0a, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2, 3, 4];
    for entry in contracts() {
        for path in PATHS {
            let (peak, failed) = run(path, &entry, &liar, DEFAULT_MAX_DECODE_MEMORY);
            assert!(failed.is_some(), "{}", entry.full_name);
            assert!(
                peak < 1024,
                "{}: {peak} bytes for a 10-byte input by {}",
                entry.full_name,
                path.name
            );
        }
    }
}
