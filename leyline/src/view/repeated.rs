//! [`Repeated`]: a repeated field of a view.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use super::spans::{Records, Spans};
use super::{new_view, ProtoView};
use crate::wire::{
    DecodeCtx, DecodeError, DecodeErrorKind, FieldValue, MemoryBudget, Reader, WireType,
};

/// A repeated field of a view: its elements stay in the input and are decoded
/// as they are iterated (each was checked when the view was decoded, so
/// iterating cannot fail). Iterating walks the field's own records once,
/// decoding each element once; nested repeated and map fields of the
/// elements are not checked again.
pub struct Repeated<'a, C: ProtoView> {
    spans: Spans<'a>,
    tag: u32,
    len: usize,
    /// The nesting depth left where the field was read.
    depth: u32,
    _codec: PhantomData<fn() -> C>,
}

impl<C: ProtoView> Default for Repeated<'_, C> {
    fn default() -> Self {
        Repeated {
            spans: Spans::default(),
            tag: 0,
            len: 0,
            depth: 0,
            _codec: PhantomData,
        }
    }
}

impl<C: ProtoView> Clone for Repeated<'_, C> {
    fn clone(&self) -> Self {
        Repeated {
            spans: self.spans.clone(),
            tag: self.tag,
            len: self.len,
            depth: self.depth,
            _codec: PhantomData,
        }
    }
}

impl<'a, C: ProtoView> fmt::Debug for Repeated<'a, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The width of one element of a packed run of `C`, when it is fixed.
const fn fixed_width<C: ProtoView>() -> usize {
    match C::WIRE_TYPE {
        WireType::ThirtyTwoBit => 4,
        WireType::SixtyFourBit => 8,
        _ => 0,
    }
}

/// Checks the elements of one record of a repeated field, returning how many
/// it holds (a packed run holds any number). When the view holding the field
/// is itself being read again (`ctx.is_checked()`), the elements were checked
/// already and are only counted.
fn check_elements<'a, C: ProtoView>(
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<usize, DecodeError> {
    match field {
        FieldValue::Len(bytes) if C::PACKED => {
            let width = fixed_width::<C>();
            if width > 0 {
                if bytes.len() % width != 0 {
                    return Err(DecodeError::new(DecodeErrorKind::PackedLength));
                }
                return Ok(bytes.len() / width);
            }
            if ctx.is_checked() {
                // Every varint ends with the one byte of it below 0x80.
                return Ok(bytes.iter().filter(|&&b| b < 0x80).count());
            }
            let mut r = Reader::new(bytes);
            let mut n = 0;
            while !r.is_empty() {
                let v = r.read_value(0, C::WIRE_TYPE, ctx)?;
                C::view_merge(&mut new_view::<C>(ctx)?, v, ctx)?;
                n += 1;
            }
            Ok(n)
        }
        _ if ctx.is_checked() => Ok(1),
        other => {
            C::view_merge(&mut new_view::<C>(ctx)?, other, ctx)?;
            Ok(1)
        }
    }
}

impl<'a, C: ProtoView> Repeated<'a, C> {
    /// The number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The elements, in order.
    pub fn iter(&self) -> RepeatedIter<'_, 'a, C> {
        RepeatedIter {
            records: self.spans.records(self.tag),
            packed: &[],
            left: self.len,
            depth: self.depth,
            memory: MemoryBudget::unlimited(),
            _codec: PhantomData,
        }
    }

    /// The element at `index`.
    pub fn get(&self, index: usize) -> Option<C::View<'a>> {
        self.iter().nth(index)
    }

    /// The owned elements.
    pub fn to_vec(&self) -> Vec<C::Value> {
        let mut out = Vec::with_capacity(self.len);
        out.extend(self.iter().map(|v| C::view_to_owned(&v)));
        out
    }

    /// Checks and records one record of the field: `region[start..end]`,
    /// whose value is `field`.
    #[doc(hidden)]
    #[inline]
    pub fn __push(
        &mut self,
        region: &'a [u8],
        start: usize,
        end: usize,
        tag: u32,
        field: FieldValue<'a>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        self.len += check_elements::<C>(field, ctx)?;
        self.tag = tag;
        self.depth = ctx.depth_left();
        self.spans.push(region, start, end, ctx)
    }
}

impl<'r, 'a, C: ProtoView> IntoIterator for &'r Repeated<'a, C> {
    type Item = C::View<'a>;
    type IntoIter = RepeatedIter<'r, 'a, C>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The elements of a [`Repeated`], in order.
pub struct RepeatedIter<'r, 'a, C: ProtoView> {
    records: Records<'r, 'a>,
    /// The rest of the packed run being read.
    packed: &'a [u8],
    left: usize,
    depth: u32,
    /// The elements were checked: this budget only bounds what the walk may
    /// not need (made once per walk, not per element).
    memory: MemoryBudget,
    _codec: PhantomData<fn() -> C>,
}

impl<C: ProtoView> fmt::Debug for RepeatedIter<'_, '_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RepeatedIter")
            .field("left", &self.left)
            .finish_non_exhaustive()
    }
}

/// One element, from its checked record.
#[inline]
fn element<'a, C: ProtoView>(field: FieldValue<'a>, ctx: DecodeCtx<'_>) -> Option<C::View<'a>> {
    let mut view = C::View::default();
    C::view_merge(&mut view, field, ctx).ok()?;
    Some(view)
}

/// The next element of the packed run `packed`, which it shortens.
#[inline]
fn next_packed<'a, C: ProtoView>(packed: &mut &'a [u8]) -> Option<FieldValue<'a>> {
    let width = fixed_width::<C>();
    if width == 4 {
        let (b, rest) = packed.split_first_chunk::<4>()?;
        *packed = rest;
        return Some(FieldValue::Fixed32(u32::from_le_bytes(*b)));
    }
    if width == 8 {
        let (b, rest) = packed.split_first_chunk::<8>()?;
        *packed = rest;
        return Some(FieldValue::Fixed64(u64::from_le_bytes(*b)));
    }
    let mut r = Reader::new(packed);
    let v = r.read_varint().ok()?;
    *packed = packed.get(r.position()..).unwrap_or(&[]);
    Some(FieldValue::Varint(v))
}

impl<'a, C: ProtoView> Iterator for RepeatedIter<'_, 'a, C> {
    type Item = C::View<'a>;

    #[inline]
    fn next(&mut self) -> Option<C::View<'a>> {
        let ctx = DecodeCtx::new(self.depth, &self.memory).checked();
        loop {
            if C::PACKED && !self.packed.is_empty() {
                let field = next_packed::<C>(&mut self.packed)?;
                self.left = self.left.saturating_sub(1);
                return element::<C>(field, ctx);
            }
            match self.records.next_record(ctx)? {
                FieldValue::Len(bytes) if C::PACKED => self.packed = bytes,
                field => {
                    self.left = self.left.saturating_sub(1);
                    return element::<C>(field, ctx);
                }
            }
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<C: ProtoView> ExactSizeIterator for RepeatedIter<'_, '_, C> {}
