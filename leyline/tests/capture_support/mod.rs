//! Captures the `tracing` events, spans and `metrics` of one closure, for the
//! observability tests of the guarded codec (`codec.rs`, `seal_codec.rs`).
//!
//! `tracing` caches each callsite's interest for the whole process, computed
//! against whichever dispatcher the thread that reaches the callsite first
//! has. With a thread-local subscriber per test (`with_default`), a sibling
//! test thread with no subscriber can reach a callsite first, cache it as
//! "never", and the capturing test then sees no event at all (this happened
//! in CI: `decode_refuses_oversized_input_before_parsing` captured nothing).
//! So one *global* subscriber is installed, once per test binary, that is
//! interested in everything and hands each event to the capture of the
//! thread that emitted it, if that thread is observing. The interest cache
//! can then only ever hold "always", whichever thread registers first.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};

use metrics_util::debugging::{DebugValue, DebuggingRecorder};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One event or span: its level, its message (an event) or name (a span),
/// and its other fields as text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Captured {
    pub(crate) level: Level,
    pub(crate) name: String,
    pub(crate) fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Store {
    events: Vec<Captured>,
    spans: HashMap<u64, Captured>,
}

/// What one `observe` call saw on its thread.
#[derive(Clone, Default)]
pub(crate) struct Capture(Arc<Mutex<Store>>);

impl Capture {
    pub(crate) fn events(&self) -> Vec<Captured> {
        self.0.lock().unwrap().events.clone()
    }

    /// The spans in the order they were opened.
    pub(crate) fn spans(&self) -> Vec<Captured> {
        let store = self.0.lock().unwrap();
        let mut ids: Vec<_> = store.spans.keys().copied().collect();
        ids.sort_unstable();
        ids.iter().map(|i| store.spans[i].clone()).collect()
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Capture>> = const { RefCell::new(None) };
}

fn with_current(f: impl FnOnce(&Capture)) {
    CURRENT.with(|c| {
        if let Some(capture) = c.borrow().as_ref() {
            f(capture);
        }
    });
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// The process's one subscriber: always interested, routing to the
/// emitting thread's capture.
struct Router {
    next_span: AtomicU64,
}

impl Subscriber for Router {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        // Ids are unique in the process, so spans of different threads never
        // share one; each capture keeps only its own thread's spans.
        let id = self.next_span.fetch_add(1, Ordering::Relaxed) + 1;
        with_current(|capture| {
            let mut fields = BTreeMap::new();
            attrs.record(&mut Fields(&mut fields));
            capture.0.lock().unwrap().spans.insert(
                id,
                Captured {
                    level: *attrs.metadata().level(),
                    name: attrs.metadata().name().to_owned(),
                    fields,
                },
            );
        });
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        with_current(|capture| {
            if let Some(s) = capture.0.lock().unwrap().spans.get_mut(&span.into_u64()) {
                values.record(&mut Fields(&mut s.fields));
            }
        });
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        with_current(|capture| {
            let mut fields = BTreeMap::new();
            event.record(&mut Fields(&mut fields));
            let name = fields.remove("message").unwrap_or_default();
            capture.0.lock().unwrap().events.push(Captured {
                level: *event.metadata().level(),
                name,
                fields,
            });
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn install_router() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Router {
            next_span: AtomicU64::new(0),
        })
        .expect("no other global subscriber in this test binary");
    });
}

/// A recorded metric: name, sorted labels, value.
pub(crate) type Metric = (String, Vec<(String, String)>, DebugValue);

/// Clears this thread's capture even if the observed closure panics.
struct Observing;

impl Drop for Observing {
    fn drop(&mut self) {
        CURRENT.with(|c| *c.borrow_mut() = None);
    }
}

/// Runs `f` on this thread with its events and spans captured and a
/// debugging metrics recorder installed; returns what `f` returned, the
/// capture, and the metrics as `(name, sorted labels, value)`, sorted.
pub(crate) fn observe<T>(f: impl FnOnce() -> T) -> (T, Capture, Vec<Metric>) {
    install_router();
    let capture = Capture::default();
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let out = {
        CURRENT.with(|c| *c.borrow_mut() = Some(capture.clone()));
        let _observing = Observing;
        metrics::with_local_recorder(&recorder, f)
    };
    let mut metrics: Vec<_> = snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, _, _, value)| {
            let mut labels: Vec<_> = key
                .key()
                .labels()
                .map(|l| (l.key().to_owned(), l.value().to_owned()))
                .collect();
            labels.sort();
            (key.key().name().to_owned(), labels, value)
        })
        .collect();
    metrics.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    (out, capture, metrics)
}
