//! Trade: products, buyers and their sales channels, members' deliveries (统购 / 受托代销) and
//! sales, each a document that posts its own voucher in the same transaction.
//!
//! A delivery is the member's trade with the co-op (交易额, the basis of the patronage refund):
//! Dr 128 受托代销商品 (the product's sub-account) / Cr 114 成员往来 for the member, at the agreed
//! price. A sale credits 501 经营收入 (the product's sub-account) against 113 on credit or the money
//! received, and relieves the goods at their average delivered cost (Dr 521 / Cr 128).
//! Invariants: quantities have at most 3 decimals and prices 4, amounts are rounded to the 分
//! once (half away from zero); a tracked product is never sold beyond its stock.

mod catalogue;
mod contracts;
mod deliveries;
mod harvest;
mod inputs;
mod lists;
mod parse;
mod returns;
mod sales;
mod totals;

pub use catalogue::{add_buyer_in, add_product_in, stock, Buyer, NewBuyer, NewProduct, Product};
pub use contracts::{add_contract_in, contracts, ContractRow, NewContract};
pub use deliveries::{deliver_in, NewDelivery};
pub use harvest::{harvest_in, NewHarvest};
pub use inputs::{buy_inputs_in, InputPurchase, NewInputPurchase};
pub use lists::{TradePage, TradeRow};
pub use parse::{amount_of, channel_zh, parse_channel, parse_price, parse_quantity, CHANNELS};
pub use returns::{correct_delivery_in, return_sale_in, Correction};
pub use sales::{sell_in, NewSale};
pub use totals::{
    member_trade, member_trade_of, sales_report, Amount, MemberTrade, MemberTradeRow, ProductTrade, SalesReport,
};
