//! Leyline: code-first Protocol Buffers contracts.
//!
//! (The full crate documentation is written once the DSL settles.)

#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[allow(unused_extern_crates)]
extern crate self as leyline;

pub mod contracts;
mod error;
pub mod schema;
mod traits;
pub mod wire;
mod wkt;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use error::{DecodeError, DecodeErrorKind};
pub use leyline_macros::{enumeration, message, oneof};
pub use prost;
pub use traits::{Contract, Enumeration, Oneof};
pub use wire::{ProtoType, UnknownFields};
pub use wkt::*;
