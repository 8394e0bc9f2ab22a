-- Identify: incidents, their imports, and anonymous community reports.
-- No column holds a name, a contact or a free-text narrative. Dates are as precise as the source (year,
-- month, day). The destination point's H3 cell at resolution 10 is stored for fast aggregation; coarser
-- cells are its parents.

CREATE TABLE imports (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_name  TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    rows_read    BIGINT  NOT NULL,
    added        BIGINT  NOT NULL,
    duplicates   BIGINT  NOT NULL,
    user_id      BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE incidents (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key            TEXT    NOT NULL UNIQUE,
    external_id           TEXT,
    year                  BIGINT  NOT NULL,
    month                 BIGINT,
    day                   BIGINT,
    source_country        TEXT,
    source_lat            DOUBLE PRECISION,
    source_lon            DOUBLE PRECISION,
    transit_country       TEXT,
    transit_lat           DOUBLE PRECISION,
    transit_lon           DOUBLE PRECISION,
    destination_country   TEXT,
    destination_lat       DOUBLE PRECISION,
    destination_lon       DOUBLE PRECISION,
    destination_cell      BIGINT,
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
    confidence            DOUBLE PRECISION    NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    import_id             BIGINT  REFERENCES imports (id) ON DELETE SET NULL,
    created_at            BIGINT  NOT NULL
);
CREATE INDEX incidents_cell ON incidents (destination_cell);
CREATE INDEX incidents_year ON incidents (year, month);

-- Anonymous reports from the public: the day only, the location coarsened to an H3 cell (resolution 7 by
-- default) before it is written, a category from a fixed list. No address, no user agent, no narrative.
CREATE TABLE community_reports (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    day          TEXT    NOT NULL,
    cell         BIGINT  NOT NULL,
    category     TEXT    NOT NULL,
    signs        TEXT    NOT NULL DEFAULT '',
    locale       TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    reviewed_by  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    reviewed_day TEXT,
    incident_id  BIGINT  REFERENCES incidents (id) ON DELETE SET NULL
);
CREATE INDEX community_reports_status ON community_reports (status);
