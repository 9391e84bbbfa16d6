//! Gathering every contract reachable from the roots.

use alloc::collections::{BTreeMap, BTreeSet};

use super::Problem;
use crate::schema::{EnumSchema, FieldType, MessageSchema};

/// A message or an enum.
#[derive(Debug, Clone, Copy)]
pub(super) enum Item {
    Message(&'static MessageSchema),
    Enum(&'static EnumSchema),
}

impl Item {
    pub(super) fn full_name(self) -> &'static str {
        match self {
            Item::Message(m) => m.full_name,
            Item::Enum(e) => e.full_name,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Item::Message(m) => m.name,
            Item::Enum(e) => e.name,
        }
    }

    pub(super) fn package(self) -> &'static str {
        match self {
            Item::Message(m) => m.package,
            Item::Enum(e) => e.package,
        }
    }

    pub(super) fn defined_in(self) -> Option<&'static str> {
        match self {
            Item::Message(m) => m.defined_in,
            Item::Enum(e) => e.defined_in,
        }
    }

    /// The full name of the message this item is nested in (`p.Outer` for
    /// `p.Outer.Inner`), or `None` at the top of its package.
    pub(super) fn parent(self) -> Option<&'static str> {
        let scope = self
            .full_name()
            .strip_suffix(self.name())?
            .strip_suffix('.')?;
        (scope != self.package()).then_some(scope)
    }

    /// Where the item's name is declared, and an enum's value names with it:
    /// its parent message, or its package.
    pub(super) fn scope(self) -> &'static str {
        self.parent().unwrap_or(self.package())
    }

    /// `message` or `enum`.
    pub(super) fn kind(self) -> &'static str {
        match self {
            Item::Message(_) => "message",
            Item::Enum(_) => "enum",
        }
    }

    /// Whether both describe the same contract: the same static, or equal
    /// descriptions (references between contracts compare by name).
    fn same_as(self, other: Item) -> bool {
        match (self, other) {
            (Item::Message(a), Item::Message(b)) => core::ptr::eq(a, b) || a == b,
            (Item::Enum(a), Item::Enum(b)) => core::ptr::eq(a, b) || a == b,
            _ => false,
        }
    }
}

/// The message or enum a field's elements (or a map's values) refer to.
///
/// Only one level of map is looked through: a map of maps is rejected by the
/// checks, and stopping here keeps a self-referencing type from looping.
pub(super) fn element_target(ty: &FieldType) -> Option<Item> {
    let element = match ty {
        FieldType::Map(_, value) => value,
        other => other,
    };
    match element {
        FieldType::Message(m) => Some(Item::Message(m())),
        FieldType::Enum(e) => Some(Item::Enum(e())),
        FieldType::Scalar(_) | FieldType::Map(..) => None,
    }
}

/// Every item reachable from `roots`, by full name. Two different schemas with
/// one full name are reported once; the first one found is kept.
pub(super) fn collect(roots: &[Item], problems: &mut Vec<Problem>) -> BTreeMap<&'static str, Item> {
    let mut items: BTreeMap<&'static str, Item> = BTreeMap::new();
    let mut reported = BTreeSet::new();
    let mut pending: Vec<Item> = roots.iter().rev().copied().collect();
    while let Some(item) = pending.pop() {
        if let Some(known) = items.get(item.full_name()) {
            if !known.same_as(item) && reported.insert(item.full_name()) {
                problems.push(Problem::DuplicateFullName {
                    full_name: item.full_name().to_owned(),
                    first: known.kind(),
                    second: item.kind(),
                });
            }
            continue;
        }
        items.insert(item.full_name(), item);
        // Well-known types are imported, not written: what they refer to
        // does not matter here.
        if let (Item::Message(message), None) = (item, item.defined_in()) {
            let mut referenced: Vec<Item> = message
                .fields()
                .filter_map(|(field, _)| element_target(&field.ty))
                .collect();
            referenced.reverse();
            pending.extend(referenced);
        }
    }
    items
}
