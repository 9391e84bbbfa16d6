//! `google.protobuf.FieldMask` as one string of lowerCamelCase paths:
//! `paths: ["a.b_c", "d"]` is `"a.bC,d"`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde::Serializer;

use crate::json::error::{push_quoted, unrepresentable, JsonError, JsonErrorKind};
use crate::json::read::JsonReader;
use crate::json::registry::AnyEntry;
use crate::json::write::JsonWriter;
use crate::json::{JsonMessage, JsonType};
use crate::view::ProtoView;
use crate::wkt::FieldMask;

/// `a.b_c` as `a.bC`; an error for a path whose JSON form would not read back
/// to it (an upper-case letter, or `_` not followed by a lower-case letter).
fn camel(path: &str) -> Result<String, JsonError> {
    let mut out = String::with_capacity(path.len());
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '_' => match chars.next() {
                Some(n) if n.is_ascii_lowercase() => out.push(n.to_ascii_uppercase()),
                _ => return Err(not_round_trip(path)),
            },
            c if c.is_ascii_uppercase() => return Err(not_round_trip(path)),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cold]
fn not_round_trip(path: &str) -> JsonError {
    let mut shown = String::new();
    push_quoted(&mut shown, path);
    unrepresentable(format!(
        "field mask path {shown} has no JSON form that reads back to it (only lower-case letters, digits, dots, and `_` before a lower-case letter)"
    ))
}

/// The JSON text of a field mask.
fn mask_text(mask: &FieldMask) -> Result<String, JsonError> {
    let paths: Result<Vec<String>, JsonError> = mask.paths.iter().map(|p| camel(p)).collect();
    Ok(paths?.join(","))
}

/// `a.bC` as `a.b_c`; `None` for text with an underscore (never written).
fn snake(path: &str) -> Option<String> {
    let mut out = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        match c {
            '_' => return None,
            c if c.is_ascii_uppercase() => {
                out.push('_');
                out.push(c.to_ascii_lowercase());
            }
            c => out.push(c),
        }
    }
    Some(out)
}

fn read_mask(r: &mut JsonReader<'_>) -> Result<FieldMask, JsonError> {
    let start = r.position();
    if r.peek() != Some(b'"') {
        return Err(r.unexpected("a field mask as a string such as \"a.b,cD\""));
    }
    let text = r.read_text()?;
    let joined = r.text(&text);
    if joined.is_empty() {
        return Ok(FieldMask::default());
    }
    let paths: Option<Vec<String>> = joined.split(',').map(snake).collect();
    paths.map(|paths| FieldMask { paths }).ok_or_else(|| {
        let mut shown = String::new();
        push_quoted(&mut shown, joined);
        r.error_at(
            start,
            JsonErrorKind::InvalidValue,
            format!("{shown} is not a valid field mask: paths are lowerCamelCase, without `_`"),
        )
    })
}

impl JsonType for FieldMask {
    fn write_json(value: &FieldMask, w: &mut JsonWriter<'_>) -> Result<(), JsonError> {
        w.string(&mask_text(value)?);
        Ok(())
    }
    fn read_json(r: &mut JsonReader<'_>, value: &mut FieldMask) -> Result<bool, JsonError> {
        *value = read_mask(r)?;
        Ok(true)
    }
    fn view_is_default(view: &<FieldMask as ProtoView>::View<'_>) -> bool {
        view.as_bytes().is_empty()
    }
    fn write_view_json(
        view: &<FieldMask as ProtoView>::View<'_>,
        w: &mut JsonWriter<'_>,
    ) -> Result<(), JsonError> {
        Self::write_json(&view.get(), w)
    }
    fn serialize_json<S: Serializer>(value: &FieldMask, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&mask_text(value).map_err(serde::ser::Error::custom)?)
    }
}

impl JsonMessage for FieldMask {
    const TYPE_NAME: &'static str = "google.protobuf.FieldMask";
    const ANY: AnyEntry = AnyEntry::well_known::<FieldMask>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_or_are_refused() {
        let mask = FieldMask {
            paths: vec!["foo".into(), "bar_baz".into(), "a.b_c".into(), "x2".into()],
        };
        assert_eq!(mask_text(&mask).ok().as_deref(), Some("foo,barBaz,a.bC,x2"));
        for bad in ["fooBar", "foo_3_bar", "foo__bar", "foo_"] {
            let mask = FieldMask {
                paths: vec![bad.into()],
            };
            assert!(mask_text(&mask).is_err(), "{bad}");
        }
        assert_eq!(snake("barBaz").as_deref(), Some("bar_baz"));
        assert_eq!(snake("bar_bar"), None);
    }
}
