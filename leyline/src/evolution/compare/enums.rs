//! The rules on enums and their values.

use super::*;

impl Cx<'_, '_> {
    pub(super) fn enums(&mut self) {
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
}
