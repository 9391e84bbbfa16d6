//! Protobuf bytes to JSON in one pass: the transcoder that generated code
//! runs for each message (`JsonFields::__json_transcode`). It reads the
//! message's records once, in wire order, and writes each field as it comes:
//! a scalar from its borrowed view, a nested message by transcoding its bytes
//! in turn, a repeated field or a map as one array or object over the run of
//! its records. Every record is checked as the owned decode checks it.
//!
//! What a one-pass writer cannot express sends the message (that message
//! only) to the borrowed-view writer instead, which handles every case: a
//! singular field, oneof or message field that arrives more than once (the
//! last wins, or messages merge), a repeated field or map whose records are
//! not contiguous, a map key that arrives twice, a map of more than
//! [`MAP_KEYS`] entries. Encoders write none of these; the fallback costs a
//! second decode of that message.

use super::error::JsonError;
use super::message::JsonFields;
use super::types::{JsonKey, JsonType};
use super::write::{FieldKey, JsonWriter};
use crate::view::ProtoView;
use crate::wire::{key_parts, wire_type_error, DecodeCtx, FieldValue, Reader, WireType};

/// Map keys checked for repeats while streaming; a longer map takes the
/// view writer.
pub(crate) const MAP_KEYS: usize = 32;

/// A map key, as far as telling keys apart goes.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRepr<'a> {
    /// An integer key.
    Int(i128),
    /// A bool key.
    Bool(bool),
    /// A string key.
    Str(&'a str),
}

impl core::fmt::Display for KeyRepr<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            KeyRepr::Int(v) => write!(f, "{v}"),
            KeyRepr::Bool(v) => write!(f, "{v}"),
            KeyRepr::Str(v) => f.write_str(v),
        }
    }
}

/// Transcodes a message field's bytes, one level deeper.
#[inline]
pub fn transcode_message<M: JsonFields>(
    field: FieldValue<'_>,
    ctx: DecodeCtx<'_>,
    w: &mut JsonWriter<'_>,
) -> Result<(), JsonError> {
    match field {
        FieldValue::Len(bytes) => {
            w.enter()?;
            M::__json_transcode(bytes, w, ctx.enter()?)?;
            w.leave();
            Ok(())
        }
        other => Err(wire_type_error(WireType::LengthDelimited, &other).into()),
    }
}

/// The state of one message being transcoded. Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Stream<'s, 'a> {
    /// Fields (and oneofs) met, by index.
    seen: &'s mut [u64],
    /// Fields written, by index (for `emit_default_values`).
    written: &'s mut [u64],
    /// The repeated field or map whose array or object is open.
    open: Option<(usize, bool)>,
    /// The keys of the open map.
    keys: [KeyRepr<'a>; MAP_KEYS],
    key_count: usize,
}

fn test_bit(bits: &[u64], index: usize) -> bool {
    bits.get(index / 64)
        .is_some_and(|w| w & (1 << (index % 64)) != 0)
}

fn set_bit(bits: &mut [u64], index: usize) {
    if let Some(w) = bits.get_mut(index / 64) {
        *w |= 1 << (index % 64);
    }
}

impl<'s, 'a> Stream<'s, 'a> {
    /// A stream with its bit sets (one bit per field and oneof).
    #[inline]
    pub fn new(seen: &'s mut [u64], written: &'s mut [u64]) -> Self {
        Stream {
            seen,
            written,
            open: None,
            keys: [KeyRepr::Bool(false); MAP_KEYS],
            key_count: 0,
        }
    }

    /// Whether field `index` was written.
    #[inline]
    pub fn was_written(&self, index: usize) -> bool {
        test_bit(self.written, index)
    }

    /// Marks a field met for the first time; `false` when it was met before.
    #[inline]
    fn first_time(&mut self, index: usize) -> bool {
        if test_bit(self.seen, index) {
            return false;
        }
        set_bit(self.seen, index);
        true
    }

    /// Closes the open array or object, if any.
    #[inline]
    pub fn close(&mut self, w: &mut JsonWriter<'_>) {
        match self.open.take() {
            Some((_, true)) => w.end_object(),
            Some((_, false)) => w.end_array(),
            None => {}
        }
    }

    /// Opens (or continues) the run of repeated field or map `index`;
    /// `false` when its records are not contiguous.
    #[inline]
    fn run(&mut self, w: &mut JsonWriter<'_>, index: usize, key: &FieldKey, map: bool) -> bool {
        if self.open.is_some_and(|(open, _)| open == index) {
            return true;
        }
        self.close(w);
        if !self.first_time(index) {
            return false;
        }
        set_bit(self.written, index);
        w.field_key(key);
        if map {
            w.begin_object();
        } else {
            w.begin_array();
        }
        self.open = Some((index, map));
        self.key_count = 0;
        true
    }
}

/// A field without presence: written unless it holds its default.
#[inline]
pub fn stream_singular<'a, C: JsonType>(
    s: &mut Stream<'_, 'a>,
    w: &mut JsonWriter<'_>,
    index: usize,
    key: &FieldKey,
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<bool, JsonError> {
    s.close(w);
    if !s.first_time(index) {
        return Ok(false);
    }
    let mut view = C::View::default();
    C::view_merge(&mut view, field, ctx)?;
    if !C::view_is_default(&view) {
        set_bit(s.written, index);
        w.field_key(key);
        C::write_view_json(&view, w)?;
    }
    Ok(true)
}

/// A field with presence (an `optional` scalar, a message field, or a
/// variant of a oneof, whose `index` is the whole oneof's): written.
#[inline]
pub fn stream_optional<'a, C: JsonType>(
    s: &mut Stream<'_, 'a>,
    w: &mut JsonWriter<'_>,
    index: usize,
    key: &FieldKey,
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<bool, JsonError> {
    s.close(w);
    if !s.first_time(index) {
        return Ok(false);
    }
    set_bit(s.written, index);
    w.field_key(key);
    C::transcode_json(field, ctx, w)?;
    Ok(true)
}

/// One record of a repeated field: an element, or a packed run of them.
#[inline]
pub fn stream_repeated<'a, C: JsonType>(
    s: &mut Stream<'_, 'a>,
    w: &mut JsonWriter<'_>,
    index: usize,
    key: &FieldKey,
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<bool, JsonError> {
    if !s.run(w, index, key, false) {
        return Ok(false);
    }
    match field {
        FieldValue::Len(bytes) if C::PACKED => {
            let mut r = Reader::new(bytes);
            let width = match C::WIRE_TYPE {
                WireType::ThirtyTwoBit => 4,
                WireType::SixtyFourBit => 8,
                _ => 0,
            };
            if width > 0 && bytes.len() % width != 0 {
                return Err(crate::wire::DecodeError::new(
                    crate::wire::DecodeErrorKind::PackedLength,
                )
                .into());
            }
            while !r.is_empty() {
                let v = r.read_value(0, C::WIRE_TYPE, ctx)?;
                w.element();
                C::transcode_json(v, ctx, w)?;
            }
        }
        other => {
            w.element();
            C::transcode_json(other, ctx, w)?;
        }
    }
    Ok(true)
}

/// One entry of a map field.
#[inline]
pub fn stream_map_entry<'a, K: JsonKey, V: JsonType>(
    s: &mut Stream<'_, 'a>,
    w: &mut JsonWriter<'_>,
    index: usize,
    key: &FieldKey,
    field: FieldValue<'a>,
    ctx: DecodeCtx<'_>,
) -> Result<bool, JsonError> {
    let bytes = match field {
        FieldValue::Len(bytes) => bytes,
        other => return Err(wire_type_error(WireType::LengthDelimited, &other).into()),
    };
    // The entry: its key's view, and its value's last record (every record
    // checked, as the owned decode merges them all).
    let mut k = K::View::default();
    let mut value: Option<FieldValue<'a>> = None;
    let mut r = Reader::new(bytes);
    while !r.is_empty() {
        let raw = r.read_raw_key()?;
        let (tag, wire_type) = key_parts(raw)?;
        let v = r.read_value(tag, wire_type, ctx)?;
        match tag {
            1 => K::view_merge(&mut k, v, ctx)?,
            2 => {
                if V::IS_MESSAGE && value.is_some() {
                    // Two records of a message value merge: the view writer's job.
                    return Ok(false);
                }
                if !V::IS_MESSAGE {
                    V::view_merge(&mut V::View::default(), v, ctx)?;
                }
                value = Some(v);
            }
            _ => {}
        }
    }
    if !s.run(w, index, key, true) {
        return Ok(false);
    }
    let repr = K::key_repr(&k);
    let count = s.key_count;
    if count == MAP_KEYS || s.keys.get(..count).is_some_and(|keys| keys.contains(&repr)) {
        return Ok(false);
    }
    if let Some(slot) = s.keys.get_mut(count) {
        *slot = repr;
    }
    s.key_count = count + 1;
    w.map_key_start();
    K::write_view_key(&k, w);
    w.map_key_end();
    match value {
        Some(v) => V::transcode_json(v, ctx, w),
        None => V::write_view_json(&V::View::default(), w),
    }
    .map_err(|e| e.at_key(repr))?;
    Ok(true)
}

/// Writes the default of a field without presence that was not written
/// (under `emit_default_values`).
#[inline]
pub fn stream_default_singular<C: JsonType>(
    s: &Stream<'_, '_>,
    w: &mut JsonWriter<'_>,
    index: usize,
    key: &FieldKey,
) -> Result<(), JsonError> {
    if !s.was_written(index) {
        w.field_key(key);
        C::write_view_json(&<C as ProtoView>::View::default(), w)?;
    }
    Ok(())
}

/// Writes `[]` or `{}` for a repeated field or map that was not written
/// (under `emit_default_values`).
#[inline]
pub fn stream_default_empty(
    s: &Stream<'_, '_>,
    w: &mut JsonWriter<'_>,
    index: usize,
    key: &FieldKey,
    map: bool,
) {
    if !s.was_written(index) {
        w.field_key(key);
        if map {
            w.begin_object();
            w.end_object();
        } else {
            w.begin_array();
            w.end_array();
        }
    }
}
