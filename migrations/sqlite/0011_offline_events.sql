-- Events held off line as part of a campaign (a community awareness day, a stall at a market): where,
-- when, how many people were reached and how they were counted, as campaign staff enter them.
CREATE TABLE offline_events (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    place           TEXT    NOT NULL,
    held_on         TEXT    NOT NULL,
    people_reached  INTEGER NOT NULL CHECK (people_reached >= 0),
    counted_how     TEXT    NOT NULL,
    created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX offline_events_by_campaign ON offline_events (campaign_id);
