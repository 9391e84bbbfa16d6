//! Rules about `validate(...)`, `split` and `max_size`: each validation rule
//! must fit the shape and the type of its field, bounds must leave room for a
//! value, lengths must not cross, patterns must be valid regular expressions.
//! Whether a path type is an enumeration (for `defined_only`) is left to a
//! trait bound in the expansion.

use darling::error::Accumulator;
use proc_macro2::Span;

use super::err;
use crate::model::{FieldKind, Message, Oneof};
use crate::rules::{type_name, Lit, Rules, Spanned, ValueKind};
use crate::ty::{Elem, Shape};

/// The largest `max_size`: protobuf messages stay under 2 GiB.
const MAX_MESSAGE_SIZE: i128 = (1 << 31) - 1;

/// Every rule about rules in a message: fields, oneof fields, `split`, `max_size`.
pub(crate) fn message(msg: &Message, errors: &mut Accumulator) {
    if let Some(n) = &msg.max_size {
        if n.value < 1 || n.value > MAX_MESSAGE_SIZE {
            errors.push(err(
                n.span,
                format!(
                    "max_size = {} is out of range: a message size limit runs from 1 to {MAX_MESSAGE_SIZE} bytes",
                    n.value
                ),
            ));
        }
    }
    let mut split_field: Option<String> = None;
    for f in &msg.fields {
        let rust = f.ident.to_string();
        match &f.kind {
            FieldKind::Plain { shape, .. } => shape_rules(&rust, shape, &f.rules, errors),
            FieldKind::Oneof { .. } => {
                for (name, span) in f
                    .rules
                    .element_rules()
                    .into_iter()
                    .chain(f.rules.collection_rules())
                {
                    errors.push(err(
                        span,
                        format!(
                            "`{name}` does not apply to oneof `{rust}`: a oneof takes only `required`; write value rules on its variants"
                        ),
                    ));
                }
            }
            FieldKind::Unknown | FieldKind::Unusable { .. } => {}
        }
        if let Some(span) = f.split {
            if !matches!(
                f.kind,
                FieldKind::Plain {
                    shape: Shape::Repeated(_),
                    ..
                }
            ) {
                errors.push(err(
                    span,
                    format!("`split` applies to a repeated field (Vec<T>); `{rust}` is not one"),
                ));
            } else if let Some(other) = &split_field {
                errors.push(err(
                    span,
                    format!("`{rust}` is a second `split` field; a message is split along one repeated field and `{other}` is already it"),
                ));
            } else {
                split_field = Some(rust.clone());
            }
        }
    }
}

/// Rules of a oneof's variants: each is checked like a singular field.
pub(crate) fn oneof(o: &Oneof, errors: &mut Accumulator) {
    for v in &o.variants {
        let rust = v.ident.to_string();
        if let Some(span) = v.rules.required {
            errors.push(err(
                span,
                format!("`required` applies to the oneof as a whole, not to variant `{rust}`: write #[leyline(oneof, validate(required))] on the message field that holds it"),
            ));
        }
        for (name, span) in v.rules.collection_rules() {
            errors.push(err(
                span,
                format!("`{name}` applies to repeated fields and maps; oneof variant `{rust}` holds one value"),
            ));
        }
        elem(
            &format!("oneof variant `{rust}`"),
            &v.elem,
            &v.rules,
            errors,
        );
    }
}

fn shape_rules(rust: &str, shape: &Shape, rules: &Rules, errors: &mut Accumulator) {
    match shape {
        Shape::Singular(e) | Shape::Optional(e) => {
            for (name, span) in rules.collection_rules() {
                errors.push(err(
                    span,
                    format!(
                        "`{name}` applies to repeated fields and maps; `{rust}` holds one value"
                    ),
                ));
            }
            if let (Some(span), Shape::Singular(_)) = (rules.required, shape) {
                errors.push(err(
                    span,
                    format!("`required` applies to fields with presence: write `{rust}: Option<T>` (a field without Option always holds a value)"),
                ));
            }
            elem(&format!("`{rust}`"), e, rules, errors);
        }
        Shape::Repeated(e) => {
            for (name, span) in rules.element_rules() {
                errors.push(err(
                    span,
                    format!("`{name}` applies to each element of repeated field `{rust}`: write it inside `items(...)`"),
                ));
            }
            for (name, span) in rules.map_rules() {
                errors.push(err(
                    span,
                    format!("`{name}` applies to maps; `{rust}` is a repeated field (min_items, max_items, unique and items(...) apply)"),
                ));
            }
            if let Some(span) = rules.required {
                errors.push(err(
                    span,
                    format!("`required` does not apply to repeated field `{rust}`: write `min_items = 1`"),
                ));
            }
            ordered(
                ("min_items", &rules.min_items),
                ("max_items", &rules.max_items),
                errors,
            );
            if let Some(items) = &rules.items {
                nested(rust, "items", e, items, errors);
            }
        }
        Shape::Map { key, value } => {
            for (name, span) in rules.element_rules() {
                errors.push(err(
                    span,
                    format!("`{name}` applies to the keys or values of map `{rust}`: write it inside `keys(...)` or `values(...)`"),
                ));
            }
            for (name, span) in rules.repeated_rules() {
                errors.push(err(
                    span,
                    format!("`{name}` applies to repeated fields; `{rust}` is a map (min_pairs, max_pairs, keys(...) and values(...) apply)"),
                ));
            }
            if let Some(span) = rules.required {
                errors.push(err(
                    span,
                    format!("`required` does not apply to map `{rust}`: write `min_pairs = 1`"),
                ));
            }
            ordered(
                ("min_pairs", &rules.min_pairs),
                ("max_pairs", &rules.max_pairs),
                errors,
            );
            if let Some(keys) = &rules.keys {
                nested(rust, "keys", key, keys, errors);
            }
            if let Some(values) = &rules.values {
                nested(rust, "values", value, values, errors);
            }
        }
    }
}

/// `items(...)`, `keys(...)`, `values(...)`: rules for one element.
fn nested(
    rust: &str,
    within: &str,
    e: &Elem,
    rules: &Spanned<Box<Rules>>,
    errors: &mut Accumulator,
) {
    let rules = &rules.value;
    for (name, span) in rules.collection_rules() {
        errors.push(err(
            span,
            format!("`{name}` cannot appear inside `{within}(...)`: it applies to the field `{rust}` itself"),
        ));
    }
    if let Some(span) = rules.required {
        errors.push(err(
            span,
            format!("`required` cannot appear inside `{within}(...)`: elements of `{rust}` are always present"),
        ));
    }
    let subject = match within {
        "items" => format!("each element of `{rust}`"),
        "keys" => format!("each key of `{rust}`"),
        _ => format!("each value of `{rust}`"),
    };
    elem(&subject, e, rules, errors);
}

/// `min_x` must not exceed `max_x`.
fn ordered(
    min: (&str, &Option<Spanned<u64>>),
    max: (&str, &Option<Spanned<u64>>),
    errors: &mut Accumulator,
) {
    if let (Some(lo), Some(hi)) = (min.1, max.1) {
        if lo.value > hi.value {
            errors.push(err(
                lo.span,
                format!(
                    "`{} = {}` is above `{} = {}`: no value can pass",
                    min.0, lo.value, max.0, hi.value
                ),
            ));
        }
    }
}

/// Rules on one value (a singular field, an element, a key or a map value).
fn elem(rust: &str, e: &Elem, rules: &Rules, errors: &mut Accumulator) {
    let kind = ValueKind::of(e);
    let holds = match kind {
        ValueKind::Bytes => "bytes".to_owned(),
        _ => format!("`{}`", type_name(e)),
    };
    let number_rules = [
        ("const", rules.konst.as_ref().map(|s| s.span)),
        ("gt", rules.gt.as_ref().map(|s| s.span)),
        ("gte", rules.gte.as_ref().map(|s| s.span)),
        ("lt", rules.lt.as_ref().map(|s| s.span)),
        ("lte", rules.lte.as_ref().map(|s| s.span)),
        ("in", rules.in_list.as_ref().map(|s| s.span)),
        ("not_in", rules.not_in.as_ref().map(|s| s.span)),
        ("finite", rules.finite),
    ];
    let length_rules = [
        ("min_len", rules.min_len.as_ref().map(|s| s.span)),
        ("max_len", rules.max_len.as_ref().map(|s| s.span)),
        ("len", rules.len.as_ref().map(|s| s.span)),
        ("not_empty", rules.not_empty),
    ];
    let text_rules = [
        ("pattern", rules.pattern.as_ref().map(|s| s.span)),
        ("prefix", rules.prefix.as_ref().map(|s| s.span)),
        ("suffix", rules.suffix.as_ref().map(|s| s.span)),
    ];
    let present = |list: &[(&'static str, Option<Span>)]| -> Vec<(&'static str, Span)> {
        list.iter()
            .filter_map(|(n, s)| s.map(|s| (*n, s)))
            .collect()
    };

    match kind {
        ValueKind::Int { .. } | ValueKind::Float { .. } => {
            numbers(rust, kind, &holds, rules, errors);
            for (name, span) in present(&length_rules) {
                errors.push(err(
                    span,
                    format!("`{name}` applies to strings and bytes, but {rust} holds {holds}"),
                ));
            }
            for (name, span) in present(&text_rules) {
                errors.push(err(
                    span,
                    format!("`{name}` applies to strings, but {rust} holds {holds}"),
                ));
            }
            if let Some(span) = rules.uuid {
                errors.push(err(
                    span,
                    format!("`uuid` applies to strings, but {rust} holds {holds}"),
                ));
            }
        }
        ValueKind::String | ValueKind::Bytes => {
            for (name, span) in present(&number_rules) {
                let strings_too = matches!(name, "const" | "in" | "not_in");
                if !(strings_too && kind == ValueKind::String) {
                    errors.push(err(
                        span,
                        format!("`{name}` applies to numbers, but {rust} holds {holds}"),
                    ));
                }
            }
            if kind == ValueKind::String {
                string_literals(rust, rules, errors);
                uuid_length(rules, errors);
            }
            lengths(rules, errors);
            if kind == ValueKind::Bytes {
                for (name, span) in present(&text_rules) {
                    errors.push(err(
                        span,
                        format!("`{name}` applies to strings, but {rust} holds bytes"),
                    ));
                }
                if let Some(span) = rules.uuid {
                    errors.push(err(
                        span,
                        format!("`uuid` applies to strings (the 36-character text form), but {rust} holds bytes; for a 16-byte binary UUID write `len = 16`"),
                    ));
                }
            }
            if let Some(p) = &rules.pattern {
                if let Err(e) = regex_syntax::Parser::new().parse(&p.value) {
                    let why = match &e {
                        regex_syntax::Error::Parse(e) => e.kind().to_string(),
                        regex_syntax::Error::Translate(e) => e.kind().to_string(),
                        other => other.to_string(),
                    };
                    errors.push(err(
                        p.span,
                        format!("invalid regular expression in `pattern`: {why}"),
                    ));
                }
            }
        }
        ValueKind::Bool | ValueKind::Other => {
            let what = if kind == ValueKind::Bool {
                "numbers"
            } else {
                "numbers (and strings)"
            };
            for (name, span) in present(&number_rules) {
                errors.push(err(
                    span,
                    format!("`{name}` applies to {what}, but {rust} holds {holds}"),
                ));
            }
            for (name, span) in present(&length_rules) {
                errors.push(err(
                    span,
                    format!("`{name}` applies to strings and bytes, but {rust} holds {holds}"),
                ));
            }
            for (name, span) in present(&text_rules) {
                errors.push(err(
                    span,
                    format!("`{name}` applies to strings, but {rust} holds {holds}"),
                ));
            }
            if let Some(span) = rules.uuid {
                errors.push(err(
                    span,
                    format!("`uuid` applies to strings, but {rust} holds {holds}"),
                ));
            }
        }
    }
    if let Some(span) = rules.defined_only {
        if kind != ValueKind::Other {
            errors.push(err(
                span,
                format!("`defined_only` applies to enumerations, but {rust} holds {holds}"),
            ));
        }
    }
}

/// The numeric rules of an integer or float value: literals fit the type,
/// bounds leave room for a value.
fn numbers(rust: &str, kind: ValueKind, holds: &str, rules: &Rules, errors: &mut Accumulator) {
    if let (Some(span), ValueKind::Int { .. }) = (rules.finite, kind) {
        errors.push(err(
            span,
            format!("`finite` applies to floats, but {rust} holds {holds}"),
        ));
    }
    let mut ok = true;
    let mut fits = |name: &str, lit: &Spanned<Lit>| {
        if let Some(msg) = literal_fits(kind, &lit.value) {
            errors.push(err(
                lit.span,
                format!(
                    "`{name} = {}` does not fit {rust}, which holds {holds} ({msg})",
                    lit.value.describe()
                ),
            ));
            ok = false;
        }
    };
    for (name, lit) in [
        ("const", &rules.konst),
        ("gt", &rules.gt),
        ("gte", &rules.gte),
        ("lt", &rules.lt),
        ("lte", &rules.lte),
    ] {
        if let Some(lit) = lit {
            fits(name, lit);
        }
    }
    for (name, list) in [("in", &rules.in_list), ("not_in", &rules.not_in)] {
        if let Some(list) = list {
            for lit in &list.value {
                fits(name, lit);
            }
        }
    }
    for (name, list) in [("in", &rules.in_list), ("not_in", &rules.not_in)] {
        if let Some(list) = list {
            if list.value.is_empty() {
                errors.push(err(list.span, format!("`{name}` needs at least one value")));
            }
        }
    }
    if let (Some(gt), Some(gte)) = (&rules.gt, &rules.gte) {
        errors.push(err(
            gte.span,
            format!(
                "`gt = {}` and `gte = {}` both set a lower bound: keep one",
                gt.value.describe(),
                gte.value.describe()
            ),
        ));
        return;
    }
    if let (Some(lt), Some(lte)) = (&rules.lt, &rules.lte) {
        errors.push(err(
            lte.span,
            format!(
                "`lt = {}` and `lte = {}` both set an upper bound: keep one",
                lt.value.describe(),
                lte.value.describe()
            ),
        ));
        return;
    }
    if !ok {
        return;
    }
    let lower = rules
        .gt
        .as_ref()
        .map(|l| ("gt", l, true))
        .or(rules.gte.as_ref().map(|l| ("gte", l, false)));
    let upper = rules
        .lt
        .as_ref()
        .map(|l| ("lt", l, true))
        .or(rules.lte.as_ref().map(|l| ("lte", l, false)));
    let (Some((lname, lo, lo_strict)), Some((uname, hi, hi_strict))) = (lower, upper) else {
        return;
    };
    let empty = match (kind, &lo.value, &hi.value) {
        (ValueKind::Int { .. }, Lit::Int(a), Lit::Int(b)) => {
            let least = if lo_strict { a + 1 } else { *a };
            let most = if hi_strict { b - 1 } else { *b };
            least > most
        }
        _ => match (lo.value.as_f64(), hi.value.as_f64()) {
            (Some(a), Some(b)) => {
                if lo_strict || hi_strict {
                    a >= b
                } else {
                    a > b
                }
            }
            _ => false,
        },
    };
    if empty {
        let (a, b) = (lo.value.describe(), hi.value.describe());
        let msg = if !lo_strict && !hi_strict {
            format!("`{lname} = {a}` is above `{uname} = {b}`: no value can pass")
        } else {
            format!("`{lname} = {a}` and `{uname} = {b}` leave no value between them: no value can pass")
        };
        errors.push(err(lo.span, msg));
    }
}

/// Why a literal does not fit a numeric type, if it does not.
fn literal_fits(kind: ValueKind, lit: &Lit) -> Option<String> {
    match (kind, lit) {
        (_, Lit::Str(_)) => Some("write a number".to_owned()),
        (ValueKind::Int { min, max, .. }, Lit::Int(n)) => {
            (*n < min || *n > max).then(|| format!("{min} to {max}"))
        }
        (ValueKind::Int { .. }, Lit::Float(_)) => Some("write a whole number".to_owned()),
        (ValueKind::Float { proto: "float" }, l) => {
            let v = l.as_f64().unwrap_or(0.0);
            (v.abs() > f64::from(f32::MAX)).then(|| format!("at most {:e} in magnitude", f32::MAX))
        }
        _ => None,
    }
}

/// `const`, `in`, `not_in` on a string compare with strings.
fn string_literals(rust: &str, rules: &Rules, errors: &mut Accumulator) {
    let mut check = |name: &str, lit: &Spanned<Lit>| {
        if !matches!(lit.value, Lit::Str(_)) {
            errors.push(err(
                lit.span,
                format!(
                    "`{name}` on {rust} compares strings: write a string literal, not {}",
                    lit.value.describe()
                ),
            ));
        }
    };
    if let Some(lit) = &rules.konst {
        check("const", lit);
    }
    for (name, list) in [("in", &rules.in_list), ("not_in", &rules.not_in)] {
        if let Some(list) = list {
            for lit in &list.value {
                check(name, lit);
            }
        }
    }
    for (name, list) in [("in", &rules.in_list), ("not_in", &rules.not_in)] {
        if let Some(list) = list.as_ref().filter(|l| l.value.is_empty()) {
            errors.push(err(list.span, format!("`{name}` needs at least one value")));
        }
    }
}

/// A UUID has 36 characters: length rules must allow that.
fn uuid_length(rules: &Rules, errors: &mut Accumulator) {
    if rules.uuid.is_none() {
        return;
    }
    for (name, rule, refuses) in [
        ("max_len", &rules.max_len, (|n| n < 36) as fn(u64) -> bool),
        ("min_len", &rules.min_len, |n| n > 36),
        ("len", &rules.len, |n| n != 36),
    ] {
        if let Some(r) = rule.as_ref().filter(|r| refuses(r.value)) {
            errors.push(err(
                r.span,
                format!(
                    "`{name} = {}` refuses every UUID, which has 36 characters; drop it (`uuid` fixes the length)",
                    r.value
                ),
            ));
        }
    }
}

/// `min_len` / `max_len` / `len` agree.
fn lengths(rules: &Rules, errors: &mut Accumulator) {
    ordered(
        ("min_len", &rules.min_len),
        ("max_len", &rules.max_len),
        errors,
    );
    if let Some(len) = &rules.len {
        if rules.min_len.is_some() || rules.max_len.is_some() {
            errors.push(err(
                len.span,
                "`len` fixes the length: drop `min_len` and `max_len`",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use darling::FromMeta;
    use syn::parse_quote;

    use crate::attr::MessageArgs;
    use crate::model::{Message, Oneof};

    fn message_errors(args: syn::Meta, item: syn::ItemStruct) -> usize {
        let args = MessageArgs::from_meta(&args).unwrap();
        let mut errors = darling::Error::accumulator();
        let msg = Message::parse(Some(args), &item, &mut errors);
        crate::check::message(&msg, &mut errors);
        errors.finish().map_or_else(|e| e.len(), |()| 0)
    }

    fn errors(item: syn::ItemStruct) -> usize {
        message_errors(parse_quote!(message(package = "a.v1")), item)
    }

    #[test]
    fn fitting_rules_pass() {
        let n = errors(parse_quote! {
            struct M {
                #[leyline(field = 1, validate(gte = 0.0, lte = 1, finite))] accuracy: f32,
                #[leyline(field = 2, validate(uuid))] id: String,
                #[leyline(field = 3, validate(min_len = 1, max_len = 64, pattern = "^[a-z_]+$", prefix = "a", suffix = "z"))] name: String,
                #[leyline(field = 4, validate(max_len = 16))] blob: Vec<u8>,
                #[leyline(field = 5, validate(min_items = 1, max_items = 8, unique, items(gt = 0, lt = 100)))] xs: Vec<u32>,
                #[leyline(field = 6, validate(max_pairs = 5, keys(max_len = 8), values(finite)))] m: std::collections::HashMap<String, f64>,
                #[leyline(field = 7, validate(defined_only))] stage: Stage,
                #[leyline(field = 8, validate(required))] hw: Option<Hardware>,
                #[leyline(field = 9, validate(gte = 1))] maybe: Option<u32>,
                #[leyline(field = 10, validate(in("a", "b"), not_in = ["c"], const = "a"))] mode: String,
                #[leyline(field = 11, split, validate(max_items = 100))] parts: Vec<Part>,
                #[leyline(oneof, validate(required))] choice: Option<Choice>,
            }
        });
        assert_eq!(n, 0);
    }

    #[test]
    fn rules_that_do_not_fit_the_type() {
        let n = errors(parse_quote! {
            struct M {
                #[leyline(field = 1, validate(max_len = 3))] a: f32,
                #[leyline(field = 2, validate(uuid))] b: Vec<u8>,
                #[leyline(field = 3, validate(defined_only))] c: u32,
                #[leyline(field = 4, validate(finite))] d: u32,
                #[leyline(field = 5, validate(gte = 0))] e: String,
                #[leyline(field = 6, validate(gte = 0.5))] f: u32,
                #[leyline(field = 7, validate(gte = -1))] g: u64,
                #[leyline(field = 8, validate(pattern = "a"))] h: Vec<u8>,
                #[leyline(field = 9, validate(const = 1))] i: bool,
                #[leyline(field = 10, validate(max_len = 2))] j: Inner,
            }
        });
        assert_eq!(n, 10);
    }

    #[test]
    fn rules_that_do_not_fit_the_shape() {
        let n = errors(parse_quote! {
            struct M {
                #[leyline(field = 1, validate(min_items = 1))] a: u32,
                #[leyline(field = 2, validate(gte = 1))] b: Vec<u32>,
                #[leyline(field = 3, validate(max_len = 1))] c: std::collections::HashMap<String, String>,
                #[leyline(field = 4, validate(required))] d: u32,
                #[leyline(field = 5, validate(required, min_pairs = 1))] e: Vec<u32>,
                #[leyline(field = 6, validate(items(min_items = 1)))] f: Vec<String>,
                #[leyline(oneof, validate(gte = 1))] g: Option<Choice>,
                #[leyline(field = 7, split)] h: u32,
                #[leyline(field = 8, split)] i: Vec<u32>,
                #[leyline(field = 9, split)] j: Vec<u32>,
            }
        });
        // a, b, c, d, e twice, f, g, h, j (second split)
        assert_eq!(n, 10);
    }

    #[test]
    fn empty_ranges_and_crossed_lengths() {
        let n = errors(parse_quote! {
            struct M {
                #[leyline(field = 1, validate(gte = 5, lte = 1))] a: i32,
                #[leyline(field = 2, validate(gt = 1, lt = 2))] b: i32,
                #[leyline(field = 3, validate(gt = 1.0, lt = 1.0))] c: f64,
                #[leyline(field = 4, validate(gt = 1, lt = 3))] ok: i32,
                #[leyline(field = 5, validate(gt = 1, gte = 2))] d: i32,
                #[leyline(field = 6, validate(min_len = 5, max_len = 3))] e: String,
                #[leyline(field = 7, validate(len = 5, max_len = 8))] f: String,
                #[leyline(field = 8, validate(min_items = 3, max_items = 2))] g: Vec<u32>,
                #[leyline(field = 9, validate(pattern = "(unclosed"))] h: String,
                #[leyline(field = 10, validate(in()))] i: u32,
                #[leyline(field = 11, validate(uuid, max_len = 8))] j: String,
                #[leyline(field = 12, validate(uuid, max_len = 36))] ok_uuid: String,
            }
        });
        assert_eq!(n, 10);
    }

    /// The messages of the errors of `item` in package `a.v1`.
    fn texts(item: syn::ItemStruct) -> Vec<String> {
        let args = MessageArgs::from_meta(&parse_quote!(message(package = "a.v1"))).unwrap();
        let mut errors = darling::Error::accumulator();
        let msg = Message::parse(Some(args), &item, &mut errors);
        crate::check::message(&msg, &mut errors);
        errors
            .finish()
            .err()
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn collection_rules_name_the_shape_they_apply_to() {
        let t = texts(parse_quote! {
            struct M {
                #[leyline(field = 1, validate(max_items = 2, unique, items(gt = 0), max_pairs = 3, keys(len = 1), values(gt = 1)))] a: u32,
                #[leyline(field = 2, validate(min_items = 1, max_pairs = 2, required, unique))] m: std::collections::HashMap<String, u32>,
                #[leyline(field = 3, validate(items(required, unique), keys(len = 2)))] v: Vec<u32>,
                #[leyline(field = 4, validate(keys(required), values(max_pairs = 1)))] n: std::collections::BTreeMap<u32, String>,
            }
        });
        assert_eq!(
            t,
            [
                "`max_items` applies to repeated fields and maps; `a` holds one value",
                "`unique` applies to repeated fields and maps; `a` holds one value",
                "`items` applies to repeated fields and maps; `a` holds one value",
                "`max_pairs` applies to repeated fields and maps; `a` holds one value",
                "`keys` applies to repeated fields and maps; `a` holds one value",
                "`values` applies to repeated fields and maps; `a` holds one value",
                "`min_items` applies to repeated fields; `m` is a map (min_pairs, max_pairs, keys(...) and values(...) apply)",
                "`unique` applies to repeated fields; `m` is a map (min_pairs, max_pairs, keys(...) and values(...) apply)",
                "`required` does not apply to map `m`: write `min_pairs = 1`",
                "`keys` applies to maps; `v` is a repeated field (min_items, max_items, unique and items(...) apply)",
                "`unique` cannot appear inside `items(...)`: it applies to the field `v` itself",
                "`required` cannot appear inside `items(...)`: elements of `v` are always present",
                "`required` cannot appear inside `keys(...)`: elements of `n` are always present",
                "`max_pairs` cannot appear inside `values(...)`: it applies to the field `n` itself",
            ]
        );
    }

    #[test]
    fn value_rules_name_the_type_they_apply_to() {
        let t = texts(parse_quote! {
            struct M {
                #[leyline(field = 1, validate(uuid, prefix = "a", suffix = "z"))] a: u32,
                #[leyline(field = 2, validate(const = "x", in("a"), not_in = ["b"], gt = 1))] b: Vec<u8>,
                #[leyline(field = 3, validate(uuid, prefix = "a", not_empty, in(1), finite))] c: bool,
                #[leyline(field = 4, validate(uuid, suffix = "z", lte = 1, const = 2))] d: Option<Stage>,
                #[leyline(field = 5, validate(const = 1, in("a", 2), not_in()))] e: String,
                #[leyline(field = 6, validate(len = 5, min_len = 1))] f: String,
                #[leyline(field = 9, validate(len = 5))] ok_len: String,
                #[leyline(field = 7, validate(len = 5, max_len = 9, defined_only))] g: Vec<u8>,
                #[leyline(field = 8, validate(pattern = "\\p{Foo}"))] h: String,
            }
        });
        assert_eq!(
            t,
            [
                "`prefix` applies to strings, but `a` holds `u32`",
                "`suffix` applies to strings, but `a` holds `u32`",
                "`uuid` applies to strings, but `a` holds `u32`",
                "`const` applies to numbers, but `b` holds bytes",
                "`gt` applies to numbers, but `b` holds bytes",
                "`in` applies to numbers, but `b` holds bytes",
                "`not_in` applies to numbers, but `b` holds bytes",
                "`in` applies to numbers, but `c` holds `bool`",
                "`finite` applies to numbers, but `c` holds `bool`",
                "`not_empty` applies to strings and bytes, but `c` holds `bool`",
                "`prefix` applies to strings, but `c` holds `bool`",
                "`uuid` applies to strings, but `c` holds `bool`",
                "`const` applies to numbers (and strings), but `d` holds `Stage`",
                "`lte` applies to numbers (and strings), but `d` holds `Stage`",
                "`suffix` applies to strings, but `d` holds `Stage`",
                "`uuid` applies to strings, but `d` holds `Stage`",
                "`const` on `e` compares strings: write a string literal, not 1",
                "`in` on `e` compares strings: write a string literal, not 2",
                "`not_in` needs at least one value",
                "`len` fixes the length: drop `min_len` and `max_len`",
                "`len` fixes the length: drop `min_len` and `max_len`",
                "`defined_only` applies to enumerations, but `g` holds bytes",
                "invalid regular expression in `pattern`: Unicode property not found",
            ]
        );
    }

    #[test]
    fn bounds_leave_room_for_a_value() {
        let t = texts(parse_quote! {
            struct M {
                #[leyline(field = 1, validate(lt = 5, lte = 6))] a: i32,
                #[leyline(field = 2, validate(gte = 3, lt = 3))] b: i32,
                #[leyline(field = 3, validate(gte = 2.0, lt = 2.0))] c: f32,
                #[leyline(field = 4, validate(gte = 2.0, lte = 2.0, in(1, 2), not_in(3)))] ok_float: f64,
                #[leyline(field = 5, validate(gt = 1.5, lte = 1))] d: f64,
                #[leyline(field = 6, validate(const = "x", in("y", 1), gte = 4e38))] e: f32,
                #[leyline(field = 7, validate(gt = 1, lt = 3))] ok_int: i64,
            }
        });
        assert_eq!(
            t,
            [
                "`lt = 5` and `lte = 6` both set an upper bound: keep one",
                "`gte = 3` and `lt = 3` leave no value between them: no value can pass",
                "`gte = 2.0` and `lt = 2.0` leave no value between them: no value can pass",
                "`gt = 1.5` and `lte = 1` leave no value between them: no value can pass",
                "`const = \"x\"` does not fit `e`, which holds `f32` (write a number)",
                "`gte = 4e38` does not fit `e`, which holds `f32` (at most 3.4028235e38 in magnitude)",
                "`in = \"y\"` does not fit `e`, which holds `f32` (write a number)",
            ]
        );
    }

    #[test]
    fn integer_literals_fit_the_encoded_type() {
        let t = texts(parse_quote! {
            struct M {
                #[leyline(field = 1, encoding = "fixed32", validate(gte = -1))] a: u32,
                #[leyline(field = 2, encoding = "fixed64", validate(lte = 18446744073709551616))] b: u64,
                #[leyline(field = 3, encoding = "sint32", validate(gt = 2147483648))] c: i32,
                #[leyline(field = 4, encoding = "sfixed32", validate(lt = -2147483649))] d: i32,
                #[leyline(field = 5, encoding = "sint64", validate(const = 9223372036854775808))] e: i64,
                #[leyline(field = 6, encoding = "sfixed64", validate(in(-9223372036854775809)))] f: i64,
                #[leyline(field = 7, validate(not_in(9223372036854775808)))] g: i64,
                #[leyline(field = 8, validate(gte = 1.5))] h: u64,
            }
        });
        assert_eq!(
            t,
            [
                "`gte = -1` does not fit `a`, which holds `u32` (0 to 4294967295)",
                "`lte = 18446744073709551616` does not fit `b`, which holds `u64` (0 to 18446744073709551615)",
                "`gt = 2147483648` does not fit `c`, which holds `i32` (-2147483648 to 2147483647)",
                "`lt = -2147483649` does not fit `d`, which holds `i32` (-2147483648 to 2147483647)",
                "`const = 9223372036854775808` does not fit `e`, which holds `i64` (-9223372036854775808 to 9223372036854775807)",
                "`in = -9223372036854775809` does not fit `f`, which holds `i64` (-9223372036854775808 to 9223372036854775807)",
                "`not_in = 9223372036854775808` does not fit `g`, which holds `i64` (-9223372036854775808 to 9223372036854775807)",
                "`gte = 1.5` does not fit `h`, which holds `u64` (write a whole number)",
            ]
        );
    }

    #[test]
    fn oneof_variants_hold_one_value() {
        let item: syn::ItemEnum = parse_quote! {
            enum O {
                #[leyline(field = 1, validate(min_items = 1, keys(len = 1)))] A(String),
            }
        };
        let mut errors = darling::Error::accumulator();
        let o = Oneof::parse(&item, &mut errors);
        crate::check::oneof(&o, &mut errors);
        let t: Vec<String> = errors
            .finish()
            .err()
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            t,
            [
                "`min_items` applies to repeated fields and maps; oneof variant `A` holds one value",
                "`keys` applies to repeated fields and maps; oneof variant `A` holds one value",
            ]
        );
    }

    #[test]
    fn max_size_range() {
        let n = message_errors(
            parse_quote!(message(package = "a.v1", max_size = 0)),
            parse_quote!(
                struct M {}
            ),
        );
        assert_eq!(n, 1);
        let n = message_errors(
            parse_quote!(message(package = "a.v1", max_size = 2147483648)),
            parse_quote!(
                struct M {}
            ),
        );
        assert_eq!(n, 1);
        let n = message_errors(
            parse_quote!(message(package = "a.v1", max_size = 2147483647)),
            parse_quote!(
                struct M {}
            ),
        );
        assert_eq!(n, 0);
    }

    #[test]
    fn oneof_variant_rules() {
        let item: syn::ItemEnum = parse_quote! {
            enum O {
                #[leyline(field = 1, validate(max_len = 8))] A(String),
                #[leyline(field = 2, validate(required))] B(Inner),
                #[leyline(field = 3, validate(max_len = 8))] C(u32),
            }
        };
        let mut errors = darling::Error::accumulator();
        let o = Oneof::parse(&item, &mut errors);
        crate::check::oneof(&o, &mut errors);
        assert_eq!(errors.finish().map_or_else(|e| e.len(), |()| 0), 2);
    }
}
