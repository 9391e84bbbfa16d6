//! [`Element`]: a field's element type as the contract layer sees it.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::violation::{FieldPath, ValidationErrors};
use crate::wire::encoding::{Fixed32, Fixed64, Sfixed32, Sfixed64, Sint32, Sint64};
use crate::wire::ProtoType;

/// A type a contract's fields can hold: a [`ProtoType`] (how it is written on
/// the wire), plus what the wire format knows nothing about: the validation
/// rules of the messages it holds.
///
/// Implemented by every leyline type: the scalars, the [`encoding`] markers,
/// `Box<T>`, the well-known types, and every `#[leyline::message]` and
/// `#[leyline::enumeration]`. A hand-written `ProtoType` that holds no message
/// implements it with an empty block: `impl leyline::Element for MyType {}`.
///
/// [`encoding`]: crate::wire::encoding
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a leyline contract",
    label = "not a protobuf type",
    note = "fields may be u32, u64, i32, i64, f32, f64, bool, String, Vec<u8>, bytes::Bytes, a #[leyline::enumeration], a #[leyline::message] (as Option<T> or Option<Box<T>>), or a well-known type such as leyline::Timestamp"
)]
pub trait Element: ProtoType {
    /// Checks the rules of a value found at `path`: messages check theirs
    /// (and those of the messages they hold); other types have none of their own.
    #[doc(hidden)]
    #[inline]
    fn __validate(value: &Self::Value, path: &FieldPath<'_>, errors: &mut ValidationErrors) {
        let _ = (value, path, errors);
    }
}

macro_rules! no_rules {
    ($($ty:ty),* $(,)?) => { $(impl Element for $ty {})* };
}

no_rules!(
    u32,
    u64,
    i32,
    i64,
    bool,
    f32,
    f64,
    String,
    Vec<u8>,
    bytes::Bytes,
    Sint32,
    Sint64,
    Fixed32,
    Fixed64,
    Sfixed32,
    Sfixed64,
);

impl<T: Element<Value = T> + Default> Element for Box<T> {
    #[inline]
    fn __validate(value: &Self::Value, path: &FieldPath<'_>, errors: &mut ValidationErrors) {
        T::__validate(value, path, errors)
    }
}
