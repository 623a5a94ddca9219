//! Vouchers (记账凭证): entry with full validation, review, posting, and correction by a reversing
//! voucher (红字冲销).
//!
//! Invariants: a voucher has at least two lines and balances (借 = 贷); lines post to leaf accounts,
//! with a member exactly on member sub-ledger accounts; the preparer never reviews their own
//! voucher; a posted voucher is never changed or deleted (checked here and by SQLite triggers);
//! nothing is dated into a closed month. Posting updates the monthly totals in the same transaction.

//!
//! In files: [`entry`] (what a voucher is and every check on entering one), [`workflow`] (review,
//! posting with the monthly totals, deletion of a draft, red-ink reversal, a document's voucher),
//! [`content`] (the content hash the log records), [`bulk`] (the many-row path of the voucher
//! import), [`list`] (reading vouchers back).

pub mod bulk;
pub mod content;
pub mod entry;
pub mod list;
pub mod workflow;

pub(crate) use bulk::{imported_hashes, Bulk};
pub use content::{content_hash, content_of};
pub use entry::{
    add_in, unbalanced, voucher_no, Line, NewLine, NewVoucher, Voucher, VoucherStatus, DRAFT, POSTED, REVIEWED,
};
pub(crate) use entry::{check_each, Checked};
pub use list::{load, VoucherFilter, VoucherPage, VoucherRow};
pub(crate) use workflow::add_to_totals;
pub use workflow::{
    delete_in, post_document_in, post_in, post_red_in, reverse_and_post_in, reverse_in, review_in, unreview_in,
    RedLine, SYSTEM_REVIEWER,
};
