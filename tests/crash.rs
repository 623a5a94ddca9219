//! Crash safety: a writer (this test binary, re-run as a child) does a co-op's work one core call at
//! a time — member and sales imports, deliveries, contributions, vouchers added, reviewed and
//! posted, and each year's distribution from its plan to its payment — and says which calls
//! returned; it is killed with SIGKILL at a random moment, again and again. After every kill the
//! book must open, pass `integrity_check` and `verify`, balance, hold every step acknowledged
//! before the kill, and hold no step half there (an import with some of its rows, a document
//! without its posted voucher, a voucher without lines or not balancing, a plan without its lines
//! or in a state its vouchers do not bear out).
//!
//! The child decides its next step from the book alone, so a writer killed at any point is simply
//! followed by one that goes on from what was committed. A year holds [`PER_YEAR`] activities in
//! the order of [`KINDS`], then its distribution's five steps; then the next year begins.

use crate::util::Scratch;
use coopbook::base::ids::citizen_id_check;
use coopbook::business::trade::{NewBuyer, NewDelivery, NewProduct};
use coopbook::equity::contribution::NewContribution;
use coopbook::{Book, Mode};
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD: &str = "COOPBOOK_CRASH_CHILD_DB";
const FIRST_YEAR: i32 = 2025;
/// The preparer of the writer's vouchers, and the one who reviews and posts them.
const MAKER: &str = "会计";
const CHAIR: &str = "理事长";
/// Summaries of the writer's own vouchers start so.
const MARK: &str = "演练凭证";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Activity {
    Delivery,
    Members,
    Voucher,
    Sales,
    Contribution,
}
use Activity::*;

/// The activities of a year, round and round: deliveries come before the sales that need their
/// stock. An import takes an automatic backup first and so lasts several times as long as another
/// step: one of each kind a round keeps the kills from landing mostly in imports.
const KINDS: [Activity; 12] = [
    Delivery,
    Members,
    Voucher,
    Contribution,
    Voucher,
    Delivery,
    Sales,
    Voucher,
    Contribution,
    Voucher,
    Delivery,
    Voucher,
];
/// Activities a year before its distribution (a whole number of rounds of [`KINDS`]).
const PER_YEAR: i64 = 12;
/// Rows of each member or sales import.
const BATCH: i64 = 3;
/// Import files written by the parent, more than the writers ever reach.
const FILES: i64 = 1000;
/// Contributions of the setup, before the writers (the capital the residual pool is split by).
const SETUP_CONTRIBUTIONS: i64 = 3;
/// A distribution plan's states in order.
const PLAN_STATES: [&str; 5] = ["draft", "reviewed", "approved", "posted", "paid"];

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Member `j` of roster `k`: its name and a valid citizen ID of its own (born 1960-01-01 + k days).
fn roster_member(k: i64, j: i64) -> (String, String) {
    let born = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Days::new(k as u64);
    let first = format!("350125{}{:03}", born.format("%Y%m%d"), 500 + j);
    (format!("演练成员{k}-{j}"), format!("{first}{}", citizen_id_check(&first).unwrap()))
}

/// The year of sales file `k`: each year imports `PER_YEAR / KINDS.len()` of them.
fn sales_year(k: i64) -> i32 {
    let per_year = PER_YEAR / KINDS.len() as i64 * KINDS.iter().filter(|a| **a == Sales).count() as i64;
    FIRST_YEAR + (k / per_year) as i32
}

/// Sale `j` of sales file `k`: (date, quantity, price in 分).
fn sales_row(k: i64, j: i64) -> (String, i64, i64) {
    (format!("{}-06-15", sales_year(k)), j + 1, 1200 + (k % 5) * 100 + (k * 7 + j) % 100)
}

fn roster_path(dir: &Path, k: i64) -> std::path::PathBuf {
    dir.join(format!("roster-{k:04}.csv"))
}

fn sales_path(dir: &Path, k: i64) -> std::path::PathBuf {
    dir.join(format!("sales-{k:04}.csv"))
}

/// Where the writers stand, read from the book.
#[derive(Debug)]
struct State {
    year: i32,
    /// The activity of the year due next (`PER_YEAR` and more: the distribution's turn).
    t: i64,
    member_batches: i64,
    sales_batches: i64,
    vouchers: i64,
    deliveries: i64,
    contributions: i64,
}

impl State {
    fn read(conn: &Connection) -> State {
        let paid = count(conn, "SELECT COUNT(*) FROM distribution_plans WHERE status = 'paid'");
        let member_batches = count(conn, "SELECT COUNT(*) FROM members WHERE no > 3") / BATCH;
        let sales_batches = count(conn, "SELECT COUNT(*) FROM sales") / BATCH;
        let vouchers = count(conn, &format!("SELECT COUNT(*) FROM vouchers WHERE summary LIKE '{MARK}%'"));
        let deliveries = count(conn, "SELECT COUNT(*) FROM deliveries");
        let contributions = count(conn, "SELECT COUNT(*) FROM contributions") - SETUP_CONTRIBUTIONS;
        // Each year began when the activities so far were PER_YEAR for every year before it.
        let done = member_batches + sales_batches + vouchers + deliveries + contributions;
        State {
            year: FIRST_YEAR + paid as i32,
            t: done - PER_YEAR * paid,
            member_batches,
            sales_batches,
            vouchers,
            deliveries,
            contributions,
        }
    }
}

/// A step of the writer: one core call, one transaction.
#[derive(Debug)]
enum Step {
    /// A voucher left part way (added, or reviewed, when the last writer was killed) is finished
    /// before anything else: reviewed, then posted.
    Review(i64),
    Post(i64),
    Activity(Activity, State),
    /// The year's distribution from the plan's state (`None`: no plan yet).
    Distribution(i32, Option<String>),
}

impl Step {
    fn kind(&self) -> &'static str {
        match self {
            Step::Review(_) | Step::Post(_) | Step::Activity(Voucher, _) => "posting",
            Step::Activity(Members | Sales, _) => "import",
            Step::Activity(Delivery | Contribution, _) => "document",
            Step::Distribution(..) => "distribution",
        }
    }
}

/// The step due next, from the book alone.
fn next_step(conn: &Connection) -> Step {
    let pending: Option<(i64, String)> = conn
        .query_row(
            &format!(
                "SELECT id, status FROM vouchers WHERE summary LIKE '{MARK}%' AND status != 'posted' \
            ORDER BY id LIMIT 1"
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .unwrap();
    if let Some((id, status)) = pending {
        return if status == "draft" { Step::Review(id) } else { Step::Post(id) };
    }
    let s = State::read(conn);
    if s.t < PER_YEAR {
        return Step::Activity(KINDS[(s.t % KINDS.len() as i64) as usize], s);
    }
    let status = conn
        .query_row("SELECT status FROM distribution_plans WHERE year = ?1", [s.year], |r| r.get(0))
        .optional()
        .unwrap();
    Step::Distribution(s.year, status)
}

/// Takes one step; returns its acknowledgement.
fn take_step(book: &mut Book, dir: &Path, step: Step) -> String {
    match step {
        Step::Review(id) | Step::Post(id) => {
            // The reviewer must not be the preparer.
            book.set_user(CHAIR).unwrap();
            let ack = if matches!(step, Step::Review(_)) {
                assert_eq!(book.review_voucher(id).unwrap().status, "reviewed");
                format!("vreview {id}")
            } else {
                assert_eq!(book.post_voucher(id).unwrap().status, "posted");
                format!("vpost {id}")
            };
            book.set_user(MAKER).unwrap();
            ack
        }
        Step::Activity(kind, s) => {
            let y = s.year;
            match kind {
                Delivery => {
                    let n = s.deliveries;
                    let d = NewDelivery {
                        member: (2 + n % 2).to_string(),
                        product: "香菇".into(),
                        quantity: "10".into(),
                        price: format!("10.{:02}", n % 50),
                        date: format!("{y}-03-01"),
                        ..Default::default()
                    };
                    let row = book.deliver(&d).unwrap();
                    format!("delivery {} {}", row.id, row.voucher_id)
                }
                Members => {
                    let k = s.member_batches;
                    let r = book.import_members(&roster_path(dir, k), false).unwrap();
                    assert!(r.ok && r.imported.len() == BATCH as usize, "{r:?}");
                    format!("members {k}")
                }
                Sales => {
                    let k = s.sales_batches;
                    assert_eq!(sales_year(k), y, "sales file {k}");
                    let r = book.import_sales(&sales_path(dir, k), false).unwrap();
                    assert!(r.ok && r.imported.len() == BATCH as usize, "{r:?}");
                    format!("sales {k}")
                }
                Contribution => {
                    let n = s.contributions;
                    let c = NewContribution {
                        member: (1 + n % 3).to_string(),
                        kind: "cash".into(),
                        date: format!("{y}-02-10"),
                        amount: Some(format!("{}.{:02}", 1 + n % 97, n % 100)),
                        ..Default::default()
                    };
                    let done = book.contribute(&c).unwrap();
                    format!("contribution {} {}", done.id, done.voucher_id.unwrap())
                }
                Voucher => {
                    // Income and expenses by turns; the income is larger, so every year has a surplus.
                    let n = s.vouchers;
                    let v = if n % 2 == 0 {
                        let a = format!("{}.{:02}", 200 + n % 50, n % 100);
                        crate::util::voucher(
                            &format!("{y}-05-10"),
                            &format!("{MARK}{n} 服务收入"),
                            &[&format!("102:{a}:0"), &format!("50101:0:{a}")],
                        )
                    } else {
                        let a = format!("{}.{:02}", 30 + n % 20, n % 100);
                        crate::util::voucher(
                            &format!("{y}-05-20"),
                            &format!("{MARK}{n} 办公费"),
                            &[&format!("523:{a}:0"), &format!("102:0:{a}")],
                        )
                    };
                    let added = book.add_voucher(&v).unwrap();
                    assert_eq!(added.status, "draft");
                    format!("vadd {}", added.id)
                }
            }
        }
        Step::Distribution(y, status) => {
            // The run replays years of work: its clock stands after the year it distributes.
            book.set_today(&format!("{}-01-31", y + 1)).unwrap();
            let now = match status.as_deref() {
                None => book.distribution_plan(y, None, None, false).unwrap().status,
                Some("draft") => {
                    book.approve_branch(y, &format!("{y}-12-26"), &format!("支委会〔{y}〕12号")).unwrap().status
                }
                Some("reviewed") => {
                    book.approve_meeting(y, &format!("{y}-12-30"), &format!("成员大会决议〔{y}〕3号")).unwrap().status
                }
                Some("approved") => {
                    book.post_distribution(y).unwrap();
                    "posted".into()
                }
                Some("posted") => {
                    book.pay_distribution(y, "bank", None, None).unwrap();
                    "paid".into()
                }
                Some(other) => panic!("plan {y} is {other}"),
            };
            format!("dist {y} {now}")
        }
    }
}

/// The writer, when run as the child: one step after another, each acknowledged on stdout once
/// its call has returned (its transaction committed).
#[test]
fn writer_child() {
    let Some(db) = std::env::var_os(CHILD) else { return };
    let db = std::path::PathBuf::from(db);
    let dir = db.parent().unwrap().to_path_buf();
    let mut book = Book::open(&db, MAKER, Mode::Write).unwrap();
    let mut out = std::io::stdout().lock();
    loop {
        let step = next_step(book.conn());
        writeln!(out, "BEGIN {}", step.kind()).unwrap();
        out.flush().unwrap();
        let ack = take_step(&mut book, &dir, step);
        writeln!(out, "ACK {ack}").unwrap();
        out.flush().unwrap();
    }
}

/// What the writers acknowledged, by kind.
#[derive(Default)]
struct Acked {
    contributions: Vec<(i64, i64)>,
    deliveries: Vec<(i64, i64)>,
    member_batches: Vec<i64>,
    sales_batches: Vec<i64>,
    added: Vec<i64>,
    reviewed: Vec<i64>,
    posted: Vec<i64>,
    /// (year, index in PLAN_STATES)
    plan_steps: Vec<(i32, usize)>,
}

impl Acked {
    fn take(&mut self, line: &str) {
        let mut p = line.split(' ');
        let kind = p.next().unwrap();
        let mut n = || p.next().unwrap().parse::<i64>().unwrap();
        match kind {
            "contribution" => self.contributions.push((n(), n())),
            "delivery" => self.deliveries.push((n(), n())),
            "members" => self.member_batches.push(n()),
            "sales" => self.sales_batches.push(n()),
            "vadd" => self.added.push(n()),
            "vreview" => self.reviewed.push(n()),
            "vpost" => self.posted.push(n()),
            "dist" => {
                let year = n() as i32;
                let state = p.next().unwrap();
                self.plan_steps.push((year, PLAN_STATES.iter().position(|s| *s == state).unwrap()));
            }
            other => panic!("unknown acknowledgement {other}"),
        }
    }

    fn total(&self) -> usize {
        self.contributions.len()
            + self.deliveries.len()
            + self.member_batches.len()
            + self.sales_batches.len()
            + self.added.len()
            + self.reviewed.len()
            + self.posted.len()
            + self.plan_steps.len()
    }
}

/// Checks the book after a kill against what was acknowledged before it; returns the number of
/// steps the book holds (each acknowledged or not).
fn check(db: &Path, acked: &Acked, run: usize) -> usize {
    let book = Book::open(db, "监事", Mode::Write).unwrap_or_else(|e| panic!("run {run}: the book does not open: {e}"));
    let ok: String = book.conn().pragma_query_value(None, "integrity_check", |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok", "run {run}");
    let v = book.verify().unwrap();
    assert!(v.ok, "run {run}: {:?}", v.problems);
    let conn = book.conn();
    let q = |sql: &str| count(conn, sql);
    // The newest automatic backup (an import's, perhaps taken as the kill came) is a whole book.
    if let Some(b) = book.backups().unwrap().first() {
        let c = Connection::open_with_flags(&b.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let ok: String = c.pragma_query_value(None, "integrity_check", |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok", "run {run}: backup {}", b.path);
    }

    // Nothing half there: every voucher has lines that balance; every document its posted voucher.
    let unbalanced = q("SELECT COUNT(*) FROM vouchers v WHERE NOT EXISTS (SELECT 1 FROM voucher_lines l WHERE \
        l.voucher_id = v.id)
                        OR (SELECT SUM(debit_fen) - SUM(credit_fen) FROM voucher_lines l WHERE l.voucher_id = v.id) \
                            != 0");
    assert_eq!(unbalanced, 0, "run {run}: vouchers without lines or not balancing");
    for table in ["contributions", "deliveries", "sales"] {
        let orphans = q(&format!(
            "SELECT COUNT(*) FROM {table} d LEFT JOIN vouchers v ON v.id = d.voucher_id WHERE \
            v.id IS NULL OR v.status != 'posted'"
        ));
        assert_eq!(orphans, 0, "run {run}: {table} without a posted voucher");
    }
    let tb = book.trial_balance("2025-01-01", "2999-12-31").unwrap();
    assert!(
        tb.totals.balanced && tb.totals.debit == tb.totals.credit,
        "run {run}: the trial balance does not balance: {:?}",
        tb.totals
    );

    // Imports: whole batches only, each exactly the file's rows, every acknowledged one there.
    let members: Vec<(String, String)> = conn
        .prepare("SELECT name, id_card FROM members WHERE no > 3 ORDER BY no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(members.len() as i64 % BATCH, 0, "run {run}: a member import is half there ({} members)", members.len());
    for (i, m) in members.iter().enumerate() {
        let i = i as i64;
        assert_eq!(*m, roster_member(i / BATCH, i % BATCH), "run {run}: member {} is not the roster's", i + 4);
    }
    let member_batches = members.len() as i64 / BATCH;
    if let Some(k) = acked.member_batches.iter().max() {
        assert!(
            *k < member_batches,
            "run {run}: roster {k} was acknowledged and is not all there ({member_batches} rosters)"
        );
    }
    let sales: Vec<(String, String, i64)> = conn
        .prepare("SELECT date, quantity, amount_fen FROM sales ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sales.len() as i64 % BATCH, 0, "run {run}: a sales import is half there ({} sales)", sales.len());
    for (i, s) in sales.iter().enumerate() {
        let i = i as i64;
        let (date, qty, price) = sales_row(i / BATCH, i % BATCH);
        assert_eq!(*s, (date, qty.to_string(), qty * price), "run {run}: sale {i} is not the file's");
    }
    let sales_batches = sales.len() as i64 / BATCH;
    if let Some(k) = acked.sales_batches.iter().max() {
        assert!(
            *k < sales_batches,
            "run {run}: sales file {k} was acknowledged and is not all there ({sales_batches} files)"
        );
    }

    // Documents and vouchers acknowledged are there, in at least the state acknowledged.
    for (table, list) in [("contributions", &acked.contributions), ("deliveries", &acked.deliveries)] {
        for (id, v) in list {
            let found: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM {table} WHERE id = ?1 AND voucher_id = ?2"), [id, v], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(found, 1, "run {run}: {table} {id} was acknowledged and is gone");
        }
    }
    let status = |id: i64| -> Option<String> {
        conn.query_row("SELECT status FROM vouchers WHERE id = ?1", [id], |r| r.get(0)).optional().unwrap()
    };
    for id in &acked.added {
        assert!(status(*id).is_some(), "run {run}: voucher {id} was acknowledged and is gone");
    }
    for id in &acked.reviewed {
        assert!(
            matches!(status(*id).as_deref(), Some("reviewed" | "posted")),
            "run {run}: voucher {id} was acknowledged reviewed and is {:?}",
            status(*id)
        );
    }
    for id in &acked.posted {
        assert_eq!(status(*id).as_deref(), Some("posted"), "run {run}: voucher {id} was acknowledged posted");
    }
    let open = q(&format!("SELECT COUNT(*) FROM vouchers WHERE summary LIKE '{MARK}%' AND status != 'posted'"));
    assert!(open <= 1, "run {run}: {open} of the writers' vouchers are not posted");

    // Distribution: the years in order, each plan in a legal state with all its lines, the
    // vouchers its state says, posted; every acknowledged step there.
    type PlanRow = (i32, String, i64, i64, i64, Option<i64>, Option<i64>);
    let plans: Vec<PlanRow> = conn
        .prepare(
            "SELECT year, status, reserve_fen, patronage_fen, residual_fen, post_voucher_id, pay_voucher_id FROM \
            distribution_plans ORDER BY year",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut reached = BTreeMap::new();
    for (i, (year, st, reserve, patronage, residual, post, pay)) in plans.iter().enumerate() {
        assert_eq!(*year, FIRST_YEAR + i as i32, "run {run}: plans {plans:?}");
        let rank = PLAN_STATES.iter().position(|s| s == st).unwrap_or_else(|| panic!("run {run}: plan {year} is {st}"));
        assert!(i + 1 == plans.len() || rank == 4, "run {run}: plan {year} is {st} and a later year has one");
        reached.insert(*year, rank);
        let sums: (i64, i64, i64, i64) = conn
            .query_row(
                "SELECT COUNT(*), SUM(reserve_fen), SUM(patronage_fen), SUM(residual_fen) FROM \
                distribution_lines WHERE year = ?1",
                [year],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert!(
            sums.0 >= 3 && (sums.1, sums.2, sums.3) == (*reserve, *patronage, *residual),
            "run {run}: plan {year}'s lines {sums:?}"
        );
        assert!(*patronage > 0 && *residual > 0, "run {run}: plan {year} distributes nothing");
        assert_eq!(post.is_some(), rank >= 3, "run {run}: plan {year} is {st} with posting voucher {post:?}");
        assert_eq!(pay.is_some(), rank == 4, "run {run}: plan {year} is {st} with payment voucher {pay:?}");
        for v in post.iter().chain(pay) {
            assert_eq!(status(*v).as_deref(), Some("posted"), "run {run}: plan {year}'s voucher {v}");
        }
        let paid = q(&format!(
            "SELECT COUNT(*) FROM distribution_lines l JOIN vouchers v ON v.id = l.pay_voucher_id \
            AND v.status = 'posted' WHERE l.year = {year}"
        ));
        let due = q(&format!(
            "SELECT COUNT(*) FROM distribution_lines WHERE year = {year} AND patronage_fen + residual_fen > 0"
        ));
        let with_pay =
            q(&format!("SELECT COUNT(*) FROM distribution_lines WHERE year = {year} AND pay_voucher_id IS NOT NULL"));
        assert_eq!(
            (paid, with_pay),
            if rank == 4 { (due, due) } else { (0, 0) },
            "run {run}: plan {year} is {st}: {paid} of {due} lines paid"
        );
    }
    for (year, rank) in &acked.plan_steps {
        let now = reached.get(year).copied();
        assert!(
            now.is_some_and(|r| r >= *rank),
            "run {run}: plan {year} was acknowledged {} and is {now:?}",
            PLAN_STATES[*rank]
        );
    }

    // The steps the book holds: every acknowledged one, and at most one more a kill.
    let writers_vouchers =
        |filter: &str| q(&format!("SELECT COUNT(*) FROM vouchers WHERE summary LIKE '{MARK}%' {filter}"));
    let steps = q("SELECT COUNT(*) FROM contributions") - SETUP_CONTRIBUTIONS
        + q("SELECT COUNT(*) FROM deliveries")
        + member_batches
        + sales_batches
        + writers_vouchers("")
        + writers_vouchers("AND status IN ('reviewed', 'posted')")
        + writers_vouchers("AND status = 'posted'")
        + reached.values().map(|r| *r as i64 + 1).sum::<i64>();
    steps as usize
}

#[test]
fn killed_writers_leave_a_sound_book() {
    let s = Scratch::with_members();
    {
        let mut b = s.book(MAKER);
        b.add_product(&NewProduct { name: "香菇".into(), unit: "斤".into(), ..Default::default() }).unwrap();
        b.add_buyer(&NewBuyer { name: "永辉超市".into(), channel: "supermarket".into(), member: None }).unwrap();
        for (m, amt) in [("1", "60000"), ("2", "30000"), ("3", "10000")] {
            b.contribute(&NewContribution {
                member: m.into(),
                kind: "cash".into(),
                date: "2025-01-05".into(),
                amount: Some(amt.into()),
                ..Default::default()
            })
            .unwrap();
        }
    }
    // The import files, once: each roster and each sales file has BATCH rows of its own.
    let dir = s.dir.path();
    for k in 0..FILES {
        let mut roster = String::from("姓名,身份证号码,成员类型,入社日期\n");
        let mut sales = String::from("日期,产品,数量,单价,客户,收款方式\n");
        for j in 0..BATCH {
            let (name, id) = roster_member(k, j);
            roster += &format!("{name},{id},农民,2025-01-01\n");
            let (date, qty, price) = sales_row(k, j);
            sales += &format!("{date},香菇,{qty},{}.{:02},永辉超市,银行\n", price / 100, price % 100);
        }
        std::fs::write(roster_path(dir, k), roster).unwrap();
        std::fs::write(sales_path(dir, k), sales).unwrap();
    }

    let exe = std::env::current_exe().unwrap();
    let runs = 200;
    let (mut acked, mut kills, mut steps) = (Acked::default(), 0, 0);
    // Kills by the kind of step they interrupted: (kills, of which the step had committed).
    let mut killed_in: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut seed: u64 = 0x5EED_C00B;
    let started = Instant::now();
    for run in 0..runs {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let wait = Duration::from_millis(20 + (seed >> 33) % 180);
        let mut child = Command::new(&exe)
            .args(["--exact", "crash::writer_child", "--nocapture", "--test-threads", "1"])
            .env(CHILD, &s.db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader =
            std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).collect::<Vec<_>>());
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        kills += 1;
        // The step begun and not acknowledged when the kill came, if any.
        let mut in_flight = None;
        let before = acked.total();
        for line in reader.join().unwrap() {
            // libtest's own "test … ... " may precede the first line of the writer's.
            if let Some(i) = line.find("ACK ") {
                acked.take(&line[i + 4..]);
                in_flight = None;
            } else if let Some(i) = line.find("BEGIN ") {
                in_flight = Some(line[i + 6..].to_string());
            }
        }
        let was = steps;
        steps = check(&s.db, &acked, run);
        assert!(
            steps >= acked.total() && steps <= acked.total() + kills,
            "run {run}: {steps} steps in the book, {} acknowledged, {kills} kills",
            acked.total()
        );
        // The step in flight committed or not; nothing else happened unacknowledged.
        let unacked = steps - was - (acked.total() - before);
        assert!(
            unacked == 0 || (unacked == 1 && in_flight.is_some()),
            "run {run}: {unacked} steps committed without acknowledgement, in flight {in_flight:?}"
        );
        let e = killed_in
            .entry(in_flight.unwrap_or_else(|| "no step (between steps or starting)".into()))
            .or_insert((0, 0));
        e.0 += 1;
        e.1 += unacked;
    }
    let a = &acked;
    let years = a.plan_steps.iter().filter(|(_, r)| *r == 4).count();
    eprintln!(
        "crash harness: {runs} runs, {kills} kills, {} steps acknowledged ({} member imports, {} sales imports, {} \
            deliveries, {} contributions, {} vouchers added, {} reviewed, {} posted, {} distribution steps, {years} \
                years paid out), {steps} in the book, 0 failures, {:.1} s",
        a.total(),
        a.member_batches.len(),
        a.sales_batches.len(),
        a.deliveries.len(),
        a.contributions.len(),
        a.added.len(),
        a.reviewed.len(),
        a.posted.len(),
        a.plan_steps.len(),
        started.elapsed().as_secs_f64()
    );
    // A backup killed part way leaves its temporary file behind (never listed as a backup).
    let partial: Vec<u64> = std::fs::read_dir(coopbook::store::backup::dir_of(&s.db))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .map(|e| e.metadata().unwrap().len())
        .collect();
    eprintln!(
        "crash harness: {} backups listed; {} partial backup files (.tmp, {} KiB) left in the backup folder; the book \
            is {} KiB",
        Book::open(&s.db, "监事", Mode::Read).unwrap().backups().unwrap().len(),
        partial.len(),
        partial.iter().sum::<u64>() / 1024,
        std::fs::metadata(&s.db).unwrap().len() / 1024
    );
    let during: Vec<String> =
        killed_in.iter().map(|(k, (n, c))| format!("{k} {n} ({c} committed unacknowledged)")).collect();
    eprintln!("crash harness: kills during: {}", during.join(", "));
    assert!(a.total() > runs, "the writer barely wrote: {}", a.total());
    // Every kind of step was acknowledged, and so killed around, many times.
    for (what, n) in [
        ("member imports", a.member_batches.len()),
        ("sales imports", a.sales_batches.len()),
        ("postings", a.posted.len()),
        ("distribution steps", a.plan_steps.len()),
    ] {
        assert!(n >= 20, "only {n} {what} acknowledged");
    }
    let last = a.member_batches.iter().chain(&a.sales_batches).max().copied().unwrap_or(0);
    assert!(last + 1 < FILES, "the writers used every import file");
}
