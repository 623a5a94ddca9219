//! 会农社03 成员权益变动表: how each equity account moved over the year.

use super::balance_sheet::{balance_sheet, Balances, TOTAL_EQUITY};
use super::form::{check, check_year, coop_name, row, Statement, StatementBlock, StatementCheck, StatementRow};
use super::surplus_statement::surplus_figures;
use crate::base::date::year_end;
use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::yearend::surplus::closing_vouchers;
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// The lines of one voucher as (top-level code, debit, credit, the line's account name and summary),
/// by voucher id.
type LinesByVoucher = HashMap<i64, Vec<(String, i64, i64, String)>>;

/// Posted lines of `year` for the vouchers that touch an equity account; year-close vouchers left
/// out.
pub(crate) fn equity_lines(conn: &Connection, year: i32) -> Result<LinesByVoucher> {
    let closing = closing_vouchers(conn, year)?;
    let (from, to) = (format!("{year:04}-01-01"), year_end(year));
    let mut st = conn.prepare_cached(
        "SELECT l.voucher_id, substr(a.code, 1, 3), l.debit_fen, l.credit_fen, a.name || ' ' || l.summary || ' ' || \
            v.summary FROM voucher_lines l
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
            out.entry(v).or_default().push((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
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
    /// (column, 其中 item) → amount, for 会农社03.
    pub(crate) increase: HashMap<(&'static str, &'static str), i64>,
    pub(crate) decrease: HashMap<(&'static str, &'static str), i64>,
}

/// What is not one of the form's 其中 items: shown (only when it is not nil) so the columns still add up.
const OTHER: &str = "其他";

pub(crate) fn analyse(vouchers: &LinesByVoucher) -> EquityMoves {
    let mut m = EquityMoves::default();
    for lines in vouchers.values() {
        let has = |code: &str, debit: bool| {
            lines.iter().any(|(c, d, cr, _)| c == code && if debit { *d != 0 } else { *cr != 0 })
        };
        let distributes = has("332", true);
        let carries = lines.iter().any(|(c, _, _, _)| c == "331");
        let mut dist_credits = 0;
        for (code, d, c, what) in lines {
            if distributes && matches!(code.as_str(), "322" | "221" | "222" | "301") {
                dist_credits += c;
                match code.as_str() {
                    "322" => m.reserve += c,
                    "221" => m.patronage += c,
                    "301" => m.to_shares += c,
                    _ => m.residual += c,
                }
            }
            // The 其中 items of 会农社03 (财会〔2021〕37号 附录), column by column.
            let (inc, dec): (&'static str, &'static str) = match code.as_str() {
                "301" => (
                    if has("321", true) {
                        "资本公积转增"
                    } else if has("322", true) {
                        "盈余公积转增"
                    } else {
                        "成员增加出资"
                    },
                    "成员减少出资",
                ),
                "311" => (
                    if what.contains("捐赠") {
                        "接受他人捐赠形成"
                    } else {
                        "接受国家财政直接补助形成"
                    },
                    OTHER,
                ),
                "321" => (
                    if has("301", false) { "股金溢价" } else { "资产评估增值" },
                    if has("301", false) {
                        "转为成员出资"
                    } else if has("332", false) {
                        "弥补亏损"
                    } else {
                        OTHER
                    },
                ),
                "322" => (
                    if distributes { "从盈余中提取" } else { OTHER },
                    if has("301", false) { "转为成员出资" } else { OTHER },
                ),
                _ => continue,
            };
            if *c != 0 {
                *m.increase.entry((column(code), inc)).or_default() += c;
            }
            if *d != 0 {
                *m.decrease.entry((column(code), dec)).or_default() += d;
            }
        }
        if !carries {
            let net_332: i64 = lines.iter().filter(|(c, _, _, _)| c == "332").map(|(_, d, c, _)| c - d).sum();
            m.other_to_332 += net_332 + dist_credits;
        }
    }
    m
}

fn column(code: &str) -> &'static str {
    match code {
        "301" => "301",
        "311" => "311",
        "321" => "321",
        _ => "322",
    }
}

const U: &str = "undistributed";
const EQUITY_COLUMNS: &[&str] = &["301", "311", "321", "322", U];

/// The 其中 items of 会农社03 of 财会〔2021〕37号 (附录), as (column, item), in the form's order: the
/// increases …
const INCREASES: &[(&str, &str)] = &[
    ("301", "资本公积转增"),
    ("301", "盈余公积转增"),
    ("301", "成员增加出资"),
    ("311", "接受国家财政直接补助形成"),
    ("311", "接受他人捐赠形成"),
    ("321", "股金溢价"),
    ("321", "资产评估增值"),
    ("322", "从盈余中提取"),
    (U, "本年盈余"),
    (U, "其他转入"),
];

/// … and the decreases.
const DECREASES: &[(&str, &str)] = &[
    ("301", "成员减少出资"),
    ("321", "转为成员出资"),
    ("321", "弥补亏损"),
    ("322", "转为成员出资"),
    (U, "提取盈余公积"),
    (U, "盈余返还"),
    (U, "剩余盈余分配"),
    (U, "转为成员出资"),
];

/// The column names of 会农社03, by column key.
const NAMES: &[&str] = &["股金", "专项基金", "资本公积", "盈余公积", "未分配盈余"];

/// 会农社03 成员权益变动表 for `year` as 财会〔2021〕37号 lays it out (no 行次): 年初余额, 本年增加数 and
/// its 其中 items column by column, 本年减少数 and its items, 年末余额, over 股金, 专项基金, 资本公积,
/// 盈余公积, 未分配盈余 and 合计. A movement none of the form's items names shows as 其中：其他 under
/// its column (only when it is not nil), so every column adds up.
pub fn equity_changes(conn: &Connection, year: i32) -> Result<Statement> {
    check_year(year)?;
    let chart = Chart::load(conn)?;
    let start = Balances::at(conn, &chart, &year_end(year - 1))?;
    let end = Balances::at(conn, &chart, &year_end(year))?;
    let s = surplus_figures(conn, &chart, year)?;
    let mut moves = analyse(&equity_lines(conn, year)?);
    // The 未分配盈余 column comes from 02: 本年盈余 (a loss with "-", as the form's instructions
    // say), 其他转入, and the distribution's lines 15, 17, 18 and 19.
    moves.increase.insert((U, "本年盈余"), s.lines[&12]);
    moves.increase.insert((U, "其他转入"), s.lines[&14]);
    moves.decrease.insert((U, "提取盈余公积"), s.lines[&15]);
    moves.decrease.insert((U, "盈余返还"), s.lines[&17]);
    moves.decrease.insert((U, "剩余盈余分配"), s.lines[&18]);
    moves.decrease.insert((U, "转为成员出资"), s.lines[&19]);
    let bal = |b: &Balances, col: &str| if col == U { b.undistributed() } else { b.cr(&[col]) };
    let with_total = |v: Vec<i64>| -> Vec<Option<Money>> {
        let t: i64 = v.iter().sum();
        v.into_iter().chain(std::iter::once(t)).map(|x| Some(Money(x))).collect()
    };
    let opening: Vec<i64> = EQUITY_COLUMNS.iter().map(|c| bal(&start, c)).collect();
    let closing_ledger: Vec<i64> = EQUITY_COLUMNS.iter().map(|c| bal(&end, c)).collect();
    let by_column = |map: &HashMap<(&'static str, &'static str), i64>| -> Vec<i64> {
        EQUITY_COLUMNS.iter().map(|col| map.iter().filter(|((c, _), _)| c == col).map(|(_, v)| v).sum()).collect()
    };
    let inc = by_column(&moves.increase);
    let dec = by_column(&moves.decrease);
    let closing: Vec<i64> = (0..EQUITY_COLUMNS.len()).map(|i| opening[i] + inc[i] - dec[i]).collect();
    // A 其中 item: its amount in its own column (empty elsewhere) and in 合计.
    let item = |col: &str, name: &str, amount: i64| -> StatementRow {
        let mut values: Vec<Option<Money>> =
            EQUITY_COLUMNS.iter().map(|c| (*c == col).then_some(Money(amount))).collect();
        values.push(Some(Money(amount)));
        let i = EQUITY_COLUMNS.iter().position(|c| *c == col).unwrap_or(0);
        row(None, &format!("其中：{name}"), 2, "item", NAMES[i], values)
    };
    let items = |list: &[(&str, &str)], map: &HashMap<(&'static str, &'static str), i64>| -> Vec<StatementRow> {
        let mut out: Vec<StatementRow> =
            list.iter().map(|(col, name)| item(col, name, map.get(&(*col, *name)).copied().unwrap_or(0))).collect();
        for col in EQUITY_COLUMNS {
            let other = map.get(&(*col, OTHER)).copied().unwrap_or(0);
            if other != 0 {
                out.push(item(col, OTHER, other));
            }
        }
        out
    };
    let mut rows = vec![row(
        None,
        "年初余额",
        0,
        "total",
        "上年末 301、311、321、322；331+332+尚未结转的损益",
        with_total(opening),
    )];
    rows.push(row(None, "本年增加数", 0, "total", "各项增加之和", with_total(inc)));
    rows.extend(items(INCREASES, &moves.increase));
    rows.push(row(None, "本年减少数", 0, "total", "各项减少之和", with_total(dec)));
    rows.extend(items(DECREASES, &moves.decrease));
    rows.push(row(None, "年末余额", 0, "total", "年初余额+本年增加数−本年减少数", with_total(closing.clone())));
    let mut checks: Vec<StatementCheck> = (0..EQUITY_COLUMNS.len())
        .map(|i| {
            check(
                &format!("equity-{}", EQUITY_COLUMNS[i]),
                &format!("{}：年初余额+本年增加−本年减少 = 年末账面余额", NAMES[i]),
                &format!("{}: opening + increases − decreases = the ledger's closing balance", NAMES[i]),
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
        columns: NAMES.iter().map(|s| s.to_string()).chain(std::iter::once("合计".to_string())).collect(),
        blocks: vec![StatementBlock { title: String::new(), rows }],
        side_by_side: false,
        ok: checks.iter().all(|c| c.ok),
        checks,
    })
}
