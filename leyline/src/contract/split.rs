//! What a contract tells the guarded codec about its `split` field: the data
//! the codec needs to cut an oversized message into parts, without the
//! contract knowing the codec (which sits above it).

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::wire::{ProtoType, WireType};

/// A message with a `split` field, taken apart: the message without that
/// field, the field's number, and its elements.
#[doc(hidden)]
pub struct SplitField<'a, M> {
    /// The message with the split field emptied: every other field.
    pub base: M,
    /// The split field's number.
    pub tag: u32,
    /// The split field's elements.
    pub elements: Box<dyn SplitElements + 'a>,
}

impl<M> core::fmt::Debug for SplitField<'_, M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SplitField")
            .field("tag", &self.tag)
            .field("elements", &self.elements.len())
            .finish_non_exhaustive()
    }
}

/// The elements of a repeated field, one at a time, as the codec writes them
/// into parts.
#[doc(hidden)]
pub trait SplitElements {
    /// The number of elements.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Whether the field is packed (its elements are written as runs).
    fn packed(&self) -> bool;
    /// The wire type of one element (when not packed).
    fn wire_type(&self) -> WireType;
    /// The encoded length of element `i` (after its key).
    fn value_len(&self, i: usize) -> usize;
    /// Writes element `i` (after its key).
    fn encode_value(&self, i: usize, buf: &mut Vec<u8>);
}

/// The elements of a repeated field of element type `C`, and whether the
/// field writes them packed.
struct Elements<'a, C: ProtoType> {
    values: &'a [C::Value],
    packed: bool,
}

impl<C: ProtoType> SplitElements for Elements<'_, C> {
    fn len(&self) -> usize {
        self.values.len()
    }
    fn packed(&self) -> bool {
        self.packed
    }
    fn wire_type(&self) -> WireType {
        C::WIRE_TYPE
    }
    fn value_len(&self, i: usize) -> usize {
        self.values.get(i).map_or(0, C::value_len)
    }
    fn encode_value(&self, i: usize, buf: &mut Vec<u8>) {
        if let Some(v) = self.values.get(i) {
            C::encode_value(v, buf);
        }
    }
}

impl<'a, M> SplitField<'a, M> {
    /// The split field of a message: `base` without it, field `tag` holding `elements`.
    pub fn new<C: ProtoType + 'a>(base: M, tag: u32, elements: &'a [C::Value]) -> Self {
        SplitField {
            base,
            tag,
            elements: Box::new(Elements::<C> {
                values: elements,
                packed: C::PACKED,
            }),
        }
    }

    /// [`SplitField::new`] for a `packed = false` field: one record per element.
    pub fn unpacked<C: ProtoType + 'a>(base: M, tag: u32, elements: &'a [C::Value]) -> Self {
        SplitField {
            base,
            tag,
            elements: Box::new(Elements::<C> {
                values: elements,
                packed: false,
            }),
        }
    }
}
