//! The command line driven in-process, with streams that fail on demand.
//! `leyline/tests/cli.rs` and the example crates run the real binaries.

// Test support code may panic: a failed expectation is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// The test contracts are declared as users declare theirs.
#![allow(unreachable_pub)]

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use prost::Message as _;

use super::{Cli, Io};
use crate::export::Exporter;

/// A test probe.
#[crate::message(package = "acme.probe.v1")]
pub struct Probe {
    /// Sequence number.
    #[leyline(field = 1)]
    pub sequence: u64,
    /// Where it was sent from.
    #[leyline(field = 2)]
    pub origin: String,
    /// Fields of newer probes.
    #[leyline(unknown_fields)]
    pub unknown_fields: crate::UnknownFields,
}

mod other {
    /// Another package's message of the same simple name.
    #[crate::message(package = "acme.other.v1")]
    pub struct Probe {
        #[leyline(field = 1)]
        pub note: String,
    }
}

/// A reading, whose field names differ in JSON (`sensorId`) and in the
/// `.proto` (`sensor_id`).
#[crate::message(package = "acme.probe.v1")]
pub struct Reading {
    /// Which sensor.
    #[leyline(field = 1)]
    pub sensor_id: String,
    /// Degrees.
    #[leyline(field = 2)]
    pub celsius: f32,
    /// Samples averaged.
    #[leyline(field = 3)]
    pub sample_count: u64,
}

/// The result of one run.
struct Run {
    code: ExitCode,
    stdout: Vec<u8>,
    stderr: String,
}

fn run_with(cli: &Cli, args: &[&str], stdin: &[u8], stdout: &mut dyn Write) -> Run {
    let mut stderr = Vec::new();
    let mut input = stdin;
    let code = cli.run(
        std::iter::once("probes").chain(args.iter().copied()),
        Io::new(&mut input, stdout, &mut stderr),
    );
    Run {
        code,
        stdout: Vec::new(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

fn run(cli: &Cli, args: &[&str], stdin: &[u8]) -> Run {
    let mut stdout = Vec::new();
    let mut result = run_with(cli, args, stdin, &mut stdout);
    result.stdout = stdout;
    result
}

fn probes() -> Cli {
    Cli::new(Exporter::new().message::<Probe>())
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leyline-cli-unit-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A writer whose every write fails with `kind`.
struct Failing(io::ErrorKind);

impl Write for Failing {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(self.0, "refused by the test"))
    }

    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::new(self.0, "refused by the test"))
    }
}

#[test]
fn decode_prints_the_message_by_full_or_simple_name() {
    let bytes = Probe {
        sequence: 9,
        origin: "lab".into(),
        ..Default::default()
    }
    .encode_to_vec();
    for name in ["acme.probe.v1.Probe", "Probe"] {
        let out = run(&probes(), &["decode", "--type", name], &bytes);
        assert_eq!(out.code, ExitCode::SUCCESS, "{}", out.stderr);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("Probe {\n"), "{text}");
        assert!(text.contains("sequence: 9,") && text.contains("origin: \"lab\""));
    }
}

#[test]
fn decode_as_protobuf_writes_the_re_encoded_bytes() {
    // Field 2 before field 1, and an unknown field 7: the re-encoding puts the
    // known fields in number order and keeps the unknown one.
    let input = [0x12, 0x01, b'x', 0x38, 0x05, 0x08, 0x03];
    let out = run(
        &probes(),
        &["decode", "--type", "Probe", "--format", "protobuf"],
        &input,
    );
    assert_eq!(out.code, ExitCode::SUCCESS, "{}", out.stderr);
    assert_eq!(out.stdout, [0x08, 0x03, 0x12, 0x01, b'x', 0x38, 0x05]);
}

#[test]
fn decode_names_the_known_types_and_the_ambiguous_ones() {
    let cli = Cli::new(
        Exporter::new()
            .message::<Probe>()
            .message::<other::Probe>()
            .message::<crate::contracts::SeedState>(),
    );
    let out = run(&cli, &["decode", "--type", "Nope"], b"");
    assert_eq!(out.code, ExitCode::FAILURE);
    assert_eq!(
        out.stderr,
        "error: unknown message type \"Nope\"; the known types are: acme.other.v1.Probe, \
         acme.probe.v1.Probe, esper.leyline.v1.SeedState\n"
    );
    let ambiguous = run(&cli, &["decode", "--type", "Probe"], b"");
    assert_eq!(ambiguous.code, ExitCode::FAILURE);
    assert_eq!(
        ambiguous.stderr,
        "error: message type \"Probe\" is ambiguous: give one of acme.other.v1.Probe, \
         acme.probe.v1.Probe\n"
    );
    let by_simple_name = run(&cli, &["decode", "--type", "SeedState"], b"");
    assert_eq!(
        by_simple_name.code,
        ExitCode::SUCCESS,
        "{}",
        by_simple_name.stderr
    );

    let garbage = run(
        &cli,
        &["decode", "--type", "acme.probe.v1.Probe"],
        &[0x0a, 0x05, 0x01],
    );
    assert_eq!(garbage.code, ExitCode::FAILURE);
    assert!(
        garbage.stderr.starts_with("error: acme.probe.v1.Probe: "),
        "{}",
        garbage.stderr
    );
}

#[test]
fn no_contracts_is_an_error_that_says_how_to_give_them() {
    let cli = Cli::new(Exporter::new());
    let dir = temp_dir("none");
    for args in [
        vec!["export", "--out", dir.to_str().unwrap()],
        vec!["check", "--against", dir.to_str().unwrap()],
        vec!["decode", "--type", "Probe"],
    ] {
        let out = run(&cli, &args, b"");
        assert_eq!(out.code, ExitCode::FAILURE, "{args:?}");
        assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
        assert!(
            out.stderr.contains("Exporter::new().message::<T>()"),
            "{}",
            out.stderr
        );
    }
    assert!(!dir.exists(), "nothing written");
}

#[test]
fn a_closed_pipe_cuts_the_printout_but_not_the_work() {
    let dir = temp_dir("pipe");
    let fds = dir.join("probes.fds");
    let mut stdout = Failing(io::ErrorKind::BrokenPipe);
    let out = run_with(
        &probes(),
        &[
            "export",
            "--out",
            dir.to_str().unwrap(),
            "--descriptor-set",
            fds.to_str().unwrap(),
        ],
        b"",
        &mut stdout,
    );
    assert_eq!(out.code, ExitCode::SUCCESS);
    assert_eq!(out.stderr, "");
    assert!(dir.join("acme/probe/v1/probe.proto").is_file());
    assert!(
        fds.is_file(),
        "the descriptor set is written after the printout broke"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn any_other_output_error_fails() {
    let mut stdout = Failing(io::ErrorKind::Other);
    let out = run_with(
        &probes(),
        &["decode", "--type", "Probe"],
        &[0x08, 0x01],
        &mut stdout,
    );
    assert_eq!(out.code, ExitCode::FAILURE);
    assert_eq!(
        out.stderr,
        "error: cannot write to standard output: refused by the test\n"
    );
}

#[test]
fn help_usage_and_version() {
    let cli = probes();
    let help = run(&cli, &["--help"], b"");
    assert_eq!(help.code, ExitCode::SUCCESS);
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(
        text.starts_with("Export, check, decode and encode"),
        "{text}"
    );
    assert!(text.contains("Usage: probes <COMMAND>"), "{text}");
    for sub in ["export", "decode", "encode", "check"] {
        let help = run(&cli, &[sub, "--help"], b"");
        assert_eq!(help.code, ExitCode::SUCCESS);
        let text = String::from_utf8(help.stdout).unwrap();
        assert!(text.contains(&format!("Usage: probes {sub}")), "{text}");
    }

    let usage = run(&cli, &["export"], b"");
    assert_eq!(usage.code, ExitCode::from(2));
    assert!(usage.stderr.contains("--out <DIR>"), "{}", usage.stderr);
    let unknown = run(&cli, &["frobnicate"], b"");
    assert_eq!(unknown.code, ExitCode::from(2));
    let no_type = run(&cli, &["encode"], b"{}");
    assert_eq!(no_type.code, ExitCode::from(2));
    assert!(
        no_type.stderr.contains("--type <NAME>"),
        "{}",
        no_type.stderr
    );

    let no_version = run(&cli, &["--version"], b"");
    assert_eq!(no_version.code, ExitCode::from(2), "no version was given");
    let versioned = run(
        &probes().name("probe-tool").version("3.1.4"),
        &["--version"],
        b"",
    );
    assert_eq!(versioned.code, ExitCode::SUCCESS);
    assert_eq!(versioned.stdout, b"probe-tool 3.1.4\n");
}

#[test]
fn export_check_reports_what_differs_and_how_to_refresh() {
    let dir = temp_dir("check");
    let fds = dir.join("probes.fds");
    let dir_arg = dir.to_str().unwrap();
    let fds_arg = fds.to_str().unwrap();
    let stale = run(&probes(), &["export", "--out", dir_arg, "--check"], b"");
    assert_eq!(stale.code, ExitCode::FAILURE);
    assert_eq!(
        stale.stderr,
        format!(
            "the .proto files in `{dir_arg}` do not match the contracts:\n  \
             missing: acme/probe/v1/probe.proto\nrefresh with: probes export --out {dir_arg}\n"
        )
    );

    let written = run(
        &probes(),
        &["export", "--out", dir_arg, "--descriptor-set", fds_arg],
        b"",
    );
    assert_eq!(written.code, ExitCode::SUCCESS, "{}", written.stderr);
    let fresh = run(
        &probes(),
        &[
            "export",
            "--out",
            dir_arg,
            "--descriptor-set",
            fds_arg,
            "--check",
        ],
        b"",
    );
    assert_eq!(fresh.code, ExitCode::SUCCESS, "{}", fresh.stderr);
    assert_eq!(
        String::from_utf8(fresh.stdout).unwrap(),
        format!("{dir_arg} is up to date (1 files)\n")
    );

    // The contracts grow a message: the directory and the descriptor set are
    // both stale now.
    let grown = Cli::new(Exporter::new().message::<Probe>().message::<other::Probe>());
    let stale = run(
        &grown,
        &[
            "export",
            "--out",
            dir_arg,
            "--descriptor-set",
            fds_arg,
            "--check",
        ],
        b"",
    );
    assert_eq!(stale.code, ExitCode::FAILURE);
    assert!(stale
        .stderr
        .contains("  missing: acme/other/v1/other.proto\n"));
    assert!(stale.stderr.contains(&format!(
        "the descriptor set `{fds_arg}` does not match the contracts\n"
    )));
    assert!(stale.stderr.ends_with(&format!(
        "refresh with: probes export --out {dir_arg} --descriptor-set {fds_arg}\n"
    )));
    let _ = std::fs::remove_dir_all(&dir);
}

fn readings() -> Cli {
    Cli::new(Exporter::new().message::<Reading>())
}

#[test]
fn decode_as_json_with_each_option() {
    let bytes = Reading {
        sensor_id: "t-1".into(),
        ..Default::default()
    }
    .encode_to_vec();
    for (flags, want) in [
        (&[][..], r#"{"sensorId":"t-1"}"#),
        (&["--proto-names"][..], r#"{"sensor_id":"t-1"}"#),
        (
            &["--emit-defaults"][..],
            r#"{"sensorId":"t-1","celsius":0.0,"sampleCount":"0"}"#,
        ),
        (
            &["--proto-names", "--emit-defaults"][..],
            r#"{"sensor_id":"t-1","celsius":0.0,"sample_count":"0"}"#,
        ),
    ] {
        let args: Vec<&str> = ["decode", "--type", "Reading", "--json"]
            .into_iter()
            .chain(flags.iter().copied())
            .collect();
        let out = run(&readings(), &args, &bytes);
        assert_eq!(out.code, ExitCode::SUCCESS, "{flags:?}: {}", out.stderr);
        assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{want}\n"));
    }
}

#[test]
fn json_options_need_json_and_json_excludes_format() {
    for (args, error) in [
        (
            &["decode", "--type", "Reading", "--proto-names"][..],
            "required arguments were not provided",
        ),
        (
            &["decode", "--type", "Reading", "--emit-defaults"][..],
            "required arguments were not provided",
        ),
        (
            &[
                "decode", "--type", "Reading", "--json", "--format", "protobuf",
            ][..],
            "cannot be used with",
        ),
    ] {
        let out = run(&readings(), args, b"");
        assert_eq!(out.code, ExitCode::from(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(out.stderr.contains(error), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("--json"), "{}", out.stderr);
    }
}

#[test]
fn encode_writes_the_protobuf_of_a_json_document() {
    let want = Reading {
        sensor_id: "t-1".into(),
        celsius: 21.5,
        sample_count: 12,
    };
    // JSON names, proto names, numbers as strings or numbers, whitespace.
    for json in [
        r#"{"sensorId":"t-1","celsius":21.5,"sampleCount":"12"}"#,
        "{\n  \"sensor_id\": \"t-1\",\n  \"celsius\": 21.5,\n  \"sample_count\": 12\n}\n",
    ] {
        let out = run(
            &readings(),
            &["encode", "--type", "Reading"],
            json.as_bytes(),
        );
        assert_eq!(out.code, ExitCode::SUCCESS, "{}", out.stderr);
        assert_eq!(out.stdout, want.encode_to_vec(), "{json}");
    }
    // And back.
    let shown = run(
        &readings(),
        &["decode", "--type", "Reading", "--json"],
        &want.encode_to_vec(),
    );
    let encoded = run(&readings(), &["encode", "--type", "Reading"], &shown.stdout);
    assert_eq!(encoded.stdout, want.encode_to_vec());
}

#[test]
fn encode_names_the_json_path_of_bad_input_and_writes_nothing() {
    for (json, error) in [
        (
            r#"{"sampleCount": "x"}"#,
            r#"sampleCount: expected an integer (uint64), got "x" at line 1 column 17"#,
        ),
        (
            r#"{"celsius": 1, "celsius": 2}"#,
            r#"field "celsius" appears twice (once is allowed, under its JSON name or its proto name) at line 1 column 16"#,
        ),
        (
            r#"{"sensorId": "a", "colour": "red"}"#,
            r#"unknown field "colour": acme.probe.v1.Reading has no field with this JSON or proto name at line 1 column 19"#,
        ),
        (
            r#"{"sensorId": "a""#,
            "expected `,` or `}`, got the end of the input at line 1 column 17",
        ),
        ("[]", "expected an object, got an array at line 1 column 1"),
        (
            "",
            "expected an object, got the end of the input at line 1 column 1",
        ),
    ] {
        let out = run(
            &readings(),
            &["encode", "--type", "Reading"],
            json.as_bytes(),
        );
        assert_eq!(out.code, ExitCode::FAILURE, "{json}");
        assert!(out.stdout.is_empty(), "{json}: wrote {:?}", out.stdout);
        assert_eq!(
            out.stderr,
            format!("error: acme.probe.v1.Reading: {error}\n")
        );
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    }
    let invalid_utf8 = run(
        &readings(),
        &["encode", "--type", "Reading"],
        b"{\"sensorId\": \"\xff\"}",
    );
    assert_eq!(invalid_utf8.code, ExitCode::FAILURE);
    assert!(
        invalid_utf8.stderr.contains("not UTF-8"),
        "{}",
        invalid_utf8.stderr
    );
    let unknown_type = run(&readings(), &["encode", "--type", "Nope"], b"{}");
    assert_eq!(unknown_type.code, ExitCode::FAILURE);
    assert!(
        unknown_type.stderr.contains("acme.probe.v1.Reading"),
        "{}",
        unknown_type.stderr
    );
}

#[test]
fn encode_skips_unknown_fields_on_request() {
    let json = br#"{"sensorId": "a", "colour": "red", "extra": {"deep": [1, 2]}}"#;
    let out = run(
        &readings(),
        &["encode", "--type", "Reading", "--ignore-unknown-fields"],
        json,
    );
    assert_eq!(out.code, ExitCode::SUCCESS, "{}", out.stderr);
    let want = Reading {
        sensor_id: "a".into(),
        ..Default::default()
    };
    assert_eq!(out.stdout, want.encode_to_vec());
}

#[test]
fn encode_reads_a_file() {
    let dir = temp_dir("encode-file");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("reading.json");
    std::fs::write(&path, r#"{"sampleCount": 3}"#).unwrap();
    let input = path.to_str().unwrap();
    let out = run(
        &readings(),
        &["encode", "--type", "Reading", "--input", input],
        b"ignored",
    );
    assert_eq!(out.code, ExitCode::SUCCESS, "{}", out.stderr);
    let want = Reading {
        sample_count: 3,
        ..Default::default()
    };
    assert_eq!(out.stdout, want.encode_to_vec());
    let missing = run(
        &readings(),
        &[
            "encode",
            "--type",
            "Reading",
            "--input",
            "/nonexistent/reading.json",
        ],
        b"",
    );
    assert_eq!(missing.code, ExitCode::FAILURE);
    assert!(missing
        .stderr
        .starts_with("error: cannot read /nonexistent/reading.json"));
    let _ = std::fs::remove_dir_all(&dir);
}
