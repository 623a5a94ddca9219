//! `backup`, `backups` and `restore`: checked copies of the book and going back to one.

use crate::ctx::Ctx;
use crate::output::pad;
use clap::Subcommand;
use coopbook::Result;
use std::path::PathBuf;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// A checked copy of the book (online backup API, integrity-checked, written atomically).
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// The automatic backups kept in the 备份 folder beside the book, newest first.
    Backups,
    /// Restore the book from a backup (the book as it is is backed up first).
    Restore { file: PathBuf },
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Backup { out } => {
            let b = ctx.read()?.backup(&out)?;
            ctx.out(&b, |b| format!("已备份到 {}（{} 字节，完整性检查通过）\n", b.path, b.bytes))
        }
        Command::Backups => {
            let list = ctx.read()?.backups()?;
            ctx.out(&serde_json::json!({"backups": list}), |_| {
                list.iter()
                    .map(|b| format!("{}  {}  {} 字节  {}\n", b.taken_at, pad(&b.reason, 12), b.bytes, b.path))
                    .collect()
            })
        }
        Command::Restore { file } => {
            let saved = ctx.write()?.restore_from(&file)?;
            ctx.out(&serde_json::json!({"restored_from": file.display().to_string(), "saved_before": saved}), |_| {
                format!("已从 {} 恢复账本；恢复前的账本已备份到 {}\n", file.display(), saved.path)
            })
        }
    }
}
