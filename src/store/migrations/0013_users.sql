-- Users and roles (issue 9). A book with no users yet is "unclaimed": whoever opens it acts with
-- every right until the first user (an admin) is made; from then on every command logs in.
-- `password` is an argon2id PHC string; `failed`/`locked_until` count wrong passwords and lock the
-- account for a while. Every change of a user (not the counters) is in the change log, and
-- `verify` checks the table against it.
CREATE TABLE users (
    name         TEXT PRIMARY KEY NOT NULL CHECK (length(trim(name)) > 0),
    role         TEXT NOT NULL CHECK (role IN ('admin', 'accountant', 'cashier', 'chairman', 'supervisor')),
    password     TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed       INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at   TEXT NOT NULL
);
