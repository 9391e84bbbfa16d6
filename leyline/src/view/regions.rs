//! The message bodies a view's unknown fields (or a foreign view's value) lie in.

use alloc::vec::Vec;
use core::fmt;

use crate::wire::{DecodeCtx, DecodeError};

/// The byte regions (message bodies) that hold a field's records: one for
/// anything an encoder writes; one per piece when a message arrived in several
/// pieces, which protobuf merges.
#[derive(Clone, Default)]
pub struct Regions<'a> {
    first: &'a [u8],
    more: Vec<&'a [u8]>,
    used: bool,
}

impl<'a> Regions<'a> {
    /// Records that `region` holds records of the field (once per region;
    /// a region after the first is kept in a `Vec` that grows within the
    /// decode's memory budget).
    #[inline]
    pub fn push(&mut self, region: &'a [u8], ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
        if !self.used {
            self.first = region;
            self.used = true;
            return Ok(());
        }
        let last = self.more.last().copied().unwrap_or(self.first);
        if !core::ptr::eq(last, region) {
            ctx.reserve(&mut self.more, 1)?;
            self.more.push(region);
        }
        Ok(())
    }

    /// Every region, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        let first = self.used.then_some(self.first);
        first.into_iter().chain(self.more.iter().copied())
    }
}

impl fmt::Debug for Regions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.iter().map(<[u8]>::len))
            .finish()
    }
}
