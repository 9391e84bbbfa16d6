//! Message contracts reached by name (`export::MessageType`, what the CLI
//! uses): `Debug` names the type; decoded messages re-encode, validate
//! (failing with the contract's violations), downcast and write JSON;
//! `find_message_type` finds by full name, or by a simple name only when
//! one type has it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use leyline::export::{Exporter, MessageType};
use leyline::json::JsonOptions;
use leyline::prost::Message as _;

mod one {
    #[leyline::message(package = "leyline.cov.one.v1")]
    pub(crate) struct Named {
        #[leyline(field = 1, validate(max_len = 3))]
        pub(crate) name: String,
    }
}

mod two {
    #[leyline::message(package = "leyline.cov.two.v1")]
    pub(crate) struct Named {
        #[leyline(field = 1)]
        pub(crate) id: u32,
    }

    #[leyline::message(package = "leyline.cov.two.v1")]
    pub(crate) struct Unique {
        #[leyline(field = 1)]
        pub(crate) id: u32,
    }
}

#[test]
fn decoded_messages_behave_as_their_contract() {
    let ty = MessageType::of::<one::Named>();
    assert_eq!(
        format!("{ty:?}"),
        r#"MessageType("leyline.cov.one.v1.Named")"#
    );
    let bytes = one::Named {
        name: "too long".into(),
    }
    .encode_to_vec();
    let decoded = ty.decode(&bytes).unwrap();
    assert_eq!(decoded.encode_to_vec(), bytes);
    let violations = decoded.validate().unwrap_err();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations.violations()[0].path, "name");
    assert_eq!(
        decoded.as_any().downcast_ref::<one::Named>().unwrap().name,
        "too long"
    );
    assert!(decoded.as_any().downcast_ref::<two::Named>().is_none());
    assert_eq!(
        decoded.to_json(&JsonOptions::default()).unwrap(),
        r#"{"name":"too long"}"#
    );
    assert_eq!(decoded.schema().full_name, "leyline.cov.one.v1.Named");
    // Bytes that are not the contract.
    assert!(ty.decode(&[0x0a, 0x05]).is_err());
    assert!(ty.from_json("{\"id\":1}", &JsonOptions::default()).is_err());
}

#[test]
fn a_simple_name_finds_a_type_only_when_one_has_it() {
    let exporter = Exporter::new()
        .message::<one::Named>()
        .message::<two::Named>()
        .message::<two::Unique>()
        // Added twice, listed once.
        .message_type(MessageType::of::<two::Unique>());
    assert_eq!(exporter.message_types().len(), 3);
    let full = exporter
        .find_message_type("leyline.cov.two.v1.Named")
        .unwrap();
    assert_eq!(full.full_name(), "leyline.cov.two.v1.Named");
    assert!(exporter.find_message_type("Named").is_none(), "two have it");
    assert_eq!(
        exporter.find_message_type("Unique").unwrap().full_name(),
        "leyline.cov.two.v1.Unique"
    );
    assert!(exporter.find_message_type("Missing").is_none());
}
