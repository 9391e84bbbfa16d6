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
//! keep their declaration order. A type declared with `parent = Message` is
//! written inside that message, before its fields (enums first, then
//! messages), and nested the same way in the descriptor set. Types are
//! written by the shortest name protoc resolves to them: the simple name, the
//! name within the package, or else the full name with a leading dot.

mod check;
mod collect;
mod descriptor;
mod dir;
mod error;
mod message_type;
mod names;
mod python;
mod registered;
mod text;

use alloc::collections::BTreeMap;
use std::io;
use std::path::Path;

use prost_types::{FileDescriptorProto, FileDescriptorSet};

use crate::contract::{Contract, Enumeration};
use crate::json::JsonMessage;
use crate::schema::{json_name, EnumSchema, FieldSchema, FieldType, Label, MessageSchema};

pub use dir::{ChangedFile, StaleDir, REFRESH_COMMAND};
pub use error::{ExportError, Problem};
pub use message_type::{DynMessage, MessageType};
pub use python::PythonFacade;
#[cfg(feature = "registry")]
#[doc(hidden)]
pub use registered::__inventory;
pub use registered::{Registration, REGISTRATION};

use collect::Item;
use names::Symbols;

/// Gathers contracts and exports them; see the [module documentation](self).
#[derive(Debug, Clone, Default)]
pub struct Exporter {
    roots: Vec<Item>,
    types: Vec<MessageType>,
    python_facade: Option<String>,
}

impl Exporter {
    /// An exporter with no contracts yet.
    pub fn new() -> Self {
        Exporter::default()
    }

    /// Adds a message contract and everything it reaches.
    #[must_use]
    pub fn message<T: Contract + JsonMessage>(self) -> Self {
        self.message_type(MessageType::of::<T>())
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
        let python = (self.python_facade.as_deref())
            .and_then(|m| python::facade(m, &packages, &mut problems));
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
        Ok(Export {
            files,
            order,
            python,
        })
    }
}

/// The exported files. Produced by [`Exporter::export`].
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// Sorted by path.
    files: Vec<ProtoFile>,
    /// Paths with every file after the files it imports.
    order: Vec<String>,
    python: Option<PythonFacade>,
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
    /// The types nested in a message, by the message's full name.
    nested: BTreeMap<&'static str, Nested>,
    /// Files this one imports, with the first reference needing each (for
    /// error messages).
    imports: BTreeMap<String, String>,
}

/// The types declared inside one message.
#[derive(Debug, Default)]
struct Nested {
    /// Sorted by name.
    enums: Vec<&'static EnumSchema>,
    /// Sorted by name.
    messages: Vec<&'static MessageSchema>,
}

impl Package {
    /// The types nested in `message` (none for most).
    fn nested_in(&self, message: &MessageSchema) -> Option<&Nested> {
        self.nested.get(message.full_name)
    }

    /// Every message of the file, nested ones included.
    fn all_messages(&self) -> impl Iterator<Item = &'static MessageSchema> + '_ {
        self.messages
            .iter()
            .chain(self.nested.values().flat_map(|n| n.messages.iter()))
            .copied()
    }
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
            nested: BTreeMap::new(),
            imports: BTreeMap::new(),
        });
        match (item, item.parent()) {
            (Item::Message(m), None) => package.messages.push(m),
            (Item::Enum(e), None) => package.enums.push(e),
            (Item::Message(m), Some(parent)) => {
                package.nested.entry(parent).or_default().messages.push(m);
            }
            (Item::Enum(e), Some(parent)) => {
                package.nested.entry(parent).or_default().enums.push(e);
            }
        }
    }
    for package in packages.values_mut() {
        package.enums.sort_by_key(|e| e.name);
        package.messages.sort_by_key(|m| m.name);
        for nested in package.nested.values_mut() {
            nested.enums.sort_by_key(|e| e.name);
            nested.messages.sort_by_key(|m| m.name);
        }
        let mut imports = BTreeMap::new();
        for message in package.all_messages() {
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
