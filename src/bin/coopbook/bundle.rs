//! `bundle`: the sync bundles (同步包) a co-op sends to the township, and its signing key.

use crate::ctx::Ctx;
use clap::Subcommand;
use coopbook::sync::bundle::{fingerprint, read_file, Manifest};
use coopbook::{Money, Result};
use std::path::PathBuf;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Sync bundles to the township (同步包): export, check a file, the co-op's key fingerprint.
    Bundle {
        #[command(subcommand)]
        cmd: BundleCmd,
    },
}

#[derive(Subcommand)]
pub enum BundleCmd {
    /// Write the next bundle: what changed since the last one, or everything with --full.
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        full: bool,
    },
    /// Check a bundle file (size, signature, hashes, summary) and show its manifest; writes nothing.
    Verify { file: PathBuf },
    /// The co-op's signing key fingerprint, to confirm with the township by phone.
    Key,
    /// The bundles written so far.
    List,
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Bundle { cmd } = command;
    match cmd {
        BundleCmd::Export { out, full } => {
            let e = ctx.write()?.export_bundle(&out, full)?;
            ctx.out(&e, |e| format!("{}\n{}", e.path, manifest_text(&e.manifest, e.bytes, &e.sha256)))
        }
        BundleCmd::Verify { file } => {
            let b = read_file(&file)?;
            let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            ctx.out(&serde_json::json!({"sha256": b.sha256, "bytes": bytes, "manifest": b.manifest}), |_| {
                format!("校验通过\n{}", manifest_text(&b.manifest, bytes, &b.sha256))
            })
        }
        BundleCmd::List => {
            let list = ctx.read()?.bundles_sent()?;
            ctx.out(&serde_json::json!({"bundles": list}), |_| {
                list.iter()
                    .map(|b| {
                        format!(
                            "第 {} 号{}  {}  {} 至 {}  凭证 {} 张  {}\n",
                            b.seq,
                            if b.full { "（完整）" } else { "" },
                            b.created_at,
                            b.period_from,
                            b.period_to,
                            b.summary.vouchers,
                            &b.sha256[..16]
                        )
                    })
                    .collect()
            })
        }
        BundleCmd::Key => {
            let f = ctx.write()?.key_fingerprint()?;
            ctx.out(&serde_json::json!({"fingerprint": f}), |_| format!("签名密钥指纹：{f}\n"))
        }
    }
}

fn manifest_text(m: &Manifest, bytes: u64, sha256: &str) -> String {
    let s = &m.summary;
    format!(
        "同步包 第 {} 号{}：{}（{}）  期间 {} 至 {}\n\
         成员 {} 条，凭证 {} 张（分录 {} 行，借方 {} / 贷方 {}），出资 {} 条，交售 {} 条，销售 {} 条 {}\n\
         {} 字节  SHA-256 {}\n\
         签名密钥指纹 {}\n",
        m.seq,
        if m.full { "（完整）" } else { "" },
        m.coop.name,
        m.coop.uscc,
        m.period_from,
        m.period_to,
        s.members,
        s.vouchers,
        s.lines,
        Money(s.debit_fen).grouped(),
        Money(s.credit_fen).grouped(),
        s.contributions,
        s.deliveries,
        s.sales,
        Money(s.sales_fen).grouped(),
        bytes,
        sha256,
        hex_fingerprint(&m.public_key),
    )
}

fn hex_fingerprint(public_hex: &str) -> String {
    hex::decode(public_hex).map(|k| fingerprint(&k)).unwrap_or_default()
}
