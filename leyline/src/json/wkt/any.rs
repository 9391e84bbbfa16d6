//! `google.protobuf.Any`: `{"@type": "type.googleapis.com/pkg.Msg", ...}`
//! with the message's fields inline, or under `"value"` when the packed type
//! is a well-known type with a JSON form of its own. Types are resolved in
//! the [type registry](crate::json::TypeRegistry).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde::Serializer;

use crate::json::error::{push_quoted, JsonError, JsonErrorKind};
use crate::json::read::JsonReader;
use crate::json::registry::AnyEntry;
use crate::json::write::JsonWriter;
use crate::json::{JsonMessage, JsonOptions, JsonType};
use crate::view::ProtoView;
use crate::wkt::Any;

/// The type name of a type URL: what follows its last `/`.
fn type_name(url: &str) -> Option<&str> {
    url.rsplit_once('/')
        .map(|(_, name)| name)
        .filter(|name| !name.is_empty())
}

fn write_any(any: &Any, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
    if any.type_url.is_empty() && any.value.is_empty() {
        w.begin_object();
        w.end_object();
        return Ok(());
    }
    let mut shown = String::new();
    push_quoted(&mut shown, &any.type_url);
    let Some(name) = type_name(&any.type_url) else {
        return Err(JsonError::new(
            JsonErrorKind::Unrepresentable,
            format!("google.protobuf.Any has type URL {shown}, which names no type (expected \"type.googleapis.com/package.Message\")"),
        ));
    };
    let Some(entry) = w.any_entry(name) else {
        return Err(JsonError::new(
            JsonErrorKind::UnknownType,
            format!("google.protobuf.Any holds {shown}, which is not in the type registry (register it with leyline::json::register)"),
        ));
    };
    w.enter()?;
    w.begin_object();
    w.key("@type");
    w.string(&any.type_url);
    entry.write_body(&any.value, w)?;
    w.end_object();
    w.leave();
    Ok(())
}

fn read_any(r: &mut JsonReader<'_>) -> Result<Any, JsonError> {
    r.enter()?;
    let start = r.position();
    // "@type" may come anywhere in the object: find it first.
    let mut members = r.begin_object()?;
    let mut type_url: Option<String> = None;
    let mut keys = 0usize;
    while let Some(key) = r.next_key(&mut members)? {
        keys += 1;
        if r.text(&key) != "@type" {
            r.skip_value()?;
            continue;
        }
        if type_url.is_some() {
            return Err(r.error_at_text(
                &key,
                JsonErrorKind::DuplicateField,
                String::from("\"@type\" appears twice"),
            ));
        }
        if r.peek() != Some(b'"') {
            return Err(r.unexpected("a type URL string for \"@type\""));
        }
        let url = r.read_text()?;
        type_url = Some(String::from(r.text(&url)));
    }
    let Some(type_url) = type_url else {
        r.leave();
        if keys == 0 {
            return Ok(Any::default());
        }
        return Err(r.error_at(
            start,
            JsonErrorKind::InvalidValue,
            String::from("google.protobuf.Any needs an \"@type\" key naming the type it holds"),
        ));
    };
    let mut shown = String::new();
    push_quoted(&mut shown, &type_url);
    let Some(name) = type_name(&type_url) else {
        return Err(r.error_at(
            start,
            JsonErrorKind::InvalidValue,
            format!("{shown} is not a type URL (expected \"type.googleapis.com/package.Message\")"),
        ));
    };
    let Some(entry) = r.any_entry(name) else {
        return Err(r.error_at(
            start,
            JsonErrorKind::UnknownType,
            format!("google.protobuf.Any holds {shown}, which is not in the type registry (register it with leyline::json::register)"),
        ));
    };
    r.rewind(start);
    let value = entry.read_body(r)?;
    r.leave();
    Ok(Any { type_url, value })
}

impl JsonType for Any {
    fn write_json(value: &Any, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        write_any(value, w)
    }
    fn read_json(r: &mut JsonReader<'_>, value: &mut Any) -> Result<bool, JsonError> {
        *value = read_any(r)?;
        Ok(true)
    }
    fn view_is_default(view: &<Any as ProtoView>::View<'_>) -> bool {
        view.as_bytes().is_empty()
    }
    fn write_view_json(
        view: &<Any as ProtoView>::View<'_>,
        w: &mut JsonWriter<'_>,
    ) -> Result<(), JsonError> {
        write_any(&view.get(), w)
    }
    fn serialize_json<S: Serializer>(value: &Any, s: S) -> Result<S::Ok, S::Error> {
        // The packed message is known only to the registry, as JSON: written
        // with the default options, then handed to the serializer.
        let options = JsonOptions::default();
        let mut out = Vec::new();
        let mut w = JsonWriter::new(&mut out, &options);
        write_any(value, &mut w).map_err(serde::ser::Error::custom)?;
        let text = crate::json::into_string(out);
        serde::Serialize::serialize(&crate::json::serde::RawJson(&text), s)
    }
}

impl JsonMessage for Any {
    const TYPE_NAME: &'static str = "google.protobuf.Any";
    const ANY: AnyEntry = AnyEntry::well_known::<Any>();
}
