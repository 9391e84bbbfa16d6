//! Why an export failed.

use core::fmt;

/// Every problem that kept [`Exporter::export`](super::Exporter::export) from
/// producing files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    problems: Vec<Problem>,
}

impl ExportError {
    pub(super) fn new(problems: Vec<Problem>) -> Self {
        ExportError { problems }
    }

    /// The problems, in the order they were found.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "cannot export contracts: {one}"),
            many => {
                write!(f, "cannot export contracts ({} problems):", many.len())?;
                for problem in many {
                    write!(f, "\n  - {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ExportError {}

/// One reason the contracts cannot be exported.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// Two different schemas claim one fully qualified name.
    DuplicateFullName {
        /// The name both claim.
        full_name: String,
        /// `message` or `enum`: the schema found first.
        first: &'static str,
        /// `message` or `enum`: the other one.
        second: &'static str,
    },
    /// A message or enum has no package.
    MissingPackage {
        /// Its full name.
        full_name: String,
    },
    /// A full name is not the package and the name joined by a dot.
    NameMismatch {
        /// The full name the schema gives.
        full_name: String,
        /// `package.name`.
        expected: String,
    },
    /// A nested message or enum whose parent message is not exported with it.
    MissingParent {
        /// The nested type's full name.
        full_name: String,
        /// The full name of the message it is declared in.
        parent: String,
        /// `enum` when that name is an enum, `None` when nothing has it.
        found: Option<&'static str>,
    },
    /// A package, type, field, oneof, value or reserved name is not a proto
    /// identifier.
    InvalidName {
        /// What carries the name (`field esper.v1.Foo.bar`).
        owner: String,
        /// The name.
        name: String,
    },
    /// A field or oneof that cannot be written in proto3.
    InvalidField {
        /// The full name of the field or oneof.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A reserved range that is empty or out of bounds.
    InvalidReservedRange {
        /// The full name of the message or enum.
        owner: String,
        /// First number.
        start: i64,
        /// Last number (inclusive).
        end: i64,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// Two declarations would have one fully qualified name in the `.proto`
    /// files (for instance two enums of a package with a value of one name:
    /// enum values are siblings of their enum, not children of it).
    DuplicateSymbol {
        /// The fully qualified name.
        name: String,
        /// The declaration found first.
        first: String,
        /// The other one.
        second: String,
    },
    /// Packages refer to each other in a cycle, so their files would import
    /// each other, which protoc rejects.
    ImportCycle {
        /// Each file of the cycle with the reference that makes it import the
        /// next one; the last imports the first.
        files: Vec<(String, String)>,
    },
    /// The Python facade asked for with `Exporter::python_facade` cannot be
    /// written.
    PythonFacade {
        /// The facade's module name.
        module: String,
        /// Why not.
        reason: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::DuplicateFullName {
                full_name,
                first,
                second,
            } => {
                if first == second {
                    write!(f, "two different {first}s are named `{full_name}`")
                } else {
                    write!(
                        f,
                        "{} {first} and {} {second} are both named `{full_name}`",
                        article(first),
                        article(second)
                    )
                }
            }
            Problem::MissingPackage { full_name } => {
                write!(f, "`{full_name}` has no package")
            }
            Problem::NameMismatch {
                full_name,
                expected,
            } => write!(
                f,
                "full name `{full_name}` does not match its package and name (`{expected}`)"
            ),
            Problem::MissingParent {
                full_name,
                parent,
                found,
            } => match found {
                Some(kind) => write!(
                    f,
                    "`{full_name}` is nested in `{parent}`, which is {} {kind}: only messages hold nested types",
                    article(kind)
                ),
                None => write!(
                    f,
                    "`{full_name}` is nested in `{parent}`, which is not exported with it; add that message to the export"
                ),
            },
            Problem::InvalidName { owner, name } => {
                write!(f, "{owner}: `{name}` is not a valid proto identifier")
            }
            Problem::InvalidField { field, reason } => write!(f, "`{field}`: {reason}"),
            Problem::InvalidReservedRange {
                owner,
                start,
                end,
                reason,
            } => write!(f, "`{owner}`: reserved range {start} to {end} {reason}"),
            Problem::DuplicateSymbol {
                name,
                first,
                second,
            } => write!(
                f,
                "`{name}` would be declared twice: by {first} and by {second}"
            ),
            Problem::ImportCycle { files } => {
                f.write_str("packages refer to each other in a cycle, which protoc rejects:")?;
                for (file, reason) in files {
                    write!(f, " {file} imports the next ({reason});")?;
                }
                if let Some((first, _)) = files.first() {
                    write!(f, " the last imports {first}")?;
                }
                Ok(())
            }
            Problem::PythonFacade { module, reason } => {
                write!(f, "Python facade `{module}`: {reason}")
            }
        }
    }
}

fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
