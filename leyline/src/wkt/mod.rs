//! The google.protobuf well-known types.
//!
//! `Timestamp`, `Duration`, `Struct`, `Value`, `ListValue`, `Any` and
//! `FieldMask` are prost-types' own (so they interoperate with everything built
//! on prost); `Empty` and the wrapper messages (`Int32Value`, `StringValue`, ...)
//! are leyline messages with the well-known names and numbers, which keep
//! unknown fields like every other contract. Hold any of them as `Option<T>` to
//! get a message field of that type. `NullValue` is a leyline enumeration, for
//! fields and oneof variants of type `google.protobuf.NullValue`.
//!
//! | file | holds |
//! |---|---|
//! | `time` | `Timestamp` and `Duration`, encoded natively |
//! | `prost` | `Struct`, `Value`, `ListValue`, `Any`, `FieldMask`, through prost |
//! | `nested` | the depth bound inside `Struct`, `Value` and `ListValue` |
//! | `view` | the borrowed views of all of these |
//! | here | `Empty` and the wrappers, declared with `#[leyline::message]`; `NullValue` |

pub use prost_types::{Any, Duration, FieldMask, ListValue, Struct, Timestamp, Value};

use crate::wire::UnknownFields;

mod nested;
mod prost;
mod time;
mod view;

pub use nested::PROST_RECURSION_LIMIT;
pub use view::ForeignView;

macro_rules! wrapper {
    ($($(#[$doc:meta])* $name:ident($ty:ty)),* $(,)?) => {$(
        $(#[$doc])*
        #[leyline_macros::message(package = "google.protobuf", well_known = "google/protobuf/wrappers.proto")]
        pub struct $name {
            /// The wrapped value.
            #[leyline(field = 1)]
            pub value: $ty,
            /// Fields this build does not know, kept byte for byte and written
            /// back, as in every other contract.
            #[leyline(unknown_fields)]
            pub unknown_fields: UnknownFields,
        }

        impl From<$ty> for $name {
            fn from(value: $ty) -> Self {
                $name { value, unknown_fields: UnknownFields::default() }
            }
        }
    )*};
}

wrapper! {
    /// `google.protobuf.DoubleValue`: a double with presence.
    DoubleValue(f64),
    /// `google.protobuf.FloatValue`: a float with presence.
    FloatValue(f32),
    /// `google.protobuf.Int64Value`: an int64 with presence.
    Int64Value(i64),
    /// `google.protobuf.UInt64Value`: a uint64 with presence.
    UInt64Value(u64),
    /// `google.protobuf.Int32Value`: an int32 with presence.
    Int32Value(i32),
    /// `google.protobuf.UInt32Value`: a uint32 with presence.
    UInt32Value(u32),
    /// `google.protobuf.BoolValue`: a bool with presence.
    BoolValue(bool),
    /// `google.protobuf.StringValue`: a string with presence.
    StringValue(String),
    /// `google.protobuf.BytesValue`: bytes with presence.
    BytesValue(Vec<u8>),
}

/// `google.protobuf.Empty`: a message with no fields (it keeps the unknown
/// fields it is sent, like the wrappers).
#[leyline_macros::message(
    package = "google.protobuf",
    well_known = "google/protobuf/empty.proto"
)]
pub struct Empty {
    /// Fields this build does not know, kept byte for byte and written back.
    #[leyline(unknown_fields)]
    pub unknown_fields: UnknownFields,
}

/// `google.protobuf.NullValue`: the null of `google.protobuf.Value`, usable as
/// a field type and as a oneof variant like any enumeration.
#[leyline_macros::enumeration(
    package = "google.protobuf",
    well_known = "google/protobuf/struct.proto",
    prefix = ""
)]
pub enum NullValue {
    /// Null value.
    NullValue = 0,
}
