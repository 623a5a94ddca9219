//! A file of arbitrary bytes (CSV in UTF-8 or GBK, or XLSX) imported as a sales list (销售明细), a dry
//! run on a scratch book with products in stock, buyers and a contract: it is refused or reported
//! on, never panics, and writes nothing.
//! Run: `cargo fuzz run import_sales fuzz/corpus/import_sales`; the corpus is replayed by `cargo test`
//! (tests/fuzz.rs), through the same `coopbook::fuzzing::Scratch::import_sales`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coopbook::fuzzing::Scratch::with(|s| s.import_sales(data));
});
