//! [`MessageView`]: the trait of the borrowed view `XView<'a>` that
//! `#[leyline::message]` declares beside every message `X`. The views' field
//! types (`Repeated`, `MapView`, ...) live in `leyline::view`, over this.

use core::fmt;

use super::message::Contract;
use crate::wire::{DecodeCtx, DecodeError, DecodeLimits};

/// The borrowed view of a message type: implemented by the `XView<'a>` that
/// `#[leyline::message]` declares beside every `X`.
pub trait MessageView<'a>: Sized + Clone + fmt::Debug + Default {
    /// The owned message this views.
    type Owned: Contract;

    /// Decodes a view of `bytes`: every field is checked as the owned decode
    /// checks it; strings and bytes borrow from `bytes`.
    fn decode_view(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_view_with_limits(bytes, DecodeLimits::default())
    }

    /// [`MessageView::decode_view`] under `limits`: deeper nesting or more
    /// heap (views allocate only for messages that arrive in pieces, boxes and
    /// the well-known types prost decodes) is an error.
    fn decode_view_with_limits(bytes: &'a [u8], limits: DecodeLimits) -> Result<Self, DecodeError> {
        let mut view = Self::default();
        limits.run(|ctx| view.__merge_view(bytes, ctx))?;
        Ok(view)
    }

    /// The owned message holding the same values (what the owned decode of
    /// the same bytes returns).
    fn to_owned_message(&self) -> Self::Owned;

    /// Merges the fields of `bytes` into the view.
    #[doc(hidden)]
    fn __merge_view(&mut self, bytes: &'a [u8], ctx: DecodeCtx<'_>) -> Result<(), DecodeError>;
}
