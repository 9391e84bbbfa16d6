//! `google.protobuf.Struct`, `Value` and `ListValue` as plain JSON: an
//! object, any value, an array. Each object and array is a level of nesting.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use prost_types::value::Kind;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::Serializer;

use crate::json::error::{unrepresentable, JsonError, JsonErrorKind};
use crate::json::read::JsonReader;
use crate::json::registry::AnyEntry;
use crate::json::write::JsonWriter;
use crate::json::{JsonMessage, JsonType};
use crate::view::ProtoView;
use crate::wkt::{ListValue, Struct, Value};

fn write_value(value: &Value, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
    match &value.kind {
        None => Err(unrepresentable(
            "google.protobuf.Value has no kind set (null, a number, a string, a bool, a struct or a list)",
        )),
        Some(Kind::NullValue(_)) => {
            w.null();
            Ok(())
        }
        Some(Kind::NumberValue(n)) if !n.is_finite() => Err(unrepresentable(alloc::format!(
            "google.protobuf.Value cannot hold {n}: JSON numbers are finite"
        ))),
        Some(Kind::NumberValue(n)) => {
            w.f64(*n);
            Ok(())
        }
        Some(Kind::StringValue(s)) => {
            w.string(s);
            Ok(())
        }
        Some(Kind::BoolValue(b)) => {
            w.bool(*b);
            Ok(())
        }
        Some(Kind::StructValue(s)) => write_struct(s, w),
        Some(Kind::ListValue(l)) => write_list(l, w),
    }
}

fn write_struct(value: &Struct, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
    w.enter()?;
    w.begin_object();
    for (k, v) in &value.fields {
        w.key(k);
        write_value(v, w).map_err(|e| e.at_key(k))?;
    }
    w.end_object();
    w.leave();
    Ok(())
}

fn write_list(value: &ListValue, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
    w.enter()?;
    w.begin_array();
    for (i, v) in value.values.iter().enumerate() {
        w.element();
        write_value(v, w).map_err(|e| e.at_index(i))?;
    }
    w.end_array();
    w.leave();
    Ok(())
}

fn read_value(r: &mut JsonReader<'_>) -> Result<Value, JsonError> {
    let kind = match r.peek() {
        Some(b'n') if r.take_null() => Kind::NullValue(0),
        Some(b't' | b'f') => Kind::BoolValue(r.read_bool()?),
        Some(b'"') => {
            let mut s = String::new();
            r.read_string_into(&mut s)?;
            Kind::StringValue(s)
        }
        Some(b'-' | b'0'..=b'9') => Kind::NumberValue(r.read_f64("google.protobuf.Value")?),
        Some(b'{') => Kind::StructValue(read_struct(r)?),
        Some(b'[') => Kind::ListValue(read_list(r)?),
        _ => return Err(r.unexpected("a JSON value")),
    };
    Ok(Value { kind: Some(kind) })
}

fn read_struct(r: &mut JsonReader<'_>) -> Result<Struct, JsonError> {
    r.enter()?;
    let mut fields = BTreeMap::new();
    let mut members = r.begin_object()?;
    while let Some(key) = r.next_key(&mut members)? {
        let k = String::from(r.text(&key));
        if fields.contains_key(&k) {
            let mut shown = String::new();
            crate::json::error::push_quoted(&mut shown, &k);
            return Err(r.error_at_text(
                &key,
                JsonErrorKind::DuplicateField,
                alloc::format!("key {shown} appears twice"),
            ));
        }
        let v = read_value(r).map_err(|e| e.at_key(&k))?;
        fields.insert(k, v);
    }
    r.leave();
    Ok(Struct { fields })
}

fn read_list(r: &mut JsonReader<'_>) -> Result<ListValue, JsonError> {
    r.enter()?;
    let mut values = Vec::new();
    let mut members = r.begin_array()?;
    while r.next_element(&mut members)? {
        let v = read_value(r).map_err(|e| e.at_index(values.len()))?;
        values.push(v);
    }
    r.leave();
    Ok(ListValue { values })
}

/// A `Value` through serde.
struct SerValue<'a>(&'a Value);

impl serde::Serialize for SerValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        match &self.0.kind {
            None => Err(S::Error::custom("google.protobuf.Value has no kind set")),
            Some(Kind::NullValue(_)) => s.serialize_unit(),
            Some(Kind::NumberValue(n)) if !n.is_finite() => Err(S::Error::custom(alloc::format!(
                "google.protobuf.Value cannot hold {n}: JSON numbers are finite"
            ))),
            Some(Kind::NumberValue(n)) => s.serialize_f64(*n),
            Some(Kind::StringValue(v)) => s.serialize_str(v),
            Some(Kind::BoolValue(b)) => s.serialize_bool(*b),
            Some(Kind::StructValue(v)) => serialize_struct(v, s),
            Some(Kind::ListValue(v)) => serialize_list(v, s),
        }
    }
}

fn serialize_struct<S: Serializer>(value: &Struct, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(value.fields.len()))?;
    for (k, v) in &value.fields {
        map.serialize_entry(k, &SerValue(v))?;
    }
    map.end()
}

fn serialize_list<S: Serializer>(value: &ListValue, s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(value.values.len()))?;
    for v in &value.values {
        seq.serialize_element(&SerValue(v))?;
    }
    seq.end()
}

macro_rules! struct_wkt {
    ($ty:ident, $name:literal, $write:ident, $read:ident, $serialize:ident, null: $null:literal) => {
        impl JsonType for $ty {
            const NULL_IS_VALUE: bool = $null;

            fn write_json(value: &$ty, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
                $write(value, w)
            }
            fn read_json(r: &mut JsonReader<'_>, value: &mut $ty) -> Result<bool, JsonError> {
                *value = $read(r)?;
                Ok(true)
            }
            fn view_is_default(view: &<$ty as ProtoView>::View<'_>) -> bool {
                view.as_bytes().is_empty()
            }
            fn write_view_json(
                view: &<$ty as ProtoView>::View<'_>,
                w: &mut JsonWriter<'_>,
            ) -> Result<(), JsonError> {
                $write(&view.get(), w)
            }
            fn serialize_json<S: Serializer>(value: &$ty, s: S) -> Result<S::Ok, S::Error> {
                $serialize(value, s)
            }
        }

        impl JsonMessage for $ty {
            const TYPE_NAME: &'static str = $name;
            const ANY: AnyEntry = AnyEntry::well_known::<$ty>();
        }
    };
}

fn serialize_value<S: Serializer>(value: &Value, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&SerValue(value), s)
}

struct_wkt!(Struct, "google.protobuf.Struct", write_struct, read_struct, serialize_struct, null: false);
struct_wkt!(Value, "google.protobuf.Value", write_value, read_value, serialize_value, null: true);
struct_wkt!(ListValue, "google.protobuf.ListValue", write_list, read_list, serialize_list, null: false);
