//! Agreement with buf: every scenario under `tests/evolution/`, under every
//! profile, must break the same rule ids, the same number of times, in
//! `buf breaking` as in `leyline::evolution::check_with`, except for the differences listed in
//! [`DIFFERENCES`], each kept on purpose.
//!
//! The buf binary comes from `LEYLINE_BUF`. Without it the test says so and
//! passes, except under CI (`CI` set), where it fails: CI installs buf.
//! To run it locally:
//!
//! ```text
//! mkdir -p target/npm && (cd target/npm && npm install --no-audit --no-fund @bufbuild/buf)
//! LEYLINE_BUF=$PWD/target/npm/node_modules/.bin/buf cargo test -p leyline --test evolution_buf
//! ```

#![cfg(feature = "evolution")]
// Helpers outside `#[test]` functions panic on failure too.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use leyline::evolution::{check_with, load_proto_dir};

#[path = "evolution/scenarios.rs"]
mod scenarios;

use scenarios::{scenario_names, Profile};

/// A place where leyline and buf disagree on purpose.
struct Difference {
    scenario: &'static str,
    profiles: &'static [Profile],
    /// Rule ids buf reports and leyline does not.
    buf_only: &'static [&'static str],
    /// Rule ids leyline reports and buf does not.
    leyline_only: &'static [&'static str],
}

const DIFFERENCES: &[Difference] = &[
    // Deleting a map field deletes its synthetic `<Field>Entry` message, which
    // buf reports as a deleted message. The entry is not a type anyone can
    // name or send, and the field rules already cover the field itself (here
    // it is deleted with its number and name reserved, which is compatible).
    Difference {
        scenario: "map_field_deleted_reserved",
        profiles: &[Profile::Leyline],
        buf_only: &["PACKAGE_MESSAGE_NO_DELETE"],
        leyline_only: &[],
    },
    Difference {
        scenario: "map_field_deleted_reserved",
        profiles: &[Profile::File],
        buf_only: &["MESSAGE_NO_DELETE", "PACKAGE_MESSAGE_NO_DELETE"],
        leyline_only: &[],
    },
    // Same synthetic entry message, here when a map becomes a repeated field
    // (the cardinality and type rules report the real break).
    Difference {
        scenario: "cardinality_map_to_repeated_string",
        profiles: &[Profile::Leyline],
        buf_only: &["PACKAGE_MESSAGE_NO_DELETE"],
        leyline_only: &[],
    },
    Difference {
        scenario: "cardinality_map_to_repeated_string",
        profiles: &[Profile::File],
        buf_only: &["MESSAGE_NO_DELETE", "PACKAGE_MESSAGE_NO_DELETE"],
        leyline_only: &[],
    },
    // buf (1.75) skips PACKAGE_ENUM_NO_DELETE (and PACKAGE_MESSAGE_NO_DELETE)
    // when the new version of the package has no enum (message) left at all,
    // so deleting the last enum of a package goes unreported. It still
    // reports deleting one enum of two; leyline reports both the same way.
    Difference {
        scenario: "enum_deleted",
        profiles: &[Profile::Leyline, Profile::File],
        buf_only: &[],
        leyline_only: &["PACKAGE_ENUM_NO_DELETE"],
    },
];

fn buf_binary() -> Option<PathBuf> {
    match std::env::var_os("LEYLINE_BUF") {
        Some(path) => Some(PathBuf::from(path)),
        None if std::env::var_os("CI").is_some() => {
            panic!("LEYLINE_BUF is not set: CI must install buf and point LEYLINE_BUF at it")
        }
        None => {
            eprintln!(
                "skipping the buf agreement test: set LEYLINE_BUF to a buf binary \
                 (npm install @bufbuild/buf) to run it"
            );
            None
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// How many violations of each rule id `buf breaking` reports for a
/// scenario under a profile.
fn buf_rules(buf: &Path, scenario: &Path, profile: Profile, work: &Path) -> Counts {
    let _ = fs::remove_dir_all(work);
    for side in ["old", "new"] {
        copy_dir(&scenario.join(side), &work.join(side));
        fs::write(
            work.join(side).join("buf.yaml"),
            format!("version: v2\nbreaking:\n  use: {}\n", profile.buf_use()),
        )
        .unwrap();
    }
    let output = Command::new(buf)
        .args([
            "breaking",
            "new",
            "--against",
            "old",
            "--error-format",
            "json",
        ])
        .current_dir(work)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", buf.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 100)),
        "buf failed on {} ({profile:?}) with {code:?}:\n{stdout}\n{}",
        scenario.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut rules = Counts::new();
    for id in stdout
        .lines()
        .filter_map(|line| line.split("\"type\":\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
    {
        *rules.entry(id.to_owned()).or_default() += 1;
    }
    // Exit code 100 means violations; make sure the parse saw them.
    assert_eq!(code == Some(100), !rules.is_empty(), "{stdout}");
    let _ = fs::remove_dir_all(work);
    rules
}

/// Rule id to number of violations.
type Counts = BTreeMap<String, usize>;

fn leyline_rules(scenario: &Path, profile: Profile) -> Counts {
    let old = load_proto_dir(&scenario.join("old")).unwrap();
    let new = load_proto_dir(&scenario.join("new")).unwrap();
    let mut counts = Counts::new();
    for problem in check_with(&old, &new, profile.rules()).problems() {
        *counts.entry(problem.rule().id().to_owned()).or_default() += 1;
    }
    counts
}

#[test]
fn leyline_agrees_with_buf_breaking_on_every_scenario() {
    let Some(buf) = buf_binary() else {
        return;
    };
    let version = Command::new(&buf).arg("--version").output();
    let version = match version {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        other => panic!("LEYLINE_BUF={} does not run: {other:?}", buf.display()),
    };
    eprintln!("comparing with buf {version}");

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evolution");
    let work_root =
        std::env::temp_dir().join(format!("leyline-evolution-buf-{}", std::process::id()));
    let jobs: Vec<(&str, Profile)> = scenario_names()
        .into_iter()
        .flat_map(|name| Profile::ALL.into_iter().map(move |p| (name, p)))
        .collect();
    let next = Mutex::new(0usize);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..2 {
            let (jobs, next, results, root, work_root, buf) =
                (&jobs, &next, &results, &root, &work_root, &buf);
            scope.spawn(move || loop {
                let i = {
                    let mut next = next.lock().unwrap();
                    *next += 1;
                    *next - 1
                };
                let Some(&(name, profile)) = jobs.get(i) else {
                    break;
                };
                let scenario = root.join(name);
                let work = work_root.join(format!("w{worker}"));
                let theirs = buf_rules(buf, &scenario, profile, &work);
                let ours = leyline_rules(&scenario, profile);
                results.lock().unwrap().push((name, profile, theirs, ours));
            });
        }
    });
    let _ = fs::remove_dir_all(&work_root);

    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(name, profile, _, _)| (*name, format!("{profile:?}")));
    let mut disagreements = Vec::new();
    let mut differences_seen = 0;
    for (name, profile, theirs, ours) in &results {
        let difference = DIFFERENCES
            .iter()
            .find(|d| d.scenario == *name && d.profiles.contains(profile));
        // Compare violation counts per rule id, leaving out the ids of a
        // listed difference, which must show up on the side it names only.
        let (mut theirs, mut ours) = (theirs.clone(), ours.clone());
        if let Some(d) = difference {
            differences_seen += 1;
            for id in d.buf_only {
                assert!(
                    theirs.remove(*id).is_some() && !ours.contains_key(*id),
                    "{name} ({profile:?}): listed difference {id} is not reported by buf alone"
                );
            }
            for id in d.leyline_only {
                assert!(
                    ours.remove(*id).is_some() && !theirs.contains_key(*id),
                    "{name} ({profile:?}): listed difference {id} is not reported by leyline alone"
                );
            }
        }
        if theirs != ours {
            disagreements.push(format!(
                "{name} ({profile:?}): buf {theirs:?}, leyline {ours:?}"
            ));
        }
    }
    let expected_differences: usize = DIFFERENCES.iter().map(|d| d.profiles.len()).sum();
    assert_eq!(
        differences_seen, expected_differences,
        "a listed difference has no scenario"
    );
    assert!(
        disagreements.is_empty(),
        "leyline and buf {version} disagree:\n{}",
        disagreements.join("\n")
    );
    eprintln!(
        "buf {version} agrees on {} scenario runs ({} scenarios x {} profiles), {} with a listed difference",
        results.len(),
        results.len() / Profile::ALL.len(),
        Profile::ALL.len(),
        differences_seen
    );
}
