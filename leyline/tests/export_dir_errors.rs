//! `Export::write_dir` and `Export::check_dir` when the file system says no:
//! every failure is reported with the path it concerns, and a stale file that
//! cannot be read is reported, not taken for somebody else's file and kept.
//! (The tests run as any user, root included, so they make files unreadable
//! with symbolic links rather than permissions.)

#![allow(clippy::unwrap_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use leyline::export::{Export, Exporter};

/// A probe of the weather.
#[leyline::message(package = "leyline.dirs.v1")]
pub struct Probe {
    /// Where.
    #[leyline(field = 1)]
    pub site: String,
}

fn export() -> Export {
    Exporter::new().message::<Probe>().export().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("leyline-dir-errors-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
fn unreadable_file(at: &Path) {
    // A link to nowhere: listed as a file, failing to read.
    std::os::unix::fs::symlink(at.with_extension("missing-target"), at).unwrap();
}

#[cfg(unix)]
#[test]
fn check_dir_reports_a_stale_file_it_cannot_read() {
    let dir = scratch("check-unreadable");
    let export = export();
    export.write_dir(&dir).unwrap();
    assert_eq!(export.check_dir(&dir), Ok(()));
    unreadable_file(&dir.join("leyline/dirs/v1/old.proto"));
    let stale = export.check_dir(&dir).unwrap_err();
    assert!(stale.extra.is_empty(), "{stale}");
    assert_eq!(stale.unreadable.len(), 1, "{stale}");
    assert_eq!(stale.unreadable[0].0, "leyline/dirs/v1/old.proto");
    let text = stale.to_string();
    assert!(
        text.contains("  unreadable: leyline/dirs/v1/old.proto ("),
        "{text}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn write_dir_refuses_to_guess_about_a_file_it_cannot_read() {
    let dir = scratch("write-unreadable");
    let export = export();
    export.write_dir(&dir).unwrap();
    let old = dir.join("leyline/dirs/v1/old.proto");
    unreadable_file(&old);
    let err = export.write_dir(&dir).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!("{}: ", old.display())),
        "{err}"
    );
    // Nothing was removed.
    assert!(fs::symlink_metadata(&old).is_ok());
    fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn write_dir_names_the_path_it_cannot_create() {
    let dir = scratch("write-blocked");
    // A file where the export's directory must go.
    fs::write(dir.join("leyline"), b"in the way").unwrap();
    let err = export().write_dir(&dir).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: Not a directory (os error 20)",
            dir.join("leyline/dirs/v1").display()
        )
    );
    let err = export().write_dir(dir.join("leyline")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", dir.join("leyline").display())),
        "{err}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_dir_reports_a_directory_it_cannot_list() {
    let dir = scratch("check-not-a-dir");
    let file = dir.join("proto-out");
    fs::write(&file, b"not a directory").unwrap();
    let stale = export().check_dir(&file).unwrap_err();
    assert_eq!(stale.unreadable.len(), 2, "{stale}");
    assert_eq!(stale.unreadable[0].0, file.display().to_string());
    assert!(stale.missing.is_empty(), "{stale}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_directory_is_missing_files_not_an_error() {
    let dir = scratch("check-missing");
    let stale = export().check_dir(dir.join("nowhere")).unwrap_err();
    assert!(stale.unreadable.is_empty(), "{stale}");
    assert_eq!(stale.missing, ["leyline/dirs/v1/dirs.proto"]);
    fs::remove_dir_all(&dir).unwrap();
}
