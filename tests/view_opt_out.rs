//! `#[leyline::message(..., view = false)]`: a contract without a generated
//! borrowed view. Its `Contract::decode_view`, and the views of contracts
//! holding it, decode it as the owned decode does (`leyline::OwnedView`):
//!
//! - for any value, the view of its encoding (and of two encodings
//!   concatenated, which protobuf merges) read in full equals the owned
//!   decode, for the opted-out contract and for a holder with a view;
//! - on damaged input the view fails exactly when the owned decode fails,
//!   with the same error;
//! - the opted-out contract still encodes, decodes, validates and has its schema.
//!
//! That no `AuditView` type exists is proved by the UI test
//! `tests/ui/views/no_view_struct.rs`.

use std::collections::HashMap;

use leyline::prost::Message as _;
use leyline::{Contract, MessageView, OwnedView};
use proptest::prelude::*;

/// Without a view: every shape a view would have to handle.
#[leyline::message(package = "leyline.test.v1", view = false)]
pub struct Audit {
    #[leyline(field = 1)]
    pub who: String,
    #[leyline(field = 2)]
    pub steps: Vec<u32>,
    #[leyline(field = 3)]
    pub tags: HashMap<String, i64>,
    #[leyline(field = 4)]
    pub inner: Option<Step>,
    #[leyline(field = 5)]
    pub history: Vec<Step>,
}

/// A message with a view, held by `Audit`.
#[leyline::message(package = "leyline.test.v1")]
pub struct Step {
    #[leyline(field = 1)]
    pub at: u64,
    #[leyline(field = 2, validate(max_len = 8))]
    pub note: String,
}

/// With a view, holding the contract without one.
#[leyline::message(package = "leyline.test.v1")]
pub struct Trail {
    #[leyline(field = 1)]
    pub audits: Vec<Audit>,
    #[leyline(field = 2)]
    pub last: Option<Audit>,
    #[leyline(field = 3)]
    pub by_name: HashMap<String, Audit>,
    #[leyline(field = 4)]
    pub name: String,
}

fn steps() -> impl Strategy<Value = Step> {
    (any::<u64>(), "[a-z]{0,10}").prop_map(|(at, note)| Step { at, note })
}

fn audits() -> impl Strategy<Value = Audit> {
    (
        "[a-z]{0,6}",
        prop::collection::vec(any::<u32>(), 0..4),
        prop::collection::hash_map("[a-z]{0,3}", any::<i64>(), 0..3),
        prop::option::of(steps()),
        prop::collection::vec(steps(), 0..3),
    )
        .prop_map(|(who, steps, tags, inner, history)| Audit {
            who,
            steps,
            tags,
            inner,
            history,
        })
}

fn trails() -> impl Strategy<Value = Trail> {
    (
        prop::collection::vec(audits(), 0..3),
        prop::option::of(audits()),
        prop::collection::hash_map("[a-z]{0,3}", audits(), 0..3),
        "[a-z]{0,6}",
    )
        .prop_map(|(audits, last, by_name, name)| Trail {
            audits,
            last,
            by_name,
            name,
        })
}

/// The view of `bytes` agrees with the owned decode: same value, or same error.
fn agree<T: Contract>(bytes: &[u8]) -> Result<(), TestCaseError> {
    match (T::decode_slice(bytes), T::decode_view(bytes)) {
        (Ok(owned), Ok(view)) => prop_assert_eq!(view.to_owned_message(), owned),
        (Err(owned), Err(view)) => prop_assert_eq!(view, owned),
        (owned, view) => prop_assert!(false, "owned {:?}, view {:?}", owned.err(), view.err()),
    }
    Ok(())
}

fn check<T: Contract>(a: &T, b: &T, damage: &[(usize, u8)]) -> Result<(), TestCaseError> {
    let ea = a.encode_to_vec();
    agree::<T>(&ea)?;
    let both = [ea, b.encode_to_vec()].concat();
    agree::<T>(&both)?;
    for &(at, byte) in damage {
        let mut bad = both.clone();
        if !bad.is_empty() {
            let i = at % bad.len();
            bad[i] = byte;
            agree::<T>(&bad)?;
            bad.truncate(i);
            agree::<T>(&bad)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn an_opted_out_contract_views_as_its_owned_decode(
        a in audits(),
        b in audits(),
        d in prop::collection::vec((any::<usize>(), any::<u8>()), 0..4),
    ) {
        check(&a, &b, &d)?;
        let bytes = a.encode_to_vec();
        let view: OwnedView<Audit> = Audit::decode_view(&bytes)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        // It reads as the message (`Deref`), and holds exactly the decode.
        prop_assert_eq!(&view.who, &a.who);
        prop_assert_eq!(view.get(), &a);
        prop_assert_eq!(view.into_inner(), a);
    }

    #[test]
    fn a_holder_with_a_view_reads_the_opted_out_fields(
        a in trails(),
        b in trails(),
        d in prop::collection::vec((any::<usize>(), any::<u8>()), 0..4),
    ) {
        check(&a, &b, &d)?;
        let bytes = a.encode_to_vec();
        let view = Trail::decode_view(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let audits: Vec<Audit> = view.audits.iter().map(OwnedView::into_inner).collect();
        prop_assert_eq!(&audits, &a.audits);
        prop_assert_eq!(view.last.as_ref().map(|v| v.get()), a.last.as_ref());
        prop_assert_eq!(view.by_name.len(), a.by_name.len());
        prop_assert_eq!(view.name, a.name.as_str());
    }

    /// JSON of a holder, through its view and through the one-pass
    /// transcoder, is the owned message's: the opted-out contract writes its
    /// JSON from its owned decode.
    #[test]
    fn views_without_a_view_write_the_json_of_the_message(a in trails()) {
        use leyline::json::JsonView as _;
        let bytes = a.encode_to_vec();
        let owned: serde_json::Value = serde_json::from_str(
            &leyline::json::to_string(&a).map_err(|e| TestCaseError::fail(e.to_string()))?,
        ).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let view = Trail::decode_view(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let through_view: serde_json::Value = serde_json::from_str(
            &view.to_json().map_err(|e| TestCaseError::fail(e.to_string()))?,
        ).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&through_view, &owned);
        let streamed: serde_json::Value = serde_json::from_str(
            &leyline::json::protobuf_to_string::<Trail>(&bytes)
                .map_err(|e| TestCaseError::fail(e.to_string()))?,
        ).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&streamed, &owned);
        let audit = Audit::decode_view(&bytes[..0]).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(audit.to_json().map_err(|e| TestCaseError::fail(e.to_string()))?, "{}");
    }
}

#[test]
fn an_opted_out_contract_keeps_everything_but_the_view() {
    let audit = Audit {
        who: "ana".into(),
        inner: Some(Step {
            at: 1,
            note: "far too long".into(),
        }),
        ..Audit::default()
    };
    // Validation reaches into the held message.
    let errors = audit.validate().expect_err("note too long");
    assert!(errors.to_string().contains("inner.note"), "{errors}");
    // The schema is unchanged by the option.
    let schema = Audit::schema();
    assert_eq!(schema.full_name, "leyline.test.v1.Audit");
    assert_eq!(schema.fields().count(), 5);
    // Round trip through the owned decode.
    let bytes = audit.encode_to_vec();
    assert_eq!(Audit::decode_slice(&bytes).expect("decodes"), audit);
}
