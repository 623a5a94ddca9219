-- Schema 2: members' contributions (出资) of cash, land, labour, assets and quantified subsidies,
-- and the charter settings the share register checks.

ALTER TABLE coop ADD COLUMN allow_labour INTEGER NOT NULL DEFAULT 1 CHECK (allow_labour IN (0, 1));
-- The largest share of the share capital one member other than the collective may hold.
ALTER TABLE coop ADD COLUMN member_cap TEXT NOT NULL DEFAULT '0.20';

CREATE TABLE contributions (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members(id),
    kind            TEXT NOT NULL CHECK (kind IN ('cash', 'land', 'labour', 'asset', 'subsidy')),
    date            TEXT NOT NULL,
    -- The valuation in 分; negative for a withdrawal, an exit or the giving side of a transfer.
    amount_fen      INTEGER NOT NULL,
    quantity        TEXT,               -- 亩 or 工日, exact decimal text
    unit_price_fen  INTEGER,            -- per 亩 or per 工日
    detail          TEXT NOT NULL,      -- JSON: plot, location, term, valuation_ref, description, via
    voucher_id      INTEGER REFERENCES vouchers(id)
);
CREATE INDEX contributions_member ON contributions(member_id, date);
