//! The `leyline` command line: export, decode and check, with errors that name
//! what is wrong and never a panic.

// Test support code may panic: a failed expectation is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use leyline::prost::Message as _;

fn leyline(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leyline"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn leyline");
    // A command that reads a file instead may exit before taking its input:
    // a closed pipe here is not the test's failure.
    match child.stdin.take().expect("stdin").write_all(stdin) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("write stdin: {e}"),
    }
    child.wait_with_output().expect("leyline runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn proto_out() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../proto-out")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn export_writes_proto_out_and_a_descriptor_set() {
    let dir = temp_dir("export");
    let fds = dir.join("leyline.fds");
    let out = leyline(
        &[
            "export",
            "--out",
            dir.to_str().unwrap(),
            "--descriptor-set",
            fds.to_str().unwrap(),
        ],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.join("esper/leyline/v1/leyline.proto")).unwrap();
    let checked_in =
        std::fs::read_to_string(proto_out().join("esper/leyline/v1/leyline.proto")).unwrap();
    assert_eq!(written, checked_in);
    let set = prost_types::FileDescriptorSet::decode(&std::fs::read(fds).unwrap()[..]).unwrap();
    assert_eq!(set.file[0].package.as_deref(), Some("esper.leyline.v1"));

    let check = leyline(
        &["export", "--out", proto_out().to_str().unwrap(), "--check"],
        b"",
    );
    assert!(check.status.success(), "{}", text(&check.stderr));
}

#[test]
fn decode_prints_a_message_and_rejects_garbage() {
    let packet = leyline::contracts::SystemStatePacket {
        current_epoch: 12,
        experiment_name: "dendrite".into(),
        ..Default::default()
    };
    let out = leyline(
        &["decode", "--type", "esper.leyline.v1.SystemStatePacket"],
        &packet.encode_to_vec(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(
        printed.contains("current_epoch: 12") && printed.contains("\"dendrite\""),
        "{printed}"
    );

    let bad = leyline(
        &["decode", "--type", "esper.leyline.v1.SystemStatePacket"],
        &[0x0a, 0x05, 0x01],
    );
    assert_eq!(bad.status.code(), Some(1));
    let err = text(&bad.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("SystemStatePacket"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");

    let unknown = leyline(&["decode", "--type", "esper.leyline.v1.Nope"], b"");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown.stderr).contains("esper.leyline.v1.SeedState"),
        "lists the known types"
    );
}

/// `decode --json` prints what `leyline::json` writes, with each option, and
/// `encode` turns that JSON back into the same message (every Esper fixture,
/// SystemStatePacket with 10 seeds x 5 metrics among them).
#[test]
fn decode_json_and_encode_round_trip_the_esper_fixtures() {
    use leyline::contracts::fixtures;
    use leyline::json::{self, JsonOptions};

    fn both_ways<T: leyline::Contract + json::JsonMessage>(value: &T) {
        let name = <T as leyline::Contract>::FULL_NAME;
        let bytes = value.encode_to_vec();
        for (flags, options) in [
            (&[][..], JsonOptions::default()),
            (
                &["--proto-names"][..],
                JsonOptions::default().proto_field_names(true),
            ),
            (
                &["--emit-defaults"][..],
                JsonOptions::default().emit_default_values(true),
            ),
            (
                &["--proto-names", "--emit-defaults"][..],
                JsonOptions::default()
                    .proto_field_names(true)
                    .emit_default_values(true),
            ),
        ] {
            let mut args = vec!["decode", "--type", name, "--json"];
            args.extend_from_slice(flags);
            let shown = leyline(&args, &bytes);
            assert!(shown.status.success(), "{}", text(&shown.stderr));
            // One line; as JSON values, since maps are HashMaps whose order
            // differs from one process to the next.
            let printed = text(&shown.stdout);
            assert_eq!(printed.lines().count(), 1, "{printed}");
            let want = json::to_string_with(value, &options).unwrap();
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&printed).unwrap(),
                serde_json::from_str::<serde_json::Value>(&want).unwrap(),
                "{name} {flags:?}"
            );

            let encoded = leyline(&["encode", "--type", name], &shown.stdout);
            assert!(encoded.status.success(), "{}", text(&encoded.stderr));
            assert_eq!(&T::decode_slice(&encoded.stdout).unwrap(), value, "{name}");
        }
    }
    both_ways(&fixtures::system_state_packet());
    both_ways(&fixtures::system_state_packet_seed_metrics());
    both_ways(&fixtures::adaptation_command());
    both_ways(&fixtures::event_envelope());
    both_ways(&fixtures::resnet18_importance_statistics());
    both_ways(&fixtures::structural_pruning_request());
}

/// A packet written by hand: `encode` reads it, and a mistake deep inside is
/// reported with its JSON path, with nothing on standard output.
#[test]
fn encode_takes_a_hand_written_packet_and_names_the_path_of_a_mistake() {
    let by_hand = r#"{
        "currentEpoch": 12,
        "experiment_name": "dendrite",
        "seedStates": [{"seedId": "s-0", "stage": "SEED_STAGE_TRAINING", "metrics": {"loss": 0.5}}]
    }"#;
    let out = leyline(
        &["encode", "--type", "SystemStatePacket"],
        by_hand.as_bytes(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let packet =
        <leyline::contracts::SystemStatePacket as leyline::Contract>::decode_slice(&out.stdout)
            .unwrap();
    assert_eq!(packet.current_epoch, 12);
    assert_eq!(packet.experiment_name, "dendrite");
    assert_eq!(packet.seed_states[0].metrics["loss"], 0.5);
    assert_eq!(
        packet.seed_states[0].stage,
        leyline::contracts::SeedLifecycleStage::Training
    );

    let wrong = r#"{"seedStates": [{}, {}, {}, {"metrics": {"loss": "x"}}]}"#;
    let bad = leyline(&["encode", "--type", "SystemStatePacket"], wrong.as_bytes());
    assert_eq!(bad.status.code(), Some(1));
    assert!(bad.stdout.is_empty());
    assert_eq!(
        text(&bad.stderr),
        "error: esper.leyline.v1.SystemStatePacket: seedStates[3].metrics.loss: \
         expected a number (float), got \"x\" at line 1 column 50\n"
    );
}

#[test]
fn check_passes_against_proto_out_and_catches_a_reused_number() {
    let ok = leyline(&["check", "--against", proto_out().to_str().unwrap()], b"");
    assert!(
        ok.status.success(),
        "{}{}",
        text(&ok.stdout),
        text(&ok.stderr)
    );

    // An older release in which field 9 of SystemStatePacket had another name.
    let old = temp_dir("old-release");
    copy_dir(&proto_out(), &old);
    let file = old.join("esper/leyline/v1/leyline.proto");
    let source = std::fs::read_to_string(&file).unwrap();
    let changed = source.replacen("string packet_id = 9;", "string correlation_token = 9;", 1);
    assert_ne!(source, changed, "the fixture edit applies");
    std::fs::write(&file, changed).unwrap();
    let broken = leyline(&["check", "--against", old.to_str().unwrap()], b"");
    assert_eq!(broken.status.code(), Some(1));
    let report = text(&broken.stderr);
    assert!(
        report.contains("FIELD_SAME_NAME") && report.contains("SystemStatePacket"),
        "{report}"
    );
}

#[test]
fn every_subcommand_has_help_and_bad_usage_is_an_error() {
    for sub in ["export", "decode", "check"] {
        let out = leyline(&[sub, "--help"], b"");
        assert!(out.status.success());
        assert!(text(&out.stdout).contains("Usage: leyline"), "{sub}");
    }
    let missing = leyline(&["export"], b"");
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("--out"));
    let nodir = leyline(&["check", "--against", "/nonexistent/leyline"], b"");
    assert_eq!(nodir.status.code(), Some(1));
    assert!(text(&nodir.stderr).starts_with("error: "));
}

#[test]
fn version_and_decode_from_a_file() {
    let version = leyline(&["--version"], b"");
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        text(&version.stdout),
        format!("leyline {}\n", env!("CARGO_PKG_VERSION"))
    );

    let packet = leyline::contracts::SystemStatePacket {
        current_epoch: 3,
        ..Default::default()
    };
    let dir = temp_dir("decode-file");
    let file = dir.join("packet.bin");
    std::fs::write(&file, packet.encode_to_vec()).unwrap();
    let out = leyline(
        &[
            "decode",
            "--type",
            "SystemStatePacket",
            "--input",
            file.to_str().unwrap(),
        ],
        b"ignored",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{packet:#?}\n"));

    let bytes = leyline(
        &[
            "decode",
            "--type",
            "SystemStatePacket",
            "--format",
            "protobuf",
        ],
        &packet.encode_to_vec(),
    );
    assert_eq!(bytes.status.code(), Some(0));
    assert_eq!(bytes.stdout, packet.encode_to_vec());

    let missing = dir.join("missing.bin");
    let out = leyline(
        &[
            "decode",
            "--type",
            "SystemStatePacket",
            "--input",
            missing.to_str().unwrap(),
        ],
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
}

#[test]
fn export_check_against_a_stale_directory_fails_with_what_differs() {
    let stale = temp_dir("stale");
    copy_dir(&proto_out(), &stale);
    let file = stale.join("esper/leyline/v1/leyline.proto");
    let source = std::fs::read_to_string(&file).unwrap();
    let edited = source.replacen("string packet_id = 9;", "string packet_key = 9;", 1);
    assert_ne!(source, edited, "the fixture edit applies");
    std::fs::write(&file, edited).unwrap();
    std::fs::write(
        stale.join("esper/leyline/v1/retired.proto"),
        "// Code generated by leyline from Rust contracts. DO NOT EDIT.\n",
    )
    .unwrap();

    let out = leyline(
        &["export", "--out", stale.to_str().unwrap(), "--check"],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    let line = source
        .lines()
        .position(|l| l == "  string packet_id = 9;")
        .unwrap()
        + 1;
    assert_eq!(
        err,
        format!(
            "the .proto files in `{dir}` do not match the contracts:\n  \
             changed: esper/leyline/v1/leyline.proto (line {line}: expected `  string packet_id = 9;`, \
             found `  string packet_key = 9;`)\n  \
             extra:   esper/leyline/v1/retired.proto\n\
             refresh with: leyline export --out {dir}\n",
            dir = stale.display()
        )
    );
}

#[test]
fn export_to_paths_that_cannot_be_written_fails_and_says_why() {
    let dir = temp_dir("unwritable");
    let blocker = dir.join("a-file");
    std::fs::write(&blocker, "not a directory").unwrap();
    let out = leyline(&["export", "--out", blocker.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("error: cannot write {}: ", blocker.display())),
        "{err}"
    );

    let fds = blocker.join("leyline.fds");
    let out = leyline(
        &[
            "export",
            "--out",
            dir.join("proto").to_str().unwrap(),
            "--descriptor-set",
            fds.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("error: cannot write {}: ", fds.display())),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let packet = leyline::contracts::SystemStatePacket {
        current_epoch: 12,
        ..Default::default()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_leyline"))
        .args(["decode", "--type", "esper.leyline.v1.SystemStatePacket"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn leyline");
    // The reader is gone before leyline has its input, so before it writes.
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(&packet.encode_to_vec()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "");
}
