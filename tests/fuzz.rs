//! The corpora of the cargo-fuzz targets (`fuzz/corpus/<target>/`: the seeds written by hand and
//! what the fuzzer kept) replayed through the very functions the targets call
//! (`coopbook::tools::fuzzing`): no input panics or breaks a property the target asserts. The
//! bundle reader's corpus is replayed in `bundle`.

use coopbook::tools::fuzzing::{self, Scratch};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Runs `body` on every file of the target's corpus, naming the file that panics.
fn replay(target: &str, mut body: impl FnMut(&[u8])) {
    let dir = fuzz_dir().join("corpus").join(target);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    assert!(files.len() >= 5, "the corpus in {} has {} files", dir.display(), files.len());
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        if catch_unwind(AssertUnwindSafe(|| body(&bytes))).is_err() {
            panic!("the fuzz target {target} panicked on {}", f.display());
        }
    }
}

/// The targets replayed here and in `bundle`: a new target must be added to one of them.
#[test]
fn every_fuzz_target_has_its_corpus_replayed() {
    let mut targets: Vec<String> = std::fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    targets.sort();
    assert_eq!(targets, ["bundle_read", "import_members", "import_sales", "import_xlsx", "opening", "parsers"]);
    for t in &targets {
        assert!(fuzz_dir().join("corpus").join(t).is_dir(), "no corpus for {t}");
    }
}

#[test]
fn the_parsers_corpus_replays_without_panic() {
    replay("parsers", fuzzing::parsers);
}

fn with_scratch(f: impl FnOnce(&mut Scratch)) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Scratch::new(dir.path()).unwrap();
    f(&mut s);
}

#[test]
fn the_member_import_corpus_replays_without_panic() {
    with_scratch(|s| replay("import_members", |d| s.import_members(d)));
}

#[test]
fn the_sales_import_corpus_replays_without_panic() {
    with_scratch(|s| replay("import_sales", |d| s.import_sales(d)));
}

#[test]
fn the_opening_corpus_replays_without_panic() {
    with_scratch(|s| replay("opening", |d| s.opening(d)));
}

#[test]
fn the_xlsx_corpus_replays_without_panic() {
    with_scratch(|s| replay("import_xlsx", |d| s.import_xlsx(d)));
}
