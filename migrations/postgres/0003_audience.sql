-- Audiences: regions as compacted H3 cell sets with their source, population layers, community language
-- shares per region, audiences and their frozen snapshots.

CREATE TABLE regions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    resolution   BIGINT  NOT NULL,
    -- How the region was made (JSON): a GeoJSON upload, districts, hotspots, cells by hand, or a union or
    -- intersection of other regions, with any exclusions.
    source       TEXT    NOT NULL,
    -- The compacted cells, H3 hex, space-separated.
    cells        TEXT    NOT NULL,
    cell_count   BIGINT  NOT NULL,
    area_km2  DOUBLE PRECISION NOT NULL,
    notes        TEXT    NOT NULL DEFAULT '[]',
    created_by   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE community_shares (
    region_id    BIGINT  NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    locale       TEXT    NOT NULL,
    share     DOUBLE PRECISION NOT NULL CHECK (share >= 0 AND share <= 1),
    source       TEXT    NOT NULL,
    PRIMARY KEY (region_id, locale)
);

CREATE TABLE population_layers (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    -- 'grid' (h3,population) or 'settlements' (points spread over their area).
    kind         TEXT    NOT NULL,
    resolution   BIGINT  NOT NULL,
    source_name  TEXT    NOT NULL,
    method       TEXT    NOT NULL,
    total     DOUBLE PRECISION NOT NULL,
    cell_count   BIGINT  NOT NULL,
    -- One "hex population" line per cell.
    cells        TEXT    NOT NULL,
    created_by   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL
);

CREATE TABLE audiences (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    region_id    BIGINT  NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    -- The spec (JSON): locales, age bands, genders.
    spec         TEXT    NOT NULL,
    created_by   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);

-- A frozen copy of an audience (its region's cells, population, languages and sizes), made when a campaign
-- using it is scheduled, so that reports compare like with like. Never updated.
CREATE TABLE audience_snapshots (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    audience_id  BIGINT  NOT NULL REFERENCES audiences (id) ON DELETE RESTRICT,
    version      BIGINT  NOT NULL,
    reason       TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_by   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL,
    UNIQUE (audience_id, version)
);
