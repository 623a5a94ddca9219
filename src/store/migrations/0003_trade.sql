-- Schema 3: products, buyers, members' deliveries (统购 / 受托代销) and sales.
-- Quantities and unit prices are exact decimal text (≤ 3 and ≤ 4 decimals); amounts are 分.

CREATE TABLE products (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    unit            TEXT NOT NULL,
    category        TEXT,
    stock_account   INTEGER NOT NULL REFERENCES accounts(id),   -- 128xx: goods held for members
    income_account  INTEGER NOT NULL REFERENCES accounts(id),   -- 501xx
    cost_account    INTEGER NOT NULL REFERENCES accounts(id),   -- 521xx
    track_stock     INTEGER NOT NULL DEFAULT 1 CHECK (track_stock IN (0, 1))
);

CREATE TABLE buyers (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    channel  TEXT NOT NULL CHECK (channel IN ('online', 'store', 'supermarket', 'market', 'live', 'other'))
);

CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    date        TEXT NOT NULL,
    quantity    TEXT NOT NULL,
    grade       TEXT,
    price       TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    voucher_id  INTEGER NOT NULL REFERENCES vouchers(id)
);
CREATE INDEX deliveries_member ON deliveries(member_id, date);
CREATE INDEX deliveries_product ON deliveries(product_id, date);

CREATE TABLE sales (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    buyer_id    INTEGER NOT NULL REFERENCES buyers(id),
    channel     TEXT NOT NULL,
    quantity    TEXT NOT NULL,
    price       TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    cost_fen    INTEGER NOT NULL,
    paid        TEXT NOT NULL CHECK (paid IN ('credit', 'cash', 'bank', 'wechat', 'alipay')),
    contract    TEXT,
    voucher_id  INTEGER NOT NULL REFERENCES vouchers(id)
);
CREATE INDEX sales_date ON sales(date);
CREATE INDEX sales_product ON sales(product_id, date);
