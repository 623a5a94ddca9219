-- Schema 1: the co-op, its chart of accounts, members, vouchers, period totals and the change log.
-- Money columns are INTEGER 分 (*_fen); rates are decimal TEXT; dates are ISO TEXT (YYYY-MM-DD).

CREATE TABLE coop (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    name                  TEXT NOT NULL,
    uscc                  TEXT NOT NULL,
    village               TEXT NOT NULL,
    township              TEXT NOT NULL,
    county                TEXT NOT NULL,
    reserve_rate          TEXT NOT NULL,
    patronage_rate        TEXT NOT NULL,
    collective_min_share  TEXT NOT NULL,
    created_at            TEXT NOT NULL
);

CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    parent_id      INTEGER REFERENCES accounts(id),
    class          TEXT NOT NULL CHECK (class IN ('asset', 'liability', 'equity', 'cost', 'pnl')),
    direction      INTEGER NOT NULL CHECK (direction IN (1, -1)),   -- 1 debit-normal, -1 credit-normal
    member_ledger  INTEGER NOT NULL DEFAULT 0 CHECK (member_ledger IN (0, 1)),
    system         INTEGER NOT NULL DEFAULT 0 CHECK (system IN (0, 1))
);
CREATE INDEX accounts_parent ON accounts(parent_id);

CREATE TABLE members (
    id        INTEGER PRIMARY KEY,
    no        INTEGER NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    id_card   TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL CHECK (kind IN ('collective', 'party', 'cadre', 'farmer', 'entity')),
    phone     TEXT,
    joined    TEXT NOT NULL,
    exited    TEXT
);

CREATE TABLE vouchers (
    id           INTEGER PRIMARY KEY,
    date         TEXT NOT NULL,
    ym           INTEGER NOT NULL,            -- YYYYMM of date, the numbering and closing period
    seq          INTEGER NOT NULL,            -- 记-0001 is seq 1 of its month
    summary      TEXT NOT NULL,
    attachments  INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'posted')),
    prepared_by  TEXT NOT NULL,
    prepared_at  TEXT NOT NULL,
    reviewed_by  TEXT,
    reviewed_at  TEXT,
    posted_by    TEXT,
    posted_at    TEXT,
    reverses_id  INTEGER UNIQUE REFERENCES vouchers(id),
    UNIQUE (ym, seq)
);
CREATE INDEX vouchers_date ON vouchers(date);
CREATE INDEX vouchers_status ON vouchers(status, ym);

CREATE TABLE voucher_lines (
    id          INTEGER PRIMARY KEY,
    voucher_id  INTEGER NOT NULL REFERENCES vouchers(id),
    line_no     INTEGER NOT NULL,
    date        TEXT NOT NULL,                -- the voucher's date, kept here for ledger queries
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    member_id   INTEGER REFERENCES members(id),
    summary     TEXT NOT NULL,
    debit_fen   INTEGER NOT NULL,
    credit_fen  INTEGER NOT NULL,
    CHECK (debit_fen = 0 OR credit_fen = 0),
    UNIQUE (voucher_id, line_no)
);
CREATE INDEX lines_account ON voucher_lines(account_id, date);
CREATE INDEX lines_member ON voucher_lines(member_id, date) WHERE member_id IS NOT NULL;

-- Posted totals per leaf account and month, maintained in the posting transaction, so that a
-- balance at any date reads at most one month of lines. `verify` recomputes them from the lines.
CREATE TABLE account_totals (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    ym          INTEGER NOT NULL,
    debit_fen   INTEGER NOT NULL,
    credit_fen  INTEGER NOT NULL,
    PRIMARY KEY (account_id, ym)
) WITHOUT ROWID;

CREATE TABLE member_totals (
    member_id   INTEGER NOT NULL REFERENCES members(id),
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    ym          INTEGER NOT NULL,
    debit_fen   INTEGER NOT NULL,
    credit_fen  INTEGER NOT NULL,
    PRIMARY KEY (member_id, account_id, ym)
) WITHOUT ROWID;

CREATE TABLE periods (
    ym         INTEGER PRIMARY KEY,
    closed_at  TEXT NOT NULL,
    closed_by  TEXT NOT NULL
);

-- Append-only, hash-chained: hash = SHA-256 over the previous hash and this row's fields.
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user       TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    payload    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);

-- Posted vouchers are immutable, also against raw SQL.
CREATE TRIGGER vouchers_posted_no_update BEFORE UPDATE ON vouchers
WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted-immutable'); END;

CREATE TRIGGER vouchers_posted_no_delete BEFORE DELETE ON vouchers
WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted-immutable'); END;

CREATE TRIGGER lines_posted_no_update BEFORE UPDATE ON voucher_lines
WHEN (SELECT status FROM vouchers WHERE id = OLD.voucher_id) = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted-immutable'); END;

CREATE TRIGGER lines_posted_no_delete BEFORE DELETE ON voucher_lines
WHEN (SELECT status FROM vouchers WHERE id = OLD.voucher_id) = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted-immutable'); END;

CREATE TRIGGER lines_posted_no_insert BEFORE INSERT ON voucher_lines
WHEN (SELECT status FROM vouchers WHERE id = NEW.voucher_id) = 'posted'
BEGIN SELECT RAISE(ABORT, 'posted-immutable'); END;

-- A closed month accepts nothing.
CREATE TRIGGER vouchers_closed_no_insert BEFORE INSERT ON vouchers
WHEN EXISTS (SELECT 1 FROM periods WHERE ym = NEW.ym)
BEGIN SELECT RAISE(ABORT, 'period-closed'); END;

CREATE TRIGGER vouchers_closed_no_update BEFORE UPDATE ON vouchers
WHEN EXISTS (SELECT 1 FROM periods WHERE ym = OLD.ym OR ym = NEW.ym)
BEGIN SELECT RAISE(ABORT, 'period-closed'); END;

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'log-immutable'); END;

CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'log-immutable'); END;
