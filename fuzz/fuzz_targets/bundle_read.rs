//! The sync-bundle reader on arbitrary bytes: it must refuse or accept, never panic, hang or
//! allocate without bound. Run: `cargo fuzz run bundle_read fuzz/corpus/bundle_read`; the corpus is
//! replayed by `cargo test` (tests/bundle.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = coopbook::sync::bundle::read(data);
});
