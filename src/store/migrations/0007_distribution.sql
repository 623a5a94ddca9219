-- Schema 7: the year-end surplus distribution plan (Co-operative Law Art. 44) and its lines.

CREATE TABLE distribution_plans (
    year              INTEGER PRIMARY KEY,
    reserve_rate      TEXT NOT NULL,
    patronage_rate    TEXT NOT NULL,
    add_opening       INTEGER NOT NULL DEFAULT 0,
    reserve_basis     TEXT NOT NULL DEFAULT 'share' CHECK (reserve_basis IN ('share', 'trade')),
    status            TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'approved', 'posted', 'paid')),
    surplus_fen       INTEGER NOT NULL,
    losses_fen        INTEGER NOT NULL,
    opening_fen       INTEGER NOT NULL,
    reserve_fen       INTEGER NOT NULL,
    distributable_fen INTEGER NOT NULL,
    patronage_fen     INTEGER NOT NULL,
    residual_fen      INTEGER NOT NULL,
    branch_date       TEXT,
    branch_ref        TEXT,
    meeting_date      TEXT,
    meeting_ref       TEXT,
    post_voucher_id   INTEGER REFERENCES vouchers(id),
    pay_voucher_id    INTEGER REFERENCES vouchers(id),
    paid_via          TEXT
);

CREATE TABLE distribution_lines (
    year           INTEGER NOT NULL REFERENCES distribution_plans(year),
    member_id      INTEGER NOT NULL REFERENCES members(id),
    trade_fen      INTEGER NOT NULL,
    basis_fen      INTEGER NOT NULL,
    patronage_fen  INTEGER NOT NULL,
    residual_fen   INTEGER NOT NULL,
    reserve_fen    INTEGER NOT NULL,
    PRIMARY KEY (year, member_id)
);
