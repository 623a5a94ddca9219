//! Arbitrary worksheet, shared-strings and styles XML (separated by NUL bytes) packed into an XLSX
//! file and imported as a member roll, a sales list and opening balances (dry runs): the cells
//! calamine reads are refused or reported on, never a panic.
//! Run: `cargo fuzz run import_xlsx fuzz/corpus/import_xlsx`; the corpus is replayed by `cargo test`
//! (tests/fuzz.rs), through the same `coopbook::tools::fuzzing::Scratch::import_xlsx`.
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
        coopbook::tools::fuzzing::Scratch::with(|s| s.import_xlsx(data));
    }
);
