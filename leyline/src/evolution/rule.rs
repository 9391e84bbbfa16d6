//! The rules a new schema version is checked with, named with buf's rule ids.

use core::fmt;

macro_rules! rules {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal, wire: $wire:literal, wire_json: $wire_json:literal;
    )*) => {
        /// One breaking-change rule. The id of each rule is the id buf uses for
        /// the same check, so reports can be read side by side with `buf breaking`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// buf's id for the rule, e.g. `FIELD_SAME_NAME`.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// Whether buf's `WIRE` category holds the rule.
            pub const fn in_wire(self) -> bool {
                match self {
                    $(Rule::$variant => $wire,)*
                }
            }

            /// Whether buf's `WIRE_JSON` category holds the rule.
            pub const fn in_wire_json(self) -> bool {
                match self {
                    $(Rule::$variant => $wire_json,)*
                }
            }
        }
    };
}

rules! {
    /// A field was deleted and its number was not reserved.
    FieldNoDeleteUnlessNumberReserved = "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", wire: true, wire_json: true;
    /// A field was deleted and its name was not reserved.
    FieldNoDeleteUnlessNameReserved = "FIELD_NO_DELETE_UNLESS_NAME_RESERVED", wire: false, wire_json: true;
    /// A field number now carries a different field name.
    FieldSameName = "FIELD_SAME_NAME", wire: false, wire_json: true;
    /// A field's JSON name (explicit `json_name` or derived from the name) changed.
    FieldSameJsonName = "FIELD_SAME_JSON_NAME", wire: false, wire_json: true;
    /// A field's type changed to one that is not binary-compatible.
    FieldWireCompatibleType = "FIELD_WIRE_COMPATIBLE_TYPE", wire: true, wire_json: false;
    /// A field's type changed to one that is not binary- and JSON-compatible.
    FieldWireJsonCompatibleType = "FIELD_WIRE_JSON_COMPATIBLE_TYPE", wire: false, wire_json: true;
    /// A field's cardinality changed in a way the binary format does not allow.
    FieldWireCompatibleCardinality = "FIELD_WIRE_COMPATIBLE_CARDINALITY", wire: true, wire_json: false;
    /// A field's cardinality changed in a way the binary or JSON format does not allow.
    FieldWireJsonCompatibleCardinality = "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", wire: false, wire_json: true;
    /// A field moved into, out of, or between oneofs (proto3 `optional` does not count).
    FieldSameOneof = "FIELD_SAME_ONEOF", wire: true, wire_json: true;
    /// A singular scalar or enum field's default value changed.
    FieldSameDefault = "FIELD_SAME_DEFAULT", wire: true, wire_json: true;
    /// A required field was added or removed (proto2).
    MessageSameRequiredFields = "MESSAGE_SAME_REQUIRED_FIELDS", wire: true, wire_json: true;
    /// A message went from full JSON support (proto3) to best effort (proto2).
    MessageSameJsonFormat = "MESSAGE_SAME_JSON_FORMAT", wire: false, wire_json: true;
    /// An enum went from full JSON support (proto3) to best effort (proto2).
    EnumSameJsonFormat = "ENUM_SAME_JSON_FORMAT", wire: false, wire_json: true;
    /// An enum value was deleted and its number was not reserved.
    EnumValueNoDeleteUnlessNumberReserved = "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", wire: true, wire_json: true;
    /// An enum value was deleted and its name was not reserved.
    EnumValueNoDeleteUnlessNameReserved = "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", wire: false, wire_json: true;
    /// An enum number lost one of its names.
    EnumValueSameName = "ENUM_VALUE_SAME_NAME", wire: false, wire_json: true;
    /// A reserved number or name was removed from a message.
    ReservedMessageNoDelete = "RESERVED_MESSAGE_NO_DELETE", wire: true, wire_json: true;
    /// A reserved number or name was removed from an enum.
    ReservedEnumNoDelete = "RESERVED_ENUM_NO_DELETE", wire: true, wire_json: true;
    /// A file (same path) declares a different package.
    FileSamePackage = "FILE_SAME_PACKAGE", wire: true, wire_json: true;
    /// An RPC's request type changed.
    RpcSameRequestType = "RPC_SAME_REQUEST_TYPE", wire: true, wire_json: true;
    /// An RPC's response type changed.
    RpcSameResponseType = "RPC_SAME_RESPONSE_TYPE", wire: true, wire_json: true;
    /// An RPC switched between unary and streaming requests.
    RpcSameClientStreaming = "RPC_SAME_CLIENT_STREAMING", wire: true, wire_json: true;
    /// An RPC switched between unary and streaming responses.
    RpcSameServerStreaming = "RPC_SAME_SERVER_STREAMING", wire: true, wire_json: true;
    /// An RPC's `idempotency_level` option changed.
    RpcSameIdempotencyLevel = "RPC_SAME_IDEMPOTENCY_LEVEL", wire: true, wire_json: true;
    /// A package that existed no longer has any file (buf category `PACKAGE`).
    PackageNoDelete = "PACKAGE_NO_DELETE", wire: false, wire_json: false;
    /// A message was deleted from a package that still exists (buf category `PACKAGE`).
    PackageMessageNoDelete = "PACKAGE_MESSAGE_NO_DELETE", wire: false, wire_json: false;
    /// An enum was deleted from a package that still exists (buf category `PACKAGE`).
    PackageEnumNoDelete = "PACKAGE_ENUM_NO_DELETE", wire: false, wire_json: false;
    /// A message was deleted from a file that still exists (buf category `FILE`).
    MessageNoDelete = "MESSAGE_NO_DELETE", wire: false, wire_json: false;
    /// An enum was deleted from a file that still exists (buf category `FILE`).
    EnumNoDelete = "ENUM_NO_DELETE", wire: false, wire_json: false;
}

impl Rule {
    /// The rule with buf's id `id`, if leyline implements it.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.id() == id)
    }

    const fn bit(self) -> u64 {
        1 << (self as u32)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A set of [`Rule`]s to check with.
///
/// [`RuleSet::default`] is [`RuleSet::leyline`]: buf's `WIRE_JSON` category
/// plus the package-level deletion rules.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleSet {
    bits: u64,
}

impl RuleSet {
    /// No rule at all.
    pub const fn empty() -> Self {
        RuleSet { bits: 0 }
    }

    /// Exactly buf's `WIRE` category: changes that break the binary encoding.
    pub fn wire() -> Self {
        Self::from_filter(Rule::in_wire)
    }

    /// Exactly buf's `WIRE_JSON` category: changes that break the binary or
    /// the JSON encoding.
    pub fn wire_json() -> Self {
        Self::from_filter(Rule::in_wire_json)
    }

    /// Leyline's default: [`RuleSet::wire_json`] plus `PACKAGE_NO_DELETE`,
    /// `PACKAGE_MESSAGE_NO_DELETE` and `PACKAGE_ENUM_NO_DELETE`.
    ///
    /// A deleted or renamed message or enum is invisible on the wire, but a
    /// consumer that still decodes or sends it has lost its contract. Types
    /// are tracked per package, not per file, because the `.proto` layout of
    /// a code-first contract is an export detail: moving a type between files
    /// of the same package is not a change consumers can observe.
    pub fn leyline() -> Self {
        Self::wire_json()
            .with(Rule::PackageNoDelete)
            .with(Rule::PackageMessageNoDelete)
            .with(Rule::PackageEnumNoDelete)
    }

    fn from_filter(keep: fn(Rule) -> bool) -> Self {
        Rule::ALL
            .iter()
            .copied()
            .filter(|rule| keep(*rule))
            .fold(Self::empty(), Self::with)
    }

    /// This set with `rule` added.
    #[must_use]
    pub const fn with(self, rule: Rule) -> Self {
        RuleSet {
            bits: self.bits | rule.bit(),
        }
    }

    /// This set with `rule` removed.
    #[must_use]
    pub const fn without(self, rule: Rule) -> Self {
        RuleSet {
            bits: self.bits & !rule.bit(),
        }
    }

    /// Whether the set holds `rule`.
    pub const fn contains(self, rule: Rule) -> bool {
        self.bits & rule.bit() != 0
    }

    /// The rules of the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL
            .iter()
            .copied()
            .filter(move |rule| self.contains(*rule))
    }
}

impl Default for RuleSet {
    fn default() -> Self {
        Self::leyline()
    }
}

impl FromIterator<Rule> for RuleSet {
    fn from_iter<I: IntoIterator<Item = Rule>>(iter: I) -> Self {
        iter.into_iter().fold(Self::empty(), Self::with)
    }
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(Rule::id)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_fit_the_bit_set() {
        assert!(Rule::ALL.len() <= 64);
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
    }

    #[test]
    fn categories_match_buf() {
        assert_eq!(RuleSet::wire().iter().count(), 15);
        assert_eq!(RuleSet::wire_json().iter().count(), 22);
        assert!(!RuleSet::wire_json().contains(Rule::FieldWireCompatibleType));
        assert!(RuleSet::leyline().contains(Rule::PackageMessageNoDelete));
        assert!(!RuleSet::leyline().contains(Rule::MessageNoDelete));
    }
}
