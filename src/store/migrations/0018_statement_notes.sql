-- The notes to the statements (附注, 财会〔2021〕37号 第五十八条) that only a person knows — the
-- officers, pending lawsuits, the tax adjustments … — written by the accountant, one text per year
-- and key (src/reports/statements/notes.rs names the keys). The rest of the notes is made from the book.
CREATE TABLE statement_notes (
    year       INTEGER NOT NULL,
    key        TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (year, key)
);
