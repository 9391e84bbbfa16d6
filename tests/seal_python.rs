//! Sealed envelopes across languages: Python, with the standard library's
//! `hmac` and the classes Google's protoc generates from `proto-out/`, opens
//! frames leyline sealed and leyline opens frames Python sealed, under the
//! current key and a rotated one; both sides agree on the Python stack's
//! legacy signatures (base64 HMAC-SHA256 of the payload).
//!
//! `python/seal.py` implements the format from the `SealedFrame` comments in
//! `proto-out/` alone, and checks the test vector printed there. This test:
//!
//! 1. compiles `proto-out/` with `python -m grpc_tools.protoc --python_out`;
//! 2. writes the keys, frames sealed by leyline under both keys (with their
//!    envelopes' plain encodings), tampered frames with the reason Python
//!    must refuse each for, specs of envelopes for Python to build and seal,
//!    and legacy signatures of payloads;
//! 3. runs `python/seal.py`;
//! 4. opens Python's frames with leyline (they must also be byte for byte
//!    what leyline seals for the same envelope and key) and verifies
//!    Python's legacy signatures.
//!
//! The interpreter comes from `LEYLINE_PYTHON`, as for `python_interop.rs`:
//!
//! ```text
//! LEYLINE_PYTHON=$PWD/target/venv/bin/python cargo test -p leyline-tests --test seal_python -- --nocapture
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, UNIX_EPOCH};

use leyline::contracts::{
    fixtures, DeliveryGuarantee, EventEnvelope, MessagePriority, SealedFrame,
};
use leyline::prost::Message as _;
use leyline::seal::{open, seal, sign_legacy, verify_legacy, Keyring, ManualWallClock, OpenPolicy};
use leyline::{Contract as _, Timestamp};

const NEW_ID: &str = "2025-06";
const NEW_KEY: &[u8] = b"current bus key: 2025-06, 40 bytes long.";
const OLD_ID: &str = "2025-01";
const OLD_KEY: &[u8] = b"retiring bus key 2025-01 (32 b).";

fn old_ring() -> Keyring {
    Keyring::new(OLD_ID, OLD_KEY).unwrap()
}

/// The consumer's ring during the rotation: the new key current, the old one
/// still opening.
fn rotated_ring() -> Keyring {
    old_ring().rotate_to(NEW_ID, NEW_KEY).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace root")
        .to_path_buf()
}

/// The interpreter from `LEYLINE_PYTHON`, or `None` when the test is to be
/// skipped; under CI a missing interpreter fails the test.
fn python() -> Option<PathBuf> {
    match std::env::var_os("LEYLINE_PYTHON") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => {
            panic!("LEYLINE_PYTHON is not set: CI must install the Python environment")
        }
        _ => {
            eprintln!("skipping the sealed-envelope Python test: set LEYLINE_PYTHON");
            None
        }
    }
}

fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what} failed ({})\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    stdout
}

fn proto_files(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "proto") {
                let relative = path.strip_prefix(root).unwrap();
                files.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    files
}

/// An envelope for Python to build from literals, and the same built here.
struct Spec {
    name: &'static str,
    key_id: &'static str,
    event_id: &'static str,
    created_at: Timestamp,
    ttl_seconds: i64,
    source: &'static str,
    payload: Vec<u8>,
    max_attempts: u32,
    current_attempt: u32,
    routing_keys: &'static [&'static str],
}

impl Spec {
    fn row(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            self.name,
            self.key_id,
            self.event_id,
            self.created_at.seconds,
            self.created_at.nanos,
            self.ttl_seconds,
            self.source,
            hex(&self.payload),
            self.max_attempts,
            self.current_attempt,
            self.routing_keys.join(",")
        )
    }

    fn envelope(&self) -> EventEnvelope {
        EventEnvelope {
            event_id: self.event_id.into(),
            event_type: "training.state".into(),
            source_subsystem: self.source.into(),
            created_at: Some(self.created_at),
            ttl: Some(leyline::Duration {
                seconds: self.ttl_seconds,
                nanos: 0,
            }),
            payload: self.payload.clone(),
            payload_type: "esper.leyline.v1.SystemStatePacket".into(),
            content_encoding: EventEnvelope::PROTOBUF_ENCODING.into(),
            priority: MessagePriority::High,
            routing_keys: self.routing_keys.iter().map(|k| (*k).into()).collect(),
            delivery_guarantee: DeliveryGuarantee::AtLeastOnce,
            max_attempts: self.max_attempts,
            current_attempt: self.current_attempt,
            ..EventEnvelope::default()
        }
    }
}

fn specs() -> Vec<Spec> {
    let t0 = fixtures::FIXTURE_TIME;
    vec![
        Spec {
            name: "py_new_key",
            key_id: NEW_ID,
            event_id: "0f8b9a52-7c1e-4d3a-b6f2-91e04c7d2a18",
            created_at: Timestamp {
                seconds: t0.seconds + 2,
                nanos: 500_000_000,
            },
            ttl_seconds: 30,
            source: "tamiyo",
            payload: (0..200u32).map(|i| (i * 7 % 256) as u8).collect(),
            max_attempts: 3,
            current_attempt: 1,
            routing_keys: &["esper.control.command", "esper.audit"],
        },
        Spec {
            name: "py_old_key",
            key_id: OLD_ID,
            event_id: "a4c1e8d0-2b5f-4e79-8a13-6d0f9b2c7e45",
            created_at: t0,
            ttl_seconds: 60,
            source: "tolaria",
            payload: (0..=255u8).collect(),
            max_attempts: 0,
            current_attempt: 2,
            routing_keys: &[],
        },
    ]
}

#[test]
fn python_opens_what_rust_seals_and_rust_opens_what_python_seals() {
    let Some(python) = python() else { return };
    let root = repo_root();
    let proto_out = root.join("proto-out");
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("seal-python");
    let _ = std::fs::remove_dir_all(&work);
    let generated = work.join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    run(
        Command::new(&python)
            .args(["-m", "grpc_tools.protoc", "--fatal_warnings"])
            .arg(format!("--proto_path={}", proto_out.display()))
            .arg(format!("--python_out={}", generated.display()))
            .args(proto_files(&proto_out)),
        "protoc --python_out",
    );
    let write = |name: &str, bytes: &[u8]| std::fs::write(work.join(name), bytes).unwrap();

    // The consumer's keys, the current one first.
    write(
        "keys.tsv",
        format!("{NEW_ID}\t{}\n{OLD_ID}\t{}\n", hex(NEW_KEY), hex(OLD_KEY)).as_bytes(),
    );

    // Frames leyline seals: under the current key and under the old one.
    let fixture = fixtures::event_envelope();
    let unicode = EventEnvelope {
        event_id: "7d3f2a10-9c4b-4e8a-b5d1-3f6e0a2c8b97".into(),
        event_type: "training.状态".into(),
        source_subsystem: "Größe".into(),
        routing_keys: vec!["esper.训练".into(), "a".into()],
        correlation_id: "🌱".into(),
        ..fixtures::event_envelope()
    };
    let rust_frames = [
        (
            "rust_new_key",
            NEW_ID,
            seal(&fixture, &rotated_ring()),
            &fixture,
        ),
        (
            "rust_old_key",
            OLD_ID,
            seal(&fixture, &old_ring()),
            &fixture,
        ),
        (
            "rust_unicode",
            NEW_ID,
            seal(&unicode, &rotated_ring()),
            &unicode,
        ),
    ];
    let mut manifest = String::new();
    for (name, key_id, frame, envelope) in &rust_frames {
        write(&format!("{name}.frame"), frame);
        write(&format!("{name}.envelope"), &envelope.encode_to_vec());
        writeln!(manifest, "{name}\t{key_id}").unwrap();
    }
    write("rust_frames.tsv", manifest.as_bytes());

    // Frames Python must refuse, and why.
    let good = seal(&fixture, &rotated_ring());
    let flip = |at: usize| {
        let mut bad = good.clone();
        bad[at] ^= 0x10;
        bad
    };
    let parsed = SealedFrame::decode_slice(&good).unwrap();
    let reframe = |f: SealedFrame| f.encode_to_vec();
    let mut extended = good.clone();
    extended.extend_from_slice(&[0x28, 0x01]);
    let tampered: Vec<(&str, &str, Vec<u8>)> = vec![
        ("flip_in_envelope", "bad_tag", flip(100)),
        ("flip_in_tag", "bad_tag", flip(good.len() - 5)),
        (
            "wrong_key",
            "bad_tag",
            seal(&fixture, &Keyring::new(NEW_ID, OLD_KEY).unwrap()),
        ),
        (
            "unknown_key_id",
            "unknown_key_id",
            seal(&fixture, &Keyring::new("2024-01", NEW_KEY).unwrap()),
        ),
        (
            "version_2",
            "version",
            reframe(SealedFrame {
                version: 2,
                ..parsed.clone()
            }),
        ),
        (
            "short_tag",
            "tag_length",
            reframe(SealedFrame {
                tag: parsed.tag[..16].to_vec(),
                ..parsed.clone()
            }),
        ),
        (
            "bad_key_id",
            "key_id",
            reframe(SealedFrame {
                key_id: "no spaces".into(),
                ..parsed.clone()
            }),
        ),
        ("unknown_field", "unknown_fields", extended),
        ("truncated", "malformed", good[..good.len() / 2].to_vec()),
    ];
    let mut manifest = String::new();
    for (name, reason, frame) in &tampered {
        write(&format!("{name}.frame"), frame);
        writeln!(manifest, "{name}\t{reason}").unwrap();
    }
    write("tampered.tsv", manifest.as_bytes());

    // Envelopes for Python to build and seal.
    let specs = specs();
    let rows: String = specs.iter().map(Spec::row).collect();
    write("python_specs.tsv", rows.as_bytes());

    // Legacy signatures, by leyline, of payloads.
    let payloads: [(&str, Vec<u8>); 2] = [
        ("fixture_payload", fixture.payload.clone()),
        ("envelope_bytes", fixture.encode_to_vec()),
    ];
    let mut manifest = String::new();
    for (name, payload) in &payloads {
        write(&format!("{name}.payload"), payload);
        writeln!(
            manifest,
            "{name}\t{}",
            sign_legacy(payload, &rotated_ring())
        )
        .unwrap();
    }
    write("legacy.tsv", manifest.as_bytes());

    let report = run(
        Command::new(&python)
            .arg(root.join("tests/python/seal.py"))
            .arg("--generated")
            .arg(&generated)
            .arg("--proto")
            .arg(proto_out.join("esper/leyline/v1/leyline.proto"))
            .arg("--work")
            .arg(&work),
        "tests/python/seal.py",
    );
    print!("{report}");

    // leyline opens what Python sealed, under either key.
    let clock = ManualWallClock::at(UNIX_EPOCH + Duration::from_secs(1_736_942_405));
    let policy = OpenPolicy::new().with_clock(clock);
    for spec in &specs {
        let frame = std::fs::read(work.join(format!("{}.python.frame", spec.name))).unwrap();
        let opened = open(&frame, &rotated_ring(), &policy)
            .unwrap_or_else(|e| panic!("{}: Python's frame does not open: {e}", spec.name));
        assert_eq!(opened, spec.envelope(), "{}", spec.name);
        let sealer = match spec.key_id {
            NEW_ID => rotated_ring(),
            _ => old_ring(),
        };
        assert_eq!(
            frame,
            seal(&spec.envelope(), &sealer),
            "{}: Python's frame is not byte for byte leyline's",
            spec.name
        );
    }
    // A consumer that has dropped the old key refuses Python's old-key frame.
    let frame = std::fs::read(work.join("py_old_key.python.frame")).unwrap();
    let new_only = Keyring::new(NEW_ID, NEW_KEY).unwrap();
    assert!(open(&frame, &new_only, &OpenPolicy::new()).is_err());

    // leyline verifies Python's legacy signatures, and not of other bytes.
    let signed = std::fs::read_to_string(work.join("legacy_python.tsv")).unwrap();
    let mut checked = 0;
    for line in signed.lines() {
        let (name, signature) = line.split_once('\t').unwrap();
        let payload = std::fs::read(work.join(format!("{name}.payload"))).unwrap();
        verify_legacy(&payload, signature, &rotated_ring())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut other = payload.clone();
        other.push(0);
        assert!(verify_legacy(&other, signature, &rotated_ring()).is_err());
        checked += 1;
    }
    assert_eq!(checked, payloads.len());
    println!(
        "rust: opened {} frames Python sealed (byte-identical to leyline's), verified {checked} \
         Python legacy signatures",
        specs.len()
    );
}
