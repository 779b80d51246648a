//! Compiles the UI's texts into Rust with `floordesk-ftl`, so that no Fluent runtime reaches the wasm: the floor
//! app's, `locales/ru.ftl` and `locales/en.ftl`, into `$OUT_DIR/messages.rs` (included by `src/i18n.rs`), and site
//! administration's, `locales/admin/*.ftl`, into `$OUT_DIR/admin_messages.rs` (included by `src/admin/text.rs`), each
//! bundle linking only its own. A problem in any file fails the build, naming the file and the message.

use std::path::Path;

fn main() {
    // Read at run time: cargo may reuse this script, once built, for another checkout sharing the target directory.
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("locales");
    compile(&dir, "", "messages.rs");
    compile(&dir.join("admin"), "admin/", "admin_messages.rs");
}

/// Compiles the languages' files in `dir` (named `src-ui/locales/{prefix}{stem}.ftl` in errors) into `$OUT_DIR/out`.
fn compile(dir: &Path, prefix: &str, out: &str) {
    let mut sources = Vec::new();
    for (stem, ..) in floordesk_ftl::LANGS {
        let path = dir.join(format!("{stem}.ftl"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        sources.push((format!("src-ui/locales/{prefix}{stem}.ftl"), text));
    }
    let named: Vec<(&str, &str)> = sources.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect();
    match floordesk_ftl::compile(&named) {
        Ok(code) => {
            let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(out);
            std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            std::process::exit(1);
        }
    }
}
