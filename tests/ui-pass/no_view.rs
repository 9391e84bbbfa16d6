//! `view = false` compiles warning-free, also when a contract with a view
//! holds it (its view holds the owned decode, `leyline::OwnedView`).

#![deny(warnings)]

use leyline::prost::Message as _;
use leyline::{Contract, MessageView, OwnedView};

/// Without a view.
#[leyline::message(package = "ui.v1", view = false)]
pub struct Audit {
    #[leyline(field = 1)]
    pub who: String,
    #[leyline(field = 2)]
    pub steps: Vec<u32>,
}

/// With one (`view = true` is the default, written out here).
#[leyline::message(package = "ui.v1", view = true)]
pub struct Trail {
    #[leyline(field = 1)]
    pub audits: Vec<Audit>,
    #[leyline(field = 2)]
    pub last: Option<Audit>,
}

fn main() {
    let trail = Trail {
        audits: vec![Audit {
            who: "ana".into(),
            steps: vec![1, 2],
        }],
        last: None,
    };
    let bytes = trail.encode_to_vec();
    let view: TrailView<'_> = Trail::decode_view(&bytes).expect("decodes");
    let first: OwnedView<Audit> = view.audits.iter().next().expect("one");
    assert_eq!(first.who, "ana");
    assert_eq!(view.to_owned_message(), trail);
    let audit: OwnedView<Audit> = Audit::decode_view(&[]).expect("empty");
    assert_eq!(audit.into_inner(), Audit::default());
}
