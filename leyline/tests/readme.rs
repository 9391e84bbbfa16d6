//! The numbers the README states, checked.

use leyline::prost::Message as _;
use leyline::Contract;

/// The README's size-bound example.
#[leyline::message(package = "esper.example.v1", max_size = 256)]
pub struct Probe {
    /// At most 16 characters: 64 bytes of UTF-8.
    #[leyline(field = 1, validate(max_len = 16))]
    pub name: String,
    /// At most 8 floats, packed: 32 bytes.
    #[leyline(field = 2, validate(max_items = 8))]
    pub samples: Vec<f32>,
}

#[test]
fn size_bound_example() {
    // key + length + 64 bytes, then key + length + 32 bytes
    assert_eq!(Probe::MAX_ENCODED_LEN, Some(1 + 1 + 64 + 1 + 1 + 32));
    assert_eq!(Probe::MAX_SIZE, Some(256));
    let widest = Probe {
        name: "\u{1F331}".repeat(16),
        samples: vec![1.0; 8],
    };
    assert!(widest.validate().is_ok());
    assert_eq!(widest.encode_to_vec().len(), 100);
}

/// One claim of the README's "What is tested" table: the files and tests it
/// names, as `path`: `test`, `test`; `path`: ...
fn proofs(cell: &str) -> Vec<(String, Vec<String>)> {
    cell.split(';')
        .filter_map(|part| {
            let mut ticks = part.split('`').skip(1).step_by(2).map(str::to_owned);
            let path = ticks.next()?;
            Some((path, ticks.collect()))
        })
        .collect()
}

#[test]
fn what_is_tested_names_tests_that_exist() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let section = readme
        .split("\n## What is tested\n")
        .nth(1)
        .expect("the README has a \"What is tested\" section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| claim"))
        .collect();
    assert!(rows.len() >= 20, "the table has {} rows", rows.len());
    let mut missing = Vec::new();
    for row in rows {
        let cells: Vec<&str> = row.split(" | ").collect();
        let proof = cells.last().copied().unwrap_or_default();
        let named = proofs(proof);
        assert!(!named.is_empty(), "no test named for: {row}");
        for (path, tests) in named {
            let at = root.join(&path);
            if path.ends_with('/') {
                if !at.is_dir() {
                    missing.push(path.clone());
                }
                for test in &tests {
                    if !at.join(format!("{test}.rs")).is_file() {
                        missing.push(format!("{path}{test}.rs"));
                    }
                }
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&at) else {
                if !at.exists() {
                    missing.push(path);
                }
                continue;
            };
            for test in tests {
                let defined = text.contains(&format!("fn {test}("))
                    || text.contains(&format!("fn {test}<"))
                    || text.contains(&format!("{test}:"));
                if !defined {
                    missing.push(format!("{path}: {test}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the README names tests that do not exist: {missing:#?}"
    );
}

/// The README's JSON example, as it stands there.
#[test]
fn json_example() -> Result<(), Box<dyn std::error::Error>> {
    use leyline::contracts::{fixtures, SystemStatePacket};
    use leyline::json::{self, JsonOptions, JsonView as _};

    let packet = fixtures::system_state_packet();
    let text = json::to_string(&packet)?; // {"version":1,"currentEpoch":120,...}
    assert!(text.starts_with(r#"{"version":1,"currentEpoch":120,"#));
    assert_eq!(json::from_str::<SystemStatePacket>(&text)?, packet);
    assert_eq!(serde_json::to_string(&packet)?, text);

    // What Nissa indexes: Python's MessageToDict(packet,
    // preserving_proto_field_name=True, always_print_fields_with_no_presence=True).
    let nissa = JsonOptions::default()
        .proto_field_names(true)
        .emit_default_values(true);
    let document = json::to_string_with(&packet, &nissa)?;

    // Straight from the protobuf bytes, with no owned decode in between.
    let bytes = packet.encode_to_vec();
    let view = SystemStatePacket::decode_view(&bytes)?;
    let from_view = view.to_json_with(&nissa)?;
    let from_bytes = json::protobuf_to_string_with::<SystemStatePacket>(&bytes, &nissa)?;
    let value = |s: &str| serde_json::from_str::<serde_json::Value>(s);
    assert_eq!(value(&from_view)?, value(&document)?);
    assert_eq!(value(&from_bytes)?, value(&document)?);

    // Bad input: the JSON path, the line and the column.
    let bad = r#"{"seedStates": [{}, {"metrics": {"loss": "x"}}]}"#;
    let Err(err) = json::from_str::<SystemStatePacket>(bad) else {
        return Err("a string where a float belongs was read".into());
    };
    assert_eq!(
        err.to_string(),
        r#"seedStates[1].metrics.loss: expected a number (float), got "x" at line 1 column 42"#
    );
    Ok(())
}
