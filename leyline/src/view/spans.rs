//! Where a repeated or map field's records lie: [`Spans`].

use alloc::vec::Vec;

use crate::wire::{DecodeCtx, DecodeError, FieldValue, Reader};

/// The stretches of input that hold a repeated or map field's records: in
/// each message body (region) the field appears in, the bytes from the key
/// of its first record to the end of its last. An encoder writes a field's
/// records back to back, so a span holds that field's records and nothing
/// else, and reading the field walks those records once, never the rest of
/// the message. Records of other fields in between, which the format allows,
/// are skipped. A message that arrived in several pieces (which protobuf
/// merges) has a span per piece; only the second and later ones take an
/// allocation, counted in the decode's memory budget.
#[derive(Clone, Default)]
pub(crate) struct Spans<'a> {
    /// The region of the last span.
    region: &'a [u8],
    /// The last span, as offsets into `region` (`end == 0`: no span yet).
    start: usize,
    end: usize,
    /// The spans before the last, in order (a message in pieces).
    earlier: Vec<&'a [u8]>,
}

impl<'a> Spans<'a> {
    /// Records that `region[start..end]` is a record of the field.
    #[inline]
    pub(crate) fn push(
        &mut self,
        region: &'a [u8],
        start: usize,
        end: usize,
        ctx: DecodeCtx<'_>,
    ) -> Result<(), DecodeError> {
        if self.end != 0 && core::ptr::eq(self.region, region) {
            self.end = end;
            return Ok(());
        }
        if self.end != 0 {
            let last = self.last();
            ctx.reserve(&mut self.earlier, 1)?;
            self.earlier.push(last);
        }
        self.region = region;
        self.start = start;
        self.end = end;
        Ok(())
    }

    /// The last span.
    #[inline]
    fn last(&self) -> &'a [u8] {
        let region: &'a [u8] = self.region;
        region.get(self.start..self.end).unwrap_or(&[])
    }

    /// A cursor over the records of field `tag`.
    #[inline]
    pub(crate) fn records(&self, tag: u32) -> Records<'_, 'a> {
        let (first, earlier) = match self.earlier.split_first() {
            Some((first, rest)) => (*first, rest),
            None => (self.last(), &[][..]),
        };
        Records {
            reader: Reader::new(first),
            earlier: earlier.iter(),
            last: (!self.earlier.is_empty()).then(|| self.last()),
            tag,
        }
    }
}

/// The records of one field, in order, as read from the wire (they were
/// checked when the view was decoded: a fault ends the walk).
#[derive(Clone)]
pub(crate) struct Records<'s, 'a> {
    reader: Reader<'a>,
    /// The spans after the first but before the last.
    earlier: core::slice::Iter<'s, &'a [u8]>,
    /// The last span, when there are several.
    last: Option<&'a [u8]>,
    tag: u32,
}

impl<'a> Records<'_, 'a> {
    /// The next record of the field (`ctx` bounds the nesting of groups
    /// skipped on the way). The usual record, the field's own key followed
    /// by a length-delimited value (a message, a map entry, a packed run),
    /// is read inline; anything else through [`Records::next_other`].
    #[inline]
    pub(crate) fn next_record(&mut self, ctx: DecodeCtx<'_>) -> Option<FieldValue<'a>> {
        if !self.reader.is_empty() {
            // On a copy, so that the reader stays in registers.
            let mut r = self.reader.clone();
            if r.read_raw_key().ok()? == (u64::from(self.tag) << 3) | 2 {
                let value = r.read_len_delimited().ok()?;
                self.reader = r;
                return Some(FieldValue::Len(value));
            }
        }
        self.next_other(ctx)
    }

    /// The next record of the field, in general (out of line: what a loop
    /// over a packed run of fixed-width numbers calls at the end of a run,
    /// which keeps that loop small).
    #[inline(never)]
    pub(crate) fn next_other(&mut self, ctx: DecodeCtx<'_>) -> Option<FieldValue<'a>> {
        loop {
            if self.reader.is_empty() {
                let next = match self.earlier.next() {
                    Some(span) => *span,
                    None => self.last.take()?,
                };
                self.reader = Reader::new(next);
                continue;
            }
            let (tag, field) = self.reader.read_field(ctx).ok()?;
            if tag == self.tag {
                return Some(field);
            }
        }
    }
}
