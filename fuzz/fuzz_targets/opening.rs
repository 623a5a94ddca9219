//! A file of arbitrary bytes (CSV in UTF-8 or GBK, or XLSX) previewed as opening balances (期初余额表)
//! on a scratch book: it is refused or reported on, never panics, and writes nothing.
//! Run: `cargo fuzz run opening fuzz/corpus/opening`; the corpus is replayed by `cargo test`
//! (tests/fuzz.rs), through the same `coopbook::tools::fuzzing::Scratch::opening`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    // libfuzzer-sys aborts on every panic, even one that is caught. calamine's panics on a
    // malformed file are caught by the importer (`import::read_xlsx`) and the file refused, so
    // they are let through here; a panic anywhere else is still a crash.
    init: {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                abort(info);
            }
        }));
    },
    |data: &[u8]| {
        coopbook::tools::fuzzing::Scratch::with(|s| s.opening(data));
    }
);
