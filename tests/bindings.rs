//! `ui/src/bindings.ts` is exactly what the Rust types generate (no IPC type written twice).

#[test]
fn bindings_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/bindings.ts");
    let fresh = coopbook::tools::ts::declarations();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src")).unwrap();
        std::fs::write(path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(committed == fresh, "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test bindings`");
}
