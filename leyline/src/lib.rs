//! Leyline: code-first Protocol Buffers contracts.
//!
//! A contract is an annotated Rust struct. The macros turn it into a
//! [`prost::Message`] that writes the bytes Google's protobuf runtimes write
//! (fields in field-number order, oneof variants at their own numbers; the
//! README's "Wire format" lists the exceptions and the tests that prove it), a
//! static [schema] that exports to `.proto` for non-Rust consumers, and
//! compile errors for every mistake protoc would reject.
//!
//! The Esper platform's own contracts (training state, control commands,
//! envelopes, telemetry, pruning, checkpoints) live in [`contracts`].
//!
//! ```
//! use std::collections::HashMap;
//!
//! use leyline::prost::Message as _;
//! use leyline::Contract as _;
//!
//! /// Where a seed is in its life.
//! #[leyline::enumeration(package = "esper.example.v1", prefix = "STAGE_")]
//! pub enum Stage {
//!     /// Not reported.
//!     Unknown = 0,
//!     /// Growing.
//!     Training = 1,
//! }
//!
//! /// A seed's state, as reported by the training loop.
//! #[leyline::message(package = "esper.example.v1", reserved(100..=199))]
//! pub struct Seed {
//!     /// Unique id.
//!     #[leyline(field = 1)]
//!     pub seed_id: String,
//!     /// Lifecycle stage.
//!     #[leyline(field = 2)]
//!     pub stage: Stage,
//!     /// Named metrics.
//!     #[leyline(field = 3)]
//!     pub metrics: HashMap<String, f32>,
//!     /// Degrees Celsius, when measured.
//!     #[leyline(field = 4)]
//!     pub temperature: Option<f32>,
//! }
//!
//! let seed = Seed {
//!     seed_id: "seed-7".into(),
//!     stage: Stage::Training,
//!     metrics: HashMap::from([("loss".to_string(), 0.25)]),
//!     temperature: None,
//! };
//! let bytes = seed.encode_to_vec();           // prost's API: works with tonic & co.
//! let back = Seed::decode_slice(&bytes)?;     // leyline's slice fast path
//! assert_eq!(back, seed);
//!
//! let export = leyline::export::Exporter::new().message::<Seed>().export()?;
//! let proto = export.file("esper/example/v1/example.proto").ok_or("missing")?.source();
//! assert!(proto.contains(
//! "// A seed's state, as reported by the training loop.
//! message Seed {
//!   reserved 100 to 199;
//!
//!   // Unique id.
//!   string seed_id = 1;
//!
//!   // Lifecycle stage.
//!   Stage stage = 2;
//!
//!   // Named metrics.
//!   map<string, float> metrics = 3;
//!
//!   // Degrees Celsius, when measured.
//!   optional float temperature = 4;
//! }"));
//! assert!(proto.contains("enum Stage {\n  // Not reported.\n  STAGE_UNKNOWN = 0;"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Types
//!
//! The Rust type of a field decides its protobuf type; no attribute repeats it.
//! Element types implement [`ProtoType`]: scalars, enumerations and messages.
//!
//! | Rust | protobuf |
//! |------|----------|
//! | `u32` `u64` `i32` `i64` | `uint32` `uint64` `int32` `int64` |
//! | `f32` `f64` `bool` `String` | `float` `double` `bool` `string` |
//! | `Vec<u8>`, `bytes::Bytes` | `bytes` |
//! | a `#[leyline::enumeration]` | its enum (open: unknown numbers kept as `Unrecognized(n)`) |
//! | `Option<scalar or enum>` | proto3 `optional` (explicit presence) |
//! | `Option<M>`, `Option<Box<M>>` for a message `M` | a message field (`Box` breaks recursion) |
//! | `Vec<T>` | `repeated T` (numeric types and enums packed, unless `packed = false`) |
//! | `HashMap<K, V>`, `BTreeMap<K, V>` | `map<K, V>` |
//! | [`Timestamp`], [`Duration`], [`Struct`], [`Value`], [`ListValue`], [`Any`], [`FieldMask`], [`Empty`] | `google.protobuf.*` |
//! | [`Int32Value`], [`StringValue`], ... | the `google.protobuf` wrapper messages |
//! | [`NullValue`] | `google.protobuf.NullValue` (a field or a oneof variant) |
//!
//! Anything else (`usize`, `char`, `u8`, tuples, `Option<Vec<T>>`, `Vec<Option<T>>`,
//! references, generic types) is a compile error that names the type and what is
//! supported.
//!
//! # Attribute reference
//!
//! On the struct, `#[leyline::message(...)]`:
//!
//! - `package = "esper.leyline.v1"` (required): the proto package.
//! - `reserved(3, 100..=199, 200..300)`: reserved numbers; `a..=b` is inclusive,
//!   `a..b` exclusive. A field using one is a compile error.
//! - `reserved_names("legacy_flag")`: reserved field names.
//! - `parent = Outer`: the message is declared inside message `Outer` (a
//!   top-level `#[leyline::message]` of the same package): its full name is
//!   `package.Outer.Name`, and the export writes it inside `Outer`. Enums take
//!   `parent` too, and their value names are then scoped to `Outer`, as protoc
//!   scopes them. One level deep (`tests/scoped.rs`).
//! - `max_size = N`: the size limit the guarded codec enforces for this message.
//! - `view = false`: no borrowed view (`NameView<'a>`) is generated, which is
//!   less code to compile. `Contract::decode_view`, and the views of the
//!   contracts that hold this one, then decode it as the owned decode does,
//!   into a [`OwnedView`] (`tests/view_opt_out.rs`;
//!   `tests/ui/views/no_view_struct.rs` shows the view type is gone).
//!
//! A contract in package `google.protobuf` (or below it) is a compile error: it
//! would clash with protoc's own files.
//!
//! On each field, `#[leyline(...)]`:
//!
//! - `field = N` (required): the field number, 1 to 536870911, outside 19000-19999.
//! - `name = "proto_name"`: the proto field name (default: the Rust name).
//! - `encoding = "sint32" | "sint64" | "fixed32" | "fixed64" | "sfixed32" | "sfixed64"`:
//!   the integer encoding (default `int32`/`int64`/`uint32`/`uint64`); on a map,
//!   it applies to the value, and `key_encoding = "..."` to the key.
//! - `packed = false`: a repeated numeric or enum field is written one record
//!   per element, as protoc writes `[packed = false]` (decoding accepts both
//!   forms either way). On strings, bytes, messages, maps or singular fields it
//!   is a compile error, and so is `packed = true`, the proto3 default.
//! - `oneof`: the field holds a `#[leyline::oneof]`, as `Option<TheOneof>`.
//! - `unknown_fields`: the field (of type [`UnknownFields`]) keeps fields this
//!   build does not know, byte for byte, and writes them back when encoding.
//!
//! ```
//! #[leyline::oneof]
//! pub enum Payload {
//!     /// A note.
//!     #[leyline(field = 10)]
//!     Note(String),
//!     /// A count, zigzag-encoded.
//!     #[leyline(field = 11, encoding = "sint64")]
//!     Delta(i64),
//! }
//!
//! #[leyline::message(package = "acme.v1", reserved(3), reserved_names("legacy"))]
//! pub struct Command {
//!     #[leyline(field = 1, name = "command_id")]
//!     pub id: String,
//!     #[leyline(field = 2, key_encoding = "sint32", encoding = "fixed64")]
//!     pub counters: std::collections::BTreeMap<i32, u64>,
//!     #[leyline(oneof)]
//!     pub payload: Option<Payload>,
//!     #[leyline(unknown_fields)]
//!     pub unknown_fields: leyline::UnknownFields,
//! }
//! ```
//!
//! On an enum, `#[leyline::enumeration(...)]`: `package` (required), `prefix =
//! "SEED_STAGE_"` (default: the enum name in SCREAMING_SNAKE_CASE and `_`),
//! `allow_alias` (two variants may share a number), `parent = Message`,
//! `reserved(...)` and `reserved_names(...)`. Every variant needs an explicit value, the first 0;
//! `#[leyline(name = "EXACT_NAME")]` on a variant overrides its proto name.
//!
//! On an enum, `#[leyline::oneof]`: each variant holds one value and carries
//! `#[leyline(field = N)]` (and optionally `name` and `encoding`). Its numbers
//! and names must not collide with the holding message's fields, other oneofs
//! or reserved numbers and names; that is checked at compile time too. The
//! oneof also declares a hidden macro under its own name, through which the
//! message holding it learns its variants' numbers: declare it in the crate of
//! that message (anywhere its name resolves: another module, before or after
//! the message).
//!
//! The macros derive `Debug`, `Clone`, `PartialEq` and `Default` for messages
//! (enumerations also `Copy`, `Eq` and `Hash`, by number; oneofs no `Default`):
//! do not derive them yourself.
//!
//! # Untrusted input
//!
//! Decoding any bytes into any contract returns `Ok` or a [`DecodeError`] that
//! names the field path (`SystemStatePacket.seed_states: SeedState.seed_id:
//! invalid string value: data is not UTF-8`); it does not panic or loop.
//!
//! - Depth: messages nest at most [`wire::DEFAULT_RECURSION_LIMIT`] (100)
//!   levels below the decoded one ([`Contract::decode_slice_with_limit`] sets
//!   another limit), through `prost::Message::decode`/`merge` as well, and
//!   inside `Struct`/`Value`/`ListValue` (where prost's own limit of
//!   [`PROST_RECURSION_LIMIT`] also holds). Deeper input is a `RecursionLimit`
//!   error, not a stack overflow. [`Contract::encode_checked`] and
//!   [`Contract::check_depth`] refuse to encode a value nested deeper.
//! - Memory ceiling: every decode runs under a cap on the heap it may
//!   allocate, [`wire::DEFAULT_MAX_DECODE_MEMORY`] (64 MiB) by default; the
//!   largest Esper fixture needs 24 kB of it. Set it per decode with
//!   [`wire::DecodeLimits`] ([`Contract::decode_slice_with_limits`],
//!   [`Contract::decode_view_with_limits`]); per guarded codec with
//!   [`codec::CodecConfig::max_decode_memory`], the key
//!   `message_contracts.max_decode_memory` of its YAML configuration; per
//!   process with [`wire::set_default_max_decode_memory`], for the paths that
//!   take no limits, such as `prost::Message::decode` under tonic. Each
//!   allocation is counted before it is made, and one that would pass the cap
//!   fails the decode with `DecodeErrorKind::MemoryLimit` instead: the peak
//!   heap of a decode stays under the cap plus its error, on every input.
//!   `tests/memory.rs` proves it on every hostile case (20,000 empty
//!   sub-messages included) through the owned decode, `prost::Message::decode`
//!   (contiguous, chunked `Buf`, length-delimited) and views;
//!   `leyline/tests/codec_load.rs` through a guarded codec configured with a
//!   64 KiB cap, under 8 threads; the codec's configuration tests
//!   (`codec/config.rs`) read and refuse the YAML key.
//! - Memory below the cap: a length prefix is checked against the input before
//!   anything is allocated, so a prefix that lies costs only the error. A
//!   string, `bytes`, a packed run of fixed-width numbers or one unknown field
//!   costs its length (one exact allocation); many unknown fields share one
//!   buffer that doubles (at most 3x their length while it moves, counting
//!   the old and the new block); a packed varint becomes at most one element
//!   per wire byte (8 bytes for 64-bit types, 4 for 32-bit types and enums, 1
//!   for bool); a record that becomes an element of a repeated field costs
//!   that element's `size_of` however short the record (an empty message is
//!   two bytes on the wire), at most 3x while the `Vec` grows; a map entry at
//!   most 40 bytes per input byte. A view allocates nothing (see
//!   [`view`]). `tests/memory.rs` asserts each of these on crafted input, by
//!   the owned decode, `prost::Message::decode` with contiguous and chunked
//!   `Buf`s, and views; `tests/views_hostile.rs` the views' allocations.
//! - Unknown fields of every wire type (groups included) survive decode and
//!   re-encode in every contract that keeps them (`#[leyline(unknown_fields)]`,
//!   as every Esper contract does), at every nesting level; so do unknown enum
//!   numbers. So do the wrapper messages and `Empty`, which are leyline
//!   contracts (`tests/differential.rs`,
//!   `wrappers_and_empty_keep_unknown_fields`); the well-known types that
//!   prost decodes (`Timestamp`, `Struct`, `Any`, ...) drop theirs, as prost
//!   does.
//! - A known field that arrives with the wrong wire type is a decode error
//!   naming the field, as in prost (upb and C++ keep it as an unknown field):
//!   it means the sender's schema changed the field's type, and the error
//!   says so instead of decoding the field as unset. `tests/hostile.rs`
//!   proves it for every Esper contract.

//!
//! # How the crate is built
//!
//! Layers, from the bottom up; each module uses only the ones above it in
//! this list (a `use crate::` never points down the list):
//!
//! 1. [`schema`]: the static model of contracts (messages, fields, enums), pure data.
//! 2. [`wire`]: the protobuf wire format: varints and keys, the `Reader`,
//!    [`ProtoType`] and the scalar codecs, field, repeated and map helpers,
//!    [`UnknownFields`], the length cache, decode and encode errors, the depth budget.
//! 3. `contract`: the traits generated code implements ([`Contract`],
//!    [`Enumeration`], [`Oneof`], [`Element`]), with what they report
//!    ([`ValidationErrors`]) and offer ([`MessageView`], the `split` field),
//!    and the whole-message encode, decode and depth check.
//! 4. [`validate`] (the rules), [`view`] (borrowed views' field types), [`size`]
//!    (static size bounds): each over the contract traits.
//! 5. `wkt`: the google.protobuf well-known types, some declared with the macros.
//! 6. [`codec`]: the guarded codec (configuration, circuit breaker, splitting
//!    and merging parts, metrics and tracing), over everything it guards;
//!    beside it [`json`]: canonical proto3 JSON (the [`json::JsonType`] of
//!    every field type, the writer, the parser, the well-known types' forms,
//!    the `Any` type registry, serde), over the views, the well-known types
//!    and the contract traits.
//! 7. [`export`] and [`evolution`]: the schema toolchain, beside the codec,
//!    over the schema and the traits (and JSON, for [`export::MessageType`]:
//!    tools that name a type read and write its JSON).
//! 8. [`contracts`]: the Esper contracts; [`seal`], sealed envelopes, over
//!    them; `cli` (the command line over any contracts, feature `cli`) and the
//!    `leyline` binary on top.
//!
//! Generated code enters through one door, `leyline::__private`, which
//! re-exports what it needs from every layer.

#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
// Lets code generated by the macros, which names `::leyline`, compile inside
// this crate too (the well-known wrapper types are declared with the macro).
#[allow(unused_extern_crates)]
extern crate self as leyline;

pub mod schema;
pub mod wire;

mod contract;

pub mod size;
pub mod validate;
pub mod view;

mod wkt;

pub mod codec;
pub mod json;

pub mod evolution;
pub mod export;

#[cfg(feature = "cli")]
pub mod cli;
pub mod contracts;
pub mod seal;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use codec::breaker;
pub use contract::{Contract, Element, Enumeration, MessageView, Oneof};
pub use leyline_macros::{enumeration, message, oneof};
pub use prost;
pub use validate::{ValidationErrors, Violation};
pub use view::{MapView, OwnedView, ProtoView, Repeated};
pub use wire::{
    DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind, ProtoType, UnknownFields,
};
pub use wkt::*;
