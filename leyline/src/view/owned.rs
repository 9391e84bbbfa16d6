//! [`OwnedView`]: the view of a contract declared with `view = false`.

use core::ops::Deref;

use crate::contract::{merge_message, MessageView};
use crate::wire::{DecodeCtx, DecodeError};

/// The "view" of a contract declared `#[leyline::message(..., view = false)]`:
/// no borrowed view is generated for it (less code to compile), so
/// [`Contract::decode_view`](crate::Contract::decode_view) and the views of
/// the contracts that hold it decode it as the owned decode does, into the
/// owned message, which this holds. It reads like that message (`Deref`).
///
/// ```
/// #[leyline::message(package = "example.v1", view = false)]
/// pub struct Audit {
///     #[leyline(field = 1)]
///     pub who: String,
/// }
///
/// use leyline::prost::Message as _;
/// use leyline::{Contract, MessageView};
/// let bytes = Audit { who: "ana".into() }.encode_to_vec();
/// let view = Audit::decode_view(&bytes).unwrap();
/// assert_eq!(view.who, "ana");
/// assert_eq!(view.to_owned_message(), Audit::decode_slice(&bytes).unwrap());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OwnedView<T>(T);

impl<T> OwnedView<T> {
    /// The decoded message.
    pub fn get(&self) -> &T {
        &self.0
    }

    /// The decoded message, by value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for OwnedView<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'a, T: crate::Contract> MessageView<'a> for OwnedView<T> {
    type Owned = T;

    fn to_owned_message(&self) -> T {
        self.0.clone()
    }

    #[inline]
    fn __merge_view(&mut self, bytes: &'a [u8], ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
        merge_message(&mut self.0, bytes, ctx)
    }
}
