//! Trade (products, buyers, deliveries, sales, contracts, harvests), the co-op's other business
//! documents and its fixed assets.

use super::Res;
use crate::session::AppState;
use coopbook::business::assets::{AssetRow, NewAsset};
use coopbook::business::operations::{NewOperation, Operation};
use coopbook::business::trade::{
    Buyer, ContractRow, Correction, InputPurchase, MemberTrade, NewBuyer, NewContract, NewDelivery, NewHarvest,
    NewInputPurchase, NewProduct, NewSale, Product, SalesReport, TradePage, TradeRow,
};
use tauri::State;

#[tauri::command]
pub async fn products(state: State<'_, AppState>) -> Res<Vec<Product>> {
    Ok(state.book(|b| b.products())?)
}

#[tauri::command]
pub async fn add_product(state: State<'_, AppState>, product: NewProduct) -> Res<Product> {
    Ok(state.book(|b| b.add_product(&product))?)
}

#[tauri::command]
pub async fn buyers(state: State<'_, AppState>) -> Res<Vec<Buyer>> {
    Ok(state.book(|b| b.buyers())?)
}

#[tauri::command]
pub async fn add_buyer(state: State<'_, AppState>, buyer: NewBuyer) -> Res<Buyer> {
    Ok(state.book(|b| b.add_buyer(&buyer))?)
}

#[tauri::command]
pub async fn deliver(state: State<'_, AppState>, delivery: NewDelivery) -> Res<TradeRow> {
    Ok(state.book(|b| b.deliver(&delivery))?)
}

#[tauri::command]
pub async fn sell(state: State<'_, AppState>, sale: NewSale) -> Res<TradeRow> {
    Ok(state.book(|b| b.sell(&sale))?)
}

#[tauri::command]
pub async fn member_trade(state: State<'_, AppState>, year: i32) -> Res<MemberTrade> {
    Ok(state.book(|b| b.member_trade(year))?)
}

#[tauri::command]
pub async fn sales_report(state: State<'_, AppState>, year: i32) -> Res<SalesReport> {
    Ok(state.book(|b| b.sales_report(year))?)
}

/// Reverses a delivery, sale or contribution with its voucher; returns the reversal voucher id.
#[tauri::command]
pub async fn reverse_document(state: State<'_, AppState>, kind: String, id: i64) -> Res<i64> {
    Ok(state.book(|b| b.reverse_document(&kind, id))?)
}

#[tauri::command]
pub async fn contracts(state: State<'_, AppState>) -> Res<Vec<ContractRow>> {
    Ok(state.book(|b| b.contracts())?)
}

#[tauri::command]
pub async fn add_contract(state: State<'_, AppState>, contract: NewContract) -> Res<ContractRow> {
    Ok(state.book(|b| b.add_contract(&contract))?)
}

/// Sales or deliveries (`kind`: sale | delivery) dated in a range, reversed ones included.
#[tauri::command]
pub async fn trade_rows(state: State<'_, AppState>, kind: String, from: String, to: String) -> Res<Vec<TradeRow>> {
    Ok(state.book(|b| b.trade_rows(&kind, None, &from, &to))?)
}

/// One page of deliveries or sales in the range, newest first, and how many there are.
#[tauri::command]
pub async fn trade_page(
    state: State<'_, AppState>,
    kind: String,
    from: String,
    to: String,
    limit: Option<i64>,
    offset: Option<i64>,
) -> Res<TradePage> {
    Ok(state.book(|b| b.trade_page(&kind, &from, &to, limit, offset))?)
}

/// Records a harvest of the co-op's own product; returns its voucher id.
#[tauri::command]
pub async fn harvest(state: State<'_, AppState>, harvest: NewHarvest) -> Res<i64> {
    Ok(state.book(|b| b.harvest(&harvest))?)
}

#[tauri::command]
pub async fn record_operation(state: State<'_, AppState>, operation: NewOperation) -> Res<Operation> {
    Ok(state.book(|b| b.record_operation(&operation))?)
}

#[tauri::command]
pub async fn operations(state: State<'_, AppState>) -> Res<Vec<Operation>> {
    Ok(state.book(|b| b.operations())?)
}

#[tauri::command]
pub async fn assets(state: State<'_, AppState>, at: String) -> Res<Vec<AssetRow>> {
    Ok(state.book(|b| b.assets(&at))?)
}

#[tauri::command]
pub async fn add_asset(state: State<'_, AppState>, asset: NewAsset) -> Res<AssetRow> {
    Ok(state.book(|b| b.add_asset(&asset))?)
}

/// Runs a month's depreciation; null when no asset depreciates that month.
#[tauri::command]
pub async fn depreciate(state: State<'_, AppState>, month: String) -> Res<Option<i64>> {
    Ok(state.book(|b| b.depreciate(&month))?)
}

#[tauri::command]
pub async fn dispose_asset(
    state: State<'_, AppState>,
    id: i64,
    date: String,
    proceeds: String,
    via: Option<String>,
) -> Res<i64> {
    Ok(state.book(|b| b.dispose_asset(id, &date, &proceeds, via.as_deref()))?)
}

/// A sale returned (销售退回), all that is left of it (`quantity` none) or a part, in an open month.
#[tauri::command]
pub async fn return_sale(
    state: State<'_, AppState>,
    id: i64,
    date: String,
    quantity: Option<String>,
    reason: String,
) -> Res<Correction> {
    Ok(state.book(|b| b.return_sale(id, &date, quantity.as_deref(), &reason))?)
}

/// A member's delivery corrected by a signed quantity (交售更正), in an open month.
#[tauri::command]
pub async fn correct_delivery(
    state: State<'_, AppState>,
    id: i64,
    date: String,
    quantity: String,
    reason: String,
) -> Res<Correction> {
    Ok(state.book(|b| b.correct_delivery(id, &date, &quantity, &reason))?)
}

/// Inputs bought for a member (受托代购, 127) and handed over with the service fee.
#[tauri::command]
pub async fn buy_inputs(state: State<'_, AppState>, p: NewInputPurchase) -> Res<InputPurchase> {
    Ok(state.book(|b| b.buy_inputs(&p))?)
}
