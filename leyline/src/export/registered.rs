//! Contracts that register themselves, so that a program can export (or hand
//! to the [CLI](crate::cli)) every contract it links without listing them.
//!
//! With leyline's `registry` feature, `#[leyline::message]` and
//! `#[leyline::enumeration]` also submit each contract to a registry built with
//! the `inventory` crate, which collects them when the program starts; see
//! [`Exporter::registered`]. `inventory` works by running a constructor per
//! contract at start-up, which it knows how to place on Linux, Android, the
//! BSDs, illumos, Haiku, QNX Neutrino, Redox, VxWorks, bare-metal ELF, macOS,
//! iOS, Windows and WebAssembly. On any other target the feature registers
//! nothing and [`REGISTRATION`] is `false`: list the contracts there with
//! [`Exporter::message`].
//!
//! The macros cannot see leyline's features, so the code they generate calls
//! the `leyline::__private::register!` helper (defined here), which expands to
//! the registration or to nothing according to leyline's own configuration.

use super::{Exporter, MessageType};
use crate::contract::{Contract, Enumeration};
use crate::json::JsonMessage;
use crate::schema::EnumSchema;

/// Whether contracts register themselves in this build: leyline's `registry`
/// feature is on, and the target is one where `inventory` knows how to run a
/// constructor per contract at start-up (Linux, Android, the BSDs, illumos,
/// Haiku, QNX Neutrino, Redox, VxWorks, bare-metal ELF, macOS, iOS, Windows,
/// WebAssembly). When `false`, [`Exporter::registered`] finds nothing: list
/// the contracts with [`Exporter::message`].
pub const REGISTRATION: bool = cfg!(all(
    feature = "registry",
    any(
        target_os = "linux",
        target_os = "android",
        target_os = "dragonfly",
        target_os = "freebsd",
        target_os = "haiku",
        target_os = "illumos",
        target_os = "netbsd",
        target_os = "nto",
        target_os = "openbsd",
        target_os = "redox",
        target_os = "vxworks",
        target_os = "none",
        target_os = "macos",
        target_os = "ios",
        windows,
        target_family = "wasm",
    )
));

/// `inventory`, for the code [`__leyline_register!`](crate::__leyline_register)
/// expands to. Not a public API.
#[cfg(feature = "registry")]
#[doc(hidden)]
pub use inventory as __inventory;

/// The cargo package of leyline itself, whose own contracts (the Esper
/// contracts) [`Exporter::registered`] leaves out.
const LEYLINE_PACKAGE: &str = env!("CARGO_PKG_NAME");

/// One contract submitted to the registry by the code the macros generate.
/// Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Registration {
    package: &'static str,
    contract: Registered,
}

#[derive(Debug)]
enum Registered {
    Message(MessageType),
    Enum(fn() -> &'static EnumSchema),
}

impl Registration {
    /// The message contract `T`, declared in the cargo package `package`.
    pub const fn message<T: Contract + JsonMessage>(package: &'static str) -> Self {
        Registration {
            package,
            contract: Registered::Message(MessageType::of::<T>()),
        }
    }

    /// The enumeration `T`, declared in the cargo package `package`.
    pub const fn enumeration<T: Enumeration>(package: &'static str) -> Self {
        Registration {
            package,
            contract: Registered::Enum(T::schema),
        }
    }

    fn full_name(&self) -> &'static str {
        match &self.contract {
            Registered::Message(ty) => ty.full_name(),
            Registered::Enum(schema) => schema().full_name,
        }
    }
}

#[cfg(all(
    feature = "registry",
    any(
        target_os = "linux",
        target_os = "android",
        target_os = "dragonfly",
        target_os = "freebsd",
        target_os = "haiku",
        target_os = "illumos",
        target_os = "netbsd",
        target_os = "nto",
        target_os = "openbsd",
        target_os = "redox",
        target_os = "vxworks",
        target_os = "none",
        target_os = "macos",
        target_os = "ios",
        windows,
        target_family = "wasm",
    )
))]
mod imp {
    use super::Registration;

    inventory::collect!(Registration);

    pub(super) fn all() -> Vec<&'static Registration> {
        inventory::iter::<Registration>.into_iter().collect()
    }

    /// Registers a contract (`message Name` or `enumeration Name`). Generated
    /// code reaches it as `leyline::__private::register!`.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __leyline_register {
        // `message Name` or `enumeration Name`: the kind names the
        // `Registration` constructor.
        ($kind:ident $ty:ident) => {
            $crate::export::__inventory::submit! {
                $crate::export::Registration::$kind::<$ty>(
                    match ::core::option_env!("CARGO_PKG_NAME") {
                        ::core::option::Option::Some(package) => package,
                        ::core::option::Option::None => "",
                    },
                )
            }
        };
    }
}

#[cfg(not(all(
    feature = "registry",
    any(
        target_os = "linux",
        target_os = "android",
        target_os = "dragonfly",
        target_os = "freebsd",
        target_os = "haiku",
        target_os = "illumos",
        target_os = "netbsd",
        target_os = "nto",
        target_os = "openbsd",
        target_os = "redox",
        target_os = "vxworks",
        target_os = "none",
        target_os = "macos",
        target_os = "ios",
        windows,
        target_family = "wasm",
    )
)))]
mod imp {
    use super::Registration;

    pub(super) fn all() -> Vec<&'static Registration> {
        Vec::new()
    }

    /// Registration is off in this build: registers nothing.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __leyline_register {
        ($($contract:tt)*) => {};
    }
}

impl Exporter {
    /// Every contract registered by the program, except leyline's own (the
    /// Esper contracts): the messages and enumerations of every crate linked
    /// into it that declares contracts with leyline's `registry` feature on.
    /// Sorted by full name.
    ///
    /// Empty when [`REGISTRATION`] is `false`. A crate the program never
    /// refers to is not linked, so its contracts are not found: a binary of
    /// a package whose contracts live in its library refers to the library
    /// (`use my_contracts as _;` is enough).
    pub fn registered() -> Self {
        Self::registered_where(|package| package != LEYLINE_PACKAGE)
    }

    /// The contracts registered by the cargo package `package` (for the
    /// package being built, `env!("CARGO_PKG_NAME")`, which the library and
    /// binaries of one package share). Sorted by full name.
    pub fn registered_by(package: &str) -> Self {
        Self::registered_where(|p| p == package)
    }

    fn registered_where(keep: impl Fn(&str) -> bool) -> Self {
        let mut found: Vec<&'static Registration> =
            imp::all().into_iter().filter(|r| keep(r.package)).collect();
        found.sort_by_key(|r| r.full_name());
        found
            .into_iter()
            .fold(Exporter::new(), |exporter, r| match r.contract {
                Registered::Message(ty) => exporter.message_type(ty),
                Registered::Enum(schema) => exporter.enum_schema(schema()),
            })
    }
}
