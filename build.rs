//! Generates the gRPC stubs and the file descriptor set (for server reflection
//! and for JSON output) from `proto/`, with protox: no protoc on the machine and
//! nothing downloaded at build time.

use prost::Message;
use std::path::PathBuf;

const PROTOS: &[&str] = &[
    "enrich/v1/enrich.proto",
    "google/rpc/status.proto",
    "google/rpc/error_details.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let fds = protox::compile(PROTOS, ["proto"])?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("enrich_descriptor.bin"), fds.encode_to_vec())?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .codec_path("crate::proto::codec::ExactCodec")
        .compile_fds(fds)?;
    Ok(())
}
