-- Schema 11: a township's replica of a village's book records every bundle applied to it, so the
-- township's register of villages can always be rebuilt from the replicas.

CREATE TABLE bundles_received (
    seq          INTEGER PRIMARY KEY,
    sha256       TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    full         INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
);
