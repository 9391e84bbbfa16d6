//! What a check found: one [`Problem`] per breaking change.

use core::fmt;

use super::rule::Rule;

/// What kind of schema element a [`Problem`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Subject {
    /// A package, named by its dotted name.
    Package,
    /// A `.proto` file, named by its path relative to the include root.
    File,
    /// A message, named by its full name (`esper.v1.SeedState`).
    Message,
    /// An enum, named by its full name.
    Enum,
    /// A service, named by its full name.
    Service,
}

/// The part of a message, enum or service a [`Problem`] is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Member {
    /// A message field, named as in the old version.
    Field {
        /// The field number.
        number: i32,
        /// The field name.
        name: String,
    },
    /// An enum value, named as in the old version.
    Value {
        /// The enum number.
        number: i32,
        /// The value name.
        name: String,
    },
    /// An RPC of a service.
    Rpc {
        /// The method name.
        name: String,
    },
}

impl Member {
    fn sort_key(&self) -> (u8, i64, &str) {
        match self {
            Member::Field { number, name } => (0, i64::from(*number), name),
            Member::Value { number, name } => (1, i64::from(*number), name),
            Member::Rpc { name } => (2, 0, name),
        }
    }
}

/// One breaking change between two versions of a schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    pub(crate) rule: Rule,
    pub(crate) subject: Subject,
    pub(crate) name: String,
    pub(crate) file: String,
    pub(crate) member: Option<Member>,
    pub(crate) old: Option<String>,
    pub(crate) new: Option<String>,
    pub(crate) detail: String,
}

impl Problem {
    /// The rule that was broken.
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// What kind of element [`Problem::name`] names.
    pub fn subject(&self) -> Subject {
        self.subject
    }

    /// The full name of the message, enum or service, the package name, or
    /// the file path.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file that declares the element (in the new version when it still
    /// exists there, otherwise in the old one).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The field, enum value or RPC concerned, if any.
    pub fn member(&self) -> Option<&Member> {
        self.member.as_ref()
    }

    /// The number and (old) name of the field concerned, if any.
    pub fn field(&self) -> Option<(i32, &str)> {
        match &self.member {
            Some(Member::Field { number, name }) => Some((*number, name)),
            _ => None,
        }
    }

    /// What the old version had (a name, a type, a cardinality, ...), when
    /// the rule compares two values.
    pub fn old_value(&self) -> Option<&str> {
        self.old.as_deref()
    }

    /// What the new version has, when the rule compares two values.
    pub fn new_value(&self) -> Option<&str> {
        self.new.as_deref()
    }

    /// A sentence describing the change, without the element or the rule id.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    fn sort_key(&self) -> (&str, Subject, Option<(u8, i64, &str)>, Rule) {
        (
            &self.name,
            self.subject,
            self.member.as_ref().map(Member::sort_key),
            self.rule,
        )
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.subject {
            Subject::Package => write!(f, "package {}", self.name)?,
            Subject::File => write!(f, "file {}", self.name)?,
            Subject::Message | Subject::Enum | Subject::Service => f.write_str(&self.name)?,
        }
        match &self.member {
            Some(Member::Field { number, name }) => write!(f, " field {number} \"{name}\"")?,
            Some(Member::Value { number, name }) => write!(f, " value {number} \"{name}\"")?,
            Some(Member::Rpc { name }) => write!(f, " rpc \"{name}\"")?,
            None => {}
        }
        write!(f, ": {} [{}]", self.detail, self.rule.id())
    }
}

/// Every breaking change found between two versions of a schema.
///
/// Display lists one problem per line (or says there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    problems: Vec<Problem>,
}

impl Report {
    pub(crate) fn new(mut problems: Vec<Problem>) -> Self {
        problems.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        problems.dedup();
        Report { problems }
    }

    /// Whether the new version breaks no rule.
    pub fn is_compatible(&self) -> bool {
        self.problems.is_empty()
    }

    /// Every problem, grouped by element, then by field or value number.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The distinct rules that were broken, in declaration order.
    pub fn rules(&self) -> Vec<Rule> {
        let mut rules: Vec<Rule> = self.problems.iter().map(Problem::rule).collect();
        rules.sort();
        rules.dedup();
        rules
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problems.is_empty() {
            return f.write_str("no breaking changes");
        }
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            problem.fmt(f)?;
        }
        Ok(())
    }
}
