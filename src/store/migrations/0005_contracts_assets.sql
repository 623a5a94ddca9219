-- Schema 5: purchase agreements (购销协议 / 订单农业) that sales fulfil, and the fixed-asset
-- register (置业: mushroom houses, cold stores) with monthly straight-line depreciation.

CREATE TABLE contracts (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    buyer_id    INTEGER NOT NULL REFERENCES buyers(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    quantity    TEXT NOT NULL,
    price       TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL
);

CREATE TABLE fixed_assets (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    category          TEXT,
    acquired          TEXT NOT NULL,
    cost_fen          INTEGER NOT NULL,
    residual_fen      INTEGER NOT NULL,
    life_months       INTEGER NOT NULL,
    expense_account   INTEGER NOT NULL REFERENCES accounts(id),
    voucher_id        INTEGER REFERENCES vouchers(id),
    disposed          TEXT
);

-- One depreciation run per month; each asset's monthly amounts are what the run posted.
CREATE TABLE depreciation (
    asset_id    INTEGER NOT NULL REFERENCES fixed_assets(id),
    ym          INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL,
    voucher_id  INTEGER NOT NULL REFERENCES vouchers(id),
    PRIMARY KEY (asset_id, ym)
);
