//! Export of contracts as proto3 `.proto` files and as a descriptor set.
//!
//! An [`Exporter`] takes root contracts, gathers every message and enum they
//! reach through fields, oneof variants and map values, and produces an
//! [`Export`]: one `.proto` file per package, the same schema as a
//! [`prost_types::FileDescriptorSet`] equal to what protoc makes of those files,
//! and helpers to write the files to a directory or to check that a checked-in
//! directory is up to date.
//!
//! ```
//! use leyline::export::Exporter;
//! use leyline::schema::{FieldSchema, FieldType, Label, Member, MessageSchema, Scalar};
//!
//! static PING: MessageSchema = MessageSchema {
//!     name: "Ping",
//!     package: "acme.v1",
//!     full_name: "acme.v1.Ping",
//!     defined_in: None,
//!     docs: "A liveness probe.",
//!     members: &[Member::Field(FieldSchema {
//!         name: "sequence",
//!         json_name: "sequence",
//!         number: 1,
//!         label: Label::Singular,
//!         ty: FieldType::Scalar(Scalar::Uint64),
//!         packed: false,
//!         docs: "",
//!         rust_name: "sequence",
//!     })],
//!     reserved_ranges: &[],
//!     reserved_names: &[],
//!     keeps_unknown_fields: false,
//! };
//!
//! let export = Exporter::new().message_schema(&PING).export()?;
//! let file = export.file("acme/v1/acme.proto").ok_or("no file")?;
//! assert!(file.source().contains("message Ping {\n  uint64 sequence = 1;\n}\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Layout
//!
//! Package `esper.leyline.v1` is written to `esper/leyline/v1/leyline.proto`:
//! the package path, then the last package component that is not a version
//! (`v1`, `v2beta1`, ...). Well-known types (schemas with
//! [`MessageSchema::defined_in`]) are never written, only imported.
//!
//! In each file, enums come first, then messages, each sorted by name; members
//! keep their declaration order. Types of the same package are written by
//! simple name, others fully qualified; when protoc's scoping rules would
//! resolve such a name to something else, the name is written with a leading
//! dot instead.

mod check;
mod collect;
mod descriptor;
mod dir;
mod error;
mod names;
mod text;

use alloc::collections::BTreeMap;
use std::io;
use std::path::Path;

use prost_types::{FileDescriptorProto, FileDescriptorSet};

use crate::contract::{Contract, Enumeration};
use crate::schema::{json_name, EnumSchema, FieldSchema, FieldType, Label, MessageSchema};

pub use dir::{ChangedFile, StaleDir, REFRESH_COMMAND};
pub use error::{ExportError, Problem};

use collect::Item;
use names::Symbols;

/// Gathers contracts and exports them; see the [module documentation](self).
#[derive(Debug, Clone, Default)]
pub struct Exporter {
    roots: Vec<Item>,
}

impl Exporter {
    /// An exporter with no contracts yet.
    pub fn new() -> Self {
        Exporter::default()
    }

    /// Adds a message contract and everything it reaches.
    #[must_use]
    pub fn message<T: Contract>(self) -> Self {
        self.message_schema(T::schema())
    }

    /// Adds an enumeration.
    #[must_use]
    pub fn enumeration<T: Enumeration>(self) -> Self {
        self.enum_schema(T::schema())
    }

    /// Adds a message by its schema, and everything it reaches.
    #[must_use]
    pub fn message_schema(mut self, schema: &'static MessageSchema) -> Self {
        self.roots.push(Item::Message(schema));
        self
    }

    /// Adds an enumeration by its schema.
    #[must_use]
    pub fn enum_schema(mut self, schema: &'static EnumSchema) -> Self {
        self.roots.push(Item::Enum(schema));
        self
    }

    /// Collects, checks and renders every contract.
    ///
    /// Fails with every problem found (not only the first) when two different
    /// schemas claim one full name, when a schema could not be written as valid
    /// proto3, or when packages would import each other in a cycle.
    pub fn export(&self) -> Result<Export, ExportError> {
        let mut problems = Vec::new();
        let items = collect::collect(&self.roots, &mut problems);
        check::check_items(&items, &mut problems);
        let symbols = Symbols::build(&items, &mut problems);
        let packages = group_by_package(&items);
        let order = check::file_order(&packages, &mut problems);
        if !problems.is_empty() {
            return Err(ExportError::new(problems));
        }

        let mut files = Vec::with_capacity(packages.len());
        for package in packages.values() {
            files.push(ProtoFile {
                path: package.path.clone(),
                package: package.name.to_owned(),
                source: text::render(package, &symbols),
                descriptor: descriptor::file(package),
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Export { files, order })
    }
}

/// The exported files. Produced by [`Exporter::export`].
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// Sorted by path.
    files: Vec<ProtoFile>,
    /// Paths with every file after the files it imports.
    order: Vec<String>,
}

impl Export {
    /// The files, sorted by path.
    pub fn files(&self) -> &[ProtoFile] {
        &self.files
    }

    /// The file at this relative path (`esper/leyline/v1/leyline.proto`).
    pub fn file(&self, path: &str) -> Option<&ProtoFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .and_then(|i| self.files.get(i))
    }

    /// The descriptors of every file, each after the files it imports (as
    /// protoc orders them). Imported well-known files are not included.
    pub fn descriptor_set(&self) -> FileDescriptorSet {
        FileDescriptorSet {
            file: self
                .order
                .iter()
                .filter_map(|path| self.file(path))
                .map(|f| f.descriptor.clone())
                .collect(),
        }
    }

    /// Writes every file under `dir`, creating directories as needed, and
    /// removes the files an earlier export wrote there that this one does not
    /// produce (so a renamed package leaves nothing stale behind), with the
    /// directories that leaves empty. Files whose content is already right are
    /// not rewritten; files leyline did not generate (recognised by the first
    /// line of every exported file) are left alone.
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> io::Result<()> {
        dir::write(self, dir.as_ref())
    }

    /// Compares `dir` with this export: every file must be there with the same
    /// content (line endings aside), and no other generated `.proto` file may
    /// be; that is, [`Export::write_dir`] would change nothing.
    pub fn check_dir(&self, dir: impl AsRef<Path>) -> Result<(), StaleDir> {
        dir::check(self, dir.as_ref())
    }
}

/// One exported `.proto` file.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtoFile {
    path: String,
    package: String,
    source: String,
    descriptor: FileDescriptorProto,
}

impl ProtoFile {
    /// The path relative to the output directory, with `/` separators; also
    /// the name other files import it by.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The proto package.
    pub fn package(&self) -> &str {
        &self.package
    }

    /// The `.proto` source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The descriptor protoc produces for [`ProtoFile::source`] (without
    /// source code info).
    pub fn descriptor(&self) -> &FileDescriptorProto {
        &self.descriptor
    }
}

/// The contents of one output file: the contracts of one package.
#[derive(Debug)]
struct Package {
    name: &'static str,
    path: String,
    /// Sorted by name.
    enums: Vec<&'static EnumSchema>,
    /// Sorted by name.
    messages: Vec<&'static MessageSchema>,
    /// Files this one imports, with the first reference needing each (for
    /// error messages).
    imports: BTreeMap<String, String>,
}

fn group_by_package(items: &BTreeMap<&'static str, Item>) -> BTreeMap<&'static str, Package> {
    let mut packages: BTreeMap<&'static str, Package> = BTreeMap::new();
    for item in items.values() {
        if item.defined_in().is_some() {
            continue;
        }
        let package = packages.entry(item.package()).or_insert_with(|| Package {
            name: item.package(),
            path: names::file_path(item.package()),
            enums: Vec::new(),
            messages: Vec::new(),
            imports: BTreeMap::new(),
        });
        match item {
            Item::Message(m) => package.messages.push(m),
            Item::Enum(e) => package.enums.push(e),
        }
    }
    for package in packages.values_mut() {
        package.enums.sort_by_key(|e| e.name);
        package.messages.sort_by_key(|m| m.name);
        let mut imports = BTreeMap::new();
        for message in &package.messages {
            for (field, _) in message.fields() {
                let Some(target) = collect::element_target(&field.ty) else {
                    continue;
                };
                let file = match target.defined_in() {
                    Some(file) => file.to_owned(),
                    None if target.package() == package.name => continue,
                    None => names::file_path(target.package()),
                };
                imports.entry(file).or_insert_with(|| {
                    format!(
                        "{}.{} uses {}",
                        message.full_name,
                        field.name,
                        target.full_name()
                    )
                });
            }
        }
        package.imports = imports;
    }
    packages
}

/// The JSON name of a field when it is not the one protoc derives from the
/// field name, so it must be written as an option.
fn custom_json_name(field: &FieldSchema) -> Option<&'static str> {
    (field.json_name != json_name(field.name)).then_some(field.json_name)
}

/// Whether a repeated field of a packable type is not packed, which proto3
/// must be told with `[packed = false]`.
fn explicitly_unpacked(field: &FieldSchema) -> bool {
    let packable = match field.ty {
        FieldType::Scalar(scalar) => scalar.is_packable(),
        FieldType::Enum(_) => true,
        FieldType::Message(_) | FieldType::Map(..) => false,
    };
    field.label == Label::Repeated && packable && !field.packed
}
