//! The committed C header is what cbindgen generates from the crate now. On a difference this
//! test fails with the command that regenerates it; `DEVPROBE_BLESS_HEADER=1` rewrites it.

use std::path::Path;

#[test]
fn committed_header_matches_a_fresh_generation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen generates the header");
    let mut fresh = Vec::new();
    bindings.write(&mut fresh);
    let fresh = String::from_utf8(fresh).expect("UTF-8 header");
    let path = dir.join("include/devprobe.h");
    if std::env::var_os("DEVPROBE_BLESS_HEADER").is_some() {
        std::fs::write(&path, &fresh).expect("write include/devprobe.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "include/devprobe.h is stale: regenerate it with \
         `DEVPROBE_BLESS_HEADER=1 cargo test -p devprobe-ffi --test header` and commit it"
    );
}
