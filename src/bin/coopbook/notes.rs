//! `notes`: the notes to the statements (附注, 财会〔2021〕37号 第五十八条) that only a person knows;
//! the whole notes print with `report notes` / `print report notes`.

use crate::ctx::Ctx;
use clap::Subcommand;
use coopbook::Result;

// The commands of this group, in the order `--help` lists them.
#[derive(Subcommand)]
pub enum Command {
    /// The accountant's notes to the statements (附注): the officers, pending lawsuits, tax adjustments …
    Notes {
        #[command(subcommand)]
        cmd: NotesCmd,
    },
}

#[derive(Subcommand)]
pub enum NotesCmd {
    /// What is written for the year, key by key.
    List {
        #[arg(long)]
        year: i32,
    },
    /// Writes one note (an empty text removes it); keys: business, officers, items, losses, nominal, other,
    /// litigation, tax, law.
    Set {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        key: String,
        #[arg(long)]
        text: String,
    },
}

fn print(fields: &[coopbook::reports::statements::NoteField]) -> String {
    fields
        .iter()
        .map(|f| format!("{}（{}）：{}\n", f.title, f.key, if f.text.is_empty() { "无" } else { &f.text }))
        .collect()
}

pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let Command::Notes { cmd } = command;
    let fields = match cmd {
        NotesCmd::List { year } => ctx.read()?.note_fields(year)?,
        NotesCmd::Set { year, key, text } => ctx.write()?.set_note(year, &key, &text)?,
    };
    ctx.out(&serde_json::json!({ "notes": fields }), |_| print(&fields))
}
