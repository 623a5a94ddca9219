-- Schema 12: the voucher numbers freed by deleting a draft below the month's last number. The
-- month's next voucher takes the lowest of them (so numbers run without a gap) without searching
-- the month's vouchers for one.

CREATE TABLE free_numbers (
    ym   INTEGER NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (ym, seq)
) WITHOUT ROWID;
