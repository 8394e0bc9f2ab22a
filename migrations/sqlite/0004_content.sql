-- Content: translators' accepted uploads (every version, for history and rollback), the reference text each
-- translated message was made against (staleness), creatives and their per-locale approvals.

CREATE TABLE locale_versions (
    id           INTEGER PRIMARY KEY,
    locale       TEXT    NOT NULL,
    file         TEXT    NOT NULL,
    -- 1, 2, ... per locale and file; version 0 is the shipped file and is not stored.
    version      INTEGER NOT NULL,
    content      TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    -- What changed against the version before: {"added": [ids], "changed": [ids], "removed": [ids]}.
    changes      TEXT    NOT NULL,
    -- 'upload' or 'rollback'.
    kind         TEXT    NOT NULL,
    -- For a rollback: the version whose text was restored.
    restored     INTEGER,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (locale, file, version)
);

CREATE TABLE translation_sources (
    locale           TEXT    NOT NULL,
    file             TEXT    NOT NULL,
    message_id       TEXT    NOT NULL,
    -- Hash of the reference (en) entry this translation was written or confirmed against.
    source_hash      TEXT    NOT NULL,
    -- Hash of the translated entry when source_hash was recorded: a different translation is an update.
    translation_hash TEXT    NOT NULL,
    confirmed_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (locale, file, message_id)
);

CREATE TABLE creatives (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    -- The campaign.ftl message whose attributes are the ad texts.
    message_id   TEXT    NOT NULL,
    image_ref    TEXT    NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE creative_approvals (
    creative_id  INTEGER NOT NULL REFERENCES creatives (id) ON DELETE CASCADE,
    locale       TEXT    NOT NULL,
    -- Hash of the texts and image approved: when the creative renders differently, the approval no longer holds.
    content_hash TEXT    NOT NULL,
    approved_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    approved_at  INTEGER NOT NULL,
    PRIMARY KEY (creative_id, locale)
);
