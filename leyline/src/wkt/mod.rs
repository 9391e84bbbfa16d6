//! The google.protobuf well-known types.
//!
//! `Timestamp`, `Duration`, `Struct`, `Value`, `ListValue`, `Any` and
//! `FieldMask` are prost-types' own (so they interoperate with everything built
//! on prost); `Empty` and the wrapper messages (`Int32Value`, `StringValue`, ...)
//! are leyline messages with the well-known names and numbers. Hold any of them
//! as `Option<T>` to get a message field of that type.
//!
//! | file | holds |
//! |---|---|
//! | `time` | `Timestamp` and `Duration`, encoded natively |
//! | `prost` | `Struct`, `Value`, `ListValue`, `Any`, `FieldMask`, through prost |
//! | `nested` | the depth bound inside `Struct`, `Value` and `ListValue` |
//! | `view` | the borrowed views of all of these |
//! | here | `Empty` and the wrappers, declared with `#[leyline::message]` |

pub use prost_types::{Any, Duration, FieldMask, ListValue, Struct, Timestamp, Value};

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
        }

        impl From<$ty> for $name {
            fn from(value: $ty) -> Self {
                $name { value }
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

/// `google.protobuf.Empty`: a message with no fields.
#[leyline_macros::message(
    package = "google.protobuf",
    well_known = "google/protobuf/empty.proto"
)]
pub struct Empty {}
