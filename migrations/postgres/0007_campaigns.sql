-- Campaigns: what is shown to whom, where, when and for how much, and the state it is in.
CREATE TABLE campaigns (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    -- 'awareness', 'reach' or 'traffic' (traffic needs landing_url).
    objective      TEXT    NOT NULL CHECK (objective IN ('awareness', 'reach', 'traffic')),
    landing_url    TEXT,
    -- The frozen audience the campaign is aimed at (its cells, sizes and languages as they were).
    snapshot_id    BIGINT  NOT NULL REFERENCES audience_snapshots (id) ON DELETE RESTRICT,
    creative_id    BIGINT  NOT NULL REFERENCES creatives (id) ON DELETE RESTRICT,
    -- The locales shown (JSON list of tags), each needing the creative approved.
    locales        TEXT    NOT NULL,
    -- IANA zone the campaign's dates and schedules are read in.
    time_zone      TEXT    NOT NULL,
    starts_at      BIGINT  NOT NULL,
    ends_at        BIGINT  NOT NULL CHECK (ends_at > starts_at),
    state          TEXT    NOT NULL DEFAULT 'draft' CHECK (state IN
                       ('draft', 'approved', 'scheduled', 'running', 'paused', 'completed', 'cancelled')),
    -- Why it is in this state when a person did not choose it (back to draft after a change, a failure).
    state_reason   TEXT,
    -- What was approved (snapshot, creative hashes, channels and budgets), hashed: a difference sends the
    -- campaign back to draft.
    approved_hash  TEXT,
    created_by     BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);

-- Where a campaign runs and what it may spend there, in the currency's minor units.
CREATE TABLE campaign_channels (
    campaign_id    BIGINT  NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    channel        TEXT    NOT NULL CHECK (channel IN ('meta', 'google', 'export', 'sandbox')),
    budget_minor   BIGINT  NOT NULL CHECK (budget_minor > 0),
    currency       TEXT    NOT NULL,
    budget_kind    TEXT    NOT NULL CHECK (budget_kind IN ('daily', 'lifetime')),
    -- Sends allowed only inside this local window ('08:00-21:00'), in the campaign's or locale's zone.
    send_window    TEXT,
    -- Progress on the platform: 'pending', 'created', 'active', 'paused', 'ended' or 'failed'.
    progress       TEXT    NOT NULL DEFAULT 'pending',
    last_error     TEXT,
    PRIMARY KEY (campaign_id, channel)
);

-- Repeated sends (cron in a zone), per channel and optionally per locale.
CREATE TABLE campaign_schedules (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id    BIGINT  NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    channel        TEXT    NOT NULL,
    locale         TEXT,
    cron           TEXT    NOT NULL,
    time_zone      TEXT    NOT NULL
);

-- Every state change: who, when, why.
CREATE TABLE campaign_transitions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id    BIGINT  NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    from_state     TEXT    NOT NULL,
    to_state       TEXT    NOT NULL,
    reason         TEXT,
    actor          TEXT    NOT NULL,
    at             BIGINT  NOT NULL
);
CREATE INDEX campaign_transitions_by_campaign ON campaign_transitions (campaign_id, id);

-- Objects made on an ad platform, one per campaign, channel and step (a deterministic key such as
-- 'campaign' or 'ad:lt'), stored in the step that made them: a retry finds them and makes no second one.
CREATE TABLE channel_objects (
    campaign_id    BIGINT  NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    channel        TEXT    NOT NULL,
    step           TEXT    NOT NULL,
    object_id      TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    PRIMARY KEY (campaign_id, channel, step)
);

-- Delivery per day as the platform reports it (breakdown '' for the total, else e.g. 'age:25-34').
CREATE TABLE campaign_insights (
    campaign_id    BIGINT  NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    channel        TEXT    NOT NULL,
    day            TEXT    NOT NULL,
    breakdown      TEXT    NOT NULL DEFAULT '',
    reach          BIGINT  NOT NULL,
    impressions    BIGINT  NOT NULL,
    clicks         BIGINT  NOT NULL,
    spend_minor    BIGINT  NOT NULL,
    fetched_at     BIGINT  NOT NULL,
    PRIMARY KEY (campaign_id, channel, day, breakdown)
);

-- The job queue, made again: times in milliseconds, leases, a dead letter and idempotency keys.
DROP TABLE jobs;
CREATE TABLE jobs (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    -- Enqueuing the same work twice (the same key) makes one job.
    idempotency_key  TEXT    UNIQUE,
    status           TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'dead')),
    run_at_ms        BIGINT  NOT NULL,
    attempts         BIGINT  NOT NULL DEFAULT 0,
    max_attempts     BIGINT  NOT NULL,
    lease_holder     TEXT,
    lease_until_ms   BIGINT,
    last_error       TEXT,
    created_at_ms    BIGINT  NOT NULL,
    finished_at_ms   BIGINT
);
CREATE INDEX jobs_ready ON jobs (status, run_at_ms);
