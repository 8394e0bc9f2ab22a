-- Identify: incidents, their imports, and anonymous community reports.
-- No column holds a name, a contact or a free-text narrative. Dates are as precise as the source (year,
-- month, day). The destination point's H3 cell at resolution 10 is stored for fast aggregation; coarser
-- cells are its parents.

CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    source_name  TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    rows_read    INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    duplicates   INTEGER NOT NULL,
    user_id      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE incidents (
    id                    INTEGER PRIMARY KEY,
    dedupe_key            TEXT    NOT NULL UNIQUE,
    external_id           TEXT,
    year                  INTEGER NOT NULL,
    month                 INTEGER,
    day                   INTEGER,
    source_country        TEXT,
    source_lat            REAL,
    source_lon            REAL,
    transit_country       TEXT,
    transit_lat           REAL,
    transit_lon           REAL,
    destination_country   TEXT,
    destination_lat       REAL,
    destination_lon       REAL,
    destination_cell      INTEGER,
    recruitment           TEXT,
    control_methods       TEXT    NOT NULL DEFAULT '',
    transport             TEXT,
    exploitation_type     TEXT,
    exploitation_subtype  TEXT,
    victim_age_band       TEXT,
    victim_gender         TEXT,
    victim_nationality    TEXT,
    offender_age_band     TEXT,
    offender_gender       TEXT,
    offender_nationality  TEXT,
    data_source           TEXT    NOT NULL,
    confidence            REAL    NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    import_id             INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    created_at            INTEGER NOT NULL
);
CREATE INDEX incidents_cell ON incidents (destination_cell);
CREATE INDEX incidents_year ON incidents (year, month);

-- Anonymous reports from the public: the day only, the location coarsened to an H3 cell (resolution 7 by
-- default) before it is written, a category from a fixed list. No address, no user agent, no narrative.
CREATE TABLE community_reports (
    id           INTEGER PRIMARY KEY,
    day          TEXT    NOT NULL,
    cell         INTEGER NOT NULL,
    category     TEXT    NOT NULL,
    signs        TEXT    NOT NULL DEFAULT '',
    locale       TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    reviewed_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reviewed_day TEXT,
    incident_id  INTEGER REFERENCES incidents (id) ON DELETE SET NULL
);
CREATE INDEX community_reports_status ON community_reports (status);
