//! The runtime crate is built in layers, and every dependency points down:
//! this reads the crate's sources and fails on any `crate::` path (outside
//! comments) from a module to a layer it may not use. The layers are listed in
//! the crate docs ("How the crate is built").

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and the modules it may use.
const LAYERS: &[(&str, &[&str])] = &[
    ("schema", &[]),
    ("wire", &["schema"]),
    ("contract", &["wire", "schema"]),
    ("size", &["contract", "wire", "schema"]),
    ("validate", &["contract", "wire", "schema"]),
    ("view", &["contract", "wire", "schema"]),
    (
        "wkt",
        &["view", "validate", "size", "contract", "wire", "schema"],
    ),
    ("codec", &["validate", "size", "contract", "wire", "schema"]),
    ("json", &["wkt", "view", "contract", "wire", "schema"]),
    // `MessageType` reads and writes JSON for the tools that name a type.
    ("export", &["json", "contract", "wire", "schema"]),
    ("evolution", &["export", "contract", "wire", "schema"]),
    (
        "contracts",
        &[
            "json",
            "codec",
            "evolution",
            "export",
            "wkt",
            "size",
            "validate",
            "view",
            "contract",
            "wire",
            "schema",
        ],
    ),
    (
        "seal",
        &[
            "contracts",
            "codec",
            "wkt",
            "size",
            "validate",
            "view",
            "contract",
            "wire",
            "schema",
        ],
    ),
    (
        "cli",
        &[
            "seal",
            "contracts",
            "evolution",
            "export",
            "json",
            "codec",
            "wkt",
            "size",
            "validate",
            "view",
            "contract",
            "wire",
            "schema",
        ],
    ),
];

/// Root items any layer may name: the macros (`#[crate::message]` declares
/// the contracts of `contracts/` and `wkt/`) and the re-exported prost.
const ANYWHERE: &[&str] = &["message", "enumeration", "oneof", "prost"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`wire/reader.rs` and
/// `wire/mod.rs` belong to `wire`; `export.rs` to `export`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

/// Every module (or root item) named by a `crate::` path in the code of
/// `text` (comments and doc comments left out), with the line it is on. A
/// group, `crate::{a::X, b}`, names each of its members.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let code: Vec<&str> = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect();
    let joined = code.join("\n");
    let line_of = |at: usize| joined[..at].matches('\n').count() + 1;
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = joined[from..].find("crate::") {
        let at = from + found;
        let after = &joined[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // The group's members at its first level, up to its closing brace.
            let mut depth = 0usize;
            let mut member = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => member = true,
                    c if member && (c.is_ascii_alphanumeric() || c == '_') => {
                        out.push((line_of(at), ident(&group[k..])));
                        member = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.push((line_of(at), ident(after)));
        }
        from = at + "crate::".len();
    }
    out
}

#[test]
fn every_use_of_crate_points_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 40, "found only {} source files", files.len());
    let layered: BTreeSet<&str> = LAYERS.iter().map(|(m, _)| *m).collect();
    let mut seen = BTreeSet::new();
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let Some((_, allowed)) = LAYERS.iter().find(|(m, _)| *m == module) else {
            continue;
        };
        seen.insert(module.clone());
        let text = fs::read_to_string(file).unwrap_or_default();
        for (line, target) in crate_paths(&text) {
            // Items re-exported at the root are reached through it from
            // anywhere; each such use must still name an allowed layer.
            let target = match target.as_str() {
                "Timestamp" | "Duration" | "Struct" | "Value" | "ListValue" | "Any"
                | "FieldMask" | "Empty" => "wkt".to_owned(),
                "Contract" | "Enumeration" | "Oneof" | "Element" => "contract".to_owned(),
                "ProtoType" | "UnknownFields" | "DecodeError" | "DecodeErrorKind"
                | "EncodeError" | "EncodeErrorKind" => "wire".to_owned(),
                _ => target,
            };
            if target != module
                && !allowed.contains(&target.as_str())
                && !ANYWHERE.contains(&target.as_str())
            {
                wrong.push(format!(
                    "{}:{line}: `{module}` uses `crate::{target}`",
                    file.display()
                ));
            }
        }
        if text.contains("super::super::") {
            wrong.push(format!(
                "{}: `super::super::` reaches past its layer",
                file.display()
            ));
        }
    }
    assert_eq!(
        seen,
        layered.iter().map(|m| (*m).to_owned()).collect(),
        "a layer has no source files"
    );
    assert!(
        wrong.is_empty(),
        "imports pointing up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_runtime_file_runs_past_seven_hundred_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let text = fs::read_to_string(f).ok()?;
            // Unit tests at the end of a file do not count.
            let code = text.split("#[cfg(test)]\nmod tests").next()?;
            let n = code.lines().count();
            (n > 700).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over 700 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    let paths = crate_paths("use crate::codec::Parts; // crate::view in a comment\n");
    assert_eq!(paths, [(1, "codec".to_owned())]);
    let paths = crate_paths("x\nuse crate::{\n    seal::open,\n    wire::{A, B},\n};\n");
    assert_eq!(paths, [(2, "seal".to_owned()), (2, "wire".to_owned())]);
}
