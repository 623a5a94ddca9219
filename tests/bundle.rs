//! Sync bundles, the village's side: what a bundle carries (full and incremental, to the row),
//! identity numbers only masked or hashed, and every kind of bad file refused with its code —
//! each single byte flipped, cut short, empty, too large, a zip bomb, another key's signature, a
//! summary that disagrees with the rows, a future format version.

use crate::distribution::year;
use crate::util::post;
use coopbook::sync::bundle::{read, read_file, seal, Bundle, DATA_FILES, MAX_BUNDLE_BYTES};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;
use std::io::Write;

fn run(s: &crate::util::Scratch, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    s.cli("会计", &a).ok().json()
}

fn code(bytes: &[u8]) -> String {
    match read(bytes) {
        Ok(_) => "accepted".into(),
        Err(e) => e.code.to_string(),
    }
}

fn files_of(b: &Bundle) -> Vec<(String, Vec<u8>)> {
    DATA_FILES.iter().filter_map(|n| b.files.get(*n).map(|d| (n.to_string(), d.clone()))).collect()
}

#[test]
fn a_full_bundle_then_what_changed() {
    let s = year();
    let out = s.dir.path().join("1.coopsync");
    let e = run(&s, &["bundle", "export", "--out", out.to_str().unwrap()]);
    let m = &e["manifest"];
    assert_eq!(
        (m["seq"].as_i64(), m["full"].as_bool(), m["prev_sha256"].is_null(), m["version"].as_i64()),
        (Some(1), Some(false), true, Some(2))
    );
    assert_eq!(m["coop"]["uscc"], "91350100M000100Y43");
    // The scenario's 8 documents: 3 contributions (100,000.00), 2 deliveries (3,000.00), a sale
    // (4,500.00 and its cost 3,000.00), rent 8,000.01 and an expense 1,000.00: 119,500.01 each side.
    let summary = serde_json::json!({"members": 3, "vouchers": 8, "lines": 18, "debit_fen": 11_950_001,
        "credit_fen": 11_950_001,
        "contributions": 3, "deliveries": 2, "sales": 1, "sales_fen": 450_000});
    assert_eq!(m["summary"], summary);
    assert_eq!((m["period_from"].as_str(), m["period_to"].as_str()), (Some("2025-01-05"), Some("2025-07-01")));
    let names: Vec<&str> = m["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, DATA_FILES);
    // The file reads back, and its key is the one `bundle key` shows.
    let b = read_file(&out).unwrap();
    assert_eq!(b.sha256, e["sha256"].as_str().unwrap());
    let fp = run(&s, &["bundle", "key"])["fingerprint"].as_str().unwrap().to_string();
    assert_eq!(coopbook::sync::bundle::fingerprint(&hex::decode(&b.manifest.public_key).unwrap()), fp);
    assert_eq!(fp.len(), 19);
    // ID numbers leave only masked and as a keyed hash: no member's number anywhere in the file.
    let inflated: Vec<u8> = b.files.values().flatten().copied().collect();
    for id in ["11010519491231002X", "N2350125MF0000123N"] {
        assert!(!inflated.windows(id.len()).any(|w| w == id.as_bytes()), "{id} left the book");
    }
    let members = coopbook::sync::bundle::rows(&b.files, "members.jsonl").unwrap();
    assert_eq!(members[1]["id_masked"], "1101**********002X");
    assert_eq!(members[1]["id_hash"].as_str().unwrap().len(), 64);
    assert!(members.iter().all(|m| !m.contains_key("id_card") && !m.contains_key("phone")));

    // One more voucher: the next bundle carries it alone and names the first as its predecessor.
    post(&s, "2025-08-01", "办公用品", &["523:35.50:", "101::35.50"]);
    let out2 = s.dir.path().join("2.coopsync");
    let e2 = run(&s, &["bundle", "export", "--out", out2.to_str().unwrap()]);
    let m2 = &e2["manifest"];
    assert_eq!((m2["seq"].as_i64(), m2["prev_sha256"].as_str()), (Some(2), e["sha256"].as_str()));
    assert_eq!(m2["log_from"], m["log_to"]);
    let s2 = &m2["summary"];
    assert_eq!(
        (s2["vouchers"].as_i64(), s2["lines"].as_i64(), s2["debit_fen"].as_i64(), s2["members"].as_i64()),
        (Some(1), Some(2), Some(3550), Some(0))
    );
    assert_eq!((m2["period_from"].as_str(), m2["period_to"].as_str()), (Some("2025-07-02"), Some("2025-08-01")));
    // --full carries everything again, still in sequence.
    let e3 = run(&s, &["bundle", "export", "--full", "--out", s.dir.path().join("3.coopsync").to_str().unwrap()]);
    assert_eq!((e3["manifest"]["seq"].as_i64(), e3["manifest"]["summary"]["vouchers"].as_i64()), (Some(3), Some(9)));
    // `bundle verify` checks a file and writes nothing.
    let before = s.snapshot();
    let v = run(&s, &["bundle", "verify", out2.to_str().unwrap()]);
    assert_eq!(v["sha256"], e2["sha256"]);
    assert_eq!(before, s.snapshot());
}

/// A small bundle for the refusal tests, and its parts.
fn small() -> (Vec<u8>, Bundle) {
    let s = year();
    let out = s.dir.path().join("x.coopsync");
    run(&s, &["bundle", "export", "--out", out.to_str().unwrap()]);
    let bytes = std::fs::read(&out).unwrap();
    let b = read(&bytes).unwrap();
    (bytes, b)
}

#[test]
fn every_single_byte_changed_is_refused() {
    let (bytes, _) = small();
    assert!(bytes.len() > 4000, "{}", bytes.len());
    let mut codes = std::collections::BTreeMap::new();
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        let c = code(&b);
        assert_ne!(c, "accepted", "flipping byte {i} of {} went unnoticed", bytes.len());
        *codes.entry(c).or_insert(0) += 1;
        if i % 7 == 0 {
            b[i] ^= 0xFF;
            assert_ne!(code(&b), "accepted", "byte {i} set to its complement went unnoticed");
        }
    }
    // A flip in the deflated data or the zip headers breaks the archive; one in a stored field
    // (a timestamp, the manifest's own text, the signature) fails the signature.
    eprintln!("{} bytes flipped one by one: {codes:?}", bytes.len());
    assert!(codes["bundle-signature"] > 500 && codes["bundle-invalid"] > 500, "{codes:?}");
}

#[test]
fn bad_files_are_refused_with_their_code() {
    let (bytes, b) = small();
    assert_eq!(code(&bytes), "accepted");
    assert_eq!(code(&[]), "bundle-empty");
    for cut in [1, 8, 72, 100, bytes.len() / 2] {
        let c = code(&bytes[..bytes.len() - cut]);
        assert!(c == "bundle-truncated" || c == "bundle-invalid", "cut {cut}: {c}");
    }
    assert_eq!(code(&bytes[..bytes.len() - 1]), "bundle-truncated");
    // Far over the size limit: refused from its size, before it is read.
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.coopsync");
    std::fs::File::create(&huge).unwrap().set_len(MAX_BUNDLE_BYTES + 1).unwrap();
    assert_eq!(read_file(&huge).unwrap_err().code, "bundle-too-large");

    let key = SigningKey::from_bytes(&[7u8; 32]);
    // Signed by another key: the trailer's signature does not verify against the manifest's key.
    let body = &bytes[..bytes.len() - 72];
    let mut other = body.to_vec();
    other.extend_from_slice(&key.sign(body).to_bytes());
    other.extend_from_slice(b"COOPSIG1");
    assert_eq!(code(&other), "bundle-signature");
    // A manifest whose summary disagrees with its rows, even correctly signed.
    let mut m = b.manifest.clone();
    m.summary.sales_fen += 1;
    assert_eq!(code(&seal(m, &files_of(&b), &key).unwrap()), "bundle-summary");
    // A data file changed after its manifest was made, the whole signed again: the hash is checked.
    let mut m = b.manifest.clone();
    m.public_key = hex::encode(key.verifying_key().to_bytes());
    let mut entries = vec![("manifest.json".to_string(), serde_json::to_vec(&m).unwrap())];
    entries.extend(files_of(&b));
    entries[6].1.extend_from_slice(b"{}\n");
    assert_eq!(code(&zip_signed(&entries, &key)), "bundle-file-hash");
    // A bundle from a newer format.
    m.version = 3;
    assert_eq!(code(&seal(m, &files_of(&b), &key).unwrap()), "bundle-version");
    // Re-sealed by another key the bundle itself is consistent: the township's pinned key refuses it.
    let resealed = read(&seal(b.manifest.clone(), &files_of(&b), &key).unwrap()).unwrap();
    assert_ne!(resealed.manifest.public_key, b.manifest.public_key);

    // A zip bomb in miniature: a manifest that inflates to 2 MiB of spaces from a few KiB.
    let bomb = zip_signed(&[("manifest.json".into(), vec![b' '; 2 << 20])], &key);
    assert!(bomb.len() < 20_000, "{}", bomb.len());
    assert_eq!(code(&bomb), "bundle-too-large");
    // An unknown file in the archive.
    assert_eq!(code(&zip_signed(&[("../../etc/passwd".into(), b"x".to_vec())], &key)), "bundle-unexpected-file");
}

/// A zip of `entries`, signed by `key` with the bundle's trailer.
fn zip_signed(entries: &[(String, Vec<u8>)], key: &SigningKey) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(name.as_str(), opts).unwrap();
        zip.write_all(data).unwrap();
    }
    let mut out = zip.finish().unwrap().into_inner();
    let sig = key.sign(&out).to_bytes();
    out.extend_from_slice(&sig);
    out.extend_from_slice(b"COOPSIG1");
    out
}

/// The fuzz target's corpus (fuzz/corpus/bundle_read: a real bundle, cut, bent, empty, a zip bomb,
/// an odd file name, and whatever the fuzzer adds) replayed through the reader: each file is
/// refused or read, and none panics.
#[test]
fn the_fuzz_corpus_is_refused_or_read_without_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/bundle_read");
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    assert!(files.len() >= 6, "the corpus in {} has {} files", dir.display(), files.len());
    let mut accepted = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let got = std::panic::catch_unwind(|| read(&bytes).map(|_| ()).map_err(|e| e.code));
        match got {
            Ok(Ok(())) => accepted += 1,
            Ok(Err(_)) => {}
            Err(_) => panic!("the reader panicked on {}", f.display()),
        }
    }
    // The seed bundle is read whole; what the fuzzer found is refused (a change anywhere breaks the signature).
    assert_eq!(accepted, 1, "{files:?}");
    assert!(read(&std::fs::read(dir.join("seed-valid")).unwrap()).is_ok());
}

/// From format version 2 the manifest's sales total leaves out the sales reversed in red ink (they
/// are no trade); a version 1 bundle, which counted them, is still read by its own rule — and held
/// to it.
#[test]
fn the_sales_total_leaves_out_reversed_sales_from_version_2() {
    let s = year();
    run(&s, &["document", "reverse", "sale", "1"]);
    let out = s.dir.path().join("1.coopsync");
    let e = run(&s, &["bundle", "export", "--out", out.to_str().unwrap()]);
    assert_eq!(
        (e["manifest"]["summary"]["sales"].as_i64(), e["manifest"]["summary"]["sales_fen"].as_i64()),
        (Some(1), Some(0))
    );
    let b = read_file(&out).unwrap();
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let mut v1 = b.manifest.clone();
    v1.version = 1;
    // Version 1 counted the reversed sale: 4,500.00.
    assert_eq!(code(&seal(v1.clone(), &files_of(&b), &key).unwrap()), "bundle-summary");
    v1.summary.sales_fen = 450_000;
    let old = read(&seal(v1, &files_of(&b), &key).unwrap()).unwrap();
    assert_eq!((old.manifest.version, old.manifest.summary.sales_fen), (1, 450_000));
}
