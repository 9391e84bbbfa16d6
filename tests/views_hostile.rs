//! Views of every Esper contract on hostile input: every prefix of every
//! fixture, bit flips, lying length prefixes at every nesting level and deep
//! nesting go through `Contract::decode_view`, and every view that decodes is
//! read whole (its `Debug` form walks every field, every repeated and map
//! field iterated, at every level). The view must accept exactly what the
//! owned decode accepts, fail with the same error, and hold the same values.
//!
//! A counting allocator checks the promise of `leyline::view`: a view
//! allocates nothing, decoding or iterating, except for a message field that
//! arrives in several pieces (which protobuf merges: the pieces are
//! remembered) and the well-known types that prost decodes (`Struct` and its
//! kin, checked by decoding them); the test finds those in the input by
//! walking it with the schema. A view that fails allocates only its error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "hostile_support.rs"]
#[allow(dead_code)]
#[macro_use]
mod hostile_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::fmt::Write as _;

use hostile_support::{contracts, fixtures, Entry, CONTRACTS};
use leyline::schema::{FieldType, Label, MessageSchema};
use leyline::wire::{encode_key, encode_varint, DecodeErrorKind, FieldValue, Reader, WireType};
use leyline::{Contract, MessageView as _};

// ---------------------------------------------------------------------------
// Counting allocations

struct Counting;

thread_local! {
    /// Allocations made by this thread (the test harness allocates on its
    /// own threads meanwhile).
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn counted() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

// SAFETY: every call is forwarded to `System` unchanged; the counter only
// counts (a thread-local `Cell` with a constant initializer, which does not
// allocate).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        counted();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        counted();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        counted();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

// ---------------------------------------------------------------------------
// The check, for each contract type

/// How the view and the owned decode of one input went.
#[derive(Debug, Default)]
struct Seen {
    /// `Err(text)` of the view, or the view's `Debug` form and its owned
    /// message's encoding.
    view: Option<Result<usize, (DecodeErrorKind, String)>>,
    /// The same for the owned decode.
    owned: Option<Result<(), (DecodeErrorKind, String)>>,
    /// Whether the view's owned message is the owned decode's (compared as
    /// messages, or by their encodings where a NaN makes `==` fail).
    same: bool,
    /// Allocations while the view was decoded and read whole.
    allocations: usize,
}

thread_local! {
    static SEEN: RefCell<Seen> = RefCell::new(Seen::default());
}

/// Counts the characters written, keeping none.
struct Sink(usize);

impl std::fmt::Write for Sink {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

fn check<T: Contract>(bytes: &[u8]) {
    let before = allocations();
    let view = T::decode_view(bytes);
    let read = view.as_ref().ok().map(|v| {
        let mut sink = Sink(0);
        write!(sink, "{v:?}").unwrap();
        sink.0
    });
    let allocations = allocations() - before;
    let owned = T::decode_slice(bytes);
    let same = match (&view, &owned) {
        (Ok(v), Ok(o)) => {
            let from_view = v.to_owned_message();
            from_view == *o
                || leyline::prost::Message::encode_to_vec(&from_view)
                    == leyline::prost::Message::encode_to_vec(o)
        }
        _ => true,
    };
    let view = match (view, read) {
        (Ok(_), Some(chars)) => Ok(chars),
        (Err(e), _) => Err((e.kind().clone(), e.to_string())),
        (Ok(_), None) => unreachable!(),
    };
    let owned = owned
        .map(drop)
        .map_err(|e| (e.kind().clone(), e.to_string()));
    SEEN.with(|s| {
        *s.borrow_mut() = Seen {
            view: Some(view),
            owned: Some(owned),
            same,
            allocations,
        }
    });
}

fn table() -> [Entry; CONTRACTS] {
    esper_table!(check)
}

// ---------------------------------------------------------------------------
// What a view may allocate for, found with the schema

/// Whether the view of `bytes` as `schema` may allocate: a message field
/// (singular, a oneof variant or a map value) arrives in more than one record
/// of the same message, or a well-known type that prost decodes is present.
fn may_allocate(schema: &MessageSchema, bytes: &[u8]) -> bool {
    let mut seen: Vec<u32> = Vec::new();
    let mut r = Reader::new(bytes);
    let memory = leyline::wire::MemoryBudget::unlimited();
    let ctx = leyline::wire::DecodeCtx::new(100, &memory);
    while !r.is_empty() {
        // Input that does not parse ends the walk: a view stops there too.
        let Ok((tag, wire_type)) = r.read_key() else {
            return false;
        };
        let Ok(value) = r.read_value(tag, wire_type, ctx) else {
            return false;
        };
        let (Some(field), FieldValue::Len(payload)) = (schema.field_by_number(tag), value) else {
            continue;
        };
        match (&field.label, &field.ty) {
            (label, FieldType::Message(m)) => {
                let inner = m();
                if prost_decoded(inner.full_name) {
                    return true;
                }
                if *label != Label::Repeated {
                    if seen.contains(&tag) {
                        return true;
                    }
                    seen.push(tag);
                }
                if may_allocate(inner, payload) {
                    return true;
                }
            }
            (Label::Map, FieldType::Map(_, value)) => match &**value {
                FieldType::Message(m) if entry_may_allocate(m(), payload) => return true,
                _ => {}
            },
            _ => {}
        }
    }
    false
}

/// A map entry whose value is a message: the value in pieces, or a value
/// that may allocate.
fn entry_may_allocate(value: &MessageSchema, entry: &[u8]) -> bool {
    let memory = leyline::wire::MemoryBudget::unlimited();
    let ctx = leyline::wire::DecodeCtx::new(100, &memory);
    let mut r = Reader::new(entry);
    let mut values = 0;
    while !r.is_empty() {
        let Ok((tag, wire_type)) = r.read_key() else {
            return false;
        };
        let Ok(v) = r.read_value(tag, wire_type, ctx) else {
            return false;
        };
        if let (2, FieldValue::Len(payload)) = (tag, v) {
            values += 1;
            if values > 1 || prost_decoded(value.full_name) || may_allocate(value, payload) {
                return true;
            }
        }
    }
    false
}

/// The well-known types prost decodes (views check them by decoding them).
fn prost_decoded(full_name: &str) -> bool {
    matches!(
        full_name,
        "google.protobuf.Struct"
            | "google.protobuf.Value"
            | "google.protobuf.ListValue"
            | "google.protobuf.Any"
            | "google.protobuf.FieldMask"
    )
}

// ---------------------------------------------------------------------------

#[derive(Default)]
struct Tally {
    decoded: usize,
    refused: usize,
    allowed_to_allocate: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Runs one input through the view and the owned decode of `entry`.
    fn run(&mut self, entry: &Entry, what: &str, bytes: &[u8]) {
        let checks = table();
        let check = checks
            .iter()
            .find(|e| e.full_name == entry.full_name)
            .map(|e| e.generic)
            .unwrap();
        check(bytes);
        let seen = SEEN.with(|s| std::mem::take(&mut *s.borrow_mut()));
        let (Some(view), Some(owned)) = (seen.view, seen.owned) else {
            unreachable!()
        };
        let name = entry.full_name;
        match (&view, &owned) {
            (Ok(_), Ok(())) => {
                self.decoded += 1;
                if !seen.same {
                    self.failures
                        .push(format!("{name}: {what}: the view holds other values"));
                }
                let schema = (entry.schema)();
                if may_allocate(schema, bytes) {
                    self.allowed_to_allocate += 1;
                } else if seen.allocations != 0 {
                    self.failures.push(format!(
                        "{name}: {what}: the view allocated {} times",
                        seen.allocations
                    ));
                }
            }
            (Err(v), Err(o)) => {
                self.refused += 1;
                if v != o {
                    self.failures.push(format!(
                        "{name}: {what}: the view failed with {v:?}, the owned decode with {o:?}"
                    ));
                }
                // The error: its box, and the path (a vector that grows).
                if seen.allocations > 4 && !may_allocate((entry.schema)(), bytes) {
                    self.failures.push(format!(
                        "{name}: {what}: {} allocations for a failed view",
                        seen.allocations
                    ));
                }
            }
            _ => self.failures.push(format!(
                "{name}: {what}: view {:?}, owned {:?}",
                view.as_ref().map(|_| ()),
                owned.as_ref().map(|_| ())
            )),
        }
    }

    fn finish(self, what: &str) {
        println!(
            "{what}: {} decoded (of which {} may allocate), {} refused",
            self.decoded, self.allowed_to_allocate, self.refused
        );
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n"));
    }
}

#[test]
fn views_of_every_fixture_allocate_nothing() {
    let mut tally = Tally::default();
    for (entry, bytes) in fixtures() {
        tally.run(&entry, "fixture", &bytes);
    }
    // Only AdaptationCommand's Struct payload may allocate.
    assert!(
        tally.allowed_to_allocate <= 2,
        "{}",
        tally.allowed_to_allocate
    );
    assert!(tally.decoded >= 70, "{}", tally.decoded);
    tally.finish("fixtures");
}

#[test]
fn every_prefix_of_every_fixture_through_views() {
    let mut tally = Tally::default();
    for (entry, bytes) in fixtures() {
        // Every prefix of the first 2 KiB, then one every 61 bytes.
        let ends = (0..bytes.len()).filter(|&n| n <= 2048 || n % 61 == 0);
        for n in ends {
            tally.run(&entry, &format!("prefix of {n} bytes"), &bytes[..n]);
        }
    }
    assert!(tally.refused > 1000);
    tally.finish("prefixes");
}

#[test]
fn bit_flips_through_views() {
    let mut tally = Tally::default();
    // A fixed sequence (xorshift), so a failure is reproduced by rerunning.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (entry, bytes) in fixtures() {
        if bytes.is_empty() {
            continue;
        }
        for _ in 0..300 {
            let mut flipped = bytes.clone();
            let flips = 1 + next() % 3;
            for _ in 0..flips {
                let bit = (next() % (bytes.len() as u64 * 8)) as usize;
                flipped[bit / 8] ^= 1 << (bit % 8);
            }
            tally.run(&entry, &format!("bit flips {flipped:02x?}"), &flipped);
        }
    }
    assert!(tally.decoded > 1000 && tally.refused > 1000);
    tally.finish("bit flips");
}

/// Where the length prefixes of `bytes` (as `schema`) start and how long they
/// are, at every nesting level the schema reaches.
fn length_prefixes(
    schema: &MessageSchema,
    bytes: &[u8],
    base: usize,
    out: &mut Vec<(usize, usize)>,
) {
    let memory = leyline::wire::MemoryBudget::unlimited();
    let ctx = leyline::wire::DecodeCtx::new(100, &memory);
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        let Ok((tag, wire_type)) = r.read_key() else {
            return;
        };
        let prefix = r.position();
        let Ok(value) = r.read_value(tag, wire_type, ctx) else {
            return;
        };
        let FieldValue::Len(payload) = value else {
            continue;
        };
        let payload_start = r.position() - payload.len();
        out.push((base + prefix, payload_start - prefix));
        match schema.field_by_number(tag).map(|f| &f.ty) {
            Some(FieldType::Message(m)) => length_prefixes(m(), payload, base + payload_start, out),
            Some(FieldType::Map(_, value)) => {
                // The entry's own fields: key and value.
                let mut inner = Reader::new(payload);
                while !inner.is_empty() {
                    let Ok((t, w)) = inner.read_key() else { break };
                    let at = inner.position();
                    let Ok(FieldValue::Len(v)) = inner.read_value(t, w, ctx) else {
                        continue;
                    };
                    let start = inner.position() - v.len();
                    out.push((base + payload_start + at, start - at));
                    if let (2, FieldType::Message(m)) = (t, &**value) {
                        length_prefixes(m(), v, base + payload_start + start, out);
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn lying_length_prefixes_at_every_level_through_views() {
    let mut tally = Tally::default();
    let mut lies = 0;
    for (entry, bytes) in fixtures() {
        let mut prefixes = Vec::new();
        length_prefixes((entry.schema)(), &bytes, 0, &mut prefixes);
        for (at, width) in prefixes {
            // The same width, claiming the most it can: the enclosing lengths
            // stay true, this one points past the end of its message.
            let mut liar = bytes.clone();
            for b in &mut liar[at..at + width - 1] {
                *b = 0xff;
            }
            liar[at + width - 1] = 0x7f;
            lies += 1;
            tally.run(&entry, &format!("length at {at} claims more"), &liar);
        }
    }
    assert!(lies > 500, "{lies}");
    // Most lies are caught (a few claim less than their message holds).
    assert!(tally.refused * 10 > lies * 9, "{} of {lies}", tally.refused);
    tally.finish("lying lengths");
}

fn len_field(tag: u32, payload: &[u8], buf: &mut Vec<u8>) {
    encode_key(tag, WireType::LengthDelimited, buf);
    encode_varint(payload.len() as u64, buf);
    buf.extend_from_slice(payload);
}

#[test]
fn deep_nesting_through_views() {
    let mut tally = Tally::default();
    // 10 000 nested groups in an unknown field, in every contract.
    let mut groups = Vec::new();
    for _ in 0..10_000 {
        encode_key(5000, WireType::StartGroup, &mut groups);
    }
    for _ in 0..10_000 {
        encode_key(5000, WireType::EndGroup, &mut groups);
    }
    for entry in contracts() {
        tally.run(&entry, "10 000 nested groups", &groups);
    }
    // Every message field as deep as the contracts nest, with the innermost
    // message holding the nested groups.
    for entry in contracts() {
        let mut bytes = groups.clone();
        let mut schema = (entry.schema)();
        let mut path = Vec::new();
        while let Some(field) = schema.fields().map(|(f, _)| f).find(
            |f| matches!(&f.ty, FieldType::Message(m) if !m().full_name.starts_with("google.")),
        ) {
            let FieldType::Message(m) = &field.ty else {
                unreachable!()
            };
            path.push(field.number);
            schema = m();
            if path.len() > 8 {
                break;
            }
        }
        for number in path.iter().rev() {
            let mut outer = Vec::new();
            len_field(*number, &bytes, &mut outer);
            bytes = outer;
        }
        tally.run(&entry, "nested groups at the deepest level", &bytes);
    }
    // Deep lists inside AdaptationCommand's Struct payload (field 13).
    let mut list = Vec::new();
    for _ in 0..1_000 {
        let mut value = Vec::new();
        len_field(6, &list, &mut value);
        let mut outer = Vec::new();
        len_field(1, &value, &mut outer);
        list = outer;
    }
    let mut value = Vec::new();
    len_field(6, &list, &mut value);
    let mut entry_bytes = Vec::new();
    len_field(1, b"k", &mut entry_bytes);
    len_field(2, &value, &mut entry_bytes);
    let mut structure = Vec::new();
    len_field(1, &entry_bytes, &mut structure);
    let mut command = Vec::new();
    len_field(13, &structure, &mut command);
    let adaptation = contracts()
        .into_iter()
        .find(|e| e.full_name == "esper.leyline.v1.AdaptationCommand")
        .unwrap();
    tally.run(&adaptation, "1 000 nested lists in a Struct", &command);
    assert_eq!(tally.decoded, 0);
    tally.finish("deep nesting");
}
