//! Procedural macros of Leyline. Use them through the `leyline` crate
//! (`#[leyline::message]`, `#[leyline::enumeration]`, `#[leyline::oneof]`),
//! whose documentation describes the syntax.
//!
//! The crate is laid out in three stages: `attr` and `model` parse the item into
//! a typed contract (`rules` the validation rules it carries), `check` applies
//! every protoc rule and every rule about rules to it, and `expand` turns a
//! checked contract into code. `held` carries what a message and the oneofs
//! it holds must know of each other across items.

// The model lives for one expansion and holds a handful of fields: boxing its
// variants would cost clarity for no measurable gain.
#![allow(clippy::large_enum_variant)]

use proc_macro::TokenStream;

mod attr;
mod check;
mod diagnostic;
mod expand;
mod held;
mod model;
mod rules;
mod ty;

/// Declares a message contract. See the `leyline` crate documentation.
#[proc_macro_attribute]
pub fn message(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::message(args.into(), input.into()).into()
}

/// Declares an enumeration contract. See the `leyline` crate documentation.
#[proc_macro_attribute]
pub fn enumeration(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::enumeration(args.into(), input.into()).into()
}

/// Declares a oneof held by a message. See the `leyline` crate documentation.
#[proc_macro_attribute]
pub fn oneof(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::oneof(args.into(), input.into()).into()
}

/// The last step of the exchange between a message and the oneofs it holds:
/// called by the oneofs' callback macros, never by users (see the `held`
/// module).
#[doc(hidden)]
#[proc_macro]
pub fn __held_oneofs(input: TokenStream) -> TokenStream {
    expand::held_oneofs(input.into()).into()
}
