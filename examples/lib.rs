//! Examples of Leyline contracts; run them with `cargo run --example NAME`.
