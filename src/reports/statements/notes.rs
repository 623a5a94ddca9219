//! 会计报表附注 (财会〔2021〕37号 第五十八条): the notes printed with the statements, made from the
//! book — 基本情况 (股金总额, 成员总数, 农民成员数及比例), 成员权益结构 (each member's 出资额 and 公积金
//! 份额, who joined and who left), 与成员和非成员的交易量（额）, 提取盈余公积的比例, 盈余分配方案 with its
//! approvals, 国家财政支持 received, the assets measured at 名义金额 (人民币 1 元) — and the matters
//! only a person knows (未决诉讼 …), which the accountant writes and the book keeps by year
//! ([`Book::set_note`]). A statement like the others, so the screen, the PDF, the Excel copy and the
//! township's replica show the same notes.

use super::form::{check_year, coop_name, heading, row, Statement, StatementBlock, StatementRow};
use crate::base::date::year_end;
use crate::base::error::{Error, Result};
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection};
use serde::Serialize;

/// The notes the accountant writes (key, title, English): the matters of 第五十八条 and its 编制说明
/// the book cannot know, in the order they are printed.
pub const NOTE_KEYS: &[(&str, &str, &str)] = &[
    ("business", "主要服务对象、主要经营项目", "main members served and lines of business"),
    ("officers", "理事长、理事、执行监事、监事会名单及变动情况", "chairman, directors, supervisors and changes"),
    ("items", "会计报表重要项目的进一步说明", "further notes on important items of the statements"),
    ("losses", "已发生损失但尚未批准核销的资产说明", "losses incurred but not yet approved for write-off"),
    ("nominal", "以名义金额计量的理由", "why assets are measured at a nominal amount"),
    (
        "other",
        "其他重要事项（如经营项目变更、重大财产处理、举债、投资、担保、接受捐赠）",
        "other important matters (change of business, major disposals, borrowing, investments, guarantees, donations)",
    ),
    ("litigation", "未决诉讼、仲裁", "pending lawsuits and arbitration"),
    (
        "tax",
        "与企业所得税法规定存在差异的纳税调整过程",
        "tax adjustments where the statements differ from the income tax law",
    ),
    ("law", "根据国家有关法律法规等规定需要说明的其他事项", "other matters laws and regulations require"),
];

/// The longest note the accountant may write, in characters.
pub const NOTE_MAX_CHARS: usize = 2000;

/// One note the accountant writes, as it stands for a year.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoteField {
    pub key: String,
    pub title: String,
    pub en: String,
    /// Empty when nothing has been written (printed as 无).
    pub text: String,
}

/// The notes the accountant wrote for `year`, every key, in order.
pub fn note_fields(conn: &Connection, year: i32) -> Result<Vec<NoteField>> {
    let mut st = conn.prepare_cached("SELECT text FROM statement_notes WHERE year = ?1 AND key = ?2")?;
    NOTE_KEYS
        .iter()
        .map(|(key, title, en)| {
            let text: Option<String> = st.query_row(params![year, key], |r| r.get(0)).ok();
            Ok(NoteField {
                key: (*key).into(),
                title: (*title).into(),
                en: (*en).into(),
                text: text.unwrap_or_default(),
            })
        })
        .collect()
}

/// Writes the accountant's note `key` of `year` (an empty text removes it).
pub fn set_note_in(tx: &mut Tx, year: i32, key: &str, text: &str) -> Result<Vec<NoteField>> {
    check_year(year)?;
    let Some((key, title, _)) = NOTE_KEYS.iter().find(|(k, _, _)| *k == key.trim()) else {
        let keys: Vec<&str> = NOTE_KEYS.iter().map(|k| k.0).collect();
        return Err(Error::new(
            "unknown-note",
            format!("没有“{key}”这项附注，可填：{}", keys.join("、")),
            format!("no note \"{key}\"; use one of {}", keys.join(", ")),
        )
        .at("key"));
    };
    let text = text.trim();
    if text.chars().count() > NOTE_MAX_CHARS {
        return Err(Error::new(
            "note-too-long",
            format!("“{title}”不能超过 {NOTE_MAX_CHARS} 字"),
            format!("the note \"{key}\" is longer than {NOTE_MAX_CHARS} characters"),
        )
        .at("text"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::new(
            "note-invalid",
            format!("“{title}”含有不能打印的控制字符"),
            format!("the note \"{key}\" holds control characters that cannot be printed"),
        )
        .at("text"));
    }
    if text.is_empty() {
        tx.execute("DELETE FROM statement_notes WHERE year = ?1 AND key = ?2", params![year, key])?;
    } else {
        tx.execute(
            "INSERT INTO statement_notes (year, key, text, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (year, key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at,
                 updated_by = excluded.updated_by",
            params![year, key, text, tx.now, tx.user],
        )?;
    }
    tx.log(
        "notes.set",
        "notes",
        format!("{year}/{key}"),
        &serde_json::json!({"year": year, "key": key, "text": text}),
    )?;
    note_fields(tx, year)
}

impl Book {
    /// The notes the accountant wrote for `year`.
    pub fn note_fields(&self, year: i32) -> Result<Vec<NoteField>> {
        check_year(year)?;
        note_fields(&self.conn, year)
    }

    /// Writes one of the notes only a person knows (未决诉讼 …) for `year`.
    pub fn set_note(&mut self, year: i32, key: &str, text: &str) -> Result<Vec<NoteField>> {
        self.write(crate::store::access::Perm::Enter, |tx| set_note_in(tx, year, key, text))
    }
}

/// A row of text: the label carries it, no amounts.
fn text(label: impl AsRef<str>) -> StatementRow {
    row(None, label.as_ref(), 1, "item", "", vec![None, None])
}

fn amount(label: &str, formula: &str, a: i64) -> StatementRow {
    row(None, label, 1, "item", formula, vec![Some(Money(a)), None])
}

/// A long text in rows of at most `width` characters (the printed label column holds about 40).
fn wrapped(body: &str, width: usize) -> Vec<StatementRow> {
    let mut out = Vec::new();
    for para in body.lines().filter(|l| !l.trim().is_empty()) {
        let chars: Vec<char> = para.trim().chars().collect();
        out.extend(chars.chunks(width).map(|chunk| text(chunk.iter().collect::<String>())));
    }
    if out.is_empty() {
        out.push(text("无"));
    }
    out
}

fn percent(rate: &str) -> String {
    rate.parse::<rust_decimal::Decimal>()
        .map(|d| format!("{}%", (d * rust_decimal::Decimal::ONE_HUNDRED).round_dp(2).normalize()))
        .unwrap_or_else(|_| rate.to_string())
}

/// 会计报表附注 of `year` (财会〔2021〕37号 第五十八条).
pub fn notes(conn: &Connection, year: i32) -> Result<Statement> {
    check_year(year)?;
    let chart = Chart::load(conn)?;
    let end = year_end(year);
    let from = format!("{year:04}-01-01");
    let register = crate::equity::shares::register(conn, &end)?;
    let reserve = crate::equity::shares::member_balances(conn, &chart, "322", &end)?;
    let written = note_fields(conn, year)?;
    let manual = |key: &str| -> Vec<StatementRow> {
        let Some(f) = written.iter().find(|f| f.key == key) else { return Vec::new() };
        let mut rows = vec![heading(&f.title)];
        rows.extend(wrapped(&f.text, 38));
        rows
    };
    let mut blocks = Vec::new();

    // （一）遵循农民专业合作社会计制度的声明.
    blocks.push(StatementBlock {
        title: "一、遵循农民专业合作社会计制度的声明".into(),
        rows: wrapped(
            "本合作社编制的会计报表符合《农民专业合作社会计制度》（财会〔2021〕37号）的要求，真实、完整地反映了\
             合作社的财务状况、经营成果等有关信息。",
            38,
        ),
    });

    // （二）合作社的基本情况: 股金总额, 成员总数, 农民成员数及所占的比例, 主要服务对象、主要经营项目.
    let pct = |part: i64, whole: i64| {
        crate::equity::shares::fraction(part, whole)
            .map(|f| format!("{}%", (f * rust_decimal::Decimal::ONE_HUNDRED).round_dp(2).normalize()))
            .unwrap_or_else(|| "—".into())
    };
    let mut rows = vec![
        amount("股金总额", "301 年末余额", register.total.fen()),
        text(format!(
            "成员总数 {} 名，其中农民成员（含党员、村两委干部）{} 名，占 {}",
            register.members_count,
            register.farmers_count,
            pct(register.farmers_count, register.members_count)
        )),
    ];
    rows.extend(manual("business"));
    blocks.push(StatementBlock { title: "二、合作社的基本情况".into(), rows });

    // （三）成员权益结构: officers; each member's 出资额 and 公积金份额, joins and exits; the
    // enterprises and organisations among the members; the change of members' equity.
    let mut rows = manual("officers");
    rows.push(heading("各成员的出资额和量化到各成员的公积金份额"));
    let mut st = conn.prepare(
        "SELECT id, no, name, kind, joined, exited FROM members WHERE joined <= ?1 AND (exited IS NULL OR exited >= \
            ?2) ORDER BY no",
    )?;
    let members = st
        .query_map(params![end, from], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let capital: std::collections::HashMap<i64, Money> = register.members.iter().map(|m| (m.no, m.total)).collect();
    let (mut joined, mut left, mut entities) = (0, 0, 0);
    let (mut total_capital, mut total_reserve) = (0i64, 0i64);
    for (id, no, name, kind, since, exited) in &members {
        let mut what = format!("{no} {name}（{}", crate::ledger::member::kind_zh(kind));
        if since.as_str() >= from.as_str() {
            joined += 1;
            what += &format!("，{since} 入社");
        }
        let gone = exited.as_deref().filter(|e| *e <= end.as_str());
        if let Some(e) = gone {
            left += 1;
            what += &format!("，{e} 退社");
        }
        if kind == "entity" && gone.is_none() {
            entities += 1;
        }
        what += "）";
        let c = capital.get(no).copied().unwrap_or_default().fen();
        let r = reserve.get(id).copied().unwrap_or(0);
        total_capital += c;
        total_reserve += r;
        rows.push(row(None, &what, 1, "item", "", vec![Some(Money(c)), Some(Money(r))]));
    }
    rows.push(row(
        None,
        "合计",
        0,
        "total",
        "301、322 年末余额",
        vec![Some(Money(total_capital)), Some(Money(total_reserve))],
    ));
    rows.push(text(format!("本年入社 {joined} 名，退社 {left} 名")));
    rows.push(text(format!(
        "企业、事业单位或者社会组织成员 {entities} 个，占成员总数的 {}",
        pct(entities, register.members_count)
    )));
    let equity = super::equity_changes::equity_changes(conn, year)?;
    let total = |label: &str| -> i64 {
        equity.blocks[0]
            .rows
            .iter()
            .find(|r| r.label == label)
            .and_then(|r| r.values.last().copied().flatten())
            .map(|m| m.fen())
            .unwrap_or(0)
    };
    rows.push(heading("成员权益变动情况（详见成员权益变动表）"));
    rows.push(amount("年初余额", "会农社03表", total("年初余额")));
    rows.push(amount("本年增加数", "会农社03表", total("本年增加数")));
    rows.push(amount("本年减少数", "会农社03表", total("本年减少数")));
    rows.push(amount("年末余额", "会农社03表", total("年末余额")));
    blocks.push(StatementBlock { title: "三、成员权益结构".into(), rows });

    // （四）会计报表重要项目的进一步说明.
    blocks.push(StatementBlock {
        title: "四、会计报表重要项目的进一步说明".into(), rows: manual("items")
    });

    // （五）已发生损失但尚未批准核销的资产: what 181 still holds, and the accountant's account of it.
    let pending: i64 = conn.query_row(
        "SELECT COALESCE(SUM(l.debit_fen - l.credit_fen), 0) FROM voucher_lines l JOIN vouchers v ON v.id = \
            l.voucher_id JOIN accounts a ON a.id = l.account_id
         WHERE a.code LIKE '181%' AND v.status = 'posted' AND l.date <= ?1",
        [&end],
        |r| r.get(0),
    )?;
    let mut rows = vec![amount("待处理财产损溢（181）年末余额", "181", pending)];
    rows.extend(manual("losses"));
    blocks.push(StatementBlock { title: "五、已发生损失但尚未批准核销的相关资产".into(), rows });

    // （六）以名义金额计量的资产: recorded at 人民币 1 元 because no fair value could be had.
    let mut rows: Vec<StatementRow> = crate::business::assets::register(conn, &end)?
        .into_iter()
        .filter(|a| a.cost == Money(100) && a.disposed.as_deref().is_none_or(|d| d > end.as_str()))
        .map(|a| amount(&format!("{}（{} 取得）", a.name, a.acquired), "名义金额", a.cost.fen()))
        .collect();
    if rows.is_empty() {
        rows.push(text("无"));
    }
    rows.extend(manual("nominal"));
    blocks.push(StatementBlock { title: "六、以名义金额计量的资产".into(), rows });

    // （七）其他重要事项.
    let mut rows = manual("other");
    // 国家财政支持: what reached 311 专项基金 and 235 专项应付款 in the year.
    rows.push(heading("国家财政支持"));
    let mut st = conn.prepare(
        "SELECT l.date, COALESCE(NULLIF(l.summary, ''), v.summary), substr(a.code, 1, 3), l.credit_fen - l.debit_fen
         FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id JOIN accounts a ON a.id = l.account_id
         WHERE v.status = 'posted' AND substr(a.code, 1, 3) IN ('311', '235') AND l.date BETWEEN ?1 AND ?2
           AND l.credit_fen > 0
         ORDER BY l.date, l.voucher_id, l.line_no",
    )?;
    let support = st
        .query_map(params![from, end], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if support.is_empty() {
        rows.push(text("本年未收到国家财政直接补助"));
    }
    for (date, summary, code, a) in &support {
        rows.push(amount(&format!("{date} {summary}"), &format!("贷记 {code}"), *a));
    }
    if !support.is_empty() {
        rows.push(row(None, "合计", 0, "total", "", vec![Some(Money(support.iter().map(|s| s.3).sum())), None]));
    }
    // 与成员的交易量（额）和与利用其提供的服务的非成员的交易量（额）(Co-operative Law Art. 41).
    let trade = crate::business::trade::member_trade(conn, year)?;
    let sales = crate::business::trade::sales_report(conn, year)?;
    rows.push(heading("与成员和非成员的交易额"));
    rows.push(amount("与成员的交易额", "成员交售与向成员销售", trade.total.fen()));
    rows.push(amount("其中：成员交售", "", trade.delivered.fen()));
    rows.push(amount("其中：向成员销售", "", trade.purchased.fen()));
    rows.push(amount("与非成员的交易额", "向非成员销售", sales.non_member_total.fen()));
    // 提取盈余公积的比例.
    let charter: String = conn.query_row("SELECT reserve_rate FROM coop LIMIT 1", [], |r| r.get(0)).unwrap_or_default();
    let plan = crate::yearend::distribution::saved(conn, year)?;
    rows.push(heading("提取盈余公积的比例"));
    rows.push(text(format!("章程规定：本年盈余的 {}", percent(&charter))));
    if let Some(p) = &plan {
        rows.push(text(format!("本年分配方案：{}", percent(&p.reserve_rate.to_string()))));
    }
    // 盈余分配方案、亏损处理方案.
    rows.push(heading("盈余分配方案、亏损处理方案"));
    match &plan {
        None => rows.push(text("本年尚未编制盈余分配方案")),
        Some(p) => {
            let status = match p.saved_status() {
                Some(crate::yearend::distribution::PlanStatus::Draft) => "草稿".to_string(),
                Some(s) => format!("已{}", s.zh()),
                None => String::new(),
            };
            rows.push(text(format!("方案状态：{status}")));
            rows.push(amount("本年盈余", "", p.surplus.fen()));
            if !p.losses.is_zero() {
                rows.push(amount("弥补以前年度亏损", "", p.losses.fen()));
            }
            rows.push(amount("提取盈余公积", "", p.reserve.fen()));
            rows.push(amount(
                &format!("按交易量（额）返还（不低于 60%，本方案 {}）", percent(&p.patronage_rate.to_string())),
                "",
                p.patronage.fen(),
            ));
            rows.push(amount("按出资额和公积金份额分配的剩余盈余", "", p.residual.fen()));
            if let (Some(d), Some(r)) = (&p.branch_date, &p.branch_ref) {
                rows.push(text(format!("村党支部研究审议：{d}，{r}")));
            }
            if let (Some(d), Some(r)) = (&p.meeting_date, &p.meeting_ref) {
                rows.push(text(format!("成员大会通过：{d}，{r}")));
            }
        }
    }
    rows.extend(manual("litigation"));
    blocks.push(StatementBlock { title: "七、其他重要事项".into(), rows });

    // （八）纳税调整过程; （九）其他需要说明的事项.
    blocks.push(StatementBlock { title: "八、纳税调整过程".into(), rows: manual("tax") });
    blocks
        .push(StatementBlock {
            title: "九、根据国家有关法律法规等规定需要说明的其他事项".into(), rows: manual("law")
        });

    Ok(Statement {
        kind: "notes".into(),
        form: String::new(),
        title: "会计报表附注".into(),
        coop: coop_name(conn)?,
        period: format!("{year}年度"),
        year,
        date: end,
        columns: vec!["金额".into(), "公积金份额".into()],
        blocks,
        side_by_side: false,
        ok: true,
        checks: Vec::new(),
    })
}
