//! The rules themselves: walk the old schema, find each element in the new
//! one, and record every difference a rule forbids.

use std::collections::BTreeSet;

use prost_types::field_descriptor_proto::Type;
use prost_types::FieldDescriptorProto;

use super::index::{
    type_display, type_name, Cardinality, EnumInfo, FieldView, MessageInfo, Schema,
};
use super::report::{Member, Problem, Subject};
use super::rule::{Rule, RuleSet};

mod enums;
mod messages;
mod services;

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
