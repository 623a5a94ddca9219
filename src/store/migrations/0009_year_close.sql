-- Schema 9: year-end close (年结). A closed year has its P&L carried into 331 and 331 into 332 by
-- the two vouchers named here, and every month of it closed. A year whose distribution was
-- neither posted nor needed is closed only when the accountant defers it, with the reason.

CREATE TABLE year_closes (
    year                 INTEGER PRIMARY KEY,
    closed_at            TEXT NOT NULL,
    closed_by            TEXT NOT NULL,
    surplus_fen          INTEGER NOT NULL,      -- S: the year's income less expenses
    pnl_voucher_id       INTEGER REFERENCES vouchers(id),
    transfer_voucher_id  INTEGER REFERENCES vouchers(id),
    deferred_reason      TEXT                   -- set when the distribution was deferred
);
