//! `packed = false` and nested types, against prost-build's code for
//! `proto/leyline/test/v1/scoped.proto`: the same bytes both ways, decode of
//! both packed and unpacked input, and an export that protox compiles to
//! descriptors equal to leyline's own (and to the reference file's).

// Test helpers fail by panicking, with the text that explains the failure.
#![allow(clippy::panic)]

use leyline::prost::Message as _;
use leyline::Contract;
use leyline_tests::reference as pb;
use proptest::prelude::*;

#[leyline::enumeration(package = "leyline.test.v1")]
pub enum Color {
    Unspecified = 0,
    Red = 1,
    Green = 2,
    Infrared = -3,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Unpacked {
    #[leyline(field = 1, packed = false)]
    pub f_int32: Vec<i32>,
    #[leyline(field = 2, packed = false, encoding = "sint64")]
    pub f_sint64: Vec<i64>,
    #[leyline(field = 3, packed = false, encoding = "fixed32")]
    pub f_fixed32: Vec<u32>,
    #[leyline(field = 4, packed = false)]
    pub f_double: Vec<f64>,
    #[leyline(field = 5, packed = false)]
    pub f_bool: Vec<bool>,
    #[leyline(field = 6, packed = false)]
    pub f_color: Vec<Color>,
    #[leyline(field = 7)]
    pub f_uint64_packed: Vec<u64>,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct Outer {
    #[leyline(field = 1)]
    pub inner: Option<Inner>,
    #[leyline(field = 2)]
    pub inners: Vec<Inner>,
    #[leyline(field = 3)]
    pub by_name: std::collections::BTreeMap<String, Inner>,
    #[leyline(field = 4)]
    pub mode: Mode,
}

/// `Outer.Mode`.
#[leyline::enumeration(package = "leyline.test.v1", parent = Outer)]
pub enum Mode {
    Unspecified = 0,
    Fast = 1,
}

/// `Outer.Inner`.
#[leyline::message(package = "leyline.test.v1", parent = Outer)]
pub struct Inner {
    #[leyline(field = 1)]
    pub depth: i32,
    #[leyline(field = 2)]
    pub back: Option<Box<Outer>>,
    #[leyline(field = 3)]
    pub mode: Mode,
}

#[leyline::message(package = "leyline.test.v1")]
pub struct UsesNested {
    #[leyline(field = 1)]
    pub inner: Option<Inner>,
    #[leyline(field = 2)]
    pub mode: Mode,
}

fn colors() -> impl Strategy<Value = Color> {
    prop_oneof![
        Just(Color::Unspecified),
        Just(Color::Red),
        Just(Color::Infrared),
        any::<i32>().prop_map(Color::from_value),
    ]
}

fn unpacked() -> impl Strategy<Value = Unpacked> {
    (
        prop::collection::vec(any::<i32>(), 0..6),
        prop::collection::vec(any::<i64>(), 0..6),
        prop::collection::vec(any::<u32>(), 0..6),
        prop::collection::vec(
            any::<f64>().prop_filter("NaN != NaN", |f| !f.is_nan()),
            0..6,
        ),
        prop::collection::vec(any::<bool>(), 0..6),
        prop::collection::vec(colors(), 0..6),
        prop::collection::vec(any::<u64>(), 0..6),
    )
        .prop_map(
            |(f_int32, f_sint64, f_fixed32, f_double, f_bool, f_color, f_uint64_packed)| Unpacked {
                f_int32,
                f_sint64,
                f_fixed32,
                f_double,
                f_bool,
                f_color,
                f_uint64_packed,
            },
        )
}

fn modes() -> impl Strategy<Value = Mode> {
    prop_oneof![
        Just(Mode::Unspecified),
        Just(Mode::Fast),
        any::<i32>().prop_map(Mode::from_value)
    ]
}

fn inners() -> impl Strategy<Value = Inner> {
    (any::<i32>(), modes(), any::<bool>()).prop_map(|(depth, mode, back)| Inner {
        depth,
        mode,
        back: back.then(|| {
            Box::new(Outer {
                mode,
                ..Outer::default()
            })
        }),
    })
}

fn outers() -> impl Strategy<Value = Outer> {
    (
        prop::option::of(inners()),
        prop::collection::vec(inners(), 0..3),
        prop::collection::btree_map("[a-z]{0,4}", inners(), 0..3),
        modes(),
    )
        .prop_map(|(inner, inners, by_name, mode)| Outer {
            inner,
            inners,
            by_name,
            mode,
        })
}

/// Ours → bytes → prost → bytes must be identical, and prost's bytes must
/// decode with leyline to the original value.
fn differential<T: Contract, P: leyline::prost::Message + Default>(
    value: &T,
) -> Result<(), TestCaseError> {
    let ours = value.encode_to_vec();
    prop_assert_eq!(ours.len(), value.encoded_len());
    let theirs = P::decode(&ours[..])
        .map_err(|e| TestCaseError::fail(format!("prost rejects our bytes: {e}")))?;
    let theirs_bytes = theirs.encode_to_vec();
    prop_assert_eq!(&ours, &theirs_bytes, "our bytes differ from prost's");
    let back = T::decode_slice(&theirs_bytes)
        .map_err(|e| TestCaseError::fail(format!("we reject prost's bytes: {e}")))?;
    prop_assert_eq!(&back, value);
    let view = T::decode_view(&theirs_bytes)
        .map_err(|e| TestCaseError::fail(format!("the view rejects prost's bytes: {e}")))?;
    prop_assert_eq!(&leyline::MessageView::to_owned_message(&view), value);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn unpacked_fields_match_prost(v in unpacked()) {
        differential::<Unpacked, pb::Unpacked>(&v)?;
    }

    #[test]
    fn nested_types_match_prost(v in outers()) {
        differential::<Outer, pb::Outer>(&v)?;
    }

    #[test]
    fn nested_types_used_from_outside_match_prost(inner in inners(), mode in modes()) {
        differential::<UsesNested, pb::UsesNested>(&UsesNested { inner: Some(inner), mode })?;
    }
}

#[test]
fn unpacked_fields_write_one_record_per_element_and_read_both_forms() {
    let value = Unpacked {
        f_int32: vec![1, -1],
        f_uint64_packed: vec![3, 4],
        ..Unpacked::default()
    };
    let bytes = value.encode_to_vec();
    // Field 1 (varint) twice, field 7 as one packed run.
    let mut expected = vec![0x08, 0x01, 0x08];
    expected.extend([0xFF; 9]);
    expected.push(0x01);
    expected.extend([0x3A, 0x02, 0x03, 0x04]);
    assert_eq!(bytes, expected);
    // A packed run of field 1 decodes too, to the same value.
    let mut packed = vec![0x0A, 0x0B, 0x01];
    packed.extend([0xFF; 9]);
    packed.push(0x01);
    packed.extend([0x3A, 0x02, 0x03, 0x04]);
    assert_eq!(Unpacked::decode_slice(&packed).ok(), Some(value));
}

#[test]
fn nested_types_have_scoped_names() {
    assert_eq!(Inner::FULL_NAME, "leyline.test.v1.Outer.Inner");
    assert_eq!(
        <Inner as leyline::prost::Name>::full_name(),
        "leyline.test.v1.Outer.Inner"
    );
    assert_eq!(
        <Mode as leyline::Enumeration>::schema().full_name,
        "leyline.test.v1.Outer.Mode"
    );
}

/// leyline's export of these contracts, compiled by protox, gives the
/// descriptors leyline builds itself, and those equal the reference file's.
#[test]
fn the_export_compiles_to_our_descriptors_and_the_reference_ones() {
    let export = leyline::export::Exporter::new()
        .message::<Unpacked>()
        .message::<Outer>()
        .message::<UsesNested>()
        .export();
    let export = match export {
        Ok(export) => export,
        Err(e) => panic!("{e}"),
    };
    let Some(file) = export.file("leyline/test/v1/test.proto") else {
        panic!("no file exported")
    };
    let source = file.source();
    assert!(
        source.contains("repeated int32 f_int32 = 1 [packed = false];"),
        "{source}"
    );
    assert!(
        source.contains(
            "message Outer {\n  // `Outer.Mode`.\n  enum Mode {\n    MODE_UNSPECIFIED = 0;"
        ),
        "{source}"
    );
    assert!(
        source.contains("\n  message Inner {\n    int32 depth = 1;\n    Outer back = 2;"),
        "{source}"
    );

    let compiled = compile(&export);
    assert_eq!(compiled, export.descriptor_set());

    // Against the reference file, message by message.
    let reference: prost_types::FileDescriptorSet =
        match prost::Message::decode(leyline_tests::DESCRIPTORS) {
            Ok(set) => set,
            Err(e) => panic!("{e}"),
        };
    let ours = &export.descriptor_set().file[0];
    let theirs = reference
        .file
        .iter()
        .find(|f| f.name() == "leyline/test/v1/scoped.proto");
    let Some(theirs) = theirs else {
        panic!("scoped.proto is not in the reference descriptors")
    };
    for name in ["Unpacked", "Outer", "UsesNested"] {
        let a = ours.message_type.iter().find(|m| m.name() == name);
        let b = theirs.message_type.iter().find(|m| m.name() == name);
        assert_eq!(a, b, "message {name}");
    }
}

/// Compiles the exported files with protox, as protoc would.
fn compile(export: &leyline::export::Export) -> prost_types::FileDescriptorSet {
    struct Memory(std::collections::BTreeMap<String, String>);

    impl protox::file::FileResolver for Memory {
        fn open_file(&self, name: &str) -> Result<protox::file::File, protox::Error> {
            match self.0.get(name) {
                Some(source) => protox::file::File::from_source(name, source),
                None => Err(protox::Error::file_not_found(name)),
            }
        }
    }

    let files = export
        .files()
        .iter()
        .map(|f| (f.path().to_owned(), f.source().to_owned()))
        .collect();
    let mut resolver = protox::file::ChainFileResolver::new();
    resolver.add(Memory(files));
    resolver.add(protox::file::GoogleFileResolver::new());
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_source_info(false).include_imports(false);
    for file in export.files() {
        if let Err(err) = compiler.open_file(file.path()) {
            panic!("protox rejects {}: {err:?}\n{}", file.path(), file.source());
        }
    }
    compiler.file_descriptor_set()
}
