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
///
/// The iterator's state is kept out of the calls it makes (the walk over
/// the records works on a copy of it), so that a loop over a packed run of
/// fixed-width numbers keeps it in registers: reading such an element is a
/// load of its bytes, nothing more.
pub struct RepeatedIter<'r, 'a, C: ProtoView> {
    records: Records<'r, 'a>,
    /// The rest of the packed run being read.
    packed: &'a [u8],
    /// The elements left, not counting those of a fixed-width run in
    /// `packed` (counted as the run is entered, not one by one).
    left: usize,
    depth: u32,
    _codec: PhantomData<fn() -> C>,
}

impl<C: ProtoView> fmt::Debug for RepeatedIter<'_, '_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RepeatedIter")
            .field("left", &self.size_hint().0)
            .finish_non_exhaustive()
    }
}

/// One element, from its checked record.
#[inline]
fn element<'a, C: ProtoView>(field: FieldValue<'a>, depth: u32) -> Option<C::View<'a>> {
    // The elements were checked: this budget only bounds what reading one
    // again may not need.
    let memory = MemoryBudget::unlimited();
    let ctx = DecodeCtx::new(depth, &memory).checked();
    let mut view = C::View::default();
    C::view_merge(&mut view, field, ctx).ok()?;
    Some(view)
}

/// The next element of the packed run `packed` of fixed-width numbers, which
/// it shortens (`None` at its end, or when `C` is not fixed-width).
#[inline(always)]
fn next_fixed<'a, C: ProtoView>(packed: &mut &'a [u8]) -> Option<FieldValue<'a>> {
    match fixed_width::<C>() {
        4 => {
            let (b, rest) = packed.split_first_chunk::<4>()?;
            *packed = rest;
            Some(FieldValue::Fixed32(u32::from_le_bytes(*b)))
        }
        8 => {
            let (b, rest) = packed.split_first_chunk::<8>()?;
            *packed = rest;
            Some(FieldValue::Fixed64(u64::from_le_bytes(*b)))
        }
        _ => None,
    }
}

/// The next element of the packed run of varints `packed`, which it shortens.
#[inline]
fn next_varint<'a>(packed: &mut &'a [u8]) -> Option<FieldValue<'a>> {
    let mut r = Reader::new(packed);
    let v = r.read_varint().ok()?;
    *packed = packed.get(r.position()..).unwrap_or(&[]);
    Some(FieldValue::Varint(v))
}

impl<'a, C: ProtoView> RepeatedIter<'_, 'a, C> {
    /// The next element after the packed run (if any) is read: from the next
    /// record, or the next varint of a packed run.
    #[inline]
    fn next_record(&mut self) -> Option<C::View<'a>> {
        loop {
            if C::PACKED && !self.packed.is_empty() {
                if fixed_width::<C>() == 0 {
                    let field = next_varint(&mut self.packed)?;
                    self.left = self.left.saturating_sub(1);
                    return element::<C>(field, self.depth);
                }
                // A fixed-width run is read by `next`; a partial element at
                // its end (which the view decode refused) is dropped.
                self.packed = &[];
            }
            // The count is exact (the elements were checked): the records
            // need not be walked to their end. (Not for packed numbers: the
            // test would cost the loop over a run a register.)
            if !C::PACKED && self.left == 0 {
                return None;
            }
            let memory = MemoryBudget::unlimited();
            let ctx = DecodeCtx::new(self.depth, &memory).checked();
            let next = if C::PACKED {
                // The walk works on a copy: `self` never escapes into the
                // call, and stays in registers in a loop over a packed run.
                let mut records = self.records.clone();
                let next = records.next_other(ctx);
                self.records = records;
                next
            } else {
                self.records.next_record(ctx)
            };
            match next? {
                FieldValue::Len(bytes) if C::PACKED => {
                    self.packed = bytes;
                    // A fixed-width run's elements are counted as it is entered.
                    if let Some(run) = bytes.len().checked_div(fixed_width::<C>()) {
                        self.left = self.left.saturating_sub(run);
                        if let Some(field) = next_fixed::<C>(&mut self.packed) {
                            return element::<C>(field, self.depth);
                        }
                    }
                }
                field => {
                    self.left = self.left.saturating_sub(1);
                    return element::<C>(field, self.depth);
                }
            }
        }
    }
}

impl<'a, C: ProtoView> Iterator for RepeatedIter<'_, 'a, C> {
    type Item = C::View<'a>;

    #[inline]
    fn next(&mut self) -> Option<C::View<'a>> {
        if C::PACKED && fixed_width::<C>() > 0 {
            if let Some(field) = next_fixed::<C>(&mut self.packed) {
                return element::<C>(field, self.depth);
            }
        }
        self.next_record()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let run = match self.packed.len().checked_div(fixed_width::<C>()) {
            Some(run) if C::PACKED => run,
            _ => 0,
        };
        let left = self.left.saturating_add(run);
        (left, Some(left))
    }
}

impl<C: ProtoView> ExactSizeIterator for RepeatedIter<'_, '_, C> {}
