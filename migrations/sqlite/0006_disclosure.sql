-- The secret that keys the disclosure-control noise (identify/analysis/privacy.rs). One row, made on first
-- use and never changed: a new secret would give every published count new noise, which an adversary could
-- average.
CREATE TABLE disclosure_secret (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT    NOT NULL
);
