//! The rules themselves: walk the old schema, find each element in the new
//! one, and record every difference a rule forbids.

use std::collections::BTreeSet;

use prost_types::field_descriptor_proto::Type;
use prost_types::FieldDescriptorProto;

use super::index::{type_name, Cardinality, EnumInfo, FieldView, MessageInfo, Schema};
use super::report::{Member, Problem, Subject};
use super::rule::{Rule, RuleSet};

/// Every problem between `old` and `new` under `rules`.
pub(crate) fn compare(old: &Schema<'_>, new: &Schema<'_>, rules: RuleSet) -> Vec<Problem> {
    let mut cx = Cx {
        old,
        new,
        rules,
        problems: Vec::new(),
    };
    cx.files();
    cx.packages();
    cx.messages();
    cx.enums();
    cx.services();
    cx.problems
}

struct Cx<'s, 'a> {
    old: &'s Schema<'a>,
    new: &'s Schema<'a>,
    rules: RuleSet,
    problems: Vec<Problem>,
}

/// The element a group of problems is about, and the file declaring it.
#[derive(Clone, Copy)]
struct At<'x> {
    subject: Subject,
    name: &'x str,
    file: &'x str,
}

/// The parts of a problem that vary from rule to rule.
struct Finding {
    member: Option<Member>,
    old: Option<String>,
    new: Option<String>,
    detail: String,
}

impl Finding {
    fn new(detail: String) -> Self {
        Finding {
            member: None,
            old: None,
            new: None,
            detail,
        }
    }

    fn member(mut self, member: Member) -> Self {
        self.member = Some(member);
        self
    }

    fn values(mut self, old: impl Into<String>, new: impl Into<String>) -> Self {
        self.old = Some(old.into());
        self.new = Some(new.into());
        self
    }

    fn old(mut self, old: impl Into<String>) -> Self {
        self.old = Some(old.into());
        self
    }
}

fn field_member(field: &FieldDescriptorProto) -> Member {
    Member::Field {
        number: field.number(),
        name: field.name().to_owned(),
    }
}

impl Cx<'_, '_> {
    fn report(&mut self, rule: Rule, at: At<'_>, finding: Finding) {
        if !self.rules.contains(rule) {
            return;
        }
        self.problems.push(Problem {
            rule,
            subject: at.subject,
            name: at.name.to_owned(),
            file: at.file.to_owned(),
            member: finding.member,
            old: finding.old,
            new: finding.new,
            detail: finding.detail,
        });
    }

    fn files(&mut self) {
        let (old_schema, new_schema) = (self.old, self.new);
        for (path, old) in &old_schema.files {
            let Some(new) = new_schema.files.get(path) else {
                continue;
            };
            let at = At {
                subject: Subject::File,
                name: path,
                file: path,
            };
            if old.package != new.package {
                self.report(
                    Rule::FileSamePackage,
                    at,
                    Finding::new(format!(
                        "package changed from \"{}\" to \"{}\"",
                        old.package, new.package
                    ))
                    .values(old.package, new.package),
                );
            }
            for message in old.messages.difference(&new.messages) {
                if self.is_old_map_entry(old.package, message) {
                    continue;
                }
                let full = qualified(old.package, message);
                let at = At {
                    subject: Subject::Message,
                    name: &full,
                    file: path,
                };
                let detail = format!("message deleted from file {path}");
                self.report(Rule::MessageNoDelete, at, Finding::new(detail));
            }
            for enumeration in old.enums.difference(&new.enums) {
                let full = qualified(old.package, enumeration);
                let at = At {
                    subject: Subject::Enum,
                    name: &full,
                    file: path,
                };
                let detail = format!("enum deleted from file {path}");
                self.report(Rule::EnumNoDelete, at, Finding::new(detail));
            }
        }
    }

    /// Map entry messages come and go with their map field, whose deletion
    /// the field rules already report.
    fn is_old_map_entry(&self, package: &str, relative: &str) -> bool {
        self.old
            .messages
            .get(&qualified(package, relative))
            .is_some_and(MessageInfo::is_map_entry)
    }

    fn packages(&mut self) {
        let (old_schema, new_schema) = (self.old, self.new);
        for package in old_schema.packages.difference(&new_schema.packages) {
            let file = old_schema
                .files
                .iter()
                .find(|(_, f)| f.package == *package)
                .map_or("", |(path, _)| *path);
            let at = At {
                subject: Subject::Package,
                name: package,
                file,
            };
            self.report(
                Rule::PackageNoDelete,
                at,
                Finding::new("package deleted: no file declares it any more".to_owned()),
            );
        }
    }

    fn messages(&mut self) {
        let (old_schema, new_schema) = (self.old, self.new);
        for (name, old) in &old_schema.messages {
            let Some(new) = new_schema.messages.get(name) else {
                if new_schema.packages.contains(old.package) && !old.is_map_entry() {
                    let at = At {
                        subject: Subject::Message,
                        name,
                        file: old.file,
                    };
                    let detail = format!("message deleted from package {}", old.package);
                    self.report(Rule::PackageMessageNoDelete, at, Finding::new(detail));
                }
                continue;
            };
            let at = At {
                subject: Subject::Message,
                name,
                file: new.file,
            };
            self.message(at, old, new);
        }
    }

    fn message(&mut self, at: At<'_>, old: &MessageInfo<'_>, new: &MessageInfo<'_>) {
        if old.syntax.json_format() != new.syntax.json_format() && new.syntax.is_json_best_effort()
        {
            self.report(
                Rule::MessageSameJsonFormat,
                at,
                Finding::new(format!(
                    "JSON format support changed from ALLOW to {} (the file is now proto2)",
                    new.syntax.json_format()
                ))
                .values(old.syntax.json_format(), new.syntax.json_format()),
            );
        }

        let new_reserved = new.reserved_ranges();
        let new_reserved_names: BTreeSet<&str> =
            new.proto.reserved_name.iter().map(String::as_str).collect();

        for old_field in &old.proto.field {
            let number = old_field.number();
            match new.field(number) {
                Some(new_field) => self.field(at, old, new, old_field, new_field),
                None => {
                    let view = self.old.field_view(old, old_field);
                    let described = self.old.describe(&view);
                    if !covered(&new_reserved, i64::from(number)) {
                        self.report(
                            Rule::FieldNoDeleteUnlessNumberReserved,
                            at,
                            Finding::new(format!("deleted without reserving number {number}"))
                                .member(field_member(old_field))
                                .old(described.clone()),
                        );
                    }
                    if !new_reserved_names.contains(old_field.name()) {
                        self.report(
                            Rule::FieldNoDeleteUnlessNameReserved,
                            at,
                            Finding::new(format!(
                                "deleted without reserving name \"{}\"",
                                old_field.name()
                            ))
                            .member(field_member(old_field))
                            .old(described),
                        );
                    }
                }
            }
        }

        self.required_fields(at, old, new);
        self.reserved(
            Rule::ReservedMessageNoDelete,
            at,
            &old.reserved_ranges(),
            &new_reserved,
            &old.proto.reserved_name,
            &new_reserved_names,
        );
    }

    fn required_fields(&mut self, at: At<'_>, old: &MessageInfo<'_>, new: &MessageInfo<'_>) {
        let required = |m: &MessageInfo<'_>, schema: &Schema<'_>| -> BTreeSet<i32> {
            m.proto
                .field
                .iter()
                .filter(|f| schema.field_view(m, f).cardinality == Cardinality::Required)
                .map(FieldDescriptorProto::number)
                .collect()
        };
        let old_required = required(old, self.old);
        let new_required = required(new, self.new);
        for number in old_required.difference(&new_required) {
            if let Some(field) = old.field(*number) {
                self.report(
                    Rule::MessageSameRequiredFields,
                    at,
                    Finding::new(
                        "required field removed: peers that still require it reject the message"
                            .to_owned(),
                    )
                    .member(field_member(field)),
                );
            }
        }
        for number in new_required.difference(&old_required) {
            if let Some(field) = new.field(*number) {
                self.report(
                    Rule::MessageSameRequiredFields,
                    at,
                    Finding::new(
                        "required field added: messages from older peers lack it".to_owned(),
                    )
                    .member(field_member(field)),
                );
            }
        }
    }

    fn field(
        &mut self,
        at: At<'_>,
        old_message: &MessageInfo<'_>,
        new_message: &MessageInfo<'_>,
        old_field: &FieldDescriptorProto,
        new_field: &FieldDescriptorProto,
    ) {
        let old = self.old.field_view(old_message, old_field);
        let new = self.new.field_view(new_message, new_field);
        let member = || field_member(old_field);
        let number = old_field.number();

        if old_field.name() != new_field.name() {
            self.report(
                Rule::FieldSameName,
                at,
                Finding::new(format!(
                    "number {number} reused by \"{}\" (was \"{}\", {})",
                    new_field.name(),
                    old_field.name(),
                    self.old.describe(&old)
                ))
                .member(member())
                .values(old_field.name(), new_field.name()),
            );
        }
        if old.json_name != new.json_name {
            self.report(
                Rule::FieldSameJsonName,
                at,
                Finding::new(format!(
                    "JSON name changed from \"{}\" to \"{}\"",
                    old.json_name, new.json_name
                ))
                .member(member())
                .values(old.json_name.clone(), new.json_name.clone()),
            );
        }

        self.field_type(at, &old, &new);
        self.cardinality(at, &old, &new);

        if old.oneof != new.oneof {
            let detail = match (old.oneof, new.oneof) {
                (None, Some(to)) => format!("moved into oneof \"{to}\""),
                (Some(from), None) => format!("moved out of oneof \"{from}\""),
                (Some(from), Some(to)) => format!("moved from oneof \"{from}\" to oneof \"{to}\""),
                (None, None) => String::new(),
            };
            self.report(
                Rule::FieldSameOneof,
                at,
                Finding::new(detail)
                    .member(member())
                    .values(old.oneof.unwrap_or_default(), new.oneof.unwrap_or_default()),
            );
        }

        if let (Some(old_default), Some(new_default)) =
            (self.old.default_value(&old), self.new.default_value(&new))
        {
            if old_default.differs(&new_default) == Some(true) {
                self.report(
                    Rule::FieldSameDefault,
                    at,
                    Finding::new(format!(
                        "default value changed from {old_default} to {new_default}"
                    ))
                    .member(member())
                    .values(old_default.to_string(), new_default.to_string()),
                );
            }
        }
    }

    fn field_type(&mut self, at: At<'_>, old: &FieldView<'_>, new: &FieldView<'_>) {
        let (old_ty, new_ty) = (old.proto.r#type(), new.proto.r#type());
        let (wire_ok, json_ok) = if old_ty == new_ty {
            let same = match old_ty {
                Type::Message | Type::Group => type_name(old.proto) == type_name(new.proto),
                Type::Enum => {
                    type_name(old.proto) == type_name(new.proto)
                        || self.new.enum_is_superset(
                            type_name(new.proto),
                            self.old,
                            type_name(old.proto),
                        )
                }
                _ => true,
            };
            (same, same)
        } else {
            (
                wire_compatible(old_ty, new_ty),
                json_compatible(old_ty, new_ty),
            )
        };
        if wire_ok && json_ok {
            return;
        }
        let old_name = super::index::type_display(old.proto);
        let new_name = super::index::type_display(new.proto);
        let base = format!("type changed from {old_name} to {new_name}");
        if !wire_ok {
            let detail = if old_ty == Type::Bytes && new_ty == Type::String {
                format!("{base} (string requires valid UTF-8, old bytes values need not be)")
            } else {
                base.clone()
            };
            self.report(
                Rule::FieldWireCompatibleType,
                at,
                Finding::new(detail)
                    .member(field_member(old.proto))
                    .values(old_name.clone(), new_name.clone()),
            );
        }
        let detail = if wire_ok {
            format!("{base} (same binary encoding, different JSON encoding)")
        } else {
            base
        };
        self.report(
            Rule::FieldWireJsonCompatibleType,
            at,
            Finding::new(detail)
                .member(field_member(old.proto))
                .values(old_name, new_name),
        );
    }

    fn cardinality(&mut self, at: At<'_>, old: &FieldView<'_>, new: &FieldView<'_>) {
        use Cardinality::{Explicit, Implicit, Map, Repeated};
        let (from, to) = (old.cardinality, new.cardinality);
        if from == to {
            return;
        }
        let presence_only = matches!((from, to), (Implicit, Explicit) | (Explicit, Implicit));
        let repeated_map = matches!((from, to), (Repeated, Map) | (Map, Repeated));
        let finding = || {
            Finding::new(format!(
                "cardinality changed from {} to {}",
                from.describe(),
                to.describe()
            ))
            .member(field_member(old.proto))
            .values(from.describe(), to.describe())
        };
        if !presence_only && !repeated_map {
            self.report(Rule::FieldWireCompatibleCardinality, at, finding());
        }
        if !presence_only {
            self.report(Rule::FieldWireJsonCompatibleCardinality, at, finding());
        }
    }

    fn reserved(
        &mut self,
        rule: Rule,
        at: At<'_>,
        old_ranges: &[(i64, i64)],
        new_ranges: &[(i64, i64)],
        old_names: &[String],
        new_names: &BTreeSet<&str>,
    ) {
        for &(start, end) in old_ranges {
            let missing = uncovered(start, end, new_ranges);
            if missing.is_empty() {
                continue;
            }
            let missing = missing
                .iter()
                .map(|&(a, b)| range_display(a, b))
                .collect::<Vec<_>>()
                .join(", ");
            let was = range_display(start, end);
            self.report(
                rule,
                at,
                Finding::new(format!(
                    "reserved range {was} removed: {missing} no longer reserved"
                ))
                .values(was.clone(), missing),
            );
        }
        for name in old_names {
            if !new_names.contains(name.as_str()) {
                self.report(
                    rule,
                    at,
                    Finding::new(format!("reserved name \"{name}\" removed")).old(name.clone()),
                );
            }
        }
    }

    fn enums(&mut self) {
        let (old_schema, new_schema) = (self.old, self.new);
        for (name, old) in &old_schema.enums {
            let Some(new) = new_schema.enums.get(name) else {
                if new_schema.packages.contains(old.package) {
                    let at = At {
                        subject: Subject::Enum,
                        name,
                        file: old.file,
                    };
                    let detail = format!("enum deleted from package {}", old.package);
                    self.report(Rule::PackageEnumNoDelete, at, Finding::new(detail));
                }
                continue;
            };
            let at = At {
                subject: Subject::Enum,
                name,
                file: new.file,
            };
            self.enumeration(at, old, new);
        }
    }

    fn enumeration(&mut self, at: At<'_>, old: &EnumInfo<'_>, new: &EnumInfo<'_>) {
        if old.syntax.json_format() != new.syntax.json_format() && new.syntax.is_json_best_effort()
        {
            self.report(
                Rule::EnumSameJsonFormat,
                at,
                Finding::new(format!(
                    "JSON format support changed from ALLOW to {} (the file is now proto2)",
                    new.syntax.json_format()
                ))
                .values(old.syntax.json_format(), new.syntax.json_format()),
            );
        }
        let new_reserved = new.reserved_ranges();
        let new_reserved_names: BTreeSet<&str> =
            new.proto.reserved_name.iter().map(String::as_str).collect();
        let old_values = old.names_by_number();
        let new_values = new.names_by_number();
        for (&number, old_names) in &old_values {
            let value_member = || Member::Value {
                number,
                name: old_names.first().copied().unwrap_or_default().to_owned(),
            };
            match new_values.get(&number) {
                Some(new_names) => {
                    if !old_names.iter().all(|n| new_names.contains(n)) {
                        let (was, now) = (old_names.join(", "), new_names.join(", "));
                        self.report(
                            Rule::EnumValueSameName,
                            at,
                            Finding::new(format!("number {number} renamed from {was} to {now}"))
                                .member(value_member())
                                .values(was, now),
                        );
                    }
                }
                None => {
                    if !covered(&new_reserved, i64::from(number)) {
                        self.report(
                            Rule::EnumValueNoDeleteUnlessNumberReserved,
                            at,
                            Finding::new(format!("deleted without reserving number {number}"))
                                .member(value_member()),
                        );
                    }
                    for name in old_names {
                        if !new_reserved_names.contains(name) {
                            self.report(
                                Rule::EnumValueNoDeleteUnlessNameReserved,
                                at,
                                Finding::new(format!("deleted without reserving name \"{name}\""))
                                    .member(Member::Value {
                                        number,
                                        name: (*name).to_owned(),
                                    }),
                            );
                        }
                    }
                }
            }
        }
        self.reserved(
            Rule::ReservedEnumNoDelete,
            at,
            &old.reserved_ranges(),
            &new_reserved,
            &old.proto.reserved_name,
            &new_reserved_names,
        );
    }

    fn services(&mut self) {
        let (old_schema, new_schema) = (self.old, self.new);
        for (name, old) in &old_schema.services {
            let Some(new) = new_schema.services.get(name) else {
                continue;
            };
            let at = At {
                subject: Subject::Service,
                name,
                file: new.file,
            };
            for old_method in &old.proto.method {
                let Some(new_method) = new
                    .proto
                    .method
                    .iter()
                    .find(|m| m.name() == old_method.name())
                else {
                    continue;
                };
                let member = || Member::Rpc {
                    name: old_method.name().to_owned(),
                };
                let strip = |t: &str| t.strip_prefix('.').unwrap_or(t).to_owned();
                let pairs = [
                    (
                        Rule::RpcSameRequestType,
                        "request type",
                        strip(old_method.input_type()),
                        strip(new_method.input_type()),
                    ),
                    (
                        Rule::RpcSameResponseType,
                        "response type",
                        strip(old_method.output_type()),
                        strip(new_method.output_type()),
                    ),
                    (
                        Rule::RpcSameClientStreaming,
                        "request streaming",
                        streaming(old_method.client_streaming()),
                        streaming(new_method.client_streaming()),
                    ),
                    (
                        Rule::RpcSameServerStreaming,
                        "response streaming",
                        streaming(old_method.server_streaming()),
                        streaming(new_method.server_streaming()),
                    ),
                    (
                        Rule::RpcSameIdempotencyLevel,
                        "idempotency_level",
                        idempotency(old_method),
                        idempotency(new_method),
                    ),
                ];
                for (rule, what, was, now) in pairs {
                    if was != now {
                        self.report(
                            rule,
                            at,
                            Finding::new(format!("{what} changed from {was} to {now}"))
                                .member(member())
                                .values(was, now),
                        );
                    }
                }
            }
        }
    }
}

fn streaming(yes: bool) -> String {
    if yes { "streaming" } else { "unary" }.to_owned()
}

fn idempotency(method: &prost_types::MethodDescriptorProto) -> String {
    method
        .options
        .as_ref()
        .map_or(
            prost_types::method_options::IdempotencyLevel::IdempotencyUnknown,
            |o| o.idempotency_level(),
        )
        .as_str_name()
        .to_owned()
}

fn qualified(package: &str, relative: &str) -> String {
    if package.is_empty() {
        relative.to_owned()
    } else {
        format!("{package}.{relative}")
    }
}

/// buf's `FIELD_WIRE_COMPATIBLE_TYPE` groups for two different types.
fn wire_compatible(old: Type, new: Type) -> bool {
    use Type::*;
    let group = |t: Type| match t {
        Int32 | Int64 | Uint32 | Uint64 | Bool => Some(0),
        Sint32 | Sint64 => Some(1),
        Fixed32 | Sfixed32 => Some(2),
        Fixed64 | Sfixed64 => Some(3),
        _ => None,
    };
    (old == String && new == Bytes) || (group(old).is_some() && group(old) == group(new))
}

/// buf's `FIELD_WIRE_JSON_COMPATIBLE_TYPE` groups for two different types.
fn json_compatible(old: Type, new: Type) -> bool {
    use Type::*;
    let group = |t: Type| match t {
        Int32 | Uint32 => Some(0),
        Int64 | Uint64 => Some(1),
        Fixed32 | Sfixed32 => Some(2),
        Fixed64 | Sfixed64 => Some(3),
        _ => None,
    };
    group(old).is_some() && group(old) == group(new)
}

fn covered(ranges: &[(i64, i64)], number: i64) -> bool {
    ranges.iter().any(|&(a, b)| a <= number && number <= b)
}

/// The parts of `[start, end]` that no range of `by` covers.
fn uncovered(start: i64, end: i64, by: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut by = by.to_vec();
    by.sort_unstable();
    let mut missing = Vec::new();
    let mut next = start;
    for (a, b) in by {
        if next > end || a > end {
            break;
        }
        if b < next {
            continue;
        }
        if a > next {
            missing.push((next, a - 1));
        }
        next = next.max(b + 1);
    }
    if next <= end {
        missing.push((next, end));
    }
    missing
}

fn range_display(start: i64, end: i64) -> String {
    const FIELD_MAX: i64 = 536_870_911;
    const ENUM_MAX: i64 = i32::MAX as i64;
    match end {
        _ if start == end => start.to_string(),
        FIELD_MAX | ENUM_MAX => format!("{start} to max"),
        _ => format!("{start} to {end}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_parts_of_a_range() {
        assert_eq!(uncovered(3, 6, &[(2, 8)]), vec![]);
        assert_eq!(uncovered(3, 6, &[(4, 4)]), vec![(3, 3), (5, 6)]);
        assert_eq!(uncovered(3, 6, &[]), vec![(3, 6)]);
        assert_eq!(uncovered(5, 7, &[(5, 5), (6, 6), (7, 7)]), vec![]);
        assert_eq!(uncovered(1, 10, &[(8, 20), (1, 2)]), vec![(3, 7)]);
    }

    #[test]
    fn type_groups_follow_buf() {
        assert!(wire_compatible(Type::Int32, Type::Bool));
        assert!(wire_compatible(Type::String, Type::Bytes));
        assert!(!wire_compatible(Type::Bytes, Type::String));
        assert!(!wire_compatible(Type::Int32, Type::Sint32));
        assert!(!wire_compatible(Type::Enum, Type::Int32));
        assert!(json_compatible(Type::Int64, Type::Uint64));
        assert!(!json_compatible(Type::Int32, Type::Int64));
        assert!(!json_compatible(Type::String, Type::Bytes));
    }
}
