-- Returns and corrections after the fact (issue 19 item 7): a sale returned whole or in part, and a
-- member's delivery corrected, each dated in an open month with its own red-ink voucher, the
-- original document (and its closed month) left as it was.
CREATE TABLE sale_returns (
    id          INTEGER PRIMARY KEY,
    sale_id     INTEGER NOT NULL REFERENCES sales(id),
    date        TEXT NOT NULL,
    quantity    TEXT NOT NULL,          -- what came back, > 0
    amount_fen  INTEGER NOT NULL,       -- the price of it, refunded or taken off what is owed
    cost_fen    INTEGER NOT NULL,       -- its cost, back into stock
    reason      TEXT NOT NULL,
    voucher_id  INTEGER NOT NULL REFERENCES vouchers(id)
);
CREATE INDEX sale_returns_sale ON sale_returns(sale_id);

CREATE TABLE delivery_corrections (
    id           INTEGER PRIMARY KEY,
    delivery_id  INTEGER NOT NULL REFERENCES deliveries(id),
    date         TEXT NOT NULL,
    quantity     TEXT NOT NULL,         -- the change of quantity, signed (-10: 10 fewer than recorded)
    amount_fen   INTEGER NOT NULL,      -- the change of the member's 交易额 at the delivery's price, signed
    reason       TEXT NOT NULL,
    voucher_id   INTEGER NOT NULL REFERENCES vouchers(id)
);
CREATE INDEX delivery_corrections_delivery ON delivery_corrections(delivery_id);

-- The trade as it stands: each sale less what came back (on the return's date), each delivery with
-- its corrections (on the correction's date). Totals, stock and the member trade read these.
CREATE VIEW sales_net AS
    SELECT id, date, product_id, buyer_id, channel, member_id, quantity, amount_fen, cost_fen, reversal_voucher_id
    FROM sales
    UNION ALL
    SELECT s.id, r.date, s.product_id, s.buyer_id, s.channel, s.member_id, '-' || r.quantity, -r.amount_fen,
           -r.cost_fen, s.reversal_voucher_id
    FROM sale_returns r JOIN sales s ON s.id = r.sale_id;

CREATE VIEW deliveries_net AS
    SELECT id, member_id, product_id, date, quantity, amount_fen, reversal_voucher_id FROM deliveries
    UNION ALL
    SELECT d.id, d.member_id, d.product_id, c.date, c.quantity, c.amount_fen, d.reversal_voucher_id
    FROM delivery_corrections c JOIN deliveries d ON d.id = c.delivery_id;
