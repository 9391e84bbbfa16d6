//! Registration as a user relies on it: `Exporter::registered()` finds the
//! contracts of every crate the program links (this crate's and the example
//! crate's), and `src/bin/fleet-contracts.rs`, which lists none, exports,
//! checks and decodes them all; protoc compiles what it exports.

// Test support code may panic: a failed expectation is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use leyline::export::{Exporter, MessageType, REGISTRATION};
use leyline::prost::Message as _;
use leyline_example_contracts::{Phase, RunSummary, StepReport};
use leyline_registered_tests::{Heartbeat, Region, TrainerState};

fn names(exporter: &Exporter) -> Vec<&'static str> {
    exporter
        .message_types()
        .iter()
        .map(MessageType::full_name)
        .collect()
}

#[test]
fn registration_finds_every_linked_crate_s_contracts_and_not_leyline_s() {
    // Known when compiling: the registry feature is on, and Linux supports it.
    const { assert!(REGISTRATION) };
    assert_eq!(
        names(&Exporter::registered()),
        [
            "acme.fleet.v1.Heartbeat",
            "acme.runs.v1.RunSummary",
            "acme.runs.v1.StepReport"
        ]
    );
    assert_eq!(
        names(&Exporter::registered_by(env!("CARGO_PKG_NAME"))),
        ["acme.fleet.v1.Heartbeat"]
    );
    assert_eq!(
        names(&Exporter::registered_by("leyline-example-contracts")),
        ["acme.runs.v1.RunSummary", "acme.runs.v1.StepReport"]
    );
    // leyline's own contracts register too, under its own package.
    assert!(names(&Exporter::registered_by("leyline")).contains(&"esper.leyline.v1.SeedState"));
    assert!(names(&Exporter::registered_by("no-such-package")).is_empty());
}

#[test]
fn the_registered_export_is_the_listed_one() {
    let listed = Exporter::new()
        .message::<Heartbeat>()
        .message::<RunSummary>()
        // No message holds it: listed, it must be given on its own.
        .enumeration::<Region>()
        .export()
        .unwrap();
    let registered = Exporter::registered().export().unwrap();
    assert_eq!(registered, listed);
    let fleet = registered
        .file("acme/fleet/v1/fleet.proto")
        .unwrap()
        .source();
    assert!(fleet.contains("enum Region {"), "{fleet}");
}

fn fleet(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fleet-contracts"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fleet-contracts");
    // A command that reads a file instead may exit before taking its input:
    // a closed pipe here is not the test's failure.
    match child.stdin.take().expect("stdin").write_all(stdin) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("write stdin: {e}"),
    }
    child.wait_with_output().expect("fleet-contracts runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("registered")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn the_cli_without_a_list_exports_checks_and_decodes_every_contract() {
    let help = fleet(&["--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("Usage: fleet-contracts <COMMAND>"));

    let dir = temp_dir("export");
    let out = fleet(&["export", "--out", path(&dir)], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "wrote {}\nwrote {}\n",
            dir.join("acme/fleet/v1/fleet.proto").display(),
            dir.join("acme/runs/v1/runs.proto").display()
        )
    );
    let fleet_proto = std::fs::read_to_string(dir.join("acme/fleet/v1/fleet.proto")).unwrap();
    assert!(fleet_proto.contains("import \"acme/runs/v1/runs.proto\";"));

    let check = fleet(&["export", "--out", path(&dir), "--check"], b"");
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let compatible = fleet(&["check", "--against", path(&dir)], b"");
    assert_eq!(
        compatible.status.code(),
        Some(0),
        "{}",
        text(&compatible.stderr)
    );

    let heartbeat = Heartbeat {
        trainer_id: "trainer-3".into(),
        state: TrainerState::Busy,
        phase: Phase::Evaluation,
        last_step: Some(StepReport {
            step: 11,
            ..Default::default()
        }),
        ..Default::default()
    };
    let decoded = fleet(
        &["decode", "--type", "Heartbeat"],
        &heartbeat.encode_to_vec(),
    );
    assert_eq!(decoded.status.code(), Some(0), "{}", text(&decoded.stderr));
    assert_eq!(text(&decoded.stdout), format!("{heartbeat:#?}\n"));
    // A message of the other crate, found the same way.
    let step = fleet(
        &["decode", "--type", "acme.runs.v1.StepReport"],
        &StepReport {
            step: 11,
            ..Default::default()
        }
        .encode_to_vec(),
    );
    assert_eq!(step.status.code(), Some(0), "{}", text(&step.stderr));
    assert!(text(&step.stdout).contains("step: 11,"));
}

#[test]
fn protoc_compiles_the_registered_export() {
    let python = match std::env::var_os("LEYLINE_PYTHON") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => {
            panic!("LEYLINE_PYTHON is not set: CI must point it at a Python with grpcio-tools")
        }
        _ => {
            eprintln!("skipping: set LEYLINE_PYTHON to a Python with grpcio-tools to run protoc");
            return;
        }
    };
    let dir = temp_dir("protoc");
    let fds = dir.join("fleet.fds");
    let out = fleet(
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
    let theirs = dir.join("protoc.fds");
    let protoc = Command::new(python)
        .args(["-m", "grpc_tools.protoc", "--fatal_warnings"])
        .arg(format!("--proto_path={}", path(&dir)))
        .arg(format!("--descriptor_set_out={}", path(&theirs)))
        .args(["acme/fleet/v1/fleet.proto", "acme/runs/v1/runs.proto"])
        .output()
        .expect("run protoc");
    assert!(protoc.status.success(), "protoc: {}", text(&protoc.stderr));
    let decode =
        |p: &Path| prost_types::FileDescriptorSet::decode(&std::fs::read(p).unwrap()[..]).unwrap();
    let (ours, theirs) = (decode(&fds), decode(&theirs));
    // protoc lists the files as given; ours puts each after its imports.
    let mut ours = ours.file;
    let mut theirs = theirs.file;
    ours.sort_by(|a, b| a.name.cmp(&b.name));
    theirs.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(ours, theirs);
}
