//! Writing the files to a directory, and checking that a directory is current.

use alloc::collections::BTreeSet;
use core::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::text::HEADER;
use super::Export;

/// The command that refreshes the checked-in `proto-out/` directory, quoted by
/// [`StaleDir`]'s message.
pub const REFRESH_COMMAND: &str = "cargo run -p leyline --bin leyline -- export --out proto-out";

/// How a directory differs from a fresh export; returned by
/// [`Export::check_dir`]. Its message ends with [`REFRESH_COMMAND`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StaleDir {
    /// The directory checked.
    pub dir: PathBuf,
    /// Exported files the directory lacks.
    pub missing: Vec<String>,
    /// Files whose content differs.
    pub changed: Vec<ChangedFile>,
    /// Generated `.proto` files in the directory that the export no longer
    /// produces (files without leyline's header are not counted).
    pub extra: Vec<String>,
    /// Files (or the directory) that could not be read, with the reason.
    pub unreadable: Vec<(String, String)>,
}

/// A file whose content differs from the export.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChangedFile {
    /// The path relative to the directory.
    pub path: String,
    /// The first line that differs, counting from 1.
    pub line: usize,
    /// That line in the export (empty past its end).
    pub expected: String,
    /// That line in the directory (empty past its end).
    pub found: String,
}

impl fmt::Display for StaleDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the .proto files in `{}` do not match the contracts:",
            self.dir.display()
        )?;
        for changed in &self.changed {
            writeln!(
                f,
                "  changed: {} (line {}: expected `{}`, found `{}`)",
                changed.path, changed.line, changed.expected, changed.found
            )?;
        }
        for path in &self.missing {
            writeln!(f, "  missing: {path}")?;
        }
        for path in &self.extra {
            writeln!(f, "  extra:   {path}")?;
        }
        for (path, reason) in &self.unreadable {
            writeln!(f, "  unreadable: {path} ({reason})")?;
        }
        write!(f, "refresh them with: {REFRESH_COMMAND}")
    }
}

impl std::error::Error for StaleDir {}

pub(super) fn write(export: &Export, dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir).map_err(at(dir))?;
    for (relative, source) in export.outputs() {
        let path = local(dir, relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(at(parent))?;
        }
        // Unchanged files are left alone; an unreadable one is rewritten (and
        // a failure to write it is reported).
        let current = fs::read(&path).ok();
        if current.as_deref() != Some(source.as_bytes()) {
            fs::write(&path, source).map_err(at(&path))?;
        }
    }
    let (extra, unreadable) = extra_files(export, dir, proto_files(dir)?);
    if let Some((path, err)) = unreadable.into_iter().next() {
        // Whether it is an old export to remove cannot be told: say so
        // rather than leave it or guess.
        return Err(at(&local(dir, &path))(err));
    }
    for extra in extra {
        let path = local(dir, &extra);
        fs::remove_file(&path).map_err(at(&path))?;
        remove_empty_parents(dir, &path)?;
    }
    Ok(())
}

/// The files of `present` that an earlier export wrote (they start with
/// leyline's header) and this one does not produce, and the files that could
/// not be read to tell (with the error). Other `.proto` files are not ours to
/// judge or remove.
fn extra_files(
    export: &Export,
    dir: &Path,
    present: BTreeSet<String>,
) -> (Vec<String>, Vec<(String, io::Error)>) {
    let wanted: BTreeSet<&str> = export.outputs().map(|(path, _)| path).collect();
    let mut extra = Vec::new();
    let mut unreadable = Vec::new();
    for path in present {
        if wanted.contains(path.as_str()) {
            continue;
        }
        match fs::read(local(dir, &path)) {
            Ok(bytes) if bytes.starts_with(HEADER.trim_end().as_bytes()) => extra.push(path),
            Ok(_) => {}
            Err(err) => unreadable.push((path, err)),
        }
    }
    (extra, unreadable)
}

/// Removes the directories between `file` (just removed) and `dir` that are
/// left empty.
fn remove_empty_parents(dir: &Path, file: &Path) -> io::Result<()> {
    let mut current = file.parent();
    while let Some(parent) = current {
        if parent == dir || !parent.starts_with(dir) {
            break;
        }
        if fs::read_dir(parent).map_err(at(parent))?.next().is_some() {
            break;
        }
        fs::remove_dir(parent).map_err(at(parent))?;
        current = parent.parent();
    }
    Ok(())
}

pub(super) fn check(export: &Export, dir: &Path) -> Result<(), StaleDir> {
    let mut stale = StaleDir {
        dir: dir.to_path_buf(),
        missing: Vec::new(),
        changed: Vec::new(),
        extra: Vec::new(),
        unreadable: Vec::new(),
    };
    let present = proto_files(dir).unwrap_or_else(|err| {
        stale
            .unreadable
            .push((dir.display().to_string(), err.to_string()));
        BTreeSet::new()
    });
    for (path, source) in export.outputs() {
        match fs::read(local(dir, path)) {
            Ok(bytes) => {
                let found = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
                if found != source {
                    stale.changed.push(first_difference(path, source, &found));
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                stale.missing.push(path.to_owned());
            }
            Err(err) => stale.unreadable.push((path.to_owned(), err.to_string())),
        }
    }
    let (extra, unreadable) = extra_files(export, dir, present);
    stale.extra = extra;
    stale.unreadable.extend(
        unreadable
            .into_iter()
            .map(|(path, err)| (path, err.to_string())),
    );
    let current = stale.missing.is_empty()
        && stale.changed.is_empty()
        && stale.extra.is_empty()
        && stale.unreadable.is_empty();
    if current {
        Ok(())
    } else {
        Err(stale)
    }
}

fn first_difference(path: &str, expected: &str, found: &str) -> ChangedFile {
    let mut expected_lines = expected.split('\n');
    let mut found_lines = found.split('\n');
    let mut line = 1;
    loop {
        match (expected_lines.next(), found_lines.next()) {
            (Some(e), Some(f)) if e == f => line += 1,
            (e, f) => {
                return ChangedFile {
                    path: path.to_owned(),
                    line,
                    expected: e.unwrap_or_default().to_owned(),
                    found: f.unwrap_or_default().to_owned(),
                }
            }
        }
    }
}

/// Every `.proto` file under `dir`, as `/`-separated relative paths; none if
/// `dir` does not exist. Symbolic links to directories are not followed.
fn proto_files(dir: &Path) -> io::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, relative)) = pending.pop() {
        let entries = match fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound && relative.is_empty() => {
                return Ok(found)
            }
            Err(err) => return Err(at(&path)(err)),
        };
        for entry in entries {
            let entry = entry.map_err(at(&path))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if relative.is_empty() {
                name.clone()
            } else {
                format!("{relative}/{name}")
            };
            if entry.file_type().map_err(at(&entry.path()))?.is_dir() {
                pending.push((entry.path(), child));
            } else if name.ends_with(".proto") {
                found.insert(child);
            }
        }
    }
    Ok(found)
}

/// `relative` (`/`-separated) under `dir`.
fn local(dir: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .fold(dir.to_path_buf(), |p, c| p.join(c))
}

/// Adds the path to an I/O error's message.
fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |err| io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}
