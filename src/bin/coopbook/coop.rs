//! `init` (a new book for a co-op) and `coop` (its profile, charter and backup folder).

use crate::ctx::{new_secret_from, Ctx};
use clap::{Args, Subcommand};
use coopbook::equity::coop::{setup, CharterChange, NewCoop, Setup};
use coopbook::ledger::member::NewMember;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// Create a new book for a co-op.
    // Boxed: its arguments dwarf every other command's (clippy::large_enum_variant).
    Init(Box<InitArgs>),
    /// Show the co-op's profile and charter, or change the charter.
    Coop {
        #[command(subcommand)]
        cmd: CoopCmd,
    },
}

// At `init` a charter setting left out takes its default, so there the help says which.
#[derive(Args)]
#[command(
    mut_arg("allow_labour", |a| a.help("Whether members may contribute labour (true/false; true when left out)")),
    mut_arg("member_cap", |a| {
        a.help("The largest share one member other than the collective may hold (0.20 when left out)")
    })
)]
pub struct InitArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    uscc: String,
    #[arg(long)]
    village: String,
    #[arg(long)]
    township: String,
    #[arg(long)]
    county: String,
    #[command(flatten)]
    charter: CharterArgs,
    /// The village collective (村集体经济组织), entered as member no. 1: its name …
    #[arg(long, requires = "collective_uscc")]
    collective_name: Option<String>,
    /// … and its unified social credit code.
    #[arg(long, requires = "collective_name")]
    collective_uscc: Option<String>,
    /// The day the collective joined (today when left out).
    #[arg(long, requires = "collective_name")]
    collective_joined: Option<String>,
    /// A full path for the automatic backups (备份 beside the book when left out).
    #[arg(long)]
    backup_dir: Option<String>,
}

// The charter's settings, as `init` takes them and `coop charter` changes them.
#[derive(Args)]
pub struct CharterArgs {
    #[arg(long)]
    reserve_rate: Option<String>,
    #[arg(long)]
    patronage_rate: Option<String>,
    #[arg(long)]
    collective_min_share: Option<String>,
    /// Whether members may contribute labour (true/false).
    #[arg(long)]
    allow_labour: Option<bool>,
    /// The largest share one member other than the collective may hold.
    #[arg(long)]
    member_cap: Option<String>,
}

#[derive(Subcommand)]
pub enum CoopCmd {
    Show,
    /// Where the automatic backups go; with DIR, send them there; with --default, back to 备份
    /// beside the book.
    BackupDir {
        dir: Option<String>,
        #[arg(long, conflicts_with = "dir")]
        default: bool,
    },
    /// Change charter settings.
    Charter(CharterArgs),
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Init(a) => init(ctx, *a),
        Command::Coop { cmd } => coop(ctx, cmd),
    }
}

fn init(ctx: &Ctx, a: InitArgs) -> Result<()> {
    // The admin's password, asked before anything is written; without one (no
    // $COOPBOOK_PASSWORD and no terminal) the book starts with no users.
    let asked = std::env::var_os("COOPBOOK_PASSWORD").is_some() || std::io::IsTerminal::is_terminal(&std::io::stdin());
    let password = if asked { Some(new_secret_from("COOPBOOK_PASSWORD", "admin")?) } else { None };
    let charter = a.charter;
    let input = Setup {
        coop: NewCoop {
            name: a.name,
            uscc: a.uscc,
            village: a.village,
            township: a.township,
            county: a.county,
            reserve_rate: charter.reserve_rate,
            patronage_rate: charter.patronage_rate,
            collective_min_share: charter.collective_min_share,
        },
        allow_labour: charter.allow_labour,
        member_cap: charter.member_cap,
        collective: a.collective_name.map(|name| NewMember {
            name,
            id_card: a.collective_uscc.unwrap_or_default(),
            kind: "collective".into(),
            phone: None,
            joined: a.collective_joined,
        }),
        admin_password: password,
        backup_dir: a.backup_dir,
    };
    let (_, done) = setup(&ctx.db, &ctx.user, &input)?;
    ctx.out(&done, |d| {
        let mut s = format!("已建立账本 {}：{}\n", d.book, d.coop.name);
        if let Some(m) = &d.collective {
            s += &format!("村集体 {} 已登记为 {} 号成员\n", m.name, m.no);
        }
        s += &format!("自动备份存放在 {}\n", d.backups.dir);
        s += if d.admin {
            "管理员用户 admin 已建立；请用 user add 为会计、出纳、理事长、监事建用户\n"
        } else {
            "注意：没有设置密码（未设 COOPBOOK_PASSWORD），账本还没有用户；\
             用 user add admin --role admin 建立管理员\n"
        };
        s
    })
}

fn coop(ctx: &Ctx, cmd: CoopCmd) -> Result<()> {
    match cmd {
        CoopCmd::Show => {
            let c = ctx.read()?.coop()?;
            ctx.out(&c, |c| {
                format!(
                    "{}\n统一社会信用代码 {}\n{} {} {}\n\
                     盈余公积提取比例 {}  按交易量返还比例 {}  村集体最低持股 {}\n",
                    c.name,
                    c.uscc,
                    c.county,
                    c.township,
                    c.village,
                    c.charter.reserve_rate,
                    c.charter.patronage_rate,
                    c.charter.collective_min_share
                )
            })
        }
        CoopCmd::BackupDir { dir, default } => {
            let place = if dir.is_some() || default {
                ctx.write()?.set_backup_dir(dir.as_deref())?
            } else {
                ctx.read()?.backup_place()?
            };
            ctx.out(&place, |p| {
                let mut s = format!("自动备份存放在 {}\n", p.dir);
                if p.custom && !p.available {
                    s += &format!("注意：这个文件夹现在无法写入（U 盘不在？），备份暂存到账本旁的 {}\n", p.default_dir);
                }
                s
            })
        }
        CoopCmd::Charter(a) => {
            // one transaction, one log row, however many settings change
            let ch = ctx.write()?.update_charter(&CharterChange {
                reserve_rate: a.reserve_rate,
                patronage_rate: a.patronage_rate,
                collective_min_share: a.collective_min_share,
                allow_labour: a.allow_labour,
                member_cap: a.member_cap,
            })?;
            let (allow, cap) = (ch.allow_labour, ch.member_cap);
            ctx.out(&serde_json::json!({"charter": ch, "allow_labour": allow, "member_cap": cap.to_string()}), |_| {
                "章程设置已更新\n".to_string()
            })
        }
    }
}
