//! The rules on messages and their fields.

use super::*;

impl Cx<'_, '_> {
    pub(super) fn messages(&mut self) {
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
        let old_name = type_display(old.proto);
        let new_name = type_display(new.proto);
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

    pub(super) fn reserved(
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
}
