//! The parsers of amounts, rates, quantities, prices, dates, months, channels, member kinds and
//! identity numbers on arbitrary text: they refuse or accept, never panic, and what they accept
//! reads back as itself. Run: `cargo fuzz run parsers fuzz/corpus/parsers`; the corpus is replayed
//! by `cargo test` (tests/fuzz.rs), through the same `coopbook::tools::fuzzing::parsers`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coopbook::tools::fuzzing::parsers(data);
});
