//! Loading a directory of `.proto` files into a descriptor set with protox.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use prost_types::FileDescriptorSet;

/// Why a directory of `.proto` files could not be loaded.
#[derive(Debug)]
#[non_exhaustive]
pub enum EvolutionError {
    /// A file or directory could not be read.
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The directory holds no `.proto` file at all (a mistyped path would
    /// otherwise compare against an empty schema and pass).
    NoProtoFiles {
        /// The directory that was searched.
        dir: PathBuf,
    },
    /// A file does not compile: a syntax error, an unresolved type or
    /// import, a duplicate name...
    Compile {
        /// The file at fault, when protox knows it.
        path: Option<PathBuf>,
        /// 1-based line and column of the error, when known.
        position: Option<(usize, usize)>,
        /// protox's description of the error.
        message: String,
    },
}

impl fmt::Display for EvolutionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvolutionError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            EvolutionError::NoProtoFiles { dir } => {
                write!(f, "no .proto files found under {}", dir.display())
            }
            EvolutionError::Compile {
                path,
                position,
                message,
            } => {
                match (path, position) {
                    (Some(path), Some((line, column))) => {
                        write!(f, "{}:{line}:{column}: ", path.display())?;
                    }
                    (Some(path), None) => write!(f, "{}: ", path.display())?,
                    (None, _) => {}
                }
                write!(f, "{message}")
            }
        }
    }
}

impl std::error::Error for EvolutionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EvolutionError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Finds every `.proto` file under `dir` (recursively) and compiles them with
/// `dir` as the include path. File names in the set are relative to `dir`
/// (`esper/v1/seed.proto`); the well-known types resolve without being in
/// `dir`, and are not part of the set.
pub fn load_proto_dir(dir: &Path) -> Result<FileDescriptorSet, EvolutionError> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    if files.is_empty() {
        return Err(EvolutionError::NoProtoFiles {
            dir: dir.to_owned(),
        });
    }
    files.sort();
    let mut compiler = protox::Compiler::new([dir]).map_err(|e| compile_error(dir, &e))?;
    compiler.include_imports(false).include_source_info(false);
    for file in &files {
        compiler
            .open_file(file)
            .map_err(|e| compile_error(dir, &e))?;
    }
    Ok(compiler.file_descriptor_set())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvolutionError> {
    let io_error = |source| EvolutionError::Io {
        path: dir.to_owned(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let entry = entry.map_err(io_error)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|source| EvolutionError::Io {
            path: path.clone(),
            source,
        })?;
        if kind.is_dir() {
            collect(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|ext| ext == "proto") {
            out.push(path);
        }
    }
    Ok(())
}

fn compile_error(dir: &Path, error: &protox::Error) -> EvolutionError {
    let path = error.file().map(|name| dir.join(name));
    let offset = error
        .labels()
        .and_then(|mut labels| labels.next())
        .map(|label| label.offset());
    let position = match (&path, offset) {
        (Some(path), Some(offset)) => fs::read_to_string(path)
            .ok()
            .map(|text| line_column(&text, offset)),
        _ => None,
    };
    let mut message = error.to_string();
    if let Some(help) = error.help() {
        message.push_str(&format!(" (help: {help})"));
    }
    EvolutionError::Compile {
        path,
        position,
        message,
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "syntax = \"proto3\";\nmessage M {\n  int32 x = 1\n}\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let brace = text.rfind('}').unwrap_or_default();
        assert_eq!(line_column(text, brace), (4, 1));
    }
}
