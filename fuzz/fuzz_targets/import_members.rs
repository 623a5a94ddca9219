//! A file of arbitrary bytes (CSV in UTF-8 or GBK, or XLSX) imported as a member roll (花名册), a dry
//! run on a scratch book: it is refused or reported on, never panics, and writes nothing.
//! Run: `cargo fuzz run import_members fuzz/corpus/import_members`; the corpus is replayed by `cargo test`
//! (tests/fuzz.rs), through the same `coopbook::fuzzing::Scratch::import_members`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coopbook::fuzzing::Scratch::with(|s| s.import_members(data));
});
