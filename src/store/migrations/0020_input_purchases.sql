-- 受托代购 (财会〔2021〕37号, 127 受托代购商品): inputs bought on a member's behalf and handed over,
-- with the co-op's service fee; what the member is charged is their trade with the co-op.
CREATE TABLE input_purchases (
    id                   INTEGER PRIMARY KEY,
    member_id            INTEGER NOT NULL REFERENCES members(id),
    date                 TEXT NOT NULL,
    item                 TEXT NOT NULL,
    quantity             TEXT NOT NULL,
    unit                 TEXT NOT NULL,
    cost_fen             INTEGER NOT NULL,
    fee_fen              INTEGER NOT NULL,
    paid                 TEXT NOT NULL CHECK (paid IN ('bank', 'cash', 'credit')),
    voucher_id           INTEGER NOT NULL REFERENCES vouchers(id),
    reversal_voucher_id  INTEGER REFERENCES vouchers(id)
);
CREATE INDEX input_purchases_member ON input_purchases(member_id, date);
