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
        crate::coop::NewCoop, crate::coop::Coop, crate::coop::Charter, crate::coop::Setup, crate::coop::SetupDone, crate::coop::CharterChange,
        crate::member::NewMember, crate::member::Member, crate::member::MemberPage,
        crate::account::Account,
        crate::voucher::NewLine, crate::voucher::NewVoucher, crate::voucher::Line, crate::voucher::Voucher,
        crate::voucher::VoucherRow, crate::voucher::VoucherPage, crate::voucher::VoucherFilter,
        crate::report::TrialBalanceRow, crate::report::TrialBalanceTotals, crate::report::TrialBalance,
        crate::report::LedgerRow, crate::report::Ledger, crate::report::LedgerPage, crate::report::MemberLedger,
        crate::period::Period,
        crate::dashboard::MonthAmount, crate::dashboard::Dashboard,
        crate::verify::Problem, crate::verify::Verification,
        crate::log::LogEntry,
        crate::demo::DemoSummary,
        crate::app::AppInfo,
        crate::contribution::NewContribution, crate::contribution::Contribution, crate::contribution::ContributionPage, crate::contribution::Settlement, crate::contribution::MemberAccount, crate::contribution::ShareMovement,
        crate::import::ImportRowError, crate::import::ImportReport, crate::voucher_import::VoucherImport,
        crate::opening::OpeningRow, crate::opening::OpeningImport,
        crate::trade::NewProduct, crate::trade::Product, crate::trade::NewBuyer, crate::trade::Buyer,
        crate::trade::NewDelivery, crate::trade::NewSale, crate::trade::TradeRow, crate::trade::TradePage,
        crate::trade::ProductTrade, crate::trade::MemberTradeRow, crate::trade::MemberTrade, crate::trade::Amount, crate::trade::SalesReport,
        crate::trade::NewContract, crate::trade::ContractRow,
        crate::assets::NewAsset, crate::assets::AssetRow,
        crate::distribution::PlanMember, crate::distribution::Plan,
        crate::trade::NewHarvest, crate::operations::NewOperation, crate::operations::Operation,
        crate::shares::ShareRow, crate::shares::Flag, crate::shares::ShareRegister,
        crate::payment::NewMemberPayment, crate::payment::MemberPayment,
        crate::print::Printed, crate::distribution::SlipCode, crate::period::CloseCheck,
        crate::statements::StatementRow, crate::statements::StatementBlock, crate::statements::StatementCheck, crate::statements::Statement,
        crate::yearclose::YearCloseCheck, crate::yearclose::YearClose,
        crate::bundle::ManifestCoop, crate::bundle::ManifestFile, crate::bundle::Summary, crate::bundle::Manifest, crate::bundle::Exported, crate::bundle::SentBundle,
        crate::township::VillageRow, crate::township::TownshipInfo,
        crate::backup::BackupInfo, crate::backup::BackupPlace,
        crate::users::User, crate::users::Me, crate::log::LogFilter, crate::log::LogPage,
        crate::township::Verdict, crate::township::VillageFigures, crate::township::TownshipTotals, crate::township::TownshipReport,
    );
    format!("// Generated from the Rust types by `coopbook::ts::declarations()`; do not edit.\n// Regenerate: UPDATE_BINDINGS=1 cargo test bindings\n\n/** Money: yuan with two decimals, e.g. \"1234.50\". */\nexport type Money = string;\n\n/** serde_json::Value. */\nexport type JsonValue = number | string | boolean | null | Array<JsonValue> | {{ [key in string]?: JsonValue }};\n\n{}", body.trim_end().to_string() + "\n")
}
