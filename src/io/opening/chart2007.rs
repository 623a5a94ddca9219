//! The 2007 co-op chart of accounts (财会〔2007〕15号) and the mapping of its codes into the 2021
//! chart (财会〔2021〕37号), with the user's own mappings (`--map OLD=NEW`).

use super::report::{BIOLOGICAL_NOTE, REMAPPED, REVIEW, SAME};
use crate::base::error::{Error, Result};
use crate::ledger::account::{Chart, CHART};

/// The chart of 财会〔2007〕15号 (农民专业合作社财务会计制度（试行）) as old books write it, with
/// where each account goes in the 2021 chart: (old code, old name, new code, review note). 109
/// and 122 were optional in 2007. Every account not named here is unknown to the 2007 chart.
pub const CHART_2007: &[(&str, &str, &str, Option<&str>)] = &[
    ("101", "库存现金", "101", None),
    ("102", "银行存款", "102", None),
    ("109", "其他货币资金", "109", None),
    ("113", "应收款", "113", None),
    ("114", "成员往来", "114", None),
    ("121", "产品物资", "121", None),
    ("122", "包装物", "122", None),
    ("124", "委托加工物资", "124", None),
    ("125", "委托代销商品", "125", None),
    ("127", "受托代购商品", "127", None),
    ("128", "受托代销商品", "128", None),
    ("131", "对外投资", "131", None),
    ("141", "牲畜（禽）资产", "142", Some(BIOLOGICAL_NOTE)),
    ("142", "林木资产", "142", Some(BIOLOGICAL_NOTE)),
    ("151", "固定资产", "151", None),
    ("152", "累计折旧", "152", None),
    ("153", "在建工程", "153", None),
    ("154", "固定资产清理", "154", None),
    ("161", "无形资产", "161", None),
    ("201", "短期借款", "201", None),
    ("211", "应付款", "211", None),
    ("212", "应付工资", "212", None),
    ("221", "应付盈余返还", "221", None),
    ("222", "应付剩余盈余", "222", None),
    ("231", "长期借款", "231", None),
    ("235", "专项应付款", "235", None),
    ("301", "股金", "301", None),
    ("311", "专项基金", "311", None),
    ("321", "资本公积", "321", None),
    ("322", "盈余公积", "322", None),
    ("331", "本年盈余", "331", None),
    ("332", "盈余分配", "332", None),
    ("401", "生产成本", "401", None),
    ("501", "经营收入", "501", None),
    ("502", "其他收入", "502", None),
    ("511", "投资收益", "511", None),
    ("521", "经营支出", "521", None),
    ("522", "管理费用", "523", None),
    ("529", "其他支出", "529", None),
];

/// The chart the old books were kept on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OldChart {
    Y2007,
    Y2021,
}

impl OldChart {
    pub(crate) fn parse(text: Option<&str>) -> Result<OldChart> {
        match text.map(str::trim).unwrap_or("") {
            "" | "2007" => Ok(OldChart::Y2007),
            "2021" => Ok(OldChart::Y2021),
            other => Err(Error::new(
                "chart-invalid",
                format!("科目体系“{other}”无效，应为 2007 或 2021"),
                format!("chart \"{other}\" is not 2007 or 2021"),
            )
            .at("chart")),
        }
    }

    pub(crate) fn year(self) -> &'static str {
        match self {
            OldChart::Y2007 => "2007",
            OldChart::Y2021 => "2021",
        }
    }

    pub(crate) fn summary(self) -> &'static str {
        match self {
            OldChart::Y2007 => "期初余额（自2007年科目体系转入）",
            OldChart::Y2021 => "期初余额",
        }
    }

    /// The name of a first-level code in this chart.
    pub(crate) fn name(self, code: &str) -> Option<&'static str> {
        match self {
            OldChart::Y2007 => CHART_2007.iter().find(|c| c.0 == code).map(|c| c.1),
            OldChart::Y2021 => CHART.iter().find(|c| c.0 == code).map(|c| c.1),
        }
    }
}

/// An account code as old books write it (`522`, `52201`, `522.01`, `522-01`), as digits: three
/// for a first-level account and two more for each level below; `None` when it is not one.
pub(crate) fn norm_code(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parts = t.split(['.', '-']);
    let first = parts.next()?;
    let mut code = first.to_string();
    for p in parts {
        if p.len() != 2 {
            return None;
        }
        code += p;
    }
    let ok = code.bytes().all(|b| b.is_ascii_digit()) && code.len() >= 3 && code.len() <= 11 && code.len() % 2 == 1;
    ok.then_some(code)
}

/// A name as compared with the chart: without spaces, brackets in one width.
pub(crate) fn norm_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// `code` lies below `parent` in the chart (a strict extension by whole levels).
pub(crate) fn below(code: &str, parent: &str) -> bool {
    code.len() > parent.len() && code.starts_with(parent) && (code.len() - parent.len()).is_multiple_of(2)
}

/// Reads the overrides `OLD=NEW`; every target must be an account of the book.
pub(crate) fn parse_maps(maps: &[String], chart: &Chart) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut errors = Vec::new();
    for text in maps {
        for m in text.split([',', '，', ';', '；', ' ', '\n', '\t']).map(str::trim).filter(|m| !m.is_empty()) {
            let pair = m.split_once(['=', '＝']).and_then(|(o, n)| Some((norm_code(o)?, norm_code(n)?)));
            let Some((old, new)) = pair else {
                errors.push(
                    Error::new(
                        "map-invalid",
                        format!("映射“{m}”格式应为 旧编码=新编码（如 141=141）"),
                        format!("map \"{m}\" must be OLD=NEW (e.g. 141=141)"),
                    )
                    .at("map"),
                );
                continue;
            };
            if out.iter().any(|(o, _)| *o == old) {
                errors.push(
                    Error::new(
                        "map-invalid",
                        format!("科目 {old} 的映射给了不止一次"),
                        format!("account {old} is mapped more than once"),
                    )
                    .at("map"),
                );
                continue;
            }
            if chart.get(&new).is_none() {
                errors.push(
                    Error::new(
                        "map-unknown-account",
                        format!("映射 {old}={new}：科目 {new} 不在本账本的科目表中"),
                        format!("map {old}={new}: account {new} is not in the book's chart"),
                    )
                    .at("map"),
                );
                continue;
            }
            out.push((old, new));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::many(errors))
    }
}

/// Where an old code goes: the new code, the status, and the notes on it.
#[derive(Debug)]
pub(crate) struct Mapped {
    pub(crate) new: String,
    pub(crate) status: &'static str,
    pub(crate) notes: Vec<String>,
}

pub(crate) fn map_code(chart: OldChart, maps: &[(String, String)], old: &str) -> Result<Mapped> {
    let mut m = map_first(chart, maps, old)?;
    // 332 盈余分配 carries its balance on its sub-account 未分配盈余 (财会〔2021〕37号, 332: 年度终了
    // "各项分配" goes to "未分配盈余", so at any opening date the balance brought forward is that one).
    if m.new == "332" {
        m.new = crate::ledger::account::UNDISTRIBUTED.to_string();
        m.notes.push("332 盈余分配的余额转入其明细科目 33202 未分配盈余".to_string());
        if m.status == SAME {
            m.status = REMAPPED;
        }
    }
    Ok(m)
}

fn map_first(chart: OldChart, maps: &[(String, String)], old: &str) -> Result<Mapped> {
    // The override on the longest part of the code wins (`14201=14401` over `142=142`).
    if let Some((o, n)) = maps.iter().filter(|(o, _)| o == old || below(old, o)).max_by_key(|(o, _)| o.len()) {
        let new = format!("{n}{}", &old[o.len()..]);
        let status = if new == old { SAME } else { REMAPPED };
        return Ok(Mapped { new, status, notes: vec![format!("按指定映射 {o}={n}")] });
    }
    let (head, rest) = old.split_at(3);
    match chart {
        OldChart::Y2007 => match CHART_2007.iter().find(|c| c.0 == head) {
            Some(&(_, old_name, to, review)) => {
                let new = format!("{to}{rest}");
                let to_name = CHART.iter().find(|c| c.0 == to).map_or("", |c| c.1);
                match review {
                    Some(note) => Ok(Mapped {
                        new,
                        status: REVIEW,
                        notes: vec![format!("2007年 {head} {old_name} → {to} {to_name}；{note}")],
                    }),
                    None if to != head => Ok(Mapped {
                        new,
                        status: REMAPPED,
                        notes: vec![format!("2007年 {head} {old_name} → 2021年 {to} {to_name}")],
                    }),
                    None => Ok(Mapped { new, status: SAME, notes: Vec::new() }),
                }
            }
            None => Err(unknown_code(chart, old)),
        },
        OldChart::Y2021 => match CHART.iter().find(|c| c.0 == head) {
            Some(_) => Ok(Mapped { new: old.to_string(), status: SAME, notes: Vec::new() }),
            None => Err(unknown_code(chart, old)),
        },
    }
}

fn unknown_code(chart: OldChart, code: &str) -> Error {
    let y = chart.year();
    Error::new(
        "unknown-account",
        format!("科目编码 {code} 不在{y}年科目表中；如确有此科目，请用 --map {code}=新编码 指定它转入的科目"),
        format!(
            "account code {code} is not in the {y} chart; if the books really have it, say where it goes with \
            --map {code}=NEW"
        ),
    )
    .at("code")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::money::Money;
    use crate::io::opening::read::side;

    #[test]
    fn codes() {
        assert_eq!(norm_code("522").as_deref(), Some("522"));
        assert_eq!(norm_code(" 522.01 ").as_deref(), Some("52201"));
        assert_eq!(norm_code("522-01-03").as_deref(), Some("5220103"));
        assert_eq!(norm_code("52201").as_deref(), Some("52201"));
        assert_eq!(norm_code("5220"), None);
        assert_eq!(norm_code("522.1"), None);
        assert_eq!(norm_code("1001"), None);
        assert_eq!(norm_code("现金"), None);
        assert!(below("52201", "522") && !below("5221", "522") && !below("522", "522"));
    }

    #[test]
    fn the_2007_chart_maps_into_the_2021_chart() {
        for (old, _, new, _) in CHART_2007 {
            assert!(CHART.iter().any(|c| c.0 == *new), "{old} → {new}");
        }
        let m = map_code(OldChart::Y2007, &[], "52201").unwrap();
        assert_eq!((m.new.as_str(), m.status), ("52301", REMAPPED));
        let m = map_code(OldChart::Y2007, &[], "141").unwrap();
        assert_eq!((m.new.as_str(), m.status), ("142", REVIEW));
        assert!(m.notes[0].contains(BIOLOGICAL_NOTE));
        assert_eq!(map_code(OldChart::Y2007, &[], "101").unwrap().status, SAME);
        assert_eq!(map_code(OldChart::Y2007, &[], "162").unwrap_err().code, "unknown-account");
        assert_eq!(map_code(OldChart::Y2021, &[], "162").unwrap().status, SAME);
        let maps = vec![("141".to_string(), "141".to_string()), ("14201".to_string(), "144".to_string())];
        assert_eq!(map_code(OldChart::Y2007, &maps, "14103").unwrap().new, "14103");
        assert_eq!(map_code(OldChart::Y2007, &maps, "14201").unwrap().new, "144");
        assert_eq!(map_code(OldChart::Y2007, &maps, "14202").unwrap().new, "14202");
    }

    #[test]
    fn sides() {
        assert_eq!(side("1,200.50", "x").unwrap(), Money(120050));
        assert_eq!(side("1200.500", "x").unwrap(), Money(120050));
        assert_eq!(side("-", "x").unwrap(), Money::ZERO);
        assert_eq!(side("", "x").unwrap(), Money::ZERO);
        assert_eq!(side("0.005", "x").unwrap_err().code, "amount-precision");
        assert_eq!(side("-5", "贷方余额").unwrap_err().code, "amount-negative");
    }
}
