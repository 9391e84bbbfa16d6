//! Generates the competitors of the benchmarks from the checked-in export
//! (`proto-out/`, the `.proto` files non-Rust consumers get), compiled with
//! protox (pure Rust, no system `protoc`):
//!
//! - `pb` (`$OUT_DIR/esper.leyline.v1.rs`): prost-build with its defaults,
//!   what a prost user gets. Maps are `std::collections::HashMap`, as the
//!   Esper contracts declare theirs.
//! - `buffa_pb` (`$OUT_DIR/buffa/mod.rs`): buffa-build with its defaults
//!   (owned types and views), from protox's descriptor set written to
//!   `$OUT_DIR/leyline.fds.bin`, so buffa-build runs no `protoc` either;
//!   with its JSON support on.
//! - `pbjson_pb` (`$OUT_DIR/pbjson/`): the same prost-build types over
//!   `pbjson-types`' well-known types, with pbjson-build's
//!   `Serialize`/`Deserialize` (what a prost user bolts on for JSON).

use std::path::{Path, PathBuf};

use prost::Message as _;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=../proto-out");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let fds = protox::compile(["esper/leyline/v1/leyline.proto"], ["../proto-out"])?;
    prost_build::Config::new().compile_fds(fds.clone())?;
    pbjson(&fds, &out)?;
    buffa(&fds, &out)?;
    Ok(())
}

/// buffa's types for the same contracts, from the same descriptors.
fn buffa(
    fds: &prost_types::FileDescriptorSet,
    out: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let descriptors = out.join("leyline.fds.bin");
    std::fs::write(&descriptors, fds.encode_to_vec())?;
    let buffa_out = out.join("buffa");
    std::fs::create_dir_all(&buffa_out)?;
    buffa_build::Config::new()
        .descriptor_set(&descriptors)
        .files(&["esper/leyline/v1/leyline.proto"])
        .generate_json(true)
        .out_dir(&buffa_out)
        .include_file("mod.rs")
        .compile()
}

/// prost-build's types over `pbjson-types`, with pbjson-build's serde impls.
fn pbjson(
    fds: &prost_types::FileDescriptorSet,
    out: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let pbjson_out = out.join("pbjson");
    std::fs::create_dir_all(&pbjson_out)?;
    prost_build::Config::new()
        .out_dir(&pbjson_out)
        .compile_well_known_types()
        .extern_path(".google.protobuf", "::pbjson_types")
        .compile_fds(fds.clone())?;
    pbjson_build::Builder::new()
        .out_dir(&pbjson_out)
        .register_descriptors(&fds.encode_to_vec())?
        .build(&[".esper"])?;
    Ok(())
}
