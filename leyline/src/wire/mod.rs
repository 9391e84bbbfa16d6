//! The protobuf wire format, and nothing above it: varints and keys, the byte
//! [`Reader`], the [`ProtoType`] trait with the scalar, string, bytes and `Box`
//! codecs, the field, repeated and map helpers, [`UnknownFields`], the length
//! cache, the decode and encode errors, and the depth and memory budgets of a
//! decode.
//!
//! Nothing here knows about contracts: the traits that generated code
//! implements (`leyline::Contract` and its kin) sit on top of this module, and
//! reach it, like generated code, through `leyline::__private`. It is public so
//! that hand-written types can take part in contracts too.
//!
//! | file | holds |
//! |---|---|
//! | `varint` | varints, zigzag, field keys |
//! | `reader` | [`Reader`], the cursor over an input, and [`FieldValue`] |
//! | `ctx` | [`DecodeLimits`], [`MemoryBudget`], [`DecodeCtx`]: the depth and memory budgets of one decode |
//! | `error` | [`DecodeError`], [`EncodeError`] |
//! | `proto_type` | the [`ProtoType`] trait, [`Singular`], [`MapKey`], `Box<T>` |
//! | `scalar` | numbers and bools, and the [`encoding`] markers (`sint64`, ...) |
//! | `string` | `String`, `Vec<u8>`, `bytes::Bytes` |
//! | `field` | singular, optional and repeated fields |
//! | `map` | map fields and [`MapType`] |
//! | `len_cache` | [`LenCache`]: nested lengths computed once per encode |
//! | `unknown` | [`UnknownFields`] |

mod ctx;
mod error;
mod field;
mod len_cache;
mod map;
pub(crate) use map::walk_entry;
mod proto_type;
mod reader;
mod scalar;
mod string;
mod unknown;
mod varint;

pub use prost::encoding::WireType;

pub use ctx::{
    default_max_decode_memory, set_default_max_decode_memory, DecodeCtx, DecodeLimits,
    MemoryBudget, DEFAULT_MAX_DECODE_MEMORY, DEFAULT_RECURSION_LIMIT,
};
pub use error::{DecodeError, DecodeErrorKind, EncodeError, EncodeErrorKind};
pub use field::{
    encode_optional, encode_optional_cached, encode_repeated, encode_repeated_cached,
    encode_repeated_unpacked_cached, encode_singular, encode_singular_cached, merge_optional,
    optional_len, optional_len_cached, repeated_len, repeated_len_cached,
    repeated_unpacked_len_cached, singular_len, singular_len_cached,
};
pub use len_cache::LenCache;
pub use map::{
    encode_map, encode_map_cached, map_len, map_len_cached, merge_map, merge_map_entry,
    reserve_map_run, MapType,
};
pub use proto_type::{new_value, MapKey, ProtoType, Singular};
pub use reader::{field_error, wire_type_error, FieldValue, Reader};
pub use scalar::encoding;
pub use string::str_from_utf8;
pub use unknown::UnknownFields;
pub use varint::{
    decode_varint, encode_fixed32_field, encode_fixed64_field, encode_key, encode_len_header,
    encode_varint, encode_varint_field, key_len, key_parts, unzigzag32, unzigzag64, varint_len,
    zigzag32, zigzag64,
};

/// Smallest valid field number.
pub const MIN_FIELD_NUMBER: u32 = 1;
/// Largest valid field number (2^29 - 1).
pub const MAX_FIELD_NUMBER: u32 = (1 << 29) - 1;
