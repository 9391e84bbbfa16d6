//! Rules between a message and the oneofs it holds, checked once the oneofs'
//! callbacks have delivered their variants (`crate::held`): each variant's
//! number and name against the message's reserved numbers and names, against
//! its fields and oneofs, and against the variants of its other oneofs. A
//! collision is reported at the later declaration, a member of the message
//! counting as later than a oneof's variant, with a note at the other one.

use std::collections::HashMap;
use std::hash::Hash;

use darling::error::Accumulator;
use proc_macro2::Span;

use super::{describe_range, err, json_name, note, reserved_containing};
use crate::held::Held;

/// A number or name already taken, and by what.
struct Taken {
    /// `` `name` `` for a field, `` oneof `payload` `` for a oneof, the
    /// variant's description for a variant.
    what: String,
    span: Span,
    variant: bool,
}

fn take<K: Eq + Hash>(
    map: &mut HashMap<K, Taken>,
    key: K,
    what: String,
    span: Span,
    variant: bool,
) {
    map.entry(key).or_insert(Taken {
        what,
        span,
        variant,
    });
}

pub(crate) fn held(h: &Held, errors: &mut Accumulator) {
    let msg = &h.message;
    let mname = &msg.name;
    let mut numbers: HashMap<i128, Taken> = HashMap::new();
    let mut names: HashMap<String, Taken> = HashMap::new();
    let mut json_names: HashMap<String, Taken> = HashMap::new();
    for f in &msg.fields {
        let what = format!("`{}`", f.ident);
        take(
            &mut numbers,
            f.number.value,
            what.clone(),
            f.number.span,
            false,
        );
        take(
            &mut names,
            f.name.value.clone(),
            what.clone(),
            f.name.span,
            false,
        );
        take(
            &mut json_names,
            json_name(&f.name.value),
            what,
            f.name.span,
            false,
        );
    }
    for o in &msg.oneofs {
        let what = format!("oneof `{}`", o.ident);
        take(&mut names, o.name.value.clone(), what, o.name.span, false);
    }
    for (field, oneof) in msg.oneofs.iter().zip(&h.oneofs) {
        let Some(variants) = &oneof.variants else {
            continue;
        };
        let tname = crate::ty::show(&syn::Type::Path(syn::TypePath {
            qself: None,
            path: field.path.clone(),
        }));
        for v in variants {
            let what = format!(
                "variant `{}` of oneof `{}` ({tname})",
                v.ident, field.name.value
            );
            let n = v.number.value;
            if let Some(r) = reserved_containing(&msg.reserved, n) {
                errors.push(err(
                    v.number.span,
                    format!(
                        "field number {n} of {what} is reserved by `{}` on message `{mname}`: reserved numbers are never reused; renumber the variant",
                        describe_range(r)
                    ),
                ));
            }
            if msg.reserved_names.iter().any(|r| r.value() == v.name.value) {
                errors.push(err(
                    v.name.span,
                    format!(
                        "field name \"{}\" of {what} is reserved by reserved_names(\"{}\") on message `{mname}`; rename the variant",
                        v.name.value, v.name.value
                    ),
                ));
            }
            match numbers.get(&n) {
                Some(t) if t.variant => {
                    errors.push(err(
                        v.number.span,
                        format!(
                            "field number {n} of {what} is already used by {} in message `{mname}`",
                            t.what
                        ),
                    ));
                    errors.push(note(t.span, format!("first used here, by {}", t.what)));
                }
                Some(t) => {
                    errors.push(err(
                        t.span,
                        format!(
                            "field number {n} of {} is also used by {what} in message `{mname}`",
                            t.what
                        ),
                    ));
                    errors.push(note(v.number.span, format!("used here by {what}")));
                }
                None => take(&mut numbers, n, what.clone(), v.number.span, true),
            }
            let name = &v.name.value;
            let json = json_name(name);
            if let Some(t) = names.get(name) {
                collision(
                    errors,
                    t,
                    &what,
                    v.name.span,
                    format!("field name \"{name}\""),
                    mname,
                );
            } else if let Some(t) = json_names.get(&json) {
                collision(
                    errors,
                    t,
                    &what,
                    v.name.span,
                    format!("the JSON name \"{json}\""),
                    mname,
                );
            }
            take(&mut names, name.clone(), what.clone(), v.name.span, true);
            take(&mut json_names, json, what, v.name.span, true);
        }
    }
}

/// A name (`thing`) of the variant `what` at `span`, already taken by `t`.
fn collision(
    errors: &mut Accumulator,
    t: &Taken,
    what: &str,
    span: Span,
    thing: String,
    mname: &str,
) {
    if t.variant {
        errors.push(err(
            span,
            format!(
                "{thing} of {what} is already used by {} in message `{mname}`",
                t.what
            ),
        ));
        errors.push(note(t.span, format!("first used here, by {}", t.what)));
    } else {
        errors.push(err(
            t.span,
            format!(
                "{thing} of {} is also used by {what} in message `{mname}`",
                t.what
            ),
        ));
        errors.push(note(span, format!("used here by {what}")));
    }
}
