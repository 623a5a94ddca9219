//! A file of arbitrary bytes (CSV in UTF-8 or GBK, or XLSX) previewed as opening balances (期初余额表)
//! on a scratch book: it is refused or reported on, never panics, and writes nothing.
//! Run: `cargo fuzz run opening fuzz/corpus/opening`; the corpus is replayed by `cargo test`
//! (tests/fuzz.rs), through the same `coopbook::fuzzing::Scratch::opening`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coopbook::fuzzing::Scratch::with(|s| s.opening(data));
});
