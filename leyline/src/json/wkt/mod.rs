//! The well-known types' special JSON forms. `Empty` is an ordinary message
//! (`{}`), and the wrappers (`Int32Value`, ...) are written as their bare
//! value by the code the macro generates for them.
//!
//! | file | holds |
//! |---|---|
//! | `time` | `Timestamp` (RFC 3339) and `Duration` (`"1.5s"`) |
//! | `structs` | `Struct`, `Value`, `ListValue` as plain JSON |
//! | `mask` | `FieldMask` as `"a.b,cD"` |
//! | `any` | `Any` with `"@type"` |

mod any;
mod mask;
mod structs;
mod time;
