//! The chart of accounts of 财会〔2021〕37号 (农民专业合作社会计制度), seeded at `init`, and the
//! user's sub-accounts (明细科目) under any account. Lines post to leaf accounts only; balances of
//! a parent are the sum of its children.

use crate::base::error::{Error, Result};
use crate::store::book::{Book, Tx};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::HashMap;

/// Debit-normal (1) or credit-normal (-1).
pub const DEBIT: i64 = 1;
pub const CREDIT: i64 = -1;

/// (code, name, class, normal direction, member sub-ledger) of the statutory chart.
pub const CHART: &[(&str, &str, &str, i64, bool)] = &[
    ("101", "库存现金", "asset", DEBIT, false),
    ("102", "银行存款", "asset", DEBIT, false),
    ("109", "其他货币资金", "asset", DEBIT, false),
    ("113", "应收款", "asset", DEBIT, false),
    ("114", "成员往来", "asset", DEBIT, true),
    ("121", "产品物资", "asset", DEBIT, false),
    ("122", "包装物", "asset", DEBIT, false),
    ("124", "委托加工物资", "asset", DEBIT, false),
    ("125", "委托代销商品", "asset", DEBIT, false),
    ("127", "受托代购商品", "asset", DEBIT, false),
    ("128", "受托代销商品", "asset", DEBIT, false),
    ("131", "对外投资", "asset", DEBIT, false),
    ("141", "消耗性生物资产", "asset", DEBIT, false),
    ("142", "生产性生物资产", "asset", DEBIT, false),
    ("143", "生产性生物资产累计折旧", "asset", CREDIT, false),
    ("144", "公益性生物资产", "asset", DEBIT, false),
    ("151", "固定资产", "asset", DEBIT, false),
    ("152", "累计折旧", "asset", CREDIT, false),
    ("153", "在建工程", "asset", DEBIT, false),
    ("154", "固定资产清理", "asset", DEBIT, false),
    ("161", "无形资产", "asset", DEBIT, false),
    ("162", "累计摊销", "asset", CREDIT, false),
    ("171", "长期待摊费用", "asset", DEBIT, false),
    ("181", "待处理财产损溢", "asset", DEBIT, false),
    ("201", "短期借款", "liability", CREDIT, false),
    ("211", "应付款", "liability", CREDIT, false),
    ("212", "应付工资", "liability", CREDIT, false),
    ("213", "应付劳务费", "liability", CREDIT, false),
    ("214", "应交税费", "liability", CREDIT, false),
    ("215", "应付利息", "liability", CREDIT, false),
    ("221", "应付盈余返还", "liability", CREDIT, true),
    ("222", "应付剩余盈余", "liability", CREDIT, true),
    ("231", "长期借款", "liability", CREDIT, false),
    ("235", "专项应付款", "liability", CREDIT, false),
    ("301", "股金", "equity", CREDIT, true),
    ("311", "专项基金", "equity", CREDIT, false),
    ("321", "资本公积", "equity", CREDIT, false),
    ("322", "盈余公积", "equity", CREDIT, true),
    ("331", "本年盈余", "equity", CREDIT, false),
    ("332", "盈余分配", "equity", CREDIT, false),
    ("401", "生产成本", "cost", DEBIT, false),
    ("501", "经营收入", "pnl", CREDIT, false),
    ("502", "其他收入", "pnl", CREDIT, false),
    ("511", "投资收益", "pnl", CREDIT, false),
    ("521", "经营支出", "pnl", DEBIT, false),
    ("522", "税金及附加", "pnl", DEBIT, false),
    ("523", "管理费用", "pnl", DEBIT, false),
    ("524", "财务费用", "pnl", DEBIT, false),
    ("529", "其他支出", "pnl", DEBIT, false),
    ("531", "所得税费用", "pnl", DEBIT, false),
];

/// The sub-accounts the statutory chart itself prescribes (code, name, parent): 332 盈余分配 —
/// 财会〔2021〕37号, 332 盈余分配: "本科目应当设置'各项分配'、'未分配盈余'等明细科目进行明细核算".
/// Books made before they were seeded get them by migration 0017; their earlier lines stay on 332
/// itself and read as 未分配盈余 (the year-end transfers always left 各项分配 there at nil).
pub const SUB_CHART: &[(&str, &str, &str)] = &[(ALLOCATIONS, "各项分配", "332"), (UNDISTRIBUTED, "未分配盈余", "332")];

/// 332 盈余分配 — 各项分配: the distribution of a surplus (提取盈余公积, 盈余返还, 剩余盈余分配,
/// 转为成员出资) is debited here; at year end its balance goes to 未分配盈余.
pub const ALLOCATIONS: &str = "33201";
/// 332 盈余分配 — 未分配盈余: the year's surplus (or loss) from 331 at year end, less what was
/// distributed; a debit balance is the loss still to be made good.
pub const UNDISTRIBUTED: &str = "33202";

/// One account of the chart.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Account {
    #[serde(skip)]
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    /// asset, liability, equity, cost, pnl.
    pub class: String,
    /// 1 debit-normal, -1 credit-normal.
    pub direction: i64,
    pub member_ledger: bool,
    pub system: bool,
    pub leaf: bool,
    /// `501 经营收入:50101 香菇`: codes and names of the account and its ancestors.
    pub full_name: String,
}

impl Account {
    pub fn class_zh(&self) -> &'static str {
        match self.class.as_str() {
            "asset" => "资产",
            "liability" => "负债",
            "equity" => "所有者权益",
            "cost" => "成本",
            _ => "损益",
        }
    }
    pub fn direction_zh(&self) -> &'static str {
        if self.direction == DEBIT {
            "借"
        } else {
            "贷"
        }
    }
}

pub(crate) fn seed(tx: &mut Tx) -> Result<()> {
    for (code, name, class, dir, member) in CHART {
        tx.execute(
            "INSERT INTO accounts (code, name, parent_id, class, direction, member_ledger, system) VALUES (?1, ?2, \
                NULL, ?3, ?4, ?5, 1)",
            params![code, name, class, dir, member],
        )?;
    }
    for (code, name, parent) in SUB_CHART {
        tx.execute(
            "INSERT INTO accounts (code, name, parent_id, class, direction, member_ledger, system)
             SELECT ?1, ?2, id, class, direction, member_ledger, 1 FROM accounts WHERE code = ?3",
            params![code, name, parent],
        )?;
    }
    tx.log(
        "account.seed",
        "account",
        "chart-2021",
        &serde_json::json!({"chart": "财会〔2021〕37号", "accounts": CHART.len() + SUB_CHART.len()}),
    )
}

/// The whole chart, in code order, with parent links and leaf flags resolved.
pub fn all(conn: &Connection) -> Result<Vec<Account>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.code, a.name, p.code, a.class, a.direction, a.member_ledger, a.system,
                NOT EXISTS (SELECT 1 FROM accounts c WHERE c.parent_id = a.id)
         FROM accounts a LEFT JOIN accounts p ON p.id = a.parent_id ORDER BY a.code",
    )?;
    let mut list: Vec<Account> = st
        .query_map([], |r| {
            Ok(Account {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                parent: r.get(3)?,
                class: r.get(4)?,
                direction: r.get(5)?,
                member_ledger: r.get(6)?,
                system: r.get(7)?,
                leaf: r.get(8)?,
                full_name: String::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Parents sort before children (a child's code extends its parent's), so one pass suffices.
    let mut names: HashMap<String, String> = HashMap::new();
    for a in &mut list {
        let own = format!("{} {}", a.code, a.name);
        a.full_name = match a.parent.as_ref().and_then(|p| names.get(p)) {
            Some(pn) => format!("{pn}:{own}"),
            None => own,
        };
        names.insert(a.code.clone(), a.full_name.clone());
    }
    Ok(list)
}

/// The chart indexed by code, for validating many lines at once.
pub struct Chart {
    pub accounts: Vec<Account>,
    by_code: HashMap<String, usize>,
    by_id: HashMap<i64, usize>,
}

impl Chart {
    pub fn load(conn: &Connection) -> Result<Chart> {
        let accounts = all(conn)?;
        let by_code = accounts.iter().enumerate().map(|(i, a)| (a.code.clone(), i)).collect();
        let by_id = accounts.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        Ok(Chart { accounts, by_code, by_id })
    }
    pub fn get(&self, code: &str) -> Option<&Account> {
        self.by_code.get(code).map(|&i| &self.accounts[i])
    }
    pub fn by_id(&self, id: i64) -> Option<&Account> {
        self.by_id.get(&id).map(|&i| &self.accounts[i])
    }
    /// The codes of `code` and all its ancestors, nearest first.
    pub fn ancestry(&self, code: &str) -> Vec<&Account> {
        let mut out = Vec::new();
        let mut cur = self.get(code);
        while let Some(a) = cur {
            out.push(a);
            cur = a.parent.as_deref().and_then(|p| self.get(p));
        }
        out
    }
}

pub fn unknown_account(code: &str) -> Error {
    Error::new("unknown-account", format!("科目“{code}”不存在"), format!("no account \"{code}\""))
}

impl Book {
    pub fn accounts(&self) -> Result<Vec<Account>> {
        all(&self.conn)
    }

    pub fn account(&self, code: &str) -> Result<Account> {
        Chart::load(&self.conn)?.get(code.trim()).cloned().ok_or_else(|| unknown_account(code.trim()))
    }

    /// Adds a sub-account (明细科目): its code is the parent's code followed by two digits.
    /// Class, direction and member sub-ledger are inherited. A parent that already has lines
    /// cannot take sub-accounts (its entries would no longer sit on a leaf).
    pub fn add_account(&mut self, code: &str, name: &str, parent: &str) -> Result<Account> {
        let code = code.trim().to_string();
        self.write(crate::store::access::Perm::Enter, |tx| add_in(tx, &code, name, parent))?;
        self.account(&code)
    }
}

/// Adds a sub-account inside a write transaction (see [`Book::add_account`]); returns its id.
pub fn add_in(tx: &mut Tx, code: &str, name: &str, parent: &str) -> Result<i64> {
    let (code, name, parent) = (code.trim(), name.trim(), parent.trim());
    let chart = Chart::load(tx)?;
    let p = chart.get(parent).cloned().ok_or_else(|| unknown_account(parent).at("parent"))?;
    if name.is_empty() {
        return Err(Error::new("field-required", "请填写科目名称", "the account name is required").at("name"));
    }
    if code.len() != p.code.len() + 2 || !code.starts_with(&p.code) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(
            "account-code-invalid",
            format!("明细科目编码应为上级科目编码 {} 后加两位数字（如 {}01），输入的是“{code}”", p.code, p.code),
            format!(
                "a sub-account code is the parent's code {} plus two digits (e.g. {}01), got \"{code}\"",
                p.code, p.code
            ),
        )
        .at("code"));
    }
    if chart.get(code).is_some() {
        return Err(Error::new(
            "account-exists",
            format!("科目编码 {code} 已存在"),
            format!("account {code} already exists"),
        )
        .at("code"));
    }
    let used: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM voucher_lines WHERE account_id = ?1)", [p.id], |r| r.get(0))?;
    if used {
        return Err(Error::new(
            "account-has-entries",
            format!("科目 {} {} 已有分录，不能再增设明细科目", p.code, p.name),
            format!("account {} {} already has entries and cannot take sub-accounts", p.code, p.name),
        )
        .at("parent"));
    }
    tx.execute(
        "INSERT INTO accounts (code, name, parent_id, class, direction, member_ledger, system) VALUES (?1, ?2, ?3, \
            ?4, ?5, ?6, 0)",
        params![code, name, p.id, p.class, p.direction, p.member_ledger],
    )?;
    let id = tx.last_insert_rowid();
    tx.log("account.add", "account", code, &serde_json::json!({"code": code, "name": name, "parent": p.code}))?;
    Ok(id)
}

/// The account a document posts to for `name` under `parent`: the sub-account of that name if
/// there is one; else the parent itself when it already has entries and no sub-accounts (the
/// books were kept without them); else a new sub-account with the next free code.
pub fn sub_account_for(tx: &mut Tx, parent: &str, name: &str) -> Result<i64> {
    let chart = Chart::load(tx)?;
    let p = chart.get(parent).cloned().ok_or_else(|| unknown_account(parent))?;
    if let Some(a) = chart.accounts.iter().find(|a| a.parent.as_deref() == Some(parent) && a.name == name) {
        return Ok(a.id);
    }
    let used: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM voucher_lines WHERE account_id = ?1)", [p.id], |r| r.get(0))?;
    if p.leaf && used {
        return Ok(p.id);
    }
    let next = (1..100).map(|n| format!("{parent}{n:02}")).find(|c| chart.get(c).is_none()).ok_or_else(|| {
        Error::new(
            "account-full",
            format!("科目 {parent} 的明细科目已满"),
            format!("account {parent} has no free sub-account code"),
        )
    })?;
    add_in(tx, &next, name, parent)
}
