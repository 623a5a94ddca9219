-- Schema 8: member and non-member trade kept apart (Co-operative Law Art. 41), payments to members
-- for their deliveries as documents, and a distribution paid member by member.

-- A buyer may be a member (a member buying the co-op's goods or inputs): such sales are member
-- trade, on credit they go to the member's 114 成员往来 rather than 113 应收款, and they count
-- toward the member's trade amount (交易额), the basis of the patronage refund.
ALTER TABLE buyers ADD COLUMN member_id INTEGER REFERENCES members(id);
-- The member a sale was made to, fixed when the sale is recorded.
ALTER TABLE sales ADD COLUMN member_id INTEGER REFERENCES members(id);
CREATE INDEX sales_member ON sales(member_id, date);

-- Paying a member for delivered produce: Dr 114 (member) / Cr 101 or 102.
CREATE TABLE member_payments (
    id                   INTEGER PRIMARY KEY,
    member_id            INTEGER NOT NULL REFERENCES members(id),
    date                 TEXT NOT NULL,
    amount_fen           INTEGER NOT NULL CHECK (amount_fen > 0),
    via                  TEXT NOT NULL CHECK (via IN ('cash', 'bank')),
    summary              TEXT,
    voucher_id           INTEGER NOT NULL REFERENCES vouchers(id),
    reversal_voucher_id  INTEGER REFERENCES vouchers(id)
);
CREATE INDEX member_payments_member ON member_payments(member_id, date);

-- A posted plan's refunds are paid member by member (or all at once): each line's payment voucher.
ALTER TABLE distribution_lines ADD COLUMN pay_voucher_id INTEGER REFERENCES vouchers(id);
ALTER TABLE distribution_lines ADD COLUMN paid_via TEXT;
UPDATE distribution_lines SET pay_voucher_id = (SELECT pay_voucher_id FROM distribution_plans p WHERE p.year = distribution_lines.year),
                              paid_via = (SELECT paid_via FROM distribution_plans p WHERE p.year = distribution_lines.year);
