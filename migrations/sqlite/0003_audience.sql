-- Audiences: regions as compacted H3 cell sets with their source, population layers, community language
-- shares per region, audiences and their frozen snapshots.

CREATE TABLE regions (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    resolution   INTEGER NOT NULL,
    -- How the region was made (JSON): a GeoJSON upload, districts, hotspots, cells by hand, or a union or
    -- intersection of other regions, with any exclusions.
    source       TEXT    NOT NULL,
    -- The compacted cells, H3 hex, space-separated.
    cells        TEXT    NOT NULL,
    cell_count   INTEGER NOT NULL,
    area_km2     REAL    NOT NULL,
    notes        TEXT    NOT NULL DEFAULT '[]',
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE community_shares (
    region_id    INTEGER NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    locale       TEXT    NOT NULL,
    share        REAL    NOT NULL CHECK (share >= 0 AND share <= 1),
    source       TEXT    NOT NULL,
    PRIMARY KEY (region_id, locale)
);

CREATE TABLE population_layers (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    -- 'grid' (h3,population) or 'settlements' (points spread over their area).
    kind         TEXT    NOT NULL,
    resolution   INTEGER NOT NULL,
    source_name  TEXT    NOT NULL,
    method       TEXT    NOT NULL,
    total        REAL    NOT NULL,
    cell_count   INTEGER NOT NULL,
    -- One "hex population" line per cell.
    cells        TEXT    NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE audiences (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    region_id    INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    -- The spec (JSON): locales, age bands, genders.
    spec         TEXT    NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- A frozen copy of an audience (its region's cells, population, languages and sizes), made when a campaign
-- using it is scheduled, so that reports compare like with like. Never updated.
CREATE TABLE audience_snapshots (
    id           INTEGER PRIMARY KEY,
    audience_id  INTEGER NOT NULL REFERENCES audiences (id) ON DELETE RESTRICT,
    version      INTEGER NOT NULL,
    reason       TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (audience_id, version)
);
