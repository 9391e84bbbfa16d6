//! Schema evolution guard: does a new version of the contracts break the
//! wire (binary or JSON) for consumers built against the old one?
//!
//! [`check`] compares two `FileDescriptorSet`s and reports every breaking
//! change, each named with the id buf gives the same rule, so a report reads
//! like `buf breaking` output and can be checked against it:
//!
//! ```text
//! esper.v1.SeedState field 3 "gradient_norm": number 3 reused by "risk" (was "gradient_norm", float) [FIELD_SAME_NAME]
//! esper.v1.SeedState field 3 "gradient_norm": JSON name changed from "gradientNorm" to "risk" [FIELD_SAME_JSON_NAME]
//! ```
//!
//! The default [`RuleSet`] is buf's `WIRE_JSON` category (which covers the
//! `WIRE` rules too, with the stricter JSON version of the type and
//! cardinality rules) plus buf's package-level deletion rules for packages,
//! messages and enums. [`RuleSet::wire`] and [`RuleSet::wire_json`] are
//! exactly buf's categories; [`check_with`] takes any set.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::path::Path;
//! use leyline::evolution;
//!
//! let released = evolution::load_proto_dir(Path::new("proto/released"))?;
//! let current = evolution::load_proto_dir(Path::new("proto-out"))?;
//! let report = evolution::check(&released, &current);
//! if !report.is_compatible() {
//!     eprintln!("{report}");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Scope: fields, oneofs, enum values, reserved numbers and names, defaults,
//! required fields, JSON names and formats, packages and RPC signatures.
//! Extensions and custom options are not compared. Editions files are
//! compared with edition 2023 defaults (explicit presence, JSON `ALLOW`);
//! per-element `features` are not resolved.

mod compare;
mod index;
#[cfg(feature = "evolution")]
mod load;
mod report;
mod rule;

use prost_types::FileDescriptorSet;

#[cfg(feature = "evolution")]
pub use load::{load_proto_dir, EvolutionError};
pub use report::{Member, Problem, Report, Subject};
pub use rule::{Rule, RuleSet};

/// Every breaking change from `old` to `new` under the default rules
/// ([`RuleSet::leyline`]).
pub fn check(old: &FileDescriptorSet, new: &FileDescriptorSet) -> Report {
    check_with(old, new, RuleSet::default())
}

/// Every breaking change from `old` to `new` under `rules`.
pub fn check_with(old: &FileDescriptorSet, new: &FileDescriptorSet, rules: RuleSet) -> Report {
    let old = index::Schema::new(old);
    let new = index::Schema::new(new);
    Report::new(compare::compare(&old, &new, rules))
}

/// Checks `current` against the released contracts in `dir` (loaded with
/// [`load_proto_dir`]), under the default rules.
#[cfg(feature = "evolution")]
pub fn check_against_dir(
    current: &FileDescriptorSet,
    dir: &std::path::Path,
) -> Result<Report, EvolutionError> {
    let released = load_proto_dir(dir)?;
    Ok(check(&released, current))
}
