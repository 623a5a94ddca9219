//! The township's side of the sync bundles: two villages export several bundles each; the
//! township imports them in mixed order with duplicates and gaps; after that each village's
//! statements, as the township sees them, equal the village's own to the 分. A changed byte, a
//! bundle signed by another key, a gap and a wrong re-pin are refused and change nothing.

use crate::distribution::year;
use crate::util::{cli, cli_pw, post, snapshot, Scratch};
use coopbook::sync::bundle::{read_file, seal, DATA_FILES};
use ed25519_dalek::SigningKey;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn export(s: &Scratch, dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    cli_pw(&s.db, "会计", "coopbook", &["bundle", "export", "--out", out.to_str().unwrap()]).ok();
    out
}

fn import(town: &Path, files: &[&PathBuf]) -> Vec<(String, String)> {
    let mut args = vec!["--json", "township", "import"];
    let names: Vec<String> = files.iter().map(|f| f.to_str().unwrap().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let out = cli(town, "经管站", &args);
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {} {}", out.stdout, out.stderr));
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = Path::new(f["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().to_string();
            let what = match f["error"]["code"].as_str() {
                Some(c) => format!("refused {c}"),
                None => f["status"].as_str().unwrap().to_string(),
            };
            (name, what)
        })
        .collect()
}

fn ours(db: &Path, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    cli_pw(db, "监事", "coopbook", &a).ok().json()
}

/// Every statement and the trial balance of `years`, the village's own and the township's copy.
fn same_books(village: &Path, town: &Path, uscc: &str, years: &[&str]) {
    for y in years {
        for kind in coopbook::reports::statements::KINDS {
            let own = ours(village, &["report", kind, "--year", y]);
            let theirs = ours(town, &["township", "statement", kind, "--coop", uscc, "--year", y]);
            assert_eq!(own, theirs, "{kind} {y} of {uscc}");
        }
        let from = format!("{y}-01-01");
        let to = format!("{y}-12-31");
        let own = ours(village, &["report", "trial-balance", "--from", &from, "--to", &to]);
        assert_eq!(
            own,
            ours(town, &["township", "trial-balance", "--coop", uscc, "--from", &from, "--to", &to]),
            "trial balance {y} of {uscc}"
        );
    }
}

#[test]
fn two_villages_in_mixed_order_reproduce_their_statements() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Village A: the distribution scenario in four bundles — the year's books, one more voucher,
    // the distribution posted and paid, the year closed.
    let a = year();
    let a1 = export(&a, d, "a1.coopsync");
    post(&a, "2025-08-01", "办公用品", &["523:35.50:", "101::35.50"]);
    let a2 = export(&a, d, "a2.coopsync");
    for args in [
        vec!["distribution", "plan", "--year", "2025"],
        vec!["distribution", "approve-branch", "--year", "2025", "--date", "2025-12-26", "--ref", "支委会"],
        vec!["distribution", "approve-meeting", "--year", "2025", "--date", "2025-12-30", "--ref", "大会"],
        vec!["distribution", "post", "--year", "2025"],
        vec!["distribution", "pay", "--year", "2025", "--via", "bank", "--date", "2025-12-31"],
        vec!["notes", "set", "--year", "2025", "--key", "litigation", "--text", "本年度无未决诉讼、仲裁事项。"],
    ] {
        a.cli("会计", &args).ok();
    }
    let a3 = export(&a, d, "a3.coopsync");
    a.cli("会计", &["year", "close", "2025"]).ok();
    let a4 = export(&a, d, "a4.coopsync");
    // Village B: the demo co-op over two years (the first closed), then a correction.
    let b = Scratch::new();
    cli(&b.db, "会计", &["demo", "--members", "8", "--years", "2"]).ok();
    let b1 = export(&b, d, "b1.coopsync");
    let id = cli_pw(
        &b.db,
        "会计",
        "coopbook",
        &[
            "--json",
            "voucher",
            "add",
            "--date",
            "2025-12-31",
            "--summary",
            "补记手续费",
            "--line",
            "524:12.30:0",
            "--line",
            "102:0:12.30",
        ],
    )
    .ok()
    .json()["id"]
        .as_i64()
        .unwrap();
    cli_pw(&b.db, "理事长", "coopbook", &["voucher", "review", &id.to_string()]).ok();
    cli_pw(&b.db, "理事长", "coopbook", &["voucher", "post", &id.to_string()]).ok();
    let b2 = export(&b, d, "b2.coopsync");
    let (ua, ub) = (read_file(&a1).unwrap().manifest.coop.uscc, read_file(&b1).unwrap().manifest.coop.uscc);
    assert_ne!(ua, ub);

    let town = d.join("白云乡.township");
    // First: A's third and B's second before their predecessors are here — gaps, named.
    let v = import(&town, &[&a3, &b2, &a1]);
    assert_eq!(
        v,
        [
            ("a3.coopsync".into(), "refused bundle-gap".into()),
            ("b2.coopsync".into(), "refused bundle-gap".into()),
            ("a1.coopsync".into(), "imported".into()),
        ]
    );
    let out = cli(&town, "经管站", &["township", "import", a3.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("缺少第 2 号"), "{}", out.stdout);
    // Then the rest, out of order and with repeats: each applied in sequence, repeats change nothing.
    let v = import(&town, &[&a4, &b2, &a2, &a1, &b1, &a3, &a2]);
    let got: Vec<&str> = v.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(got, ["imported", "imported", "imported", "duplicate", "imported", "imported", "duplicate"]);
    let villages = ours(&town, &["township", "villages"]);
    let seqs: Vec<(String, i64)> = villages["villages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["uscc"].as_str().unwrap().to_string(), v["last_seq"].as_i64().unwrap()))
        .collect();
    let mut want = vec![(ua.clone(), 4), (ub.clone(), 2)];
    want.sort();
    assert_eq!(seqs, want);
    // The township's copy of each village gives the village's own statements, to the 分.
    same_books(&a.db, &town, &ua, &["2025", "2026"]);
    same_books(&b.db, &town, &ub, &["2024", "2025"]);
    // After the close, part of the sale returned and a delivery corrected in 2026: the next bundle
    // carries them (format 2) and the replica's trade, stock and statements follow.
    a.cli("会计", &["sale", "return", "1", "--date", "2026-02-01", "--qty", "10"]).ok();
    a.cli("会计", &["delivery", "correct", "2", "--date", "2026-02-02", "--qty", "-5"]).ok();
    a.cli(
        "会计",
        &[
            "inputs",
            "buy",
            "--member",
            "3",
            "--item",
            "稻种",
            "--qty",
            "5",
            "--unit",
            "袋",
            "--cost",
            "600",
            "--fee",
            "12",
            "--date",
            "2026-02-03",
        ],
    )
    .ok();
    let returns = export(&a, d, "a5-returns.coopsync");
    assert_eq!(import(&town, &[&returns]), [("a5-returns.coopsync".into(), "imported".into())]);
    same_books(&a.db, &town, &ua, &["2025", "2026"]);
    let bs = ours(&town, &["township", "statement", "balance-sheet", "--coop", &ua, "--year", "2025"]);
    assert_eq!(bs["ok"], true);

    // The township report for 2025: village A's figures worked out by hand, and the totals.
    let xlsx = d.join("汇总.xlsx");
    let r = ours(&town, &["township", "report", "--year", "2025", "--xlsx", xlsx.to_str().unwrap()]);
    let va = r["villages"].as_array().unwrap().iter().find(|v| v["uscc"] == ua.as_str()).unwrap().clone();
    let vb = r["villages"].as_array().unwrap().iter().find(|v| v["uscc"] == ub.as_str()).unwrap().clone();
    let pick = |v: &Value, keys: &[&str]| -> Vec<String> {
        keys.iter().map(|k| v[*k].as_str().map(str::to_string).unwrap_or_else(|| v[*k].to_string())).collect()
    };
    assert_eq!(
        pick(
            &va,
            &[
                "members",
                "collective_share",
                "contributions",
                "sales",
                "surplus",
                "reserve",
                "patronage",
                "residual",
                "distributed",
                "patronage_share",
                "collective_income",
                "per_member"
            ]
        ),
        // S = 8,500.01 − the 35.50 of office supplies = 8,464.51; R = 846.45; D = 7,618.06;
        // P = round(60 % × D) = 4,570.84; Q = 3,047.22, of which the collective's 6/10 is 1,828.33
        // (the left-over 分 goes to the larger remainder); per member 7,618.06 / 3 = 2,539.35.
        [
            "3",
            "0.6000",
            "100000.00",
            "4500.00",
            "8464.51",
            "846.45",
            "4570.84",
            "3047.22",
            "7618.06",
            "0.6000",
            "1828.33",
            "2539.35"
        ]
    );
    assert_eq!(va["contributions_by_kind"], serde_json::json!({"cash": "100000.00"}));
    assert_eq!(va["sales_by_channel"], serde_json::json!({"supermarket": "4500.00"}));
    assert_eq!(va["flags"], serde_json::json!([]));
    let t = &r["totals"];
    assert_eq!(t["coops"], 2);
    assert_eq!(t["members"].as_i64().unwrap(), va["members"].as_i64().unwrap() + vb["members"].as_i64().unwrap());
    let fen = |v: &Value| coopbook::Money::parse(v.as_str().unwrap()).unwrap().fen();
    assert_eq!(fen(&t["sales"]), fen(&va["sales"]) + fen(&vb["sales"]));
    assert_eq!(fen(&t["collective_income"]), fen(&va["collective_income"]) + fen(&vb["collective_income"]));
    assert_eq!((t["villages_500k"].as_i64(), t["villages_500k_share"].as_str()), (Some(0), Some("0.0000")));
    assert!(xlsx.is_file());

    // A bundle with one byte changed: refused, nothing changes.
    let replica = town.with_extension("township.villages").join(format!("{ua}.coopbook"));
    let before = (snapshot(&replica), ours(&town, &["township", "villages"]));
    let mut bytes = std::fs::read(&a4).unwrap();
    let n = bytes.len() / 2;
    bytes[n] ^= 0x20;
    let bad = d.join("a5-bad.coopsync");
    std::fs::write(&bad, &bytes).unwrap();
    let v = import(&town, &[&bad]);
    assert!(v[0].1.starts_with("refused bundle-"), "{v:?}");
    assert_eq!(before, (snapshot(&replica), ours(&town, &["township", "villages"])));
    // The next bundle signed by another key: refused until the new key is re-pinned, and the
    // re-pin itself needs the right fingerprint.
    post(&a, "2026-01-05", "新年第一笔", &["523:1.00:", "101::1.00"]);
    let a5 = export(&a, d, "a5.coopsync");
    let good = read_file(&a5).unwrap();
    let other = SigningKey::from_bytes(&[9u8; 32]);
    let files: Vec<(String, Vec<u8>)> =
        DATA_FILES.iter().filter_map(|n| good.files.get(*n).map(|x| (n.to_string(), x.clone()))).collect();
    let forged = d.join("a5-other-key.coopsync");
    std::fs::write(&forged, seal(good.manifest.clone(), &files, &other).unwrap()).unwrap();
    assert_eq!(import(&town, &[&forged]), [("a5-other-key.coopsync".into(), "refused bundle-key-changed".into())]);
    assert_eq!(before, (snapshot(&replica), ours(&town, &["township", "villages"])));
    let new_key = hex::encode(other.verifying_key().to_bytes());
    let out =
        cli(&town, "经管站", &["township", "repin", &ua, "--fingerprint", "0000-0000-0000-0000", "--key", &new_key]);
    assert!(out.stderr.contains("[fingerprint-mismatch]"), "{}", out.stderr);
    let fp = coopbook::sync::bundle::fingerprint(&other.verifying_key().to_bytes());
    cli(&town, "经管站", &["township", "repin", &ua, "--fingerprint", &fp, "--key", &new_key]).ok();
    assert_eq!(import(&town, &[&forged]), [("a5-other-key.coopsync".into(), "imported".into())]);
    same_books(&a.db, &town, &ua, &["2026"]);
}

/// A replica the new build migrated holds 332's sub-accounts under ids of its own (migration 0017
/// seeds them where 332 exists); the village's next bundle, with the village's ids, takes their
/// place, and the township's statements are the village's again.
#[test]
fn a_migrated_replica_takes_the_villages_sub_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = year();
    let a1 = export(&a, d, "a1.coopsync");
    let town = d.join("白云乡.township");
    assert_eq!(import(&town, &[&a1]), [("a1.coopsync".into(), "imported".into())]);
    let uscc = read_file(&a1).unwrap().manifest.coop.uscc;
    let replica = d.join("白云乡.township.villages").join(format!("{uscc}.coopbook"));
    let moved = rusqlite::Connection::open(&replica)
        .unwrap()
        .execute("UPDATE accounts SET id = id + 1000 WHERE code IN ('33201', '33202')", [])
        .unwrap();
    assert_eq!(moved, 2, "the replica has the sub-accounts under other ids, as a migrated one would");
    for args in [
        vec!["distribution", "plan", "--year", "2025"],
        vec!["distribution", "approve-branch", "--year", "2025", "--date", "2025-12-26", "--ref", "支委会"],
        vec!["distribution", "approve-meeting", "--year", "2025", "--date", "2025-12-30", "--ref", "大会"],
        vec!["distribution", "post", "--year", "2025"],
    ] {
        a.cli("会计", &args).ok();
    }
    a.cli("会计", &["year", "close", "2025"]).ok();
    let a2 = export(&a, d, "a2.coopsync");
    assert_eq!(import(&town, &[&a2]), [("a2.coopsync".into(), "imported".into())]);
    same_books(&a.db, &town, &uscc, &["2025", "2026"]);
}

/// The files format 2 added are hostile like the rest: a note under a key the book does not know, a
/// return of a sale the bundle does not hold, a row naming a column the table has not — each refuses
/// the whole bundle as `bundle-invalid` (even signed by the village's own, newly pinned key) and the
/// township keeps nothing of it.
#[test]
fn hostile_rows_in_the_new_files_refuse_the_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = year();
    a.cli("会计", &["notes", "set", "--year", "2025", "--key", "litigation", "--text", "无"]).ok();
    let good = read_file(&export(&a, d, "a1.coopsync")).unwrap();
    let key = SigningKey::from_bytes(&[5u8; 32]);
    for (n, (file, row)) in [
        ("statement_notes.jsonl", r#"{"year":2025,"key":"gossip","text":"x","updated_at":"","updated_by":""}"#),
        (
            "sale_returns.jsonl",
            concat!(
                r#"{"id":1,"sale_id":999,"date":"2025-01-01","quantity":"1","amount_fen":1,"cost_fen":1,"#,
                r#""reason":"x","voucher_id":999}"#
            ),
        ),
        ("delivery_corrections.jsonl", r#"{"id":1,"delivery_id; DROP TABLE members":1}"#),
    ]
    .into_iter()
    .enumerate()
    {
        let files: Vec<(String, Vec<u8>)> = DATA_FILES
            .iter()
            .filter_map(|f| {
                let replaced = |x: &Vec<u8>| if *f == file { format!("{row}\n").into_bytes() } else { x.clone() };
                good.files.get(*f).map(|x| (f.to_string(), replaced(x)))
            })
            .collect();
        let forged = d.join(format!("forged-{n}.coopsync"));
        std::fs::write(&forged, seal(good.manifest.clone(), &files, &key).unwrap()).unwrap();
        let town = d.join(format!("town-{n}.township"));
        let verdict = import(&town, &[&forged]);
        assert_eq!(verdict, [(format!("forged-{n}.coopsync"), "refused bundle-invalid".into())], "{file}");
        let villages = ours(&town, &["township", "villages"]);
        assert_eq!(villages["villages"].as_array().map(Vec::len), Some(0), "{file}: {villages}");
    }
}
