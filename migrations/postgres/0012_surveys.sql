-- Surveys: definitions kept as versions (answers keep the version they answered), waves (a baseline
-- before the campaign, a follow-up after), groups (the campaign's region and a comparison region), the
-- responses (answers as canonical JSON, free text kept apart), the one-use form tokens of the public
-- page, the saved column mappings of imports, and the imports themselves.
CREATE TABLE surveys (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key              TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL,
    campaign_id      BIGINT  REFERENCES campaigns (id) ON DELETE SET NULL,
    free_text        BIGINT  NOT NULL DEFAULT 0 CHECK (free_text IN (0, 1)),
    current_version  BIGINT  NOT NULL DEFAULT 1,
    created_by       BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at       BIGINT  NOT NULL
);

CREATE TABLE survey_versions (
    survey_id   BIGINT  NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    version     BIGINT  NOT NULL,
    definition  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (survey_id, version)
);

CREATE TABLE survey_waves (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id   BIGINT  NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    phase       TEXT    NOT NULL CHECK (phase IN ('before', 'after')),
    opens_on    TEXT    NOT NULL,
    closes_on   TEXT    NOT NULL,
    UNIQUE (survey_id, key)
);

CREATE TABLE survey_groups (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id   BIGINT  NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('target', 'comparison')),
    name        TEXT    NOT NULL,
    region_id   BIGINT  REFERENCES regions (id) ON DELETE SET NULL,
    UNIQUE (survey_id, key)
);

CREATE TABLE survey_imports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id   BIGINT  NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    rows        BIGINT  NOT NULL,
    flagged     BIGINT  NOT NULL,
    created_by  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL
);

-- A response keeps the day it arrived, never the time: a time could single out a member of the public.
CREATE TABLE survey_responses (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id     BIGINT  NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    version       BIGINT  NOT NULL,
    wave_id       BIGINT  NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
    group_id      BIGINT  NOT NULL REFERENCES survey_groups (id) ON DELETE CASCADE,
    locale        TEXT    NOT NULL,
    channel       TEXT    NOT NULL,
    import_id     BIGINT  REFERENCES survey_imports (id) ON DELETE CASCADE,
    submitted_on  TEXT    NOT NULL,
    answers       TEXT    NOT NULL,
    flagged       BIGINT  NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
    FOREIGN KEY (survey_id, version) REFERENCES survey_versions (survey_id, version)
);
CREATE INDEX survey_responses_by_survey ON survey_responses (survey_id, wave_id, group_id);

CREATE TABLE survey_free_text (
    response_id  BIGINT PRIMARY KEY REFERENCES survey_responses (id) ON DELETE CASCADE,
    answers      TEXT    NOT NULL
);

-- The public form's tokens, each accepted once (a browser that sends the form twice makes one response).
-- Not linked to the response it brought.
CREATE TABLE survey_form_tokens (
    nonce     TEXT PRIMARY KEY,
    used_on   TEXT NOT NULL
);

CREATE TABLE survey_mappings (
    survey_id   BIGINT  NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    format      TEXT    NOT NULL,
    mapping     TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (survey_id, format)
);
