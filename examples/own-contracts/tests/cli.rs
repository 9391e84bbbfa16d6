//! The crate's command line (`src/bin/contracts.rs`), run as its users run it:
//! every subcommand, its exit codes and its errors, and the export compiled
//! by Google's protoc.
//!
//! protoc comes from `LEYLINE_PYTHON` (a Python with grpcio-tools, as
//! `.ci/run` sets up in `target/venv`). Without it the protoc test says so and
//! passes, except under CI (`CI` set), where it fails.

// Test support code may panic: a failed expectation is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use leyline::prost::Message as _;
use leyline_example_contracts::{Outcome, Phase, RunSummary, StepReport};

const RUNS_PROTO: &str = "acme/runs/v1/runs.proto";

fn contracts(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_contracts"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn contracts");
    // A command that reads a file instead may exit before taking its input:
    // a closed pipe here is not the test's failure.
    match child.stdin.take().expect("stdin").write_all(stdin) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("write stdin: {e}"),
    }
    child.wait_with_output().expect("contracts runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("own-contracts")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// Exports into a new directory and returns it.
fn exported(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let out = contracts(&["export", "--out", path(&dir)], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

fn summary() -> RunSummary {
    RunSummary {
        run_id: "run-42".into(),
        steps: vec![StepReport {
            step: 7,
            phase: Phase::Training,
            loss: 0.125,
            metrics: HashMap::from([("accuracy".to_owned(), 0.875)]),
            finished_at: Some(leyline::Timestamp {
                seconds: 1_700_000_000,
                nanos: 5,
            }),
            ..Default::default()
        }],
        best_loss: Some(0.125),
        outcome: Some(Outcome::Checkpoint("ckpt-7".into())),
        ..Default::default()
    }
}

#[test]
fn help_for_the_tool_and_every_subcommand() {
    let help = contracts(&["--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    let shown = text(&help.stdout);
    assert!(shown.contains("Usage: contracts <COMMAND>"), "{shown}");
    for sub in ["export", "decode", "check"] {
        assert!(
            shown.contains(&format!("\n  {sub} ")),
            "lists {sub}: {shown}"
        );
        let help = contracts(&[sub, "--help"], b"");
        assert_eq!(help.status.code(), Some(0), "{sub}");
        assert!(
            text(&help.stdout).contains(&format!("Usage: contracts {sub} ")),
            "{sub}: {}",
            text(&help.stdout)
        );
    }
    // Usage errors are clap's, exit code 2.
    for args in [
        &[][..],
        &["export"][..],
        &["decode"][..],
        &["frobnicate"][..],
        &["--version"][..],
    ] {
        let out = contracts(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("Usage: contracts"), "{args:?}");
    }
}

#[test]
fn export_writes_one_file_per_package_and_a_descriptor_set() {
    let dir = temp_dir("export");
    let fds = dir.join("runs.fds");
    let out = contracts(
        &[
            "export",
            "--out",
            path(&dir),
            "--descriptor-set",
            path(&fds),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "wrote {}\nwrote {}\n",
            dir.join(RUNS_PROTO).display(),
            fds.display()
        )
    );
    let source = std::fs::read_to_string(dir.join(RUNS_PROTO)).unwrap();
    assert!(source.contains("package acme.runs.v1;"), "{source}");
    assert!(
        source.contains("repeated StepReport steps = 2;"),
        "{source}"
    );
    assert!(source.contains("  PHASE_EVALUATION = 3;"), "{source}");
    let set = prost_types::FileDescriptorSet::decode(&std::fs::read(&fds).unwrap()[..]).unwrap();
    let names: Vec<_> = set.file.iter().map(|f| f.name().to_owned()).collect();
    assert_eq!(names, [RUNS_PROTO]);
}

#[test]
fn protoc_compiles_the_export_into_the_same_descriptors() {
    let Some(python) = python() else { return };
    let dir = exported("protoc");
    let fds = dir.join("runs.fds");
    let ours = contracts(
        &[
            "export",
            "--out",
            path(&dir),
            "--descriptor-set",
            path(&fds),
        ],
        b"",
    );
    assert!(ours.status.success(), "{}", text(&ours.stderr));
    let theirs = dir.join("protoc.fds");
    let protoc = Command::new(python)
        .args(["-m", "grpc_tools.protoc", "--fatal_warnings"])
        .arg(format!("--proto_path={}", path(&dir)))
        .arg(format!("--descriptor_set_out={}", path(&theirs)))
        .arg(RUNS_PROTO)
        .output()
        .expect("run protoc");
    assert!(protoc.status.success(), "protoc: {}", text(&protoc.stderr));
    let decode =
        |p: &Path| prost_types::FileDescriptorSet::decode(&std::fs::read(p).unwrap()[..]).unwrap();
    assert_eq!(decode(&fds), decode(&theirs));
}

#[test]
fn export_check_passes_when_fresh_and_names_what_is_stale() {
    let dir = exported("check");
    let fresh = contracts(&["export", "--out", path(&dir), "--check"], b"");
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));
    assert_eq!(
        text(&fresh.stdout),
        format!("{} is up to date (1 files)\n", dir.display())
    );

    let file = dir.join(RUNS_PROTO);
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, source.replace("uint64 step = 1;", "int64 step = 1;")).unwrap();
    let line = source
        .lines()
        .position(|l| l == "  uint64 step = 1;")
        .unwrap()
        + 1;
    let stale = contracts(&["export", "--out", path(&dir), "--check"], b"");
    assert_eq!(stale.status.code(), Some(1));
    assert_eq!(text(&stale.stdout), "");
    assert_eq!(
        text(&stale.stderr),
        format!(
            "the .proto files in `{dir}` do not match the contracts:\n  \
             changed: {RUNS_PROTO} (line {line}: expected `  uint64 step = 1;`, found `  int64 step = 1;`)\n\
             refresh with: contracts export --out {dir}\n",
            dir = dir.display()
        )
    );
    // Nothing was written by the check.
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("int64 step = 1;"));

    std::fs::remove_file(&file).unwrap();
    let missing = contracts(&["export", "--out", path(&dir), "--check"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains(&format!("  missing: {RUNS_PROTO}\n")),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn export_into_what_cannot_be_written_fails_and_says_why() {
    let dir = temp_dir("unwritable");
    let blocker = dir.join("a-file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let out_is_a_file = contracts(&["export", "--out", path(&blocker)], b"");
    assert_eq!(out_is_a_file.status.code(), Some(1));
    let err = text(&out_is_a_file.stderr);
    assert!(
        err.starts_with(&format!("error: cannot write {}: ", blocker.display())),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");

    let no_such_dir = dir.join("no-such-dir").join("runs.fds");
    let fds = contracts(
        &[
            "export",
            "--out",
            path(&dir.join("proto")),
            "--descriptor-set",
            path(&no_such_dir),
        ],
        b"",
    );
    assert_eq!(fds.status.code(), Some(1));
    let err = text(&fds.stderr);
    assert!(
        err.starts_with(&format!("error: cannot write {}: ", no_such_dir.display())),
        "{err}"
    );
    // The .proto files were written before the descriptor set failed.
    assert!(dir.join("proto").join(RUNS_PROTO).is_file());
}

#[test]
fn decode_reads_standard_input_or_a_file() {
    let bytes = summary().encode_to_vec();
    let from_stdin = contracts(&["decode", "--type", "acme.runs.v1.RunSummary"], &bytes);
    assert_eq!(
        from_stdin.status.code(),
        Some(0),
        "{}",
        text(&from_stdin.stderr)
    );
    let shown = text(&from_stdin.stdout);
    assert_eq!(shown, format!("{:#?}\n", summary()));
    assert!(shown.contains("run_id: \"run-42\"") && shown.contains("Checkpoint(\n"));

    let dir = temp_dir("decode");
    let file = dir.join("summary.bin");
    std::fs::write(&file, &bytes).unwrap();
    let from_file = contracts(
        &["decode", "--type", "RunSummary", "--input", path(&file)],
        b"",
    );
    assert_eq!(
        from_file.status.code(),
        Some(0),
        "{}",
        text(&from_file.stderr)
    );
    assert_eq!(from_file.stdout, from_stdin.stdout);

    let reencoded = contracts(
        &["decode", "--type", "RunSummary", "--format", "protobuf"],
        &bytes,
    );
    assert_eq!(reencoded.status.code(), Some(0));
    assert_eq!(reencoded.stdout, bytes);
}

#[test]
fn decode_errors_name_the_problem() {
    let dir = temp_dir("decode-errors");
    let missing = dir.join("missing.bin");
    let out = contracts(
        &["decode", "--type", "RunSummary", "--input", path(&missing)],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: cannot read {}: No such file or directory (os error 2)\n",
            missing.display()
        )
    );

    // A length prefix longer than the input.
    let truncated = contracts(&["decode", "--type", "RunSummary"], &[0x12, 0x05, 0x08]);
    assert_eq!(truncated.status.code(), Some(1));
    let err = text(&truncated.stderr);
    assert!(err.starts_with("error: acme.runs.v1.RunSummary: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let unknown = contracts(&["decode", "--type", "acme.runs.v1.Nope"], b"");
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(
        text(&unknown.stderr),
        "error: unknown message type \"acme.runs.v1.Nope\"; the known types are: \
         acme.runs.v1.RunSummary, acme.runs.v1.StepReport\n"
    );
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_contracts"))
        .args(["decode", "--type", "RunSummary"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn contracts");
    // The reader goes away before the tool has read its input, so before it
    // writes anything.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(&summary().encode_to_vec()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn check_guards_against_breaking_a_released_export() {
    let release = exported("release");
    let ok = contracts(&["check", "--against", path(&release)], b"");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert_eq!(
        text(&ok.stdout),
        format!(
            "compatible with {}: no breaking changes\n",
            release.display()
        )
    );

    // The release had `loss` as a double: the current float is a break.
    let file = release.join(RUNS_PROTO);
    let source = std::fs::read_to_string(&file).unwrap();
    let old = source.replace("  float loss = 3;", "  double loss = 3;");
    assert_ne!(old, source, "the fixture edit applies");
    std::fs::write(&file, old).unwrap();
    let broken = contracts(&["check", "--against", path(&release)], b"");
    assert_eq!(broken.status.code(), Some(1));
    let report = text(&broken.stderr);
    assert!(
        report.starts_with(&format!(
            "breaking changes against {}:\n",
            release.display()
        )),
        "{report}"
    );
    assert!(report.contains("acme.runs.v1.StepReport"), "{report}");

    let nowhere = contracts(&["check", "--against", "/nonexistent/release"], b"");
    assert_eq!(nowhere.status.code(), Some(1));
    assert!(text(&nowhere.stderr).starts_with("error: "));
}

/// The interpreter from `LEYLINE_PYTHON`, or `None` (after saying why) when
/// the test is to be skipped; under CI a missing interpreter fails the test.
fn python() -> Option<PathBuf> {
    match std::env::var_os("LEYLINE_PYTHON") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => {
            panic!("LEYLINE_PYTHON is not set: CI must point it at a Python with grpcio-tools")
        }
        _ => {
            eprintln!("skipping: set LEYLINE_PYTHON to a Python with grpcio-tools to run protoc");
            None
        }
    }
}
