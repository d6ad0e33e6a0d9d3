//! The C tests in `tests/c/` against the static library (built here with `cargo build --lib`:
//! cargo gives an integration test only the rlib): each compiled with
//! `cc -std=c11 -Wall -Wextra -Werror -pedantic`, run, and run again under valgrind
//! (`--error-exitcode=1 --leak-check=full`; a definitely or indirectly lost block is an error).
//! `tests/c/header.cpp` is compiled as C++17 with `-Wall -Wextra -Werror`.
//!
//! Linux only (the link flags are glibc's). Without `cc`, `c++` or valgrind the test skips with
//! the reason, except when `CI=true`, where a missing tool fails it (`.ci/ffi.sh` installs them).
//!
//! Valgrind's "possibly lost" and "still reachable" blocks are not errors: they are Rust's
//! per-thread `Thread` handle and the core's one process-wide probe worker, alive at exit by
//! design.

// Helpers outside #[test] functions fail loudly too: a broken toolchain is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const PROGRAMS: [&str; 3] = ["flow", "errors", "subscribe"];

/// The native libraries a Rust staticlib needs on Linux/glibc (`--print native-static-libs`).
const NATIVE_LIBS: [&str; 6] = ["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl"];

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/<profile>/` of this test binary (`target/debug/deps/c_programs-…`).
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// `libdevprobe_ffi.a`, brought up to date once per test run by a nested `cargo build` into the
/// same target folder and profile.
fn staticlib() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let profile = profile_dir();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "--quiet", "--lib", "--manifest-path"])
            .arg(crate_dir().join("Cargo.toml"))
            .arg("--target-dir")
            .arg(profile.parent().unwrap());
        if profile.file_name().is_some_and(|p| p == "release") {
            cmd.arg("--release");
        }
        run(&mut cmd);
        profile.join("libdevprobe_ffi.a")
    })
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether the tools are here; false (after printing why) when the test may skip.
fn tools_present(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !ci,
        "CI=true and {missing:?} missing: .ci/ffi.sh installs them"
    );
    println!("skipped: {missing:?} not installed");
    false
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// Compiles `tests/c/NAME.c` against the static library; returns the executable.
fn build(name: &str, out_dir: &Path) -> PathBuf {
    let lib = staticlib();
    assert!(lib.is_file(), "{} not built", lib.display());
    let exe = out_dir.join(name);
    run(Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-g"])
        .arg("-I")
        .arg(crate_dir().join("include"))
        .arg(crate_dir().join(format!("tests/c/{name}.c")))
        .arg(lib)
        .args(NATIVE_LIBS)
        .arg("-o")
        .arg(&exe));
    exe
}

/// A folder per test (they run in parallel and build the same programs).
fn out_dir(test: &str) -> PathBuf {
    let dir = profile_dir().join("ffi-c-tests").join(test);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "link flags and valgrind are Linux's"
)]
fn c_programs_pass() {
    if !tools_present(&["cc"]) {
        return;
    }
    let dir = out_dir("run");
    for name in PROGRAMS {
        let exe = build(name, &dir);
        let printed = run(&mut Command::new(&exe));
        assert!(
            printed.contains(&format!("{name}: ok")),
            "{name}: {printed}"
        );
    }
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "link flags and valgrind are Linux's"
)]
fn c_programs_pass_under_valgrind_without_leaks_or_invalid_access() {
    if !tools_present(&["cc", "valgrind"]) {
        return;
    }
    let dir = out_dir("valgrind");
    for name in PROGRAMS {
        let exe = build(name, &dir);
        let printed = run(Command::new("valgrind")
            .args([
                "--error-exitcode=1",
                "--leak-check=full",
                "--errors-for-leak-kinds=definite,indirect",
                "--show-leak-kinds=definite,indirect",
            ])
            .arg(&exe));
        assert!(
            printed.contains(&format!("{name}: ok")),
            "{name}: {printed}"
        );
        assert!(
            printed.contains("ERROR SUMMARY: 0 errors"),
            "{name} under valgrind:\n{printed}"
        );
        let summary: Vec<&str> = printed
            .lines()
            .filter(|l| l.contains("lost:") || l.contains("ERROR SUMMARY"))
            .collect();
        println!("{name}: {}", summary.join(" | "));
    }
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "compiled with the system's g++")]
fn header_compiles_as_cpp17() {
    if !tools_present(&["c++"]) {
        return;
    }
    let obj = out_dir("cpp").join("header.o");
    run(Command::new("c++")
        .args([
            "-std=c++17",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-c",
        ])
        .arg("-I")
        .arg(crate_dir().join("include"))
        .arg(crate_dir().join("tests/c/header.cpp"))
        .arg("-o")
        .arg(&obj));
    assert!(obj.is_file());
}

/// The first fenced block in `lang` of the README's "From C, C++, Swift, Java/Kotlin" section.
fn readme_block(lang: &str) -> String {
    let readme = std::fs::read_to_string(crate_dir().join("../../README.md")).unwrap();
    let section = readme
        .split("\n## From C, C++, Swift, Java/Kotlin\n")
        .nth(1)
        .expect("README has the From C section");
    let fence = format!("\n```{lang}\n");
    let start = section.find(&fence).expect("a block") + fence.len();
    let len = section[start..].find("\n```\n").expect("a closed block");
    section[start..start + len + 1].to_owned()
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "link flags are Linux's")]
fn readme_c_and_cpp_examples_compile_warning_free_and_print_a_report() {
    if !tools_present(&["cc", "c++"]) {
        return;
    }
    let dir = out_dir("readme");
    for (lang, compiler, std, ext) in [
        ("c", "cc", "-std=c11", "c"),
        ("cpp", "c++", "-std=c++17", "cpp"),
    ] {
        let source = dir.join(format!("readme.{ext}"));
        std::fs::write(&source, readme_block(lang)).unwrap();
        let exe = dir.join(format!("readme_{lang}"));
        run(Command::new(compiler)
            .args([std, "-Wall", "-Wextra", "-Werror"])
            .arg("-I")
            .arg(crate_dir().join("include"))
            .arg(&source)
            .arg(staticlib())
            .args(NATIVE_LIBS)
            .arg("-o")
            .arg(&exe));
        let printed = run(&mut Command::new(&exe));
        assert!(
            printed
                .lines()
                .any(|l| l.starts_with("{\"schema_version\":2,")),
            "{lang}: {printed}"
        );
    }
}
