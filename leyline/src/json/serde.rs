//! serde for the contracts, with proto3 JSON semantics: `Serialize` writes
//! what [`to_string`](super::to_string) writes (field by field, through the
//! serializer), and `Deserialize` reads what [`from_str`](super::from_str)
//! reads. Deserializing goes through JSON text: the deserializer's values are
//! written as JSON (a transcoding pass, linear in the input) and read by
//! leyline's parser, so every rule holds whatever the deserializer (unknown
//! fields, duplicate keys, ranges, the recursion limit).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, SerializeMap, SerializeSeq};
use serde::{Deserializer, Serialize, Serializer};

use super::message::{JsonFields, JsonMessage, JsonOneof};
use super::number;
use super::read::JsonReader;
use super::types::{JsonKey, JsonType};
use super::write::{write_escaped, FieldKey};
use super::JsonOptions;
use crate::wire::DEFAULT_RECURSION_LIMIT;

/// A message's `Serialize`: its fields as map entries.
pub fn serialize_message<M: JsonFields, S: Serializer>(
    message: &M,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    message.__serialize_fields(&mut map)?;
    map.end()
}

/// A message's `Deserialize`: proto3 JSON read by leyline's parser.
pub fn deserialize_message<'de, M: JsonMessage, D: Deserializer<'de>>(d: D) -> Result<M, D::Error> {
    let mut text = Vec::new();
    d.deserialize_any(Transcode {
        out: &mut text,
        depth_left: DEFAULT_RECURSION_LIMIT + 2,
    })?;
    let text = super::into_string(text);
    super::from_str::<M>(&text).map_err(de::Error::custom)
}

/// One value of field type `C`, for `serialize_entry`.
pub struct Ser<'a, C: JsonType>(pub &'a C::Value);

impl<C: JsonType> fmt::Debug for Ser<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ser")
    }
}

impl<C: JsonType> Serialize for Ser<'_, C> {
    #[inline]
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        C::serialize_json(self.0, s)
    }
}

/// A repeated field of type `C`.
struct SerRepeated<'a, C: JsonType>(&'a [C::Value]);

impl<C: JsonType> Serialize for SerRepeated<'_, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for v in self.0 {
            seq.serialize_element(&Ser::<C>(v))?;
        }
        seq.end()
    }
}

/// A map field (its entries, and how many).
struct SerMap<K, V, I>(usize, I, PhantomData<fn() -> (K, V)>);

impl<'m, K, V, I> Serialize for SerMap<K, V, I>
where
    K: JsonKey,
    V: JsonType,
    K::Value: 'm,
    V::Value: 'm,
    I: IntoIterator<Item = (&'m K::Value, &'m V::Value)> + Clone,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0))?;
        for (k, v) in self.1.clone() {
            map.serialize_entry(&SerKey::<K>(k), &Ser::<V>(v))?;
        }
        map.end()
    }
}

/// A map key of type `K`.
struct SerKey<'a, K: JsonKey>(&'a K::Value);

impl<K: JsonKey> Serialize for SerKey<'_, K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        K::serialize_key(self.0, s)
    }
}

/// Serializes a field without presence, unless it holds its default.
#[inline]
pub fn serialize_singular<C: JsonType, M: SerializeMap>(
    map: &mut M,
    key: &FieldKey,
    value: &C::Value,
) -> Result<(), M::Error> {
    if C::is_default(value) {
        return Ok(());
    }
    map.serialize_entry(key.json_name(), &Ser::<C>(value))
}

/// Serializes a field with presence, when set.
#[inline]
pub fn serialize_optional<C: JsonType, M: SerializeMap>(
    map: &mut M,
    key: &FieldKey,
    value: &Option<C::Value>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(key.json_name(), &Ser::<C>(v)),
        None => Ok(()),
    }
}

/// Serializes a repeated field, unless it is empty.
#[inline]
pub fn serialize_repeated<C: JsonType, M: SerializeMap>(
    map: &mut M,
    key: &FieldKey,
    values: &[C::Value],
) -> Result<(), M::Error> {
    if values.is_empty() {
        return Ok(());
    }
    map.serialize_entry(key.json_name(), &SerRepeated::<C>(values))
}

/// Serializes a map field, unless it is empty.
#[inline]
pub fn serialize_map<'m, K, V, I, M>(
    map: &mut M,
    key: &FieldKey,
    len: usize,
    entries: I,
) -> Result<(), M::Error>
where
    K: JsonKey,
    V: JsonType,
    K::Value: 'm,
    V::Value: 'm,
    I: IntoIterator<Item = (&'m K::Value, &'m V::Value)> + Clone,
    M: SerializeMap,
{
    if len == 0 {
        return Ok(());
    }
    map.serialize_entry(
        key.json_name(),
        &SerMap::<K, V, I>(len, entries, PhantomData),
    )
}

/// Serializes a oneof's variant, when one is set.
#[inline]
pub fn serialize_oneof<O: JsonOneof, M: SerializeMap>(
    map: &mut M,
    value: &Option<O>,
) -> Result<(), M::Error> {
    match value {
        Some(o) => o.__serialize_entry(map),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Deserializing: any deserializer's values, written as JSON text.

struct Transcode<'a> {
    out: &'a mut Vec<u8>,
    depth_left: u32,
}

impl Transcode<'_> {
    fn nested(&mut self) -> Result<Transcode<'_>, String> {
        match self.depth_left.checked_sub(1) {
            Some(depth_left) => Ok(Transcode {
                out: self.out,
                depth_left,
            }),
            None => Err(String::from("values are nested too deeply")),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Transcode<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Transcode<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<(), E> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<(), E> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if !v.is_finite() {
            return Err(E::custom("JSON numbers are finite"));
        }
        self.out
            .extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes());
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_escaped(self.out, v);
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.nested().map_err(de::Error::custom)?;
        inner.out.push(b'[');
        let mut first = true;
        loop {
            let at = inner.out.len();
            if !first {
                inner.out.push(b',');
            }
            let seed = Transcode {
                out: &mut *inner.out,
                depth_left: inner.depth_left,
            };
            if seq.next_element_seed(seed)?.is_none() {
                inner.out.truncate(at);
                break;
            }
            first = false;
        }
        inner.out.push(b']');
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let inner = self.nested().map_err(de::Error::custom)?;
        inner.out.push(b'{');
        let mut first = true;
        loop {
            let at = inner.out.len();
            if !first {
                inner.out.push(b',');
            }
            if map.next_key_seed(Key(&mut *inner.out))?.is_none() {
                inner.out.truncate(at);
                break;
            }
            inner.out.push(b':');
            map.next_value_seed(Transcode {
                out: &mut *inner.out,
                depth_left: inner.depth_left,
            })?;
            first = false;
        }
        inner.out.push(b'}');
        Ok(())
    }
}

/// A map key: must be a string.
struct Key<'a>(&'a mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_escaped(self.0, v);
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Serializing JSON text (what `google.protobuf.Any` has to offer serde).

/// Valid JSON text, serialized value by value.
pub(crate) struct RawJson<'a>(pub(crate) &'a str);

impl Serialize for RawJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let options = JsonOptions::default();
        let mut r = JsonReader::new(self.0, &options);
        let err = |e: super::JsonError| <S::Error as ser::Error>::custom(e);
        match r.peek() {
            Some(b'{') => {
                let mut members = r.begin_object().map_err(err)?;
                let mut map = s.serialize_map(None)?;
                while let Some(key) = r.next_key(&mut members).map_err(err)? {
                    let key = String::from(r.text(&key));
                    let (start, end) = r.value_span().map_err(err)?;
                    map.serialize_entry(&key, &RawJson(self.0.get(start..end).unwrap_or("null")))?;
                }
                map.end()
            }
            Some(b'[') => {
                let mut members = r.begin_array().map_err(err)?;
                let mut seq = s.serialize_seq(None)?;
                while r.next_element(&mut members).map_err(err)? {
                    let (start, end) = r.value_span().map_err(err)?;
                    seq.serialize_element(&RawJson(self.0.get(start..end).unwrap_or("null")))?;
                }
                seq.end()
            }
            Some(b'"') => {
                let text = r.read_text().map_err(err)?;
                s.serialize_str(r.text(&text))
            }
            Some(b't' | b'f') => s.serialize_bool(r.read_bool().map_err(err)?),
            Some(b'n') => s.serialize_unit(),
            _ => {
                let text = self.0.trim();
                if let Ok(v) = number::parse_integer(text) {
                    if !text.contains(['.', 'e', 'E']) {
                        if let Ok(v) = u64::try_from(v) {
                            return s.serialize_u64(v);
                        }
                        if let Ok(v) = i64::try_from(v) {
                            return s.serialize_i64(v);
                        }
                    }
                }
                match number::parse_f64(text) {
                    Some(v) => s.serialize_f64(v),
                    None => Err(<S::Error as ser::Error>::custom("invalid JSON number")),
                }
            }
        }
    }
}
