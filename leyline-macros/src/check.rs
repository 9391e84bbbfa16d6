//! Every schema rule protoc enforces, checked on the parsed model. All errors of
//! an item are collected; each points at the token to change and names what it
//! collides with, and a collision adds a note at the earlier declaration (a
//! stable proc macro can emit errors only, so the note is an error whose text
//! starts with `note:`, right after the error it belongs to). Rules that span
//! items (a oneof's variants against the message holding it) are checked by
//! `held`, once the oneofs' callbacks have delivered their variants.

use std::collections::HashMap;

use darling::error::Accumulator;
use darling::Error;
use proc_macro2::Span;
use syn::LitStr;

use crate::attr::{Number, ReservedRange};
use crate::model::{Enumeration, FieldKind, Message, Oneof};
use crate::ty::Shape;

mod held;
mod rules;

pub(crate) use held::held;

pub(crate) const MAX_FIELD_NUMBER: i128 = (1 << 29) - 1;
pub(crate) const IMPL_RESERVED: (i128, i128) = (19000, 19999);

fn err(span: Span, msg: impl std::fmt::Display) -> Error {
    Error::custom(msg).with_span(&span)
}

/// The note at the earlier declaration a collision names.
fn note(span: Span, msg: impl std::fmt::Display) -> Error {
    Error::custom(format!("note: {msg}")).with_span(&span)
}

/// The JSON name protoc derives from a field name.
pub(crate) fn json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Checks a package name: dot-separated identifiers.
fn check_package(package: &str, span: Span, errors: &mut Accumulator) {
    if package.is_empty() || !package.split('.').all(is_identifier) {
        errors.push(err(
            span,
            format!("invalid package \"{package}\": use dot-separated identifiers such as \"esper.leyline.v1\""),
        ));
    }
}

/// A contract may not live in protobuf's own package: on export it would
/// clash with protoc's `google/protobuf/*.proto`. Leyline's own well-known
/// types (`well_known = "..."`) are the exception.
fn check_not_google(package: &str, span: Span, well_known: bool, errors: &mut Accumulator) {
    if !well_known && (package == "google.protobuf" || package.starts_with("google.protobuf.")) {
        errors.push(err(
            span,
            format!(
                "package \"{package}\" belongs to protobuf itself: protoc's own files (descriptor.proto and the well-known types) declare it, and an exported contract there would clash with them; choose a package of your own such as \"acme.v1\" (the well-known types are already in leyline: leyline::Timestamp, leyline::Int32Value, leyline::NullValue, ...)"
            ),
        ));
    }
}

/// Checks one field number (rules 1 and 2).
fn check_field_number(what: &str, n: &Number, errors: &mut Accumulator) {
    if n.value < 1 || n.value > MAX_FIELD_NUMBER {
        errors.push(err(
            n.span,
            format!("field number {} of {what} is out of range: field numbers run from 1 to {MAX_FIELD_NUMBER}", n.value),
        ));
    } else if (IMPL_RESERVED.0..=IMPL_RESERVED.1).contains(&n.value) {
        errors.push(err(
            n.span,
            format!(
                "field number {} of {what} is reserved for the protobuf implementation (19000 to 19999); choose another",
                n.value
            ),
        ));
    }
}

fn describe_range(r: &ReservedRange) -> String {
    format!("reserved({})", r.text)
}

/// Checks reserved ranges and names (rule 5); `max` is the largest number allowed.
fn check_reserved(
    ranges: &[ReservedRange],
    names: &[LitStr],
    min: i128,
    max: i128,
    errors: &mut Accumulator,
) {
    for (i, r) in ranges.iter().enumerate() {
        if r.end < r.start {
            errors.push(err(
                r.span,
                format!(
                    "reserved range `{}` is empty: it holds no number; write `start..=end` with start <= end",
                    r.text
                ),
            ));
            continue;
        }
        if r.start < min || r.end > max {
            errors.push(err(
                r.span,
                format!(
                    "reserved numbers must lie within {min} to {max}; {} does not",
                    describe_range(r)
                ),
            ));
        }
        for earlier in &ranges[..i] {
            if earlier.end >= earlier.start && r.start <= earlier.end && earlier.start <= r.end {
                errors.push(err(
                    r.span,
                    format!(
                        "`{}` overlaps the earlier `{}`; merge them or make them disjoint",
                        describe_range(r),
                        describe_range(earlier)
                    ),
                ));
                errors.push(note(
                    earlier.span,
                    format!("the earlier `{}`", describe_range(earlier)),
                ));
            }
        }
    }
    let mut seen: HashMap<String, &LitStr> = HashMap::new();
    for name in names {
        let value = name.value();
        if !is_identifier(&value) {
            errors.push(err(
                name.span(),
                format!("reserved name \"{value}\" is not a valid identifier"),
            ));
        }
        if let Some(first) = seen.get(&value) {
            errors.push(err(
                name.span(),
                format!("reserved_names lists \"{value}\" twice; remove one"),
            ));
            errors.push(note(first.span(), "first listed here"));
        } else {
            seen.insert(value.clone(), name);
        }
    }
}

fn reserved_containing(ranges: &[ReservedRange], n: i128) -> Option<&ReservedRange> {
    ranges.iter().find(|r| r.start <= n && n <= r.end)
}

/// All rules for a message and its fields.
pub(crate) fn message(msg: &Message, errors: &mut Accumulator) {
    if let Some(span) = msg.package_span {
        check_package(&msg.package, span, errors);
        check_not_google(&msg.package, span, msg.well_known.is_some(), errors);
    }
    check_reserved(
        &msg.reserved,
        &msg.reserved_names,
        1,
        MAX_FIELD_NUMBER,
        errors,
    );
    let reserved_names: HashMap<String, &LitStr> =
        msg.reserved_names.iter().map(|n| (n.value(), n)).collect();

    let mut numbers: HashMap<i128, (String, Span)> = HashMap::new();
    let mut names: HashMap<String, (String, Span)> = HashMap::new();
    let mut json_names: HashMap<String, (String, Span)> = HashMap::new();
    let mut unknown_store: Option<String> = None;

    for field in &msg.fields {
        let rust = field.ident.to_string();
        match &field.kind {
            FieldKind::Plain { number, name, .. } | FieldKind::Unusable { number, name } => {
                let what = format!("field `{rust}`");
                check_field_number(&what, number, errors);
                if let Some((other, first)) = numbers.get(&number.value) {
                    errors.push(err(
                        number.span,
                        format!(
                            "field number {} of `{rust}` is already used by field `{other}`",
                            number.value
                        ),
                    ));
                    errors.push(note(*first, format!("first used here, by field `{other}`")));
                } else {
                    numbers.insert(number.value, (rust.clone(), number.span));
                }
                if let Some(r) = reserved_containing(&msg.reserved, number.value) {
                    errors.push(err(
                        number.span,
                        format!(
                            "field number {} of `{rust}` is reserved by `{}` on message `{}`",
                            number.value,
                            describe_range(r),
                            msg.ident
                        ),
                    ));
                }
                check_name(
                    &name.value,
                    name.span,
                    &rust,
                    &reserved_names,
                    &mut names,
                    &mut json_names,
                    errors,
                );
                if let FieldKind::Plain {
                    shape: Shape::Map { key, .. },
                    ..
                } = &field.kind
                {
                    if let Some((bad, remark)) = key.invalid_map_key() {
                        errors.push(err(
                            crate::ty::span_of(&key.ty),
                            format!(
                                "map field `{rust}` has {bad}: protobuf map keys must be u32, u64, i32, i64, bool or String{remark}"
                            ),
                        ));
                    }
                }
            }
            FieldKind::Oneof { name, .. } => {
                check_name(
                    &name.value,
                    name.span,
                    &rust,
                    &reserved_names,
                    &mut names,
                    &mut json_names,
                    errors,
                );
            }
            FieldKind::Unknown => {
                if let Some(other) = &unknown_store {
                    errors.push(err(
                        field.ident.span(),
                        format!("`{rust}` is a second unknown-field store; `{other}` already keeps unknown fields"),
                    ));
                } else {
                    unknown_store = Some(rust.clone());
                }
            }
        }
    }
    rules::message(msg, errors);
}

fn check_name(
    name: &str,
    span: Span,
    rust: &str,
    reserved: &HashMap<String, &LitStr>,
    names: &mut HashMap<String, (String, Span)>,
    json_names: &mut HashMap<String, (String, Span)>,
    errors: &mut Accumulator,
) {
    if !is_identifier(name) {
        errors.push(err(
            span,
            format!("\"{name}\" is not a valid protobuf field name"),
        ));
    }
    if reserved.contains_key(name) {
        errors.push(err(
            span,
            format!("field name \"{name}\" of `{rust}` is reserved by reserved_names(\"{name}\")"),
        ));
    }
    if let Some((other, first)) = names.get(name) {
        errors.push(err(
            span,
            format!("field name \"{name}\" of `{rust}` is already used by `{other}`"),
        ));
        errors.push(note(*first, format!("first used here, by `{other}`")));
    } else {
        names.insert(name.to_owned(), (rust.to_owned(), span));
        let json = json_name(name);
        if let Some((other, first)) = json_names.get(&json) {
            errors.push(err(
                span,
                format!("the JSON name \"{json}\" of field `{rust}` collides with that of `{other}`; rename one of them"),
            ));
            errors.push(note(*first, format!("the JSON name of `{other}`, here")));
        } else {
            json_names.insert(json, (rust.to_owned(), span));
        }
    }
}

/// Rules for a oneof on its own (its rules against the message holding it are
/// `held`'s).
pub(crate) fn oneof(o: &Oneof, errors: &mut Accumulator) {
    let mut numbers: HashMap<i128, (String, Span)> = HashMap::new();
    let mut names: HashMap<String, (String, Span)> = HashMap::new();
    for v in &o.variants {
        let rust = v.ident.to_string();
        check_field_number(&format!("oneof variant `{rust}`"), &v.number, errors);
        if let Some((other, first)) = numbers.get(&v.number.value) {
            errors.push(err(
                v.number.span,
                format!(
                    "field number {} of variant `{rust}` is already used by variant `{other}`",
                    v.number.value
                ),
            ));
            errors.push(note(
                *first,
                format!("first used here, by variant `{other}`"),
            ));
        } else {
            numbers.insert(v.number.value, (rust.clone(), v.number.span));
        }
        if !is_identifier(&v.name.value) {
            errors.push(err(
                v.name.span,
                format!("\"{}\" is not a valid protobuf field name", v.name.value),
            ));
        }
        if let Some((other, first)) = names.get(&v.name.value) {
            errors.push(err(
                v.name.span,
                format!(
                    "field name \"{}\" of variant `{rust}` is already used by `{other}`",
                    v.name.value
                ),
            ));
            errors.push(note(
                *first,
                format!("first used here, by variant `{other}`"),
            ));
        } else {
            names.insert(v.name.value.clone(), (rust, v.name.span));
        }
    }
    rules::oneof(o, errors);
}

/// Rules for an enumeration (rule 8).
pub(crate) fn enumeration(e: &Enumeration, errors: &mut Accumulator) {
    if let Some(span) = e.package_span {
        check_package(&e.package, span, errors);
        check_not_google(&e.package, span, e.well_known.is_some(), errors);
    }
    check_reserved(
        &e.reserved,
        &e.reserved_names,
        i32::MIN.into(),
        i32::MAX.into(),
        errors,
    );
    if e.first_declared.is_none() {
        errors.push(err(
            e.span,
            format!(
                "enumeration `{}` has no values: a proto3 enum needs at least its zero value, such as `Unspecified = 0`",
                e.ident
            ),
        ));
        return;
    }
    // The zero-value rule is about the first variant as declared; when that one
    // did not parse its own error is already reported.
    let first = e
        .variants
        .first()
        .filter(|v| Some(&v.ident) == e.first_declared.as_ref());
    if let Some(first) = first.filter(|f| f.value.value != 0) {
        errors.push(err(
            first.value.span,
            format!(
                "the first value of enumeration `{}` must be 0 (proto3 uses it as the default); `{}` is {}: declare a zero value such as `Unspecified = 0` first",
                e.ident, first.ident, first.value.value
            ),
        ));
    }
    let reserved_names: HashMap<String, &LitStr> =
        e.reserved_names.iter().map(|n| (n.value(), n)).collect();
    let mut values: HashMap<i128, (String, Span)> = HashMap::new();
    let mut names: HashMap<String, (String, Span)> = HashMap::new();
    let mut aliased = false;
    for v in &e.variants {
        let rust = v.ident.to_string();
        if rust == "Unrecognized" {
            errors.push(err(
                v.ident.span(),
                "the variant name `Unrecognized` is taken: leyline adds `Unrecognized(i32)` to every enumeration for numbers this build does not know; rename this variant (its proto name can stay, with #[leyline(name = \"...\")])",
            ));
        }
        if v.value.value < i128::from(i32::MIN) || v.value.value > i128::from(i32::MAX) {
            errors.push(err(
                v.value.span,
                format!(
                    "value {} of `{rust}` does not fit in an i32, which protobuf enum values must",
                    v.value.value
                ),
            ));
        }
        if let Some((other, first)) = values.get(&v.value.value) {
            if e.allow_alias.is_some() {
                aliased = true;
            } else if e.package_span.is_some() {
                // (When the macro arguments did not parse, `allow_alias` is
                // unknown, and an alias is not reported.)
                errors.push(err(
                    v.value.span,
                    format!(
                        "value {} of `{rust}` is already used by `{other}`; add `allow_alias` to #[leyline::enumeration(...)] if the alias is intended",
                        v.value.value
                    ),
                ));
                errors.push(note(*first, format!("first used here, by `{other}`")));
            }
        } else {
            values.insert(v.value.value, (rust.clone(), v.value.span));
        }
        if let Some(r) = reserved_containing(&e.reserved, v.value.value) {
            errors.push(err(
                v.value.span,
                format!(
                    "value {} of `{rust}` is reserved by `{}` on enumeration `{}`",
                    v.value.value,
                    describe_range(r),
                    e.ident
                ),
            ));
        }
        if !is_identifier(&v.name.value) {
            errors.push(err(
                v.name.span,
                format!(
                    "\"{}\" is not a valid protobuf enum value name",
                    v.name.value
                ),
            ));
        }
        if reserved_names.contains_key(&v.name.value) {
            errors.push(err(
                v.name.span,
                format!(
                    "value name \"{}\" of `{rust}` is reserved by reserved_names(\"{}\")",
                    v.name.value, v.name.value
                ),
            ));
        }
        if let Some((other, first)) = names.get(&v.name.value) {
            errors.push(err(
                v.name.span,
                format!(
                    "value name \"{}\" of `{rust}` is already used by `{other}`",
                    v.name.value
                ),
            ));
            errors.push(note(*first, format!("first used here, by `{other}`")));
        } else {
            names.insert(v.name.value.clone(), (rust, v.name.span));
        }
    }
    if let (Some(span), false) = (e.allow_alias, aliased) {
        errors.push(err(
            span,
            format!("enumeration `{}` sets allow_alias but no two values share a number; remove allow_alias", e.ident),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::{EnumArgs, MessageArgs};
    use darling::FromMeta;
    use syn::parse_quote;

    /// The messages of the errors in `result`, notes included.
    fn texts(result: darling::Result<()>) -> Vec<String> {
        match result {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    /// The errors of `texts` that are not notes.
    fn primaries(texts: &[String]) -> usize {
        texts.iter().filter(|t| !t.starts_with("note: ")).count()
    }

    fn notes(texts: &[String]) -> Vec<&str> {
        texts
            .iter()
            .filter_map(|t| t.strip_prefix("note: "))
            .collect()
    }

    fn message_texts(args: syn::Meta, item: syn::ItemStruct) -> Vec<String> {
        let args = MessageArgs::from_meta(&args).unwrap();
        let mut errors = Error::accumulator();
        let msg = Message::parse(Some(args), &item, &mut errors);
        message(&msg, &mut errors);
        texts(errors.finish())
    }

    /// The number of errors, notes not counted.
    fn message_errors(args: syn::Meta, item: syn::ItemStruct) -> usize {
        primaries(&message_texts(args, item))
    }

    fn enum_texts(args: syn::Meta, item: syn::ItemEnum) -> Vec<String> {
        let args = EnumArgs::from_meta(&args).unwrap();
        let mut errors = Error::accumulator();
        let e = Enumeration::parse(Some(args), &item, &mut errors);
        enumeration(&e, &mut errors);
        texts(errors.finish())
    }

    fn enum_errors(args: syn::Meta, item: syn::ItemEnum) -> usize {
        primaries(&enum_texts(args, item))
    }

    #[test]
    fn a_valid_message_has_no_errors() {
        let n = message_errors(
            parse_quote!(message(
                package = "a.v1",
                reserved(3, 100..=199),
                reserved_names("old")
            )),
            parse_quote! {
                struct M {
                    #[leyline(field = 1)] a: u32,
                    #[leyline(field = 2, encoding = "sint64")] b: i64,
                    #[leyline(field = 4)] c: std::collections::HashMap<String, f32>,
                    #[leyline(oneof)] d: Option<Choice>,
                    #[leyline(unknown_fields)] u: leyline::UnknownFields,
                }
            },
        );
        assert_eq!(n, 0);
    }

    #[test]
    fn number_rules_accumulate() {
        let n = message_errors(
            parse_quote!(message(package = "a.v1", reserved(3, 100..=199))),
            parse_quote! {
                struct M {
                    #[leyline(field = 0)] zero: u32,
                    #[leyline(field = 536870912)] too_big: u32,
                    #[leyline(field = 19500)] implementation: u32,
                    #[leyline(field = 1)] a: u32,
                    #[leyline(field = 1)] b: u32,
                    #[leyline(field = 3)] reserved_one: u32,
                    #[leyline(field = 150)] reserved_range: u32,
                }
            },
        );
        assert_eq!(n, 6);
    }

    #[test]
    fn reserved_rules_accumulate() {
        let n = message_errors(
            parse_quote!(message(
                package = "a.v1",
                reserved(10..=20, 15..=30, 9..5),
                reserved_names("x", "x")
            )),
            parse_quote! { struct M { #[leyline(field = 1)] x: u32 } },
        );
        // overlap, empty range, name twice, field named as reserved
        assert_eq!(n, 4);
    }

    #[test]
    fn name_rules() {
        let n = message_errors(
            parse_quote!(message(package = "a.v1")),
            parse_quote! {
                struct M {
                    #[leyline(field = 1)] foo_bar: u32,
                    #[leyline(field = 2, name = "foo_bar")] other: u32,
                    #[leyline(field = 3, name = "fooBar")] camel: u32,
                }
            },
        );
        // duplicate name; JSON name collision
        assert_eq!(n, 2);
    }

    #[test]
    fn shape_and_attribute_rules() {
        let n = message_errors(
            parse_quote!(message(package = "a.v1")),
            parse_quote! {
                struct M {
                    #[leyline(field = 1)] a: usize,
                    #[leyline(field = 2)] b: Option<Vec<u32>>,
                    #[leyline(field = 3)] c: std::collections::HashMap<f32, u32>,
                    #[leyline(field = 4, encoding = "sint32")] d: u32,
                    #[leyline(fild = 5)] e: u32,
                    f: u32,
                }
            },
        );
        assert_eq!(n, 6);
    }

    #[test]
    fn shapes_of_structs() {
        let tuple = message_errors(
            parse_quote!(message(package = "a.v1")),
            parse_quote!(
                struct M(u32);
            ),
        );
        let unit = message_errors(
            parse_quote!(message(package = "a.v1")),
            parse_quote!(
                struct M;
            ),
        );
        let generic = message_errors(
            parse_quote!(message(package = "a.v1")),
            parse_quote!(
                struct M<T> {
                    #[leyline(field = 1)]
                    a: u32,
                    b: T,
                }
            ),
        );
        assert_eq!((tuple, unit), (1, 1));
        // generic parameters, and the field without a number
        assert_eq!(generic, 2);
    }

    #[test]
    fn enumeration_rules() {
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1")),
                parse_quote!(
                    enum E {
                        A = 0,
                        B = 1,
                    }
                )
            ),
            0
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1")),
                parse_quote!(
                    enum E {
                        A = 1,
                    }
                )
            ),
            1
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1")),
                parse_quote!(
                    enum E {}
                )
            ),
            1
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1")),
                parse_quote!(
                    enum E {
                        A = 0,
                        B = 0,
                    }
                )
            ),
            1
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1", allow_alias)),
                parse_quote!(
                    enum E {
                        A = 0,
                        B = 0,
                    }
                )
            ),
            0
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1", allow_alias)),
                parse_quote!(
                    enum E {
                        A = 0,
                        B = 1,
                    }
                )
            ),
            1
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(
                    package = "a.v1",
                    reserved(2),
                    reserved_names("E_C")
                )),
                parse_quote!(
                    enum E {
                        A = 0,
                        B = 2,
                        C = 3,
                    }
                )
            ),
            2
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1")),
                parse_quote!(
                    enum E {
                        A = 0,
                        B = 3000000000,
                    }
                )
            ),
            1
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1")),
                parse_quote!(
                    enum E {
                        A = 0,
                        B,
                    }
                )
            ),
            1
        );
    }

    fn oneof_texts(item: syn::ItemEnum) -> Vec<String> {
        let mut errors = Error::accumulator();
        let o = Oneof::parse(&item, &mut errors);
        oneof(&o, &mut errors);
        texts(errors.finish())
    }

    #[test]
    fn oneof_rules() {
        let count = |item: syn::ItemEnum| primaries(&oneof_texts(item));
        assert_eq!(
            count(parse_quote!(
                enum O {
                    #[leyline(field = 1)]
                    A(u32),
                    #[leyline(field = 2)]
                    B(String),
                }
            )),
            0
        );
        assert_eq!(
            count(parse_quote!(
                enum O {}
            )),
            1
        );
        assert_eq!(
            count(parse_quote!(
                enum O {
                    #[leyline(field = 1)]
                    A(u32, u32),
                }
            )),
            1
        );
        assert_eq!(
            count(parse_quote!(
                enum O {
                    #[leyline(field = 1)]
                    A(Vec<u32>),
                }
            )),
            1
        );
        assert_eq!(
            count(parse_quote!(
                enum O {
                    #[leyline(field = 1)]
                    A(u32),
                    #[leyline(field = 1)]
                    B(u32),
                }
            )),
            1
        );
        assert_eq!(
            count(parse_quote!(
                enum O {
                    A(u32),
                }
            )),
            1
        );
    }

    #[test]
    fn parse_errors_do_not_hide_check_errors() {
        let n = message_errors(
            parse_quote!(message(package = "a.v1")),
            parse_quote! {
                struct M {
                    #[leyline(fild = 1)] a: u32,
                    #[leyline(field = 2)] b: usize,
                    #[leyline(field = 2)] c: u32,
                    #[leyline(field = 0)] d: u32,
                }
            },
        );
        // unknown key; usize; number 2 twice (b is kept for its number); 0
        assert_eq!(n, 4);
    }

    #[test]
    fn map_keys_are_recognised_by_name() {
        let n = message_errors(
            parse_quote!(message(package = "a.v1")),
            parse_quote! {
                struct M {
                    #[leyline(field = 1)] a: std::collections::HashMap<Stage, u32>,
                    #[leyline(field = 2)] b: std::collections::BTreeMap<Point, u32>,
                    #[leyline(field = 3)] c: std::collections::HashMap<Vec<u8>, u32>,
                    #[leyline(field = 4, key_encoding = "sint32")] d: std::collections::HashMap<i32, u32>,
                    #[leyline(field = 5)] e: std::collections::HashMap<String, Point>,
                }
            },
        );
        assert_eq!(n, 3);
    }

    #[test]
    fn enumeration_errors_are_not_repeated() {
        // The first variant did not parse: no "first value must be 0" for `B`.
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1")),
                parse_quote!(
                    enum E {
                        A(u32),
                        B = 1,
                    }
                )
            ),
            1
        );
        assert_eq!(
            enum_errors(
                parse_quote!(enumeration(package = "a.v1")),
                parse_quote!(
                    enum E {
                        A = 0,
                        Unrecognized = 1,
                    }
                )
            ),
            1
        );
    }

    #[test]
    fn a_collision_has_a_note_at_the_first_declaration() {
        let t = message_texts(
            parse_quote!(message(
                package = "a.v1",
                reserved(10..=20, 15..=30),
                reserved_names("x", "x")
            )),
            parse_quote! {
                struct M {
                    #[leyline(field = 1)] id: u32,
                    #[leyline(field = 1)] again: u32,
                    #[leyline(field = 2, name = "id")] other: u32,
                    #[leyline(field = 3)] foo_bar: u32,
                    #[leyline(field = 4, name = "fooBar")] camel: u32,
                }
            },
        );
        assert_eq!(primaries(&t), 5, "{t:#?}");
        assert_eq!(
            notes(&t),
            [
                "the earlier `reserved(10..=20)`",
                "first listed here",
                "first used here, by field `id`",
                "first used here, by `id`",
                "the JSON name of `foo_bar`, here",
            ],
            "{t:#?}"
        );
        // Each note comes right after the error it belongs to.
        let i = t
            .iter()
            .position(|t| t == "field number 1 of `again` is already used by field `id`")
            .unwrap_or(usize::MAX);
        assert_eq!(
            t.get(i + 1).map(String::as_str),
            Some("note: first used here, by field `id`")
        );
    }

    #[test]
    fn oneof_and_enumeration_collisions_have_notes() {
        let t = oneof_texts(parse_quote!(
            enum O {
                #[leyline(field = 1)]
                A(u32),
                #[leyline(field = 1, name = "a")]
                B(u32),
            }
        ));
        assert_eq!(primaries(&t), 2, "{t:#?}");
        assert_eq!(
            notes(&t),
            [
                "first used here, by variant `A`",
                "first used here, by variant `A`"
            ]
        );
        let t = enum_texts(
            parse_quote!(enumeration(package = "a.v1")),
            parse_quote!(
                enum E {
                    A = 0,
                    B = 0,
                    #[leyline(name = "E_A")]
                    C = 1,
                }
            ),
        );
        assert_eq!(primaries(&t), 2, "{t:#?}");
        assert_eq!(
            notes(&t),
            ["first used here, by `A`", "first used here, by `A`"]
        );
        // An alias that is allowed is no collision.
        let t = enum_texts(
            parse_quote!(enumeration(package = "a.v1", allow_alias)),
            parse_quote!(
                enum E {
                    A = 0,
                    B = 0,
                }
            ),
        );
        assert!(t.is_empty(), "{t:#?}");
    }

    /// The rules between a message and its oneofs, on what the callbacks
    /// deliver (`crate::held`): two oneofs, a reserved range and name, and
    /// fields whose numbers and names collide with variants.
    fn held_texts(held: crate::held::Held) -> Vec<String> {
        let mut errors = Error::accumulator();
        super::held(&held, &mut errors);
        texts(errors.finish())
    }

    #[test]
    fn variants_against_the_holding_message() {
        let t = held_texts(parse_quote! {
            [
                { usable [(Note 2 "note") (Count 150 "count") (Old 7 "old")] }
                { usable [(Host 2 "host") (Pid 9 "note") (FooBar 10 "foo_bar")] }
            ]
            {
                "Seed" checks
                [(100 199 "100..=199")]
                ["old"]
                [(id 1 "id" {}) (fooBar 8 "fooBar" {}) (pid 9 "pid" {})]
                [(payload "payload" (Payload)) (origin "origin" (crate::origin::Origin))]
            }
        });
        assert_eq!(
            t,
            [
                "field number 150 of variant `Count` of oneof `payload` (Payload) is reserved by `reserved(100..=199)` on message `Seed`: reserved numbers are never reused; renumber the variant",
                "field name \"old\" of variant `Old` of oneof `payload` (Payload) is reserved by reserved_names(\"old\") on message `Seed`; rename the variant",
                "field number 2 of variant `Host` of oneof `origin` (crate::origin::Origin) is already used by variant `Note` of oneof `payload` (Payload) in message `Seed`",
                "note: first used here, by variant `Note` of oneof `payload` (Payload)",
                "field number 9 of `pid` is also used by variant `Pid` of oneof `origin` (crate::origin::Origin) in message `Seed`",
                "note: used here by variant `Pid` of oneof `origin` (crate::origin::Origin)",
                "field name \"note\" of variant `Pid` of oneof `origin` (crate::origin::Origin) is already used by variant `Note` of oneof `payload` (Payload) in message `Seed`",
                "note: first used here, by variant `Note` of oneof `payload` (Payload)",
                "the JSON name \"fooBar\" of `fooBar` is also used by variant `FooBar` of oneof `origin` (crate::origin::Origin) in message `Seed`",
                "note: used here by variant `FooBar` of oneof `origin` (crate::origin::Origin)",
            ]
        );
    }

    #[test]
    fn a_oneof_with_errors_is_not_checked_against_its_holder() {
        let t = held_texts(parse_quote! {
            [{ broken }]
            { "Seed" checks [(1 9 "1..=9")] [] [(id 1 "id" {})] [(payload "payload" (Payload))] }
        });
        assert!(t.is_empty(), "{t:#?}");
        let t = held_texts(parse_quote! {
            [{ usable [(Payload 3 "payload")] }]
            { "Seed" checks [] [] [] [(payload "payload" (Payload))] }
        });
        assert_eq!(
            t,
            [
                "field name \"payload\" of oneof `payload` is also used by variant `Payload` of oneof `payload` (Payload) in message `Seed`",
                "note: used here by variant `Payload` of oneof `payload` (Payload)",
            ]
        );
    }

    #[test]
    fn a_oneof_field_names_its_enum_by_path() {
        let n = message_errors(
            parse_quote!(message(package = "a.v1")),
            parse_quote! {
                struct M {
                    #[leyline(oneof)] a: Option<Box<Choice>>,
                    #[leyline(oneof)] b: Option<<Choice as Trait>::Assoc>,
                    #[leyline(oneof)] c: Option<[u8; 4]>,
                    #[leyline(oneof)] d: Option<crate::choices::Choice>,
                }
            },
        );
        assert_eq!(n, 3);
    }

    /// The errors of a message whose macro arguments did not parse.
    fn message_without_args(item: syn::ItemStruct) -> Vec<String> {
        let mut errors = Error::accumulator();
        let msg = Message::parse(None, &item, &mut errors);
        message(&msg, &mut errors);
        texts(errors.finish())
    }

    /// The errors of an enumeration whose macro arguments did not parse.
    fn enum_without_args(item: syn::ItemEnum) -> Vec<String> {
        let mut errors = Error::accumulator();
        let e = Enumeration::parse(None, &item, &mut errors);
        enumeration(&e, &mut errors);
        texts(errors.finish())
    }

    #[test]
    fn package_names_are_dotted_identifiers_outside_protobuf_own() {
        let struct_m: syn::ItemStruct = parse_quote!(
            struct M {}
        );
        let with = |package: &str, well_known: bool| {
            let args: syn::Meta = if well_known {
                parse_quote!(message(package = #package, well_known = "google/protobuf/x.proto"))
            } else {
                parse_quote!(message(package = #package))
            };
            message_texts(args, struct_m.clone())
        };
        let invalid = |p: &str| {
            vec![format!("invalid package \"{p}\": use dot-separated identifiers such as \"esper.leyline.v1\"")]
        };
        assert_eq!(with("", false), invalid(""));
        assert_eq!(with("a..v1", false), invalid("a..v1"));
        assert_eq!(with("1a.v1", false), invalid("1a.v1"));
        assert_eq!(with("a-b.v1", false), invalid("a-b.v1"));
        assert_eq!(with("_a.v_1", false), Vec::<String>::new());
        let google = |p: &str| {
            vec![format!("package \"{p}\" belongs to protobuf itself: protoc's own files (descriptor.proto and the well-known types) declare it, and an exported contract there would clash with them; choose a package of your own such as \"acme.v1\" (the well-known types are already in leyline: leyline::Timestamp, leyline::Int32Value, leyline::NullValue, ...)")]
        };
        assert_eq!(with("google.protobuf", false), google("google.protobuf"));
        assert_eq!(
            with("google.protobuf.compiler", false),
            google("google.protobuf.compiler")
        );
        assert_eq!(with("google.protobufs", false), Vec::<String>::new());
        // Leyline's own well-known types live there.
        assert_eq!(with("google.protobuf", true), Vec::<String>::new());
        let t = enum_texts(
            parse_quote!(enumeration(package = "google.protobuf")),
            parse_quote!(
                enum E {
                    A = 0,
                }
            ),
        );
        assert_eq!(t, google("google.protobuf"));
    }

    #[test]
    fn reserved_numbers_lie_in_range_and_do_not_overlap() {
        let t = message_texts(
            parse_quote!(message(
                package = "a.v1",
                reserved(0, 536870912, 9..5, 7, 20..=30, 1..=5, 25..40, 3)
            )),
            parse_quote!(
                struct M {}
            ),
        );
        assert_eq!(
            t,
            [
                "reserved numbers must lie within 1 to 536870911; reserved(0) does not",
                "reserved numbers must lie within 1 to 536870911; reserved(536870912) does not",
                "reserved range `9..5` is empty: it holds no number; write `start..=end` with start <= end",
                "`reserved(25..40)` overlaps the earlier `reserved(20..=30)`; merge them or make them disjoint",
                "note: the earlier `reserved(20..=30)`",
                "`reserved(3)` overlaps the earlier `reserved(1..=5)`; merge them or make them disjoint",
                "note: the earlier `reserved(1..=5)`",
            ]
        );
        let t = enum_texts(
            parse_quote!(enumeration(
                package = "a.v1",
                reserved(-2147483649, 2147483648, -5..=-1)
            )),
            parse_quote!(
                enum E {
                    A = 0,
                    B = -2,
                }
            ),
        );
        assert_eq!(
            t,
            [
                "reserved numbers must lie within -2147483648 to 2147483647; reserved(-2147483649) does not",
                "reserved numbers must lie within -2147483648 to 2147483647; reserved(2147483648) does not",
                "value -2 of `B` is reserved by `reserved(-5..=-1)` on enumeration `E`",
            ]
        );
    }

    #[test]
    fn names_must_be_identifiers() {
        let t = message_texts(
            parse_quote!(message(
                package = "a.v1",
                reserved_names("1x", "ok_name", "a b")
            )),
            parse_quote! {
                struct M {
                    #[leyline(field = 1, name = "9lives")] a: u32,
                    #[leyline(field = 2, name = "_private")] b: u32,
                    #[leyline(field = 3, name = "with-dash")] c: u32,
                }
            },
        );
        assert_eq!(
            t,
            [
                "reserved name \"1x\" is not a valid identifier",
                "reserved name \"a b\" is not a valid identifier",
                "\"9lives\" is not a valid protobuf field name",
                "\"with-dash\" is not a valid protobuf field name",
            ]
        );
        let t = oneof_texts(parse_quote!(
            enum O {
                #[leyline(field = 1, name = "2a")]
                A(u32),
            }
        ));
        assert_eq!(t, ["\"2a\" is not a valid protobuf field name"]);
        let t = enum_texts(
            parse_quote!(enumeration(package = "a.v1")),
            parse_quote!(
                enum E {
                    #[leyline(name = "E-ZERO")]
                    A = 0,
                }
            ),
        );
        assert_eq!(t, ["\"E-ZERO\" is not a valid protobuf enum value name"]);
    }

    #[test]
    fn one_unknown_field_store() {
        let t = message_texts(
            parse_quote!(message(package = "a.v1")),
            parse_quote! {
                struct M {
                    #[leyline(unknown_fields)] first: leyline::UnknownFields,
                    #[leyline(unknown_fields)] second: leyline::UnknownFields,
                }
            },
        );
        assert_eq!(
            t,
            ["`second` is a second unknown-field store; `first` already keeps unknown fields"]
        );
    }

    #[test]
    fn enumeration_values_fit_i32() {
        let t = enum_texts(
            parse_quote!(enumeration(package = "a.v1")),
            parse_quote!(
                enum E {
                    A = 0,
                    B = -2147483649,
                    C = 2147483648,
                    D = -2147483648,
                    F = 2147483647,
                }
            ),
        );
        assert_eq!(
            t,
            [
                "value -2147483649 of `B` does not fit in an i32, which protobuf enum values must",
                "value 2147483648 of `C` does not fit in an i32, which protobuf enum values must",
            ]
        );
    }

    #[test]
    fn without_arguments_the_rules_that_need_them_are_skipped() {
        // No package to check; an alias is not reported, as `allow_alias` is
        // unknown; everything else still is.
        let t = enum_without_args(parse_quote!(
            enum E {
                A = 0,
                B = 0,
                C = 0,
            }
        ));
        assert_eq!(t, Vec::<String>::new());
        let t = enum_without_args(parse_quote!(
            enum E {
                A = 1,
            }
        ));
        assert_eq!(
            t,
            ["the first value of enumeration `E` must be 0 (proto3 uses it as the default); `A` is 1: declare a zero value such as `Unspecified = 0` first"]
        );
        let t = message_without_args(parse_quote! {
            struct M {
                #[leyline(field = 1)] a: u32,
                #[leyline(field = 1)] b: u32,
            }
        });
        assert_eq!(
            t,
            [
                "field number 1 of `b` is already used by field `a`",
                "note: first used here, by field `a`",
            ]
        );
    }

    #[test]
    fn json_names() {
        assert_eq!(json_name("seed_id"), "seedId");
        assert_eq!(json_name("fooBar"), "fooBar");
    }
}
