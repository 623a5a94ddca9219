//! `coopbook bench`: times what an accountant waits for on a large book, and, in the same run,
//! `hledger bal` on the same book's journal, so every figure stands beside an independent tool's.
//!
//! The book itself is never changed: the first step backs it up (the online backup API, as a
//! real backup) into a scratch folder, and everything that writes (a bundle export, the
//! township's import) works on that copy.

use crate::base::error::{Error, Result};
use crate::store::book::{Book, Mode};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One measured step.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: &'static str,
    pub zh: &'static str,
    /// Microseconds (the best of a few runs for the quick steps).
    pub micros: i64,
    /// What the step produced (lines, rows, pages, bytes …), for the table.
    pub detail: String,
    /// The target for this step, when it has one, e.g. `≤ 100 ms`.
    pub target: Option<String>,
    /// Whether the target was met (`None` without a target).
    pub met: Option<bool>,
    /// How many times faster than `hledger bal` on the same book (`"141"`, `"0.4"`).
    pub vs_hledger: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub book: String,
    pub members: i64,
    pub vouchers: i64,
    pub lines: i64,
    pub years: String,
    pub steps: Vec<Step>,
    /// `hledger bal` on the exported journal: wall time and peak memory, when hledger is installed.
    pub hledger_micros: Option<i64>,
    pub hledger_peak_bytes: Option<i64>,
    pub hledger_version: Option<String>,
}

fn us(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

/// `n` thousandths as text with one decimal (`12345` → `12.3`).
fn tenths(n: i64, unit: i64) -> String {
    let t = n * 10 / unit;
    format!("{}.{}", t / 10, t % 10)
}

fn mb(bytes: i64) -> String {
    if bytes < 1 << 20 {
        format!("{} K", bytes >> 10)
    } else {
        format!("{} M", tenths(bytes, 1 << 20))
    }
}

/// Runs `f` `runs` times and keeps the best time (the figure a warm machine gives).
fn best<T>(runs: u32, mut f: impl FnMut() -> Result<T>) -> Result<(i64, T)> {
    let t = Instant::now();
    let mut out = f()?;
    let mut best_us = us(t.elapsed());
    for _ in 1..runs {
        let t = Instant::now();
        out = f()?;
        best_us = best_us.min(us(t.elapsed()));
    }
    Ok((best_us, out))
}

/// Peak resident memory of a running child, read from /proc while it runs (Linux; 0 elsewhere).
fn wait_with_peak(child: &mut std::process::Child) -> Result<(std::process::ExitStatus, u64)> {
    let mut peak_kb = 0u64;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, peak_kb));
        }
        if let Ok(s) = std::fs::read_to_string(format!("/proc/{}/status", child.id())) {
            if let Some(kb) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn step(name: &'static str, zh: &'static str, micros: i64, detail: String, target_ms: Option<i64>) -> Step {
    Step {
        name,
        zh,
        micros,
        detail,
        target: target_ms.map(|t| if t >= 1000 { format!("≤ {} s", t / 1000) } else { format!("≤ {t} ms") }),
        met: target_ms.map(|t| micros <= t * 1000),
        vs_hledger: None,
    }
}

/// Benchmarks the book at `path`, working in `scratch` (made if missing, left for inspection).
/// `quick` stops after the interactive steps (no slips, backup, verify, bundle or hledger).
pub fn run(path: &Path, scratch: &Path, hledger: bool, quick: bool, mut progress: impl FnMut(&str)) -> Result<Report> {
    std::fs::create_dir_all(scratch)?;
    let mut steps = Vec::new();

    progress("open");
    let (open_ms, book) = best(3, || Book::open(path, "", Mode::Read))?;
    steps.push(step("open", "打开账本", open_ms, String::new(), None));
    let conn = book.conn();
    let (members, vouchers, lines): (i64, i64, i64) = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM vouchers WHERE status = 'posted'), (SELECT \
            COUNT(*) FROM voucher_lines)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (first, last): (Option<String>, Option<String>) =
        conn.query_row("SELECT MIN(date), MAX(date) FROM vouchers WHERE status = 'posted'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Error::new(
            "bench-empty",
            "账本里没有已记账的凭证，无从测量",
            "the book has no posted vouchers to measure",
        ));
    };
    let (y0, y1): (i32, i32) = (first[..4].parse().unwrap_or(2025), last[..4].parse().unwrap_or(2025));

    progress("dashboard");
    let (dash_ms, _) = best(3, || book.dashboard(y1))?;
    steps.push(step("dashboard", "首页数字（应用的第一屏）", dash_ms, format!("{y1} 年"), None));

    progress("periods");
    let (periods_ms, periods) = best(3, || book.periods())?;
    steps.push(step("periods", "月份列表（登录后即加载）", periods_ms, format!("{} 个月", periods.len()), None));

    progress("members list");
    let (list_ms, list) = best(3, || book.members(None))?;
    steps.push(step("members-list", "成员列表（全部）", list_ms, format!("{} 名", list.len()), None));

    // The app's lists, a page (100 rows) at a time: the member list, the longest account's detail
    // ledger over every year (its first page and one in the middle, whose brought-forward balance is
    // the costly part), and the deliveries of every year.
    progress("list pages");
    let (page_ms, page) = best(3, || book.member_page(None, None, None))?;
    steps.push(step(
        "members-page",
        "成员列表（第 1 页）",
        page_ms,
        format!("{} 名中 {} 名", page.total, page.rows.len()),
        Some(50),
    ));
    // 114 成员往来: every delivery and payment of every member goes through it (700,000 lines on a
    // ten-year book of 5,000 members).
    let busiest = "114";
    let (from, to) = (format!("{y0}-01-01"), format!("{y1}-12-31"));
    let (l1_ms, l1) = best(3, || book.ledger_page(busiest, &from, &to, None, None, None))?;
    steps.push(step("ledger-page", "明细账（第 1 页）", l1_ms, format!("{busiest}，{} 行", l1.total), Some(100)));
    let middle = l1.total / 200 * 100;
    let (lm_ms, _) = best(3, || book.ledger_page(busiest, &from, &to, None, None, Some(middle)))?;
    steps.push(step(
        "ledger-page-middle",
        "明细账（中间一页）",
        lm_ms,
        format!("{busiest}，第 {} 页", middle / 100 + 1),
        Some(100),
    ));
    let (tp_ms, tp) = best(3, || book.trade_page("delivery", &from, &to, None, None))?;
    steps.push(step("deliveries-page", "交售列表（第 1 页）", tp_ms, format!("{} 笔", tp.total), Some(100)));

    progress("trial balance");
    let (tb_year, tb) = best(5, || book.trial_balance(&format!("{y1}-01-01"), &format!("{y1}-12-31")))?;
    steps.push(step(
        "trial-balance-year",
        "科目余额表（一年）",
        tb_year,
        format!("{y1} 年，{} 个科目", tb.accounts.len()),
        Some(100),
    ));
    let (tb_all, tb) = best(5, || book.trial_balance(&format!("{y0}-01-01"), &format!("{y1}-12-31")))?;
    steps.push(step(
        "trial-balance-all",
        "科目余额表（全部年度）",
        tb_all,
        format!("{y0}–{y1}，{lines} 行分录，{} 个科目", tb.accounts.len()),
        Some(100),
    ));

    progress("member account");
    let no: i64 = conn.query_row(
        "SELECT no FROM members ORDER BY no LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM members)",
        [],
        |r| r.get(0),
    )?;
    let (acct_ms, acct) = best(5, || book.member_account(no, y1))?;
    steps.push(step("member-account", "成员账户（一名成员）", acct_ms, format!("{no} 号成员 {}", acct.name), Some(20)));

    progress("sales report");
    let (sales_ms, sales) = best(3, || book.sales_report(y1))?;
    steps.push(step("sales-report", "销售报表（一年）", sales_ms, format!("销售额 {}", sales.total.grouped()), None));

    progress("distribution plan");
    let (plan_ms, plan) = best(3, || {
        let mut b = Book::open(path, "", Mode::Read)?;
        b.distribution_plan(y1, None, None, true)
    })?;
    steps.push(step(
        "distribution-plan",
        "盈余分配方案",
        plan_ms,
        format!("{y1} 年，{} 名成员", plan.members.len()),
        Some(300),
    ));

    if quick {
        return Ok(Report {
            book: path.display().to_string(),
            members,
            vouchers,
            lines,
            years: format!("{y0}–{y1}"),
            steps,
            hledger_micros: None,
            hledger_peak_bytes: None,
            hledger_version: None,
        });
    }

    progress("slips");
    let slips = scratch.join("slips.pdf");
    let (slips_ms, printed) = best(1, || book.print_slips(y1, None, &slips))?;
    let ok_size = printed.bytes <= 5 * 1024 * 1024;
    let mut s = step(
        "slips",
        "全体成员盈余分配通知单 PDF",
        slips_ms,
        format!("{} 张，{} 页，{}B", printed.items, printed.pages, mb(printed.bytes as i64)),
        Some(5000),
    );
    s.target = Some("≤ 5 s, ≤ 5 MB".into());
    s.met = Some(slips_ms <= 5_000_000 && ok_size);
    steps.push(s);

    progress("backup");
    let copy = scratch.join("copy.coopbook");
    let _ = std::fs::remove_file(&copy);
    let (backup_ms, info) = best(1, || crate::store::backup::copy_to(book.conn(), &copy))?;
    steps.push(step("backup", "备份（含完整性检查）", backup_ms, format!("{}B", mb(info as i64)), None));

    progress("verify");
    let (verify_ms, v) = best(1, || book.verify())?;
    steps.push(step(
        "verify",
        "校验（哈希链与账簿不变式）",
        verify_ms,
        format!("{} 行日志，{}", v.log_rows, if v.ok { "通过" } else { "未通过" }),
        None,
    ));

    progress("bundle export");
    let bundle = scratch.join("full.coopsync");
    let _ = std::fs::remove_file(&bundle);
    let mut copy_book = Book::open(&copy, "", Mode::Write)?;
    // The copy is only for measuring: act with every right on it, whoever its users are.
    copy_book.conn.execute("DELETE FROM users", [])?;
    copy_book.reload_users()?;
    let (export_ms, exported) = best(1, || copy_book.export_bundle(&bundle, true))?;
    steps.push(step("bundle-export", "完整同步包导出", export_ms, format!("{}B", mb(exported.bytes as i64)), None));
    drop(copy_book);

    progress("township import");
    let town = scratch.join("bench.township");
    let _ = std::fs::remove_file(&town);
    let _ = std::fs::remove_dir_all(scratch.join("bench.township.villages"));
    let mut t = crate::sync::township::Township::open(&town)?;
    let (import_ms, verdicts) = best(1, || Ok(t.import(std::slice::from_ref(&bundle))))?;
    let status = verdicts.first().map(|v| v.status.clone()).unwrap_or_default();
    let years = i64::from(y1 - y0 + 1);
    steps.push(step(
        "township-import",
        "乡镇导入完整同步包",
        import_ms,
        format!("{status}，{years} 年（每年 {} ms）", import_ms / years / 1000),
        Some(5000 * years),
    ));

    progress("bulk import");
    steps.push(bulk_import(&copy, scratch, y1)?);

    progress("hledger");
    let journal = scratch.join("book.journal");
    let (export_j_ms, n) = best(1, || book.export_hledger(&journal))?;
    steps.push(step("export-hledger", "导出 hledger 日记账", export_j_ms, format!("{n} 笔交易"), None));
    let (mut hledger_micros, mut hledger_peak_bytes, mut hledger_version) = (None, None, None);
    if hledger {
        if let Ok(out) = std::process::Command::new("hledger").arg("--version").output() {
            hledger_version = Some(String::from_utf8_lossy(&out.stdout).trim().to_string());
            let t0 = Instant::now();
            let mut child = std::process::Command::new("hledger")
                .arg("-f")
                .arg(&journal)
                .arg("bal")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()?;
            let (status, peak_kb) = wait_with_peak(&mut child)?;
            let took = us(t0.elapsed());
            if status.success() {
                hledger_micros = Some(took);
                hledger_peak_bytes = Some(i64::try_from(peak_kb).unwrap_or(0) * 1024);
            }
        }
    }
    if let Some(h) = hledger_micros {
        for s in steps.iter_mut() {
            let x = h / s.micros.max(1);
            s.vs_hledger = Some(if x >= 10 { x.to_string() } else { tenths(h, s.micros.max(1)) });
        }
    }
    Ok(Report {
        book: path.display().to_string(),
        members,
        vouchers,
        lines,
        years: format!("{y0}–{y1}"),
        steps,
        hledger_micros,
        hledger_peak_bytes,
        hledger_version,
    })
}

/// The voucher import, the book's bulk path: the last year's vouchers written to a voucher file as
/// another system would (one line a row, dated a year on, leaving out the vouchers of members who
/// have left, whom a later date could not name), then imported into the copy — reading the file,
/// checking every voucher and posting it, all timed; the backup an import takes first is not (it
/// is the backup step).
fn bulk_import(copy: &Path, scratch: &Path, year: i32) -> Result<Step> {
    let file = scratch.join("vouchers.csv");
    let mut book = Book::open(copy, "", Mode::Write)?;
    {
        let mut w = csv::Writer::from_path(&file).map_err(Error::internal)?;
        w.write_record(["日期", "凭证号", "摘要", "科目编码", "借方金额", "贷方金额", "成员编号"])
            .map_err(Error::internal)?;
        let mut st = book.conn().prepare(
            "SELECT v.date, v.seq, l.summary, a.code, l.debit_fen, l.credit_fen, m.no
             FROM vouchers v JOIN voucher_lines l ON l.voucher_id = v.id JOIN accounts a ON a.id = l.account_id LEFT \
                 JOIN members m ON m.id = l.member_id
             WHERE v.status = 'posted' AND v.date BETWEEN ?1 AND ?2
               AND NOT EXISTS (SELECT 1 FROM voucher_lines x JOIN members xm ON xm.id = x.member_id WHERE \
                   x.voucher_id = v.id AND xm.exited IS NOT NULL)
             ORDER BY v.ym, v.seq, l.line_no",
        )?;
        let mut rows = st.query(rusqlite::params![format!("{year}-01-01"), format!("{year}-12-31")])?;
        let side = |fen: i64| {
            if fen == 0 {
                String::new()
            } else {
                crate::Money(fen).to_string()
            }
        };
        while let Some(r) = rows.next()? {
            let date: String = r.get(0)?;
            let md = match &date[5..] {
                "02-29" => "02-28",
                md => md,
            };
            let seq: i64 = r.get(1)?;
            let member: Option<i64> = r.get(6)?;
            let record = [
                format!("{}-{md}", year + 1),
                format!("记-{seq}"),
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                side(r.get(4)?),
                side(r.get(5)?),
                member.map(|m| m.to_string()).unwrap_or_default(),
            ];
            w.write_record(&record).map_err(Error::internal)?;
        }
        w.flush()?;
    }
    let bytes = std::fs::metadata(&file)?.len();
    let t = Instant::now();
    let sheet = crate::io::import::reader::Sheet::read(&file, &crate::io::voucher_import::VOUCHERS)?;
    let done = book.import_vouchers_of(&sheet, false)?;
    let micros = us(t.elapsed());
    if let Some(e) = done.report.refusal() {
        return Err(e);
    }
    let per_s = i64::try_from(done.lines).unwrap_or(i64::MAX).saturating_mul(1_000_000) / micros.max(1);
    let mut s = step(
        "bulk-import",
        "凭证导入（一年的凭证文件）",
        micros,
        format!("{} 张凭证，{} 行分录，{}B，每秒 {per_s} 行", done.vouchers, done.lines, mb(bytes as i64)),
        None,
    );
    s.target = Some("≥ 100,000 行/s".into());
    s.met = Some(per_s >= 100_000);
    Ok(s)
}

/// The report as the table the CLI prints.
pub fn table(r: &Report) -> String {
    let mut s =
        format!("账本 {}：成员 {}，已记账凭证 {}，分录 {} 行（{}）\n", r.book, r.members, r.vouchers, r.lines, r.years);
    s += &format!("{:<20} {:>11} {:>14} {:>6} {:>12}  {}\n", "step", "ms", "target", "met", "× hledger", "detail");
    for st in &r.steps {
        s += &format!(
            "{:<20} {:>11} {:>14} {:>6} {:>12}  {} {}\n",
            st.name,
            tenths(st.micros, 1000),
            st.target.clone().unwrap_or_default(),
            match st.met {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "",
            },
            st.vs_hledger.as_ref().map(|x| format!("{x}×")).unwrap_or_default(),
            st.zh,
            st.detail
        );
    }
    match (r.hledger_micros, r.hledger_peak_bytes) {
        (Some(h), Some(b)) => {
            s += &format!(
                "hledger bal（{}）：{} s，峰值内存 {}B\n",
                r.hledger_version.clone().unwrap_or_default(),
                tenths(h, 1_000_000),
                mb(b)
            )
        }
        _ => s += "hledger 未安装或未运行 / hledger not installed or not run\n",
    }
    s
}

/// Where the bench works unless told: a folder beside the book.
pub fn default_scratch(book: &Path) -> PathBuf {
    book.parent().map(Path::to_path_buf).unwrap_or_default().join("bench-scratch")
}
