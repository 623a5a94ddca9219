//! `export hledger`: the posted books as an hledger journal, so any balance can be checked by an
//! independent tool. Accounts are named by code and name with sub-accounts nested under their
//! parent (`501 经营收入:50101 香菇`); the member of a line is a `member:` tag, so the account tree
//! is exactly the chart's. Amounts are written from 分 as exact decimals in CNY.

use crate::base::error::Result;
use crate::base::money::Money;
use crate::ledger::account::Chart;
use crate::ledger::voucher::voucher_no;
use crate::store::book::Book;
use std::io::Write;

pub fn export(book: &Book, out: &mut dyn Write) -> Result<usize> {
    let conn = book.conn();
    let chart = Chart::load(conn)?;
    let coop = book.coop()?;
    writeln!(out, "; {} ({}) — exported by Coopbook {}", coop.name, coop.uscc, env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "; posted vouchers only; amounts in CNY, exact to the fen\n")?;
    for a in &chart.accounts {
        writeln!(out, "account {}", a.full_name)?;
    }
    writeln!(out)?;
    let mut st = conn.prepare(
        "SELECT v.id, v.date, v.seq, v.summary, l.account_id, m.no, NULL, l.debit_fen, l.credit_fen
         FROM vouchers v JOIN voucher_lines l ON l.voucher_id = v.id LEFT JOIN members m ON m.id = l.member_id
         WHERE v.status = 'posted' ORDER BY v.date, v.ym, v.seq, l.line_no",
    )?;
    let mut rows = st.query([])?;
    let mut current = -1i64;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if id != current {
            if current >= 0 {
                writeln!(out)?;
            }
            current = id;
            count += 1;
            let (date, seq, summary): (String, i64, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
            writeln!(out, "{date} * ({}) {}", voucher_no(seq), one_line(&summary))?;
        }
        let account_id: i64 = r.get(4)?;
        let name = chart.by_id(account_id).map(|a| a.full_name.as_str()).unwrap_or("?");
        let (member, d, c): (Option<i64>, i64, i64) = (r.get(5)?, r.get(7)?, r.get(8)?);
        let amount = Money(d - c);
        let tag = member.map(|m| format!("  ; member:{m}")).unwrap_or_default();
        writeln!(out, "    {name}  {amount} CNY{tag}")?;
    }
    if current >= 0 {
        writeln!(out)?;
    }
    Ok(count)
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

impl Book {
    /// Writes the hledger journal to `path`; returns the number of transactions.
    pub fn export_hledger(&self, path: &std::path::Path) -> Result<usize> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        let n = export(self, &mut f)?;
        f.flush()?;
        Ok(n)
    }
}
