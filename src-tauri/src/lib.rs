//! The desktop shell: a Tauri 2 window around the coopbook core. Each command is a thin call into
//! the core's API; core errors cross as `{code, message, zh, en, field}`. The shell owns only
//! what a window needs: which book is open, who is acting, the remembered book path.
//!
//! **Architecture invariant:** no bookkeeping logic here. If a command needs more than a call
//! into `coopbook`, the core is missing an API.

mod commands;
mod session;

pub fn run() {
    let started = std::time::Instant::now();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            use tauri::Manager;
            let state = session::AppState::start(app.handle(), started);
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::create_book,
            commands::open_book,
            commands::open_demo,
            commands::close_book,
            commands::pick_book_file,
            commands::pick_new_book_path,
            commands::set_user,
            commands::set_locale,
            commands::coop,
            commands::set_charter,
            commands::dashboard,
            commands::members,
            commands::add_member,
            commands::update_member,
            commands::exit_member,
            commands::contribute,
            commands::contributions,
            commands::move_shares,
            commands::shares,
            commands::member_account,
            commands::member_ledger,
            commands::pick_import_file,
            commands::import_members,
            commands::import_sales,
            commands::opening_preview,
            commands::opening_apply,
            commands::accounts,
            commands::add_account,
            commands::vouchers,
            commands::voucher,
            commands::add_voucher,
            commands::review_voucher,
            commands::unreview_voucher,
            commands::post_voucher,
            commands::reverse_voucher,
            commands::delete_voucher,
            commands::trial_balance,
            commands::ledger,
            commands::periods,
            commands::close_period,
            commands::reopen_period,
            commands::verify,
            commands::products,
            commands::add_product,
            commands::buyers,
            commands::add_buyer,
            commands::deliver,
            commands::sell,
            commands::member_trade,
            commands::sales_report,
            commands::reverse_document,
            commands::contracts,
            commands::add_contract,
            commands::record_operation,
            commands::operations,
            commands::harvest,
            commands::assets,
            commands::add_asset,
            commands::depreciate,
            commands::dispose_asset,
            commands::trade_rows,
            commands::distribution_plan,
            commands::distribution,
            commands::approve_branch,
            commands::approve_meeting,
            commands::post_distribution,
            commands::pay_distribution,
            commands::pay_member,
            commands::member_payments,
            commands::owed_to_member,
            commands::print_slips,
            commands::print_statement,
            commands::print_notice,
            commands::slip_codes,
            commands::close_check,
            commands::print_vouchers,
            commands::print_report,
            commands::statement,
            commands::export_statement,
            commands::year_close_check,
            commands::close_year,
            commands::closed_years,
            commands::key_fingerprint,
            commands::pick_bundle_save_path,
            commands::pick_bundle_files,
            commands::pick_township_path,
            commands::next_bundle_name,
            commands::export_bundle,
            commands::bundles_sent,
            commands::township_info,
            commands::township_open,
            commands::township_import,
            commands::township_report,
            commands::township_statement,
            commands::township_export_report,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Coopbook app");
}
