//! The small API of borrowed views a user touches: cloning a `Repeated`, a
//! `MapView` or a well-known type's `ForeignView` (here of `google.protobuf.FieldMask`) gives an independent view
//! of the same elements; `for x in &view.field` walks what `iter()` walks;
//! the iterators' `Debug` says how many elements are left; a default
//! `ForeignView` is the default value with no bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use leyline::prost::Message as _;
use leyline::{Contract as _, FieldMask, ForeignView, MessageView as _};

#[leyline::message(package = "leyline.cov.v1")]
pub struct Sheet {
    #[leyline(field = 1)]
    pub rows: Vec<u32>,
    #[leyline(field = 2)]
    pub names: Vec<String>,
    #[leyline(field = 3)]
    pub cells: BTreeMap<String, u64>,
    #[leyline(field = 4)]
    pub mask: Option<FieldMask>,
    #[leyline(field = 5)]
    pub masks: Vec<FieldMask>,
}

fn sheet() -> Sheet {
    Sheet {
        rows: vec![3, 1, 2],
        names: vec!["a".into(), String::new(), "c".into()],
        cells: BTreeMap::from([("x".into(), 1), ("y".into(), 0)]),
        mask: Some(FieldMask {
            paths: vec!["a.b".into(), "c".into()],
        }),
        masks: vec![
            FieldMask {
                paths: vec!["x".into()],
            },
            FieldMask::default(),
        ],
    }
}

#[test]
fn repeated_views_clone_iterate_by_reference_and_count_down() {
    let bytes = sheet().encode_to_vec();
    let view = Sheet::decode_view(&bytes).unwrap();

    let rows = view.rows.clone();
    let by_ref: Vec<u32> = (&view.rows).into_iter().collect();
    let mut walked = Vec::new();
    for r in &rows {
        walked.push(r);
    }
    assert_eq!(by_ref, [3, 1, 2]);
    assert_eq!(walked, by_ref);
    assert_eq!(rows.to_vec(), view.rows.to_vec());

    let names = view.names.clone();
    let mut it = names.iter();
    assert_eq!(format!("{it:?}"), "RepeatedIter { left: 3, .. }");
    assert_eq!(it.next(), Some("a"));
    assert_eq!(format!("{it:?}"), "RepeatedIter { left: 2, .. }");
    assert_eq!(it.len(), 2);
    // The clone walks on its own: the original still has every element.
    assert_eq!(view.names.iter().count(), 3);
}

#[test]
fn map_views_clone_and_iterate_by_reference() {
    let bytes = sheet().encode_to_vec();
    let view = Sheet::decode_view(&bytes).unwrap();
    let cells = view.cells.clone();
    let mut seen = Vec::new();
    for (k, v) in &cells {
        seen.push((k.to_owned(), v));
    }
    assert_eq!(seen, [("x".to_owned(), 1), ("y".to_owned(), 0)]);
    let mut it = view.cells.iter();
    assert_eq!(format!("{it:?}"), "MapIter { left: 2, .. }");
    it.next();
    assert_eq!(format!("{it:?}"), "MapIter { left: 1, .. }");
    assert_eq!(cells.to_map::<BTreeMap<String, u64>>(), sheet().cells);
}

#[test]
fn foreign_views_of_well_known_types_clone_show_and_give_their_bytes() {
    let owned = sheet();
    let bytes = owned.encode_to_vec();
    let view = Sheet::decode_view(&bytes).unwrap();
    let mask = view.mask.clone().unwrap();
    let expected = owned.mask.unwrap();
    assert_eq!(mask.get(), expected);
    assert_eq!(mask.as_bytes(), expected.encode_to_vec().as_slice());
    assert_eq!(format!("{mask:?}"), format!("{expected:?}"));
    let copy = mask.clone();
    assert_eq!(copy.get(), expected);

    let masks: Vec<FieldMask> = view.masks.iter().map(|v| v.get()).collect();
    assert_eq!(masks, owned.masks);
    assert_eq!(view.to_owned_message(), sheet());

    let empty = ForeignView::<FieldMask>::default();
    assert_eq!(empty.get(), FieldMask::default());
    assert!(empty.as_bytes().is_empty());
    assert_eq!(format!("{empty:?}"), format!("{:?}", FieldMask::default()));
}
