//! Names: file paths, the names protoc generates, and how protoc resolves a
//! type name written in a `.proto` file.

use alloc::collections::btree_map::Entry;
use alloc::collections::BTreeMap;

use super::collect::Item;
use super::Problem;
use crate::schema::{FieldType, Label, MessageSchema};

/// The relative path of the file holding `package`: the package path, then the
/// last component that is not a version (`esper.leyline.v1` →
/// `esper/leyline/v1/leyline.proto`).
pub(super) fn file_path(package: &str) -> String {
    let stem = package
        .rsplit('.')
        .find(|component| !is_version(component))
        .or_else(|| package.rsplit('.').next())
        .unwrap_or(package);
    format!("{}/{stem}.proto", package.replace('.', "/"))
}

/// `v1`, `v2`, `v1alpha`, `v2beta3`, `v1p1beta1`, `v1test`.
fn is_version(component: &str) -> bool {
    let Some(rest) = component.strip_prefix('v') else {
        return false;
    };
    let suffix = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    if suffix.len() == rest.len() {
        return false;
    }
    suffix.is_empty()
        || suffix.starts_with("alpha")
        || suffix.starts_with("beta")
        || suffix.starts_with("test")
        || suffix
            .strip_prefix('p')
            .is_some_and(|s| s.starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether `name` is a proto identifier: an ASCII letter or `_`, then ASCII
/// letters, digits and `_`.
pub(super) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The name of the entry message protoc generates for a map field: the field
/// name in PascalCase, then `Entry` (`by_name` → `ByNameEntry`).
pub(super) fn map_entry_name(field_name: &str) -> String {
    let mut out = String::with_capacity(field_name.len() + 5);
    let mut upper_next = true;
    for c in field_name.chars() {
        if c == '_' {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out.push_str("Entry");
    out
}

/// Whether a field of a message (not of a oneof) is a proto3 `optional` one,
/// which protoc places in a synthetic oneof of its own.
pub(super) fn is_proto3_optional(label: Label, in_oneof: bool) -> bool {
    label == Label::Optional && !in_oneof
}

/// The names of the synthetic oneofs protoc generates for the proto3
/// `optional` fields of `message`, in field order: `_` and the field name,
/// with `X` prepended while the name is taken by a field or another oneof.
pub(super) fn synthetic_oneofs(message: &MessageSchema) -> Vec<String> {
    let mut taken: Vec<String> = message
        .fields()
        .map(|(f, _)| f.name.to_owned())
        .chain(message.oneofs().map(|o| o.name.to_owned()))
        .collect();
    let mut names = Vec::new();
    for (field, oneof) in message.fields() {
        if !is_proto3_optional(field.label, oneof.is_some()) {
            continue;
        }
        let mut name = if field.name.starts_with('_') {
            field.name.to_owned()
        } else {
            format!("_{}", field.name)
        };
        while taken.contains(&name) {
            name.insert(0, 'X');
        }
        taken.push(name.clone());
        names.push(name);
    }
    names
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Package,
    Message,
    Enum,
    EnumValue,
    Field,
    Oneof,
}

impl Kind {
    /// Whether protoc accepts this as a field's type.
    fn is_type(self) -> bool {
        matches!(self, Kind::Message | Kind::Enum)
    }

    /// Whether protoc looks up the rest of a dotted name inside this.
    fn is_aggregate(self) -> bool {
        matches!(self, Kind::Package | Kind::Message | Kind::Enum)
    }
}

/// Every fully qualified name the exported files declare, to find collisions
/// and to write type names protoc resolves to the intended type.
#[derive(Debug, Default)]
pub(super) struct Symbols {
    table: BTreeMap<String, (Kind, String)>,
}

impl Symbols {
    /// Declares everything the items define. Well-known types are declared
    /// with their packages, for name resolution, but not their members.
    pub(super) fn build(items: &BTreeMap<&'static str, Item>, problems: &mut Vec<Problem>) -> Self {
        let mut symbols = Symbols::default();
        for item in items.values() {
            let package = item.package();
            let mut prefix_end = 0;
            for component in package.split('.') {
                prefix_end += component.len();
                let prefix = package.get(..prefix_end).unwrap_or(package);
                symbols.declare(
                    prefix,
                    Kind::Package,
                    || format!("package `{prefix}`"),
                    problems,
                );
                prefix_end += 1;
            }
            let full_name = item.full_name();
            match item {
                Item::Message(_) => symbols.declare(
                    full_name,
                    Kind::Message,
                    || format!("message `{full_name}`"),
                    problems,
                ),
                Item::Enum(_) => symbols.declare(
                    full_name,
                    Kind::Enum,
                    || format!("enum `{full_name}`"),
                    problems,
                ),
            }
            if item.defined_in().is_some() {
                continue;
            }
            match item {
                Item::Message(message) => symbols.declare_members(message, problems),
                Item::Enum(schema) => {
                    // Value names are declared beside the enum, as in C++:
                    // in its parent message, or in its package.
                    let scope = item.scope();
                    for value in schema.values {
                        let name = join(scope, value.name);
                        symbols.declare(
                            &name,
                            Kind::EnumValue,
                            || {
                                format!(
                                    "value `{}` of enum `{full_name}` (enum values share \
                                     the scope of their enum)",
                                    value.name
                                )
                            },
                            problems,
                        );
                    }
                }
            }
        }
        symbols
    }

    fn declare_members(&mut self, message: &MessageSchema, problems: &mut Vec<Problem>) {
        let scope = message.full_name;
        for (field, _) in message.fields() {
            let name = join(scope, field.name);
            self.declare(&name, Kind::Field, || format!("field `{name}`"), problems);
            if let FieldType::Map(..) = field.ty {
                let entry = join(scope, &map_entry_name(field.name));
                self.declare(
                    &entry,
                    Kind::Message,
                    || format!("the map entry message of field `{name}`"),
                    problems,
                );
            }
        }
        for oneof in message.oneofs() {
            let name = join(scope, oneof.name);
            self.declare(&name, Kind::Oneof, || format!("oneof `{name}`"), problems);
        }
        for synthetic in synthetic_oneofs(message) {
            let name = join(scope, &synthetic);
            self.declare(
                &name,
                Kind::Oneof,
                || format!("the synthetic oneof `{name}` of an optional field"),
                problems,
            );
        }
    }

    fn declare(
        &mut self,
        name: &str,
        kind: Kind,
        describe: impl FnOnce() -> String,
        problems: &mut Vec<Problem>,
    ) {
        match self.table.entry(name.to_owned()) {
            Entry::Vacant(slot) => {
                slot.insert((kind, describe()));
            }
            Entry::Occupied(existing) => {
                let (existing_kind, first) = existing.get();
                if !(kind == Kind::Package && *existing_kind == Kind::Package) {
                    problems.push(Problem::DuplicateSymbol {
                        name: name.to_owned(),
                        first: first.clone(),
                        second: describe(),
                    });
                }
            }
        }
    }

    /// What protoc resolves the type name `written` to, when it is written in
    /// a field of the message `scope`: the innermost enclosing scope declaring
    /// the first component wins (skipping non-types for a simple name and
    /// non-aggregates for a dotted one), and the rest is looked up inside it.
    fn resolve(&self, written: &str, scope: &str) -> Option<String> {
        if let Some(absolute) = written.strip_prefix('.') {
            return self
                .table
                .contains_key(absolute)
                .then(|| absolute.to_owned());
        }
        let (first, rest) = match written.split_once('.') {
            Some((first, rest)) => (first, Some(rest)),
            None => (written, None),
        };
        let scopes = core::iter::successors(Some(scope), |s| {
            (!s.is_empty()).then(|| s.rsplit_once('.').map_or("", |(parent, _)| parent))
        });
        for scope in scopes {
            let candidate = join(scope, first);
            let Some((kind, _)) = self.table.get(&candidate) else {
                continue;
            };
            match rest {
                Some(rest) if kind.is_aggregate() => {
                    let full = join(&candidate, rest);
                    return self.table.contains_key(&full).then_some(full);
                }
                None if kind.is_type() => return Some(candidate),
                _ => {}
            }
        }
        None
    }

    /// How to write a reference to `target` in a field of the message (or map
    /// entry) `scope` of package `package`: by simple name in the same
    /// package, fully qualified otherwise, with a leading dot when protoc
    /// would resolve either to something else.
    pub(super) fn type_name(&self, target: Item, scope: &str, package: &str) -> String {
        let full_name = target.full_name();
        let candidates: &[&str] = if target.package() == package {
            // The simple name, then the name within the package (for a
            // nested type referred to from outside its parent).
            let in_package = full_name
                .strip_prefix(package)
                .and_then(|rest| rest.strip_prefix('.'))
                .unwrap_or(full_name);
            &[target.name(), in_package]
        } else {
            &[full_name]
        };
        candidates
            .iter()
            .find(|written| self.resolve(written, scope).as_deref() == Some(full_name))
            .map_or_else(|| format!(".{full_name}"), |written| (*written).to_owned())
    }
}

/// `scope.name`, or `name` in the root scope.
fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_owned()
    } else {
        format!("{scope}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_paths_use_the_last_non_version_component() {
        assert_eq!(
            file_path("esper.leyline.v1"),
            "esper/leyline/v1/leyline.proto"
        );
        assert_eq!(file_path("acme"), "acme/acme.proto");
        assert_eq!(file_path("a.b.v2beta1"), "a/b/v2beta1/b.proto");
        assert_eq!(file_path("a.v1p1beta1"), "a/v1p1beta1/a.proto");
        assert_eq!(file_path("a.vault"), "a/vault/vault.proto");
        assert_eq!(file_path("a.v"), "a/v/v.proto");
        assert_eq!(file_path("v1"), "v1/v1.proto");
    }

    #[test]
    fn map_entry_names_follow_protoc() {
        assert_eq!(map_entry_name("by_name"), "ByNameEntry");
        assert_eq!(map_entry_name("labels"), "LabelsEntry");
        assert_eq!(map_entry_name("_x__y"), "XYEntry");
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("seed_id"));
        assert!(is_identifier("_x9"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("9x"));
        assert!(!is_identifier("a.b"));
        assert!(!is_identifier("é"));
    }

    fn table(entries: &[(&str, Kind)]) -> Symbols {
        let mut symbols = Symbols::default();
        for (name, kind) in entries {
            symbols
                .table
                .insert((*name).to_owned(), (*kind, String::new()));
        }
        symbols
    }

    #[test]
    fn resolution_follows_protoc_scoping() {
        let symbols = table(&[
            ("x", Kind::Package),
            ("x.b", Kind::Package),
            ("x.b.v1", Kind::Package),
            ("x.b.v1.Foo", Kind::Message),
            ("x.b.v1.Foo.Bar", Kind::Field),
            ("x.b.v1.Bar", Kind::Message),
            ("b", Kind::Package),
            ("b.c", Kind::Package),
            ("b.c.Bar", Kind::Message),
        ]);
        // A field named like a type does not hide the type.
        assert_eq!(
            symbols.resolve("Bar", "x.b.v1.Foo").as_deref(),
            Some("x.b.v1.Bar")
        );
        // `b` is found as `x.b` first, which has no `c.Bar`.
        assert_eq!(symbols.resolve("b.c.Bar", "x.b.v1.Foo"), None);
        assert_eq!(
            symbols.resolve(".b.c.Bar", "x.b.v1.Foo").as_deref(),
            Some("b.c.Bar")
        );
        assert_eq!(
            symbols.resolve("b.c.Bar", "y.Foo").as_deref(),
            Some("b.c.Bar")
        );
    }
}
