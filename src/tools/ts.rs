//! TypeScript declarations of every type that crosses to the UI, generated from the Rust types
//! (ts-rs) so they are never written twice. `ui/src/bindings.ts` is this output; a test fails
//! when it is stale (`UPDATE_BINDINGS=1 cargo test` rewrites it).

use ts_rs::{Config, TS};

macro_rules! decls {
    ($cfg:expr; $($t:ty),* $(,)?) => {{
        let mut out = String::new();
        $( out.push_str("export "); out.push_str(&<$t>::decl($cfg)); out.push_str("\n\n"); )*
        out
    }};
}

pub fn declarations() -> String {
    // i64 crosses as a JSON number; every id and count stays far below 2^53.
    let cfg = Config::new().with_large_int("number");
    let body = decls!(&cfg;
        crate::ErrorBody,
        crate::equity::coop::NewCoop, crate::equity::coop::Coop, crate::equity::coop::Charter,
            crate::equity::coop::Setup, crate::equity::coop::SetupDone, crate::equity::coop::CharterChange,
        crate::ledger::member::NewMember, crate::ledger::member::Member, crate::ledger::member::MemberPage,
        crate::ledger::account::Account,
        crate::ledger::voucher::NewLine, crate::ledger::voucher::NewVoucher, crate::ledger::voucher::Line,
            crate::ledger::voucher::Voucher,
        crate::ledger::voucher::VoucherRow, crate::ledger::voucher::VoucherPage, crate::ledger::voucher::VoucherFilter,
        crate::ledger::balances::TrialBalanceRow, crate::ledger::balances::TrialBalanceTotals,
            crate::ledger::balances::TrialBalance,
        crate::ledger::balances::LedgerRow, crate::ledger::balances::Ledger, crate::ledger::balances::LedgerPage,
            crate::ledger::balances::MemberLedger,
        crate::ledger::period::Period,
        crate::reports::dashboard::MonthAmount, crate::reports::dashboard::Dashboard,
        crate::ledger::verify::Problem, crate::ledger::verify::Verification,
        crate::store::log::LogEntry,
        crate::tools::demo::DemoSummary,
        crate::reports::app::AppInfo,
        crate::equity::contribution::NewContribution, crate::equity::contribution::Contribution,
            crate::equity::contribution::ContributionPage, crate::equity::exit::Settlement,
                crate::reports::member_account::MemberAccount, crate::equity::contribution::ShareMovement,
        crate::io::import::ImportRowError, crate::io::import::ImportReport, crate::io::voucher_import::VoucherImport,
        crate::io::opening::OpeningRow, crate::io::opening::OpeningImport,
        crate::business::trade::NewProduct, crate::business::trade::Product, crate::business::trade::NewBuyer,
            crate::business::trade::Buyer,
        crate::business::trade::NewDelivery, crate::business::trade::NewSale, crate::business::trade::TradeRow,
            crate::business::trade::TradePage,
        crate::business::trade::ProductTrade, crate::business::trade::MemberTradeRow,
            crate::business::trade::MemberTrade, crate::business::trade::Amount, crate::business::trade::SalesReport,
        crate::business::trade::NewContract, crate::business::trade::ContractRow,
        crate::business::assets::NewAsset, crate::business::assets::AssetRow,
        crate::yearend::distribution::PlanMember, crate::yearend::distribution::Plan,
        crate::business::trade::NewHarvest, crate::business::operations::NewOperation,
            crate::business::operations::Operation,
        crate::equity::shares::ShareRow, crate::equity::shares::Flag, crate::equity::shares::ShareRegister,
        crate::business::payment::NewMemberPayment, crate::business::payment::MemberPayment,
        crate::io::print::Printed, crate::yearend::slip_code::SlipCode, crate::ledger::period::CloseCheck,
        crate::reports::statements::StatementRow, crate::reports::statements::StatementBlock,
            crate::reports::statements::StatementCheck, crate::reports::statements::Statement,
            crate::reports::statements::NoteField, crate::business::trade::Correction,
            crate::business::trade::NewInputPurchase, crate::business::trade::InputPurchase,
            crate::reports::member_account::MemberAccountLine,
            crate::reports::member_account::MemberAccountForm,
        crate::yearend::close::YearCloseCheck, crate::yearend::close::YearClose,
        crate::sync::bundle::ManifestCoop, crate::sync::bundle::ManifestFile, crate::sync::bundle::Summary,
            crate::sync::bundle::Manifest, crate::sync::bundle::Exported, crate::sync::bundle::SentBundle,
        crate::sync::township::VillageRow, crate::sync::township::TownshipInfo,
        crate::store::backup::BackupInfo, crate::store::backup::BackupPlace,
        crate::store::users::User, crate::store::users::Me, crate::store::log::LogFilter, crate::store::log::LogPage,
        crate::sync::township::Verdict, crate::sync::township::VillageFigures, crate::sync::township::TownshipTotals,
            crate::sync::township::TownshipReport,
    );
    format!(
        "// Generated from the Rust types by `coopbook::tools::ts::declarations()`; do not edit.\n// Regenerate: \
        UPDATE_BINDINGS=1 cargo test bindings\n\n/** Money: yuan with two decimals, e.g. \"1234.50\". */\nexport type \
            Money = string;\n\n/** serde_json::Value. */\nexport type JsonValue = number | string | boolean | null | \
                Array<JsonValue> | {{ [key in string]?: JsonValue }};\n\n{}",
        body.trim_end().to_string() + "\n"
    )
}
