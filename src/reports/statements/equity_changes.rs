//! 会农社03 成员权益变动表: how each equity account moved over the year.

use super::balance_sheet::{balance_sheet, Balances, TOTAL_EQUITY};
use super::form::{check, check_year, coop_name, row, Statement, StatementBlock, StatementCheck};
use super::surplus_statement::surplus_figures;
use crate::base::date::year_end;
use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::yearend::surplus::closing_vouchers;
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// The lines of one voucher as (top-level code, debit, credit), by voucher id.
type LinesByVoucher = HashMap<i64, Vec<(String, i64, i64)>>;

/// Posted lines of `year` for the vouchers that touch an equity account; year-close vouchers left
/// out.
pub(crate) fn equity_lines(conn: &Connection, year: i32) -> Result<LinesByVoucher> {
    let closing = closing_vouchers(conn, year)?;
    let (from, to) = (format!("{year:04}-01-01"), year_end(year));
    let mut st = conn.prepare_cached(
        "SELECT l.voucher_id, substr(a.code, 1, 3), l.debit_fen, l.credit_fen FROM voucher_lines l
         JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.id = l.account_id
         WHERE v.status = 'posted' AND l.date BETWEEN ?1 AND ?2 AND l.voucher_id IN (
            SELECT l2.voucher_id FROM voucher_lines l2 JOIN accounts a2 ON a2.id = l2.account_id
            WHERE l2.date BETWEEN ?1 AND ?2 AND substr(a2.code, 1, 3) IN ('301', '311', '321', '322', '331', '332'))
         ORDER BY l.voucher_id, l.line_no",
    )?;
    let mut out: LinesByVoucher = HashMap::new();
    let mut rows = st.query(params![from, to])?;
    while let Some(r) = rows.next()? {
        let v: i64 = r.get(0)?;
        if !closing.contains(&v) {
            out.entry(v).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
    }
    Ok(out)
}

/// The year's equity movements, analysed by the voucher they came from.
#[derive(Default)]
pub(crate) struct EquityMoves {
    /// Credits to 322 / 221 / 222 in vouchers that debit 332 (the distribution).
    pub(crate) reserve: i64,
    pub(crate) patronage: i64,
    pub(crate) residual: i64,
    /// Credits to 301 in vouchers that debit 332 (surplus converted straight into shares).
    pub(crate) to_shares: i64,
    /// Net credits to 332 in vouchers that neither carry 331 nor distribute (e.g. 盈余公积弥补亏损),
    /// i.e. 332's movement not explained by the surplus or the distribution.
    pub(crate) other_to_332: i64,
    /// (column, category) → amount, for 会农社03.
    pub(crate) increase: HashMap<(&'static str, &'static str), i64>,
    pub(crate) decrease: HashMap<(&'static str, &'static str), i64>,
}

pub(crate) fn analyse(vouchers: &LinesByVoucher) -> EquityMoves {
    let mut m = EquityMoves::default();
    for lines in vouchers.values() {
        let has = |code: &str, debit: bool| {
            lines.iter().any(|(c, d, cr)| c == code && if debit { *d != 0 } else { *cr != 0 })
        };
        let distributes = has("332", true);
        let carries = lines.iter().any(|(c, _, _)| c == "331");
        let mut dist_credits = 0;
        for (code, d, c) in lines {
            match code.as_str() {
                "322" | "221" | "222" | "301" if distributes => {
                    dist_credits += c;
                    match code.as_str() {
                        "322" => m.reserve += c,
                        "221" => m.patronage += c,
                        "301" => m.to_shares += c,
                        _ => m.residual += c,
                    }
                }
                _ => {}
            }
            let (inc, dec): (&'static str, &'static str) = match code.as_str() {
                "301" => (
                    if distributes || has("221", true) || has("222", true) {
                        "盈余返还转为出资"
                    } else if has("321", true) {
                        "资本公积转增"
                    } else if has("322", true) {
                        "盈余公积转增"
                    } else {
                        "成员出资"
                    },
                    "发还成员出资",
                ),
                "311" => ("国家财政补助及捐赠", "其他减少"),
                "321" => ("股金溢价及资产评估增值", if has("301", false) { "转增股金" } else { "其他减少" }),
                "322" => (
                    if distributes { "从盈余中提取" } else { "其他增加" },
                    if has("301", false) {
                        "转增股金"
                    } else if has("332", false) {
                        "弥补亏损"
                    } else {
                        "其他减少"
                    },
                ),
                _ => continue,
            };
            let col: &'static str = match code.as_str() {
                "301" => "301",
                "311" => "311",
                "321" => "321",
                _ => "322",
            };
            if *c != 0 {
                *m.increase.entry((col, inc)).or_default() += c;
            }
            if *d != 0 {
                *m.decrease.entry((col, dec)).or_default() += d;
            }
        }
        if !carries {
            let net_332: i64 = lines.iter().filter(|(c, _, _)| c == "332").map(|(_, d, c)| c - d).sum();
            m.other_to_332 += net_332 + dist_credits;
        }
    }
    m
}

const EQUITY_INCREASE: &[&str] = &[
    "成员出资",
    "盈余返还转为出资",
    "资本公积转增",
    "盈余公积转增",
    "国家财政补助及捐赠",
    "股金溢价及资产评估增值",
    "从盈余中提取",
    "本年盈余",
    "其他增加",
];

const EQUITY_DECREASE: &[&str] = &[
    "发还成员出资",
    "转增股金",
    "弥补亏损",
    "提取盈余公积",
    "盈余返还",
    "剩余盈余分配",
    "转为成员出资",
    "本年亏损",
    "其他减少",
];

const EQUITY_COLUMNS: &[&str] = &["301", "311", "321", "322", "undistributed"];

/// 会农社03 成员权益变动表 for `year`: 股金, 专项基金, 资本公积, 盈余公积, 未分配盈余 and the total.
pub fn equity_changes(conn: &Connection, year: i32) -> Result<Statement> {
    check_year(year)?;
    let chart = Chart::load(conn)?;
    let start = Balances::at(conn, &chart, &year_end(year - 1))?;
    let end = Balances::at(conn, &chart, &year_end(year))?;
    let s = surplus_figures(conn, &chart, year)?;
    let mut moves = analyse(&equity_lines(conn, year)?);
    // The 未分配盈余 column comes from 02: the surplus (or loss), other transfers, the distribution.
    let u = "undistributed";
    let surplus = s.lines[&12];
    *moves.increase.entry((u, "本年盈余")).or_default() += surplus.max(0);
    *moves.decrease.entry((u, "本年亏损")).or_default() += (-surplus).max(0);
    let other = s.lines[&14];
    *moves.increase.entry((u, "其他增加")).or_default() += other.max(0);
    *moves.decrease.entry((u, "其他减少")).or_default() += (-other).max(0);
    *moves.decrease.entry((u, "提取盈余公积")).or_default() += s.lines[&15];
    *moves.decrease.entry((u, "盈余返还")).or_default() += s.lines[&17];
    *moves.decrease.entry((u, "剩余盈余分配")).or_default() += s.lines[&18];
    *moves.decrease.entry((u, "转为成员出资")).or_default() += s.lines[&19];
    let bal = |b: &Balances, col: &str| if col == u { b.undistributed() } else { b.cr(&[col]) };
    let with_total = |v: Vec<i64>| -> Vec<Option<Money>> {
        let t: i64 = v.iter().sum();
        v.into_iter().chain(std::iter::once(t)).map(|x| Some(Money(x))).collect()
    };
    let opening: Vec<i64> = EQUITY_COLUMNS.iter().map(|c| bal(&start, c)).collect();
    let closing_ledger: Vec<i64> = EQUITY_COLUMNS.iter().map(|c| bal(&end, c)).collect();
    let sum_of = |map: &HashMap<(&'static str, &'static str), i64>, cats: &[&str]| -> Vec<i64> {
        EQUITY_COLUMNS
            .iter()
            .map(|col| cats.iter().map(|cat| map.get(&(*col, *cat)).copied().unwrap_or(0)).sum())
            .collect()
    };
    let inc = sum_of(&moves.increase, EQUITY_INCREASE);
    let dec = sum_of(&moves.decrease, EQUITY_DECREASE);
    let closing: Vec<i64> = (0..EQUITY_COLUMNS.len()).map(|i| opening[i] + inc[i] - dec[i]).collect();
    let mut rows = vec![row(
        Some(1),
        "一、年初余额",
        0,
        "total",
        "上年末 301、311、321、322；331+332+尚未结转的损益",
        with_total(opening.clone()),
    )];
    rows.push(row(Some(2), "二、本年增加数", 0, "total", "各项增加之和", with_total(inc.clone())));
    let mut line = 3;
    let detail = |map: &HashMap<(&'static str, &'static str), i64>, cat: &str| -> Vec<Option<Money>> {
        let v: Vec<i64> = EQUITY_COLUMNS.iter().map(|col| map.get(&(*col, cat)).copied().unwrap_or(0)).collect();
        let t: i64 = v.iter().sum();
        v.into_iter().map(|x| (x != 0).then_some(Money(x))).chain(std::iter::once(Some(Money(t)))).collect()
    };
    for cat in EQUITY_INCREASE {
        rows.push(row(Some(line), &format!("其中：{cat}"), 2, "item", "", detail(&moves.increase, cat)));
        line += 1;
    }
    rows.push(row(Some(line), "三、本年减少数", 0, "total", "各项减少之和", with_total(dec.clone())));
    line += 1;
    for cat in EQUITY_DECREASE {
        rows.push(row(Some(line), &format!("其中：{cat}"), 2, "item", "", detail(&moves.decrease, cat)));
        line += 1;
    }
    rows.push(row(Some(line), "四、年末余额", 0, "total", "一+二−三", with_total(closing.clone())));
    let names = ["股金", "专项基金", "资本公积", "盈余公积", "未分配盈余"];
    let mut checks: Vec<StatementCheck> = (0..EQUITY_COLUMNS.len())
        .map(|i| {
            check(
                &format!("equity-{}", EQUITY_COLUMNS[i]),
                &format!("{}：年初余额+本年增加−本年减少 = 年末账面余额", names[i]),
                &format!("{}: opening + increases − decreases = the ledger's closing balance", names[i]),
                Money(closing[i]),
                Money(closing_ledger[i]),
            )
        })
        .collect();
    let bs = balance_sheet(conn, year, 12)?;
    let equity_total =
        bs.blocks[1].rows.iter().find(|r| r.line == Some(TOTAL_EQUITY)).and_then(|r| r.values[0]).unwrap_or_default();
    checks.push(check(
        "equity-balance-sheet",
        "年末余额合计 = 资产负债表所有者权益合计（行41）",
        "total equity at year end = the balance sheet's line 41",
        Money(closing.iter().sum()),
        equity_total,
    ));
    Ok(Statement {
        kind: "equity-changes".into(),
        form: "会农社03表".into(),
        title: "成员权益变动表".into(),
        coop: coop_name(conn)?,
        period: format!("{year}年度"),
        year,
        date: year_end(year),
        columns: names.iter().map(|s| s.to_string()).chain(std::iter::once("合计".to_string())).collect(),
        blocks: vec![StatementBlock { title: String::new(), rows }],
        side_by_side: false,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}
