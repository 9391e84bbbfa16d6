//! The contract traits, over the wire format: [`Contract`] (every
//! `#[leyline::message]`), [`Enumeration`], [`Oneof`], the [`Element`] types a
//! field can hold, and what a contract reports and offers to the layers above:
//! its validation report ([`ValidationErrors`]), its borrowed view
//! ([`MessageView`]) and its `split` field (for the guarded codec).
//!
//! Also here: the whole-message encode (two passes through the length cache)
//! and decode entry points, and the encode-side depth check. Nothing here names
//! a layer above (validation rules, views' field types, the codec): those
//! build on these traits.

mod decode;
pub(crate) mod depth;
mod element;
mod encode;
mod enumeration;
mod message;
mod oneof;
mod split;
mod view;
mod violation;

pub(crate) use decode::PROST_ALLOC_PER_BYTE;
pub use decode::{
    merge_enum_repeated, merge_enum_value, merge_fields, merge_message, merge_message_value,
    merge_other_field, merge_prost_value, prost_merge, prost_merge_field,
    prost_merge_length_delimited,
};
pub(crate) use depth::leaf_message_depth;
pub use depth::{
    field_encode_error, map_depth, message_depth, optional_depth, repeated_depth, singular_depth,
    unknown_depth,
};
pub use element::Element;
pub use encode::{
    encode_enum_field, encode_enum_value, encode_into, encode_length_delimited_to_vec,
    encode_message_field_cached, encode_message_value, encode_to_vec, enum_value_len,
    message_is_default, message_value_len, message_value_len_cached, message_value_len_recorded,
    prost_encode, prost_encode_length_delimited,
};
pub use enumeration::Enumeration;
pub use message::Contract;
pub use oneof::Oneof;
pub use split::SplitField;
pub use view::MessageView;
pub use violation::{AsPathKey, FieldPath, PathKey, ValidationErrors, Violation};
