//! Numbers and bools: the varint, zigzag and fixed-width codecs, packed runs,
//! and the [`encoding`] markers that choose an integer's encoding.

use alloc::vec::Vec;
use bytes::BufMut;

use super::ctx::DecodeCtx;
use super::error::{DecodeError, DecodeErrorKind};
use super::len_cache::LenCache;
use super::proto_type::{MapKey, ProtoType, Singular};
use super::reader::{wire_type_error, FieldValue, Reader};
use super::varint::{
    encode_fixed32_field, encode_fixed64_field, encode_varint, encode_varint_field, unzigzag32,
    unzigzag64, varint_len, zigzag32, zigzag64,
};
use super::WireType;
use crate::schema::{FieldType, Scalar};

/// Merges a packed run (or a single value) of a number type. The run is
/// counted before it is read (a varint ends at each byte below 0x80), so the
/// `Vec` grows once, by exactly the run, after the memory budget allowed it:
/// one wire byte becomes at most one element.
#[inline]
fn packed_merge<T: Default>(
    values: &mut Vec<T>,
    field: FieldValue<'_>,
    ctx: DecodeCtx<'_>,
    width: Option<usize>,
    merge: impl Fn(&mut T, FieldValue<'_>, DecodeCtx<'_>) -> Result<(), DecodeError>,
    wire_type: WireType,
) -> Result<(), DecodeError> {
    match field {
        FieldValue::Len(bytes) => {
            let mut r = Reader::new(bytes);
            let count = match width {
                Some(w) => {
                    if bytes.len() % w != 0 {
                        return Err(DecodeError::new(DecodeErrorKind::PackedLength));
                    }
                    bytes.len() / w
                }
                None => bytes.iter().filter(|&&b| b < 0x80).count(),
            };
            ctx.reserve(values, count)?;
            while !r.is_empty() {
                let v = r.read_value(0, wire_type, ctx)?;
                let mut value = T::default();
                merge(&mut value, v, ctx)?;
                values.push(value);
            }
            Ok(())
        }
        other => {
            let mut value = T::default();
            merge(&mut value, other, ctx)?;
            ctx.reserve(values, 1)?;
            values.push(value);
            Ok(())
        }
    }
}

/// Writes fixed-width values as a packed payload: converted a block at a time
/// into a stack buffer, each block written with one `put_slice` (instead of one
/// bounds-checked write per value).
#[inline]
fn encode_packed_fixed<T, const W: usize>(
    values: &[T],
    buf: &mut impl BufMut,
    to_le_bytes: impl Fn(&T) -> [u8; W],
) {
    const BLOCK: usize = 512;
    let mut tmp = [0u8; BLOCK];
    for chunk in values.chunks(BLOCK / W) {
        for (dst, v) in tmp.chunks_exact_mut(W).zip(chunk) {
            dst.copy_from_slice(&to_le_bytes(v));
        }
        if let Some(block) = tmp.get(..chunk.len() * W) {
            buf.put_slice(block);
        }
    }
}

macro_rules! varint_scalar {
    ($ty:ty, $scalar:ident, $max:expr, $to:expr, $from:expr) => {
        impl ProtoType for $ty {
            type Value = $ty;
            const WIRE_TYPE: WireType = WireType::Varint;
            const TYPE: FieldType = FieldType::Scalar(Scalar::$scalar);
            const PACKED: bool = true;
            const MAX_VALUE_LEN: Option<usize> = Some($max);

            #[inline]
            fn is_default(value: &$ty) -> bool {
                *value == <$ty>::default()
            }
            #[inline]
            fn value_len(value: &$ty) -> usize {
                varint_len($to(*value))
            }
            #[inline]
            fn encode_value(value: &$ty, buf: &mut impl BufMut) {
                encode_varint($to(*value), buf);
            }
            #[inline]
            fn encode_field_cached(tag: u32, value: &$ty, buf: &mut impl BufMut, _: &mut LenCache) {
                encode_varint_field(tag, $to(*value), buf);
            }
            #[inline]
            fn merge(
                value: &mut $ty,
                field: FieldValue<'_>,
                _ctx: DecodeCtx<'_>,
            ) -> Result<(), DecodeError> {
                match field {
                    FieldValue::Varint(v) => {
                        *value = $from(v);
                        Ok(())
                    }
                    other => Err(wire_type_error(WireType::Varint, &other)),
                }
            }
            #[inline]
            fn merge_repeated(
                values: &mut Vec<$ty>,
                field: FieldValue<'_>,
                ctx: DecodeCtx<'_>,
            ) -> Result<(), DecodeError> {
                packed_merge(
                    values,
                    field,
                    ctx,
                    None,
                    <$ty as ProtoType>::merge,
                    WireType::Varint,
                )
            }
        }
    };
}

varint_scalar!(u32, Uint32, 5, |v: u32| u64::from(v), |v: u64| v as u32);
varint_scalar!(u64, Uint64, 10, |v: u64| v, |v: u64| v);
varint_scalar!(i32, Int32, 10, |v: i32| v as i64 as u64, |v: u64| v as i32);
varint_scalar!(i64, Int64, 10, |v: i64| v as u64, |v: u64| v as i64);
varint_scalar!(bool, Bool, 1, |v: bool| u64::from(v), |v: u64| v != 0);

macro_rules! marker_scalar {
    ($(#[$doc:meta])* $name:ident, $value:ty, $scalar:ident, $wire:ident, $max:expr,
     len: |$lv:ident| $len:expr, enc: |$ev:ident, $eb:ident| $enc:expr,
     field: |$fv:ident| $field:ident($fexpr:expr),
     dec: $dec:pat => $decv:expr, width: $width:expr $(, le: |$bv:ident| $bytes:expr)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name;

        impl ProtoType for $name {
            type Value = $value;
            const WIRE_TYPE: WireType = WireType::$wire;
            const TYPE: FieldType = FieldType::Scalar(Scalar::$scalar);
            const PACKED: bool = true;
            const MAX_VALUE_LEN: Option<usize> = Some($max);

            #[inline]
            fn is_default(value: &$value) -> bool {
                *value == <$value>::default()
            }
            #[inline]
            fn value_len(value: &$value) -> usize {
                let $lv = *value;
                $len
            }
            #[inline]
            fn encode_value(value: &$value, $eb: &mut impl BufMut) {
                let $ev = *value;
                $enc
            }
            #[inline]
            fn encode_field_cached(tag: u32, value: &$value, buf: &mut impl BufMut, _: &mut LenCache) {
                let $fv = *value;
                $field(tag, $fexpr, buf);
            }
            #[inline]
            fn merge(value: &mut $value, field: FieldValue<'_>, _ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
                match field {
                    $dec => {
                        *value = $decv;
                        Ok(())
                    }
                    other => Err(wire_type_error(WireType::$wire, &other)),
                }
            }
            #[inline]
            fn merge_repeated(values: &mut Vec<$value>, field: FieldValue<'_>, ctx: DecodeCtx<'_>) -> Result<(), DecodeError> {
                packed_merge(values, field, ctx, $width, <$name as ProtoType>::merge, WireType::$wire)
            }
            $(
            #[inline]
            fn encode_packed(values: &[$value], buf: &mut impl BufMut) {
                encode_packed_fixed(values, buf, |$bv: &$value| $bytes)
            }
            )?
        }
    };
}

/// Integer encoding markers for `#[leyline(encoding = "...")]`.
pub mod encoding {
    use super::*;

    marker_scalar!(
        /// `sint32`: zigzag varint of an `i32`.
        Sint32, i32, Sint32, Varint, 5,
        len: |v| varint_len(u64::from(zigzag32(v))),
        enc: |v, buf| encode_varint(u64::from(zigzag32(v)), buf),
        field: |v| encode_varint_field(u64::from(zigzag32(v))),
        dec: FieldValue::Varint(v) => unzigzag32(v as u32),
        width: None
    );
    marker_scalar!(
        /// `sint64`: zigzag varint of an `i64`.
        Sint64, i64, Sint64, Varint, 10,
        len: |v| varint_len(zigzag64(v)),
        enc: |v, buf| encode_varint(zigzag64(v), buf),
        field: |v| encode_varint_field(zigzag64(v)),
        dec: FieldValue::Varint(v) => unzigzag64(v),
        width: None
    );
    marker_scalar!(
        /// `fixed32`: little-endian `u32`.
        Fixed32, u32, Fixed32, ThirtyTwoBit, 4,
        len: |_v| 4,
        enc: |v, buf| buf.put_u32_le(v),
        field: |v| encode_fixed32_field(v.to_le_bytes()),
        dec: FieldValue::Fixed32(v) => v,
        width: Some(4),
        le: |v| v.to_le_bytes()
    );
    marker_scalar!(
        /// `fixed64`: little-endian `u64`.
        Fixed64, u64, Fixed64, SixtyFourBit, 8,
        len: |_v| 8,
        enc: |v, buf| buf.put_u64_le(v),
        field: |v| encode_fixed64_field(v.to_le_bytes()),
        dec: FieldValue::Fixed64(v) => v,
        width: Some(8),
        le: |v| v.to_le_bytes()
    );
    marker_scalar!(
        /// `sfixed32`: little-endian `i32`.
        Sfixed32, i32, Sfixed32, ThirtyTwoBit, 4,
        len: |_v| 4,
        enc: |v, buf| buf.put_i32_le(v),
        field: |v| encode_fixed32_field(v.to_le_bytes()),
        dec: FieldValue::Fixed32(v) => v as i32,
        width: Some(4),
        le: |v| v.to_le_bytes()
    );
    marker_scalar!(
        /// `sfixed64`: little-endian `i64`.
        Sfixed64, i64, Sfixed64, SixtyFourBit, 8,
        len: |_v| 8,
        enc: |v, buf| buf.put_i64_le(v),
        field: |v| encode_fixed64_field(v.to_le_bytes()),
        dec: FieldValue::Fixed64(v) => v as i64,
        width: Some(8),
        le: |v| v.to_le_bytes()
    );
}

macro_rules! float_scalar {
    ($ty:ty, $scalar:ident, $wire:ident, $variant:ident, $width:literal, $field:ident) => {
        impl ProtoType for $ty {
            type Value = $ty;
            const WIRE_TYPE: WireType = WireType::$wire;
            const TYPE: FieldType = FieldType::Scalar(Scalar::$scalar);
            const PACKED: bool = true;
            const MAX_VALUE_LEN: Option<usize> = Some($width);

            #[inline]
            fn is_default(value: &$ty) -> bool {
                // As prost: -0.0 compares equal to 0.0 and is omitted.
                *value == 0.0
            }
            #[inline]
            fn value_len(_value: &$ty) -> usize {
                $width
            }
            #[inline]
            fn encode_value(value: &$ty, buf: &mut impl BufMut) {
                buf.put_slice(&value.to_le_bytes());
            }
            #[inline]
            fn encode_field_cached(tag: u32, value: &$ty, buf: &mut impl BufMut, _: &mut LenCache) {
                $field(tag, value.to_le_bytes(), buf);
            }
            #[inline]
            fn merge(
                value: &mut $ty,
                field: FieldValue<'_>,
                _ctx: DecodeCtx<'_>,
            ) -> Result<(), DecodeError> {
                match field {
                    FieldValue::$variant(v) => {
                        *value = <$ty>::from_bits(v);
                        Ok(())
                    }
                    other => Err(wire_type_error(WireType::$wire, &other)),
                }
            }
            #[inline]
            fn encode_packed(values: &[$ty], buf: &mut impl BufMut) {
                encode_packed_fixed(values, buf, |v: &$ty| v.to_le_bytes())
            }
            #[inline]
            fn merge_repeated(
                values: &mut Vec<$ty>,
                field: FieldValue<'_>,
                ctx: DecodeCtx<'_>,
            ) -> Result<(), DecodeError> {
                match field {
                    FieldValue::Len(bytes) => {
                        if bytes.len() % $width != 0 {
                            return Err(DecodeError::new(DecodeErrorKind::PackedLength));
                        }
                        ctx.reserve(values, bytes.len() / $width)?;
                        values.extend(bytes.chunks_exact($width).map(|c| {
                            let mut a = [0u8; $width];
                            a.copy_from_slice(c);
                            <$ty>::from_le_bytes(a)
                        }));
                        Ok(())
                    }
                    FieldValue::$variant(v) => {
                        ctx.reserve(values, 1)?;
                        values.push(<$ty>::from_bits(v));
                        Ok(())
                    }
                    other => Err(wire_type_error(WireType::$wire, &other)),
                }
            }
        }
    };
}

float_scalar!(f32, Float, ThirtyTwoBit, Fixed32, 4, encode_fixed32_field);
float_scalar!(f64, Double, SixtyFourBit, Fixed64, 8, encode_fixed64_field);

macro_rules! marker_impls {
    ($tr:ident for $($ty:ty),*) => { $(impl $tr for $ty {})* };
}
marker_impls!(Singular for u32, u64, i32, i64, bool, f32, f64, String, Vec<u8>, bytes::Bytes);
marker_impls!(Singular for encoding::Sint32, encoding::Sint64, encoding::Fixed32, encoding::Fixed64, encoding::Sfixed32, encoding::Sfixed64);
macro_rules! map_keys {
    ($($ty:ty => $scalar:ident),* $(,)?) => { $(impl MapKey for $ty { const SCALAR: Scalar = Scalar::$scalar; })* };
}
map_keys! {
    u32 => Uint32, u64 => Uint64, i32 => Int32, i64 => Int64, bool => Bool, String => String,
    encoding::Sint32 => Sint32, encoding::Sint64 => Sint64, encoding::Fixed32 => Fixed32,
    encoding::Fixed64 => Fixed64, encoding::Sfixed32 => Sfixed32, encoding::Sfixed64 => Sfixed64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_fixed_blocks_match_one_value_at_a_time() {
        // More values than one block holds, and a partial last block.
        let floats: Vec<f32> = (0..300).map(|i| i as f32 * 0.37 - 11.0).collect();
        let doubles: Vec<f64> = (0..70).map(|i| i as f64 * -1.5e10).collect();
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        f32::encode_packed(&floats, &mut fast);
        floats.iter().for_each(|v| f32::encode_value(v, &mut slow));
        assert_eq!(fast, slow);
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        f64::encode_packed(&doubles, &mut fast);
        encoding::Sfixed64::encode_packed(&[-1, 2, i64::MIN], &mut fast);
        doubles.iter().for_each(|v| f64::encode_value(v, &mut slow));
        [-1i64, 2, i64::MIN]
            .iter()
            .for_each(|v| encoding::Sfixed64::encode_value(v, &mut slow));
        assert_eq!(fast, slow);
        let mut back = Vec::new();
        let mut payload = Vec::new();
        f32::encode_packed(&floats, &mut payload);
        let memory = crate::wire::MemoryBudget::new(1200);
        let ctx = DecodeCtx::new(1, &memory);
        f32::merge_repeated(&mut back, FieldValue::Len(&payload), ctx).unwrap();
        assert_eq!(back, floats);
        // Exactly the run, counted once.
        assert_eq!(back.capacity(), 300);
        assert_eq!(memory.used(), 1200);
        assert!(f32::merge_repeated(&mut back, FieldValue::Fixed32(0), ctx).is_err());
        assert_eq!(back.len(), 300);
    }

    #[test]
    fn packed_varints_grow_once_by_their_run() {
        // Three varints of 1, 2 and 10 bytes, then a packed run of 1,000
        // one-byte varints: one block each time.
        let memory = crate::wire::MemoryBudget::new(1 << 20);
        let ctx = DecodeCtx::new(1, &memory);
        let mut values: Vec<u64> = Vec::new();
        let mut run = Vec::new();
        for v in [1, 300, u64::MAX] {
            encode_varint(v, &mut run);
        }
        u64::merge_repeated(&mut values, FieldValue::Len(&run), ctx).unwrap();
        assert_eq!(values, [1, 300, u64::MAX]);
        assert_eq!(memory.used(), 4 * 8);
        u64::merge_repeated(&mut values, FieldValue::Len(&[1; 1000]), ctx).unwrap();
        assert_eq!(values.len(), 1003);
        assert_eq!(memory.used(), 4 * 8 + 1003 * 8);
        // A truncated last varint is an error.
        let mut values: Vec<u32> = Vec::new();
        assert!(u32::merge_repeated(&mut values, FieldValue::Len(&[1, 0x80]), ctx).is_err());
        // Past the cap: refused before the run is read.
        let tight = crate::wire::MemoryBudget::new(7);
        let ctx = DecodeCtx::new(1, &tight);
        let mut flags: Vec<bool> = Vec::new();
        assert!(bool::merge_repeated(&mut flags, FieldValue::Len(&[1; 9]), ctx).is_err());
        assert!(flags.is_empty());
        assert_eq!(tight.used(), 0);
    }
}
