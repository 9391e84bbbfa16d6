//! [`Repeated`]: a repeated field of a view.

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use super::regions::{records, Regions};
use super::{new_view, ProtoView};
use crate::wire::{
    DecodeCtx, DecodeError, DecodeErrorKind, DecodeLimits, FieldValue, Reader, WireType,
};

/// A repeated field of a view: its elements stay in the input and are decoded
/// as they are iterated (each was checked when the view was decoded).
pub struct Repeated<'a, C: ProtoView> {
    regions: Regions<'a>,
    tag: u32,
    len: usize,
    _codec: PhantomData<fn() -> C>,
}

impl<C: ProtoView> Default for Repeated<'_, C> {
    fn default() -> Self {
        Repeated {
            regions: Regions::default(),
            tag: 0,
            len: 0,
            _codec: PhantomData,
        }
    }
}

impl<C: ProtoView> Clone for Repeated<'_, C> {
    fn clone(&self) -> Self {
        Repeated {
            regions: self.regions.clone(),
            tag: self.tag,
            len: self.len,
            _codec: PhantomData,
        }
    }
}

impl<'a, C: ProtoView> fmt::Debug for Repeated<'a, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Checks the elements of one record of a repeated field, returning how many
/// it holds (a packed run holds any number).
fn check_elements<'a, C: ProtoView>(
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<usize, DecodeError> {
    match field {
        FieldValue::Len(bytes) if C::PACKED => {
            let width = match C::WIRE_TYPE {
                WireType::ThirtyTwoBit => 4,
                WireType::SixtyFourBit => 8,
                _ => 0,
            };
            if width > 0 {
                if bytes.len() % width != 0 {
                    return Err(DecodeError::new(DecodeErrorKind::PackedLength));
                }
                return Ok(bytes.len() / width);
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
    pub fn iter(&self) -> impl Iterator<Item = C::View<'a>> + '_ {
        records(&self.regions, self.tag).flat_map(|field| {
            let packed = match field {
                FieldValue::Len(bytes) if C::PACKED => Some(Reader::new(bytes)),
                _ => None,
            };
            let mut single = packed.is_none().then_some(field);
            let mut packed = packed;
            core::iter::from_fn(move || {
                DecodeLimits::CHECKED_INPUT.run(|ctx| {
                    let field = match (&mut packed, single.take()) {
                        (_, Some(field)) => field,
                        (Some(r), None) if !r.is_empty() => {
                            r.read_value(0, C::WIRE_TYPE, ctx).ok()?
                        }
                        _ => return None,
                    };
                    let mut view = C::View::default();
                    C::view_merge(&mut view, field, ctx).ok()?;
                    Some(view)
                })
            })
        })
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

    /// Checks and records one record of the field, read from `region`.
    #[doc(hidden)]
    #[inline]
    pub fn __push(
        &mut self,
        region: &'a [u8],
        tag: u32,
        field: FieldValue<'a>,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        self.len += check_elements::<C>(field, ctx)?;
        self.tag = tag;
        self.regions.push(region, ctx)
    }
}
