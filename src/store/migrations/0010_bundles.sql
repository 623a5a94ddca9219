-- Schema 10: sync bundles (village → township). The co-op's ed25519 key pair lives in the book (made
-- at init, or on the first export of an older book); every bundle written is recorded with the
-- change-log range it carries and its SHA-256, which the next bundle names as its predecessor.

CREATE TABLE coop_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    secret      BLOB NOT NULL,          -- the 32-byte ed25519 seed
    public      BLOB NOT NULL,          -- the 32-byte verifying key
    created_at  TEXT NOT NULL
);

CREATE TABLE bundles_sent (
    seq         INTEGER PRIMARY KEY,    -- 1, 2, 3 … with no gap
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    full        INTEGER NOT NULL,
    log_from    INTEGER NOT NULL,       -- change-log rows after this one …
    log_to      INTEGER NOT NULL,       -- … up to this one are in the bundle
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    sha256      TEXT NOT NULL,          -- of the whole file
    summary     TEXT NOT NULL           -- JSON, as in the manifest
);
