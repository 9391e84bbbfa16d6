//! The rules a set of contracts must follow to be written as proto3 files.
//!
//! Rules about a single contract (field numbers, duplicate fields, enum zero
//! values...) are the macro's; what is checked here is what export needs to
//! write valid files, and what only shows once contracts are put together.

use alloc::collections::{BTreeMap, BTreeSet};

use super::collect::Item;
use super::names::is_identifier;
use super::{Package, Problem};
use crate::schema::{EnumSchema, FieldType, Label, MessageSchema, ReservedRange};

/// The largest field number.
pub(super) const MAX_FIELD_NUMBER: i64 = 536_870_911;

/// Checks every item to be written.
pub(super) fn check_items(items: &BTreeMap<&'static str, Item>, problems: &mut Vec<Problem>) {
    for item in items.values() {
        if item.defined_in().is_some() {
            continue;
        }
        check_names(*item, items, problems);
        match item {
            Item::Message(message) => check_message(message, problems),
            Item::Enum(schema) => check_enum(schema, problems),
        }
    }
}

fn check_names(item: Item, items: &BTreeMap<&'static str, Item>, problems: &mut Vec<Problem>) {
    let full_name = item.full_name();
    if item.package().is_empty() {
        problems.push(Problem::MissingPackage {
            full_name: full_name.to_owned(),
        });
    } else if !item.package().split('.').all(is_identifier) {
        problems.push(Problem::InvalidName {
            owner: format!("package of `{full_name}`"),
            name: item.package().to_owned(),
        });
    }
    identifier(
        item.name(),
        || format!("{} `{full_name}`", item.kind()),
        problems,
    );
    // `package.Name`, or `package.Parent.Name` for a nested type (`Name`
    // without a package, which is reported above).
    let in_package = match item.package() {
        "" => Some(full_name),
        package => full_name
            .strip_prefix(package)
            .and_then(|rest| rest.strip_prefix('.')),
    };
    let scoped = in_package
        .and_then(|rest| rest.strip_suffix(item.name()))
        .is_some_and(|middle| {
            middle.is_empty()
                || middle
                    .strip_suffix('.')
                    .is_some_and(|scope| scope.split('.').all(is_identifier))
        });
    if !scoped {
        problems.push(Problem::NameMismatch {
            full_name: full_name.to_owned(),
            expected: match item.package() {
                "" => item.name().to_owned(),
                package => format!("{package}.{}", item.name()),
            },
        });
    }
    if let Some(parent) = item.parent() {
        match items.get(parent) {
            Some(Item::Message(_)) => {}
            found => problems.push(Problem::MissingParent {
                full_name: full_name.to_owned(),
                parent: parent.to_owned(),
                found: found.map(|f| f.kind()),
            }),
        }
    }
}

fn check_message(message: &MessageSchema, problems: &mut Vec<Problem>) {
    let owner = message.full_name;
    reserved(
        owner,
        message.reserved_ranges,
        message.reserved_names,
        (1, MAX_FIELD_NUMBER),
        problems,
    );
    for (field, oneof) in message.fields() {
        let full_name = format!("{owner}.{}", field.name);
        identifier(field.name, || format!("field `{full_name}`"), problems);
        let reason = match (field.label, &field.ty) {
            (Label::Map, FieldType::Map(..)) if oneof.is_some() => {
                Some("a map cannot be a oneof variant".to_owned())
            }
            (Label::Map, FieldType::Map(key, value)) => {
                if !key.is_valid_map_key() {
                    Some(format!("`{key}` cannot be a map key"))
                } else if let FieldType::Map(..) = value {
                    Some("the value of a map cannot be a map".to_owned())
                } else {
                    None
                }
            }
            (Label::Map, _) => Some("`Label::Map` needs a `FieldType::Map` type".to_owned()),
            (_, FieldType::Map(..)) => Some("a map type needs `Label::Map`".to_owned()),
            (Label::Optional, _) if oneof.is_some() => {
                Some("a oneof variant cannot be `optional`".to_owned())
            }
            (Label::Repeated, _) if oneof.is_some() => {
                Some("a oneof variant cannot be `repeated`".to_owned())
            }
            _ => None,
        };
        if let Some(reason) = reason {
            problems.push(Problem::InvalidField {
                field: full_name,
                reason,
            });
        }
    }
    for oneof in message.oneofs() {
        let full_name = format!("{owner}.{}", oneof.name);
        identifier(oneof.name, || format!("oneof `{full_name}`"), problems);
        if oneof.fields.is_empty() {
            problems.push(Problem::InvalidField {
                field: full_name,
                reason: "a oneof needs at least one variant".to_owned(),
            });
        }
    }
}

fn check_enum(schema: &EnumSchema, problems: &mut Vec<Problem>) {
    let owner = schema.full_name;
    reserved(
        owner,
        schema.reserved_ranges,
        schema.reserved_names,
        (i64::from(i32::MIN), i64::from(i32::MAX)),
        problems,
    );
    for value in schema.values {
        identifier(value.name, || format!("value of enum `{owner}`"), problems);
    }
}

fn reserved(
    owner: &str,
    ranges: &[ReservedRange],
    names: &[&str],
    (min, max): (i64, i64),
    problems: &mut Vec<Problem>,
) {
    for range in ranges {
        let reason = if range.start > range.end {
            Some("ends before it starts")
        } else if range.start < min || range.end > max {
            Some(if min == 1 {
                "is outside the field numbers 1 to 536870911"
            } else {
                "is outside the enum values (32-bit integers)"
            })
        } else {
            None
        };
        if let Some(reason) = reason {
            problems.push(Problem::InvalidReservedRange {
                owner: owner.to_owned(),
                start: range.start,
                end: range.end,
                reason,
            });
        }
    }
    for name in names {
        identifier(name, || format!("reserved name of `{owner}`"), problems);
    }
}

fn identifier(name: &str, owner: impl FnOnce() -> String, problems: &mut Vec<Problem>) {
    if !is_identifier(name) {
        problems.push(Problem::InvalidName {
            owner: owner(),
            name: name.to_owned(),
        });
    }
}

/// The file paths with every file after the files it imports (ties broken by
/// path). Reports a cycle of imports, which protoc rejects.
pub(super) fn file_order(
    packages: &BTreeMap<&'static str, Package>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let by_path: BTreeMap<&str, &Package> =
        packages.values().map(|p| (p.path.as_str(), p)).collect();
    // Only imports of exported files matter; well-known files are leaves.
    let imports = |package: &Package| -> Vec<&str> {
        package
            .imports
            .keys()
            .filter_map(|path| by_path.get_key_value(path.as_str()).map(|(k, _)| *k))
            .collect()
    };
    let mut order: Vec<String> = Vec::with_capacity(by_path.len());
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut waiting: BTreeSet<&str> = by_path.keys().copied().collect();
    loop {
        let ready = waiting.iter().copied().find(|path| {
            by_path
                .get(path)
                .is_some_and(|p| imports(p).iter().all(|i| placed.contains(i)))
        });
        let Some(path) = ready else { break };
        waiting.remove(path);
        placed.insert(path);
        order.push(path.to_owned());
    }
    // Every file left imports another file left: following imports from
    // any of them must come back to a file already seen.
    if let Some(&start) = waiting.first() {
        let mut trail: Vec<&str> = Vec::new();
        let mut current = start;
        while !trail.contains(&current) {
            trail.push(current);
            let next = by_path
                .get(current)
                .and_then(|p| imports(p).into_iter().find(|i| waiting.contains(i)));
            match next {
                Some(next) => current = next,
                None => break,
            }
        }
        let cycle_start = trail.iter().position(|p| *p == current).unwrap_or(0);
        let files = trail
            .get(cycle_start..)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, path)| {
                let next = trail.get(cycle_start + i + 1).copied().unwrap_or(current);
                let reason = by_path
                    .get(path)
                    .and_then(|p| p.imports.get(next))
                    .cloned()
                    .unwrap_or_default();
                ((*path).to_owned(), reason)
            })
            .collect();
        problems.push(Problem::ImportCycle { files });
        order.extend(waiting.iter().map(|p| (*p).to_owned()));
    }
    order
}
