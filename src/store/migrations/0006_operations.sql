-- Schema 6: the co-op's other business documents (services, rent, subsidies, loans, wages,
-- labour, expenses) and its own production (自产: costs in 401, harvested into 121).

CREATE TABLE operations (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL,
    date                 TEXT NOT NULL,
    amount_fen           INTEGER NOT NULL,
    interest_fen         INTEGER NOT NULL DEFAULT 0,
    detail               TEXT NOT NULL,
    voucher_id           INTEGER NOT NULL REFERENCES vouchers(id),
    reversal_voucher_id  INTEGER REFERENCES vouchers(id)
);
CREATE INDEX operations_kind ON operations(kind, date);

-- Where a product's stock comes from: members' deliveries (128) or own production (121).
ALTER TABLE products ADD COLUMN source TEXT NOT NULL DEFAULT 'member' CHECK (source IN ('member', 'own'));

CREATE TABLE harvests (
    id                   INTEGER PRIMARY KEY,
    product_id           INTEGER NOT NULL REFERENCES products(id),
    date                 TEXT NOT NULL,
    quantity             TEXT NOT NULL,
    amount_fen           INTEGER NOT NULL,
    voucher_id           INTEGER NOT NULL REFERENCES vouchers(id),
    reversal_voucher_id  INTEGER REFERENCES vouchers(id)
);
CREATE INDEX harvests_product ON harvests(product_id, date);
