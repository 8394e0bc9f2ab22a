-- Partners and their red-flag training packs: sectors, the regions partners serve, their contacts, packs
-- as issued (HTML and PDF, each version kept), downloads and the training sessions partners report.

-- Partner organisations get sectors in place of kinds. SQLite cannot change a CHECK, so the table is
-- rebuilt, as SQLite's documentation describes: Beacon runs migrations with foreign keys off and checks
-- every reference afterwards (`Store::migrate`), so the accounts and lists that name a partner keep it.
CREATE TABLE partners_new (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    sector      TEXT    NOT NULL CHECK (sector IN ('bank', 'local_authority', 'health', 'police', 'ngo', 'employer', 'other')),
    created_at  INTEGER NOT NULL
);
INSERT INTO partners_new (id, name, sector, created_at)
    SELECT id, name,
           CASE kind WHEN 'council' THEN 'local_authority' WHEN 'charity' THEN 'ngo' ELSE kind END,
           created_at
    FROM partners;
DROP TABLE partners;
ALTER TABLE partners_new RENAME TO partners;

-- The regions (Beacon's regions) a partner serves.
CREATE TABLE partner_regions (
    partner_id  INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    region_id   INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    PRIMARY KEY (partner_id, region_id)
);

-- People at a partner who receive its packs: a name, a work address, a role and a language.
CREATE TABLE partner_contacts (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    locale      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (partner_id, email)
);

-- A pack as issued: one partner's sector toolkit in one locale for one region. Each rendering whose
-- content differs from the latest is a new version; both formats are kept so that a partner downloads
-- exactly what was issued. `languages` (JSON) says which sections are in which locale.
CREATE TABLE packs (
    id           INTEGER PRIMARY KEY,
    partner_id   INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    region_id    INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    locale       TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    sector       TEXT    NOT NULL,
    campaign_id  INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    languages    TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    html         TEXT    NOT NULL,
    pdf          BLOB    NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (partner_id, region_id, locale, version)
);

-- Each download of a pack: by a partner account, by staff, or through a signed link sent to a contact.
CREATE TABLE pack_downloads (
    id          INTEGER PRIMARY KEY,
    pack_id     INTEGER NOT NULL REFERENCES packs (id) ON DELETE CASCADE,
    contact_id  INTEGER REFERENCES partner_contacts (id) ON DELETE SET NULL,
    via         TEXT    NOT NULL CHECK (via IN ('account', 'link')),
    format      TEXT    NOT NULL CHECK (format IN ('pdf', 'html')),
    at          INTEGER NOT NULL
);
CREATE INDEX pack_downloads_by_pack ON pack_downloads (pack_id);

-- A training session a partner held: when, how many staff, with which pack, and optionally the share of
-- correct answers in a short quiz before and after (correct answers out of answers given).
CREATE TABLE trainings (
    id               INTEGER PRIMARY KEY,
    partner_id       INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    pack_id          INTEGER NOT NULL REFERENCES packs (id) ON DELETE RESTRICT,
    campaign_id      INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    held_on          TEXT    NOT NULL,
    staff_trained    INTEGER NOT NULL CHECK (staff_trained > 0),
    before_correct   INTEGER,
    before_answers   INTEGER,
    after_correct    INTEGER,
    after_answers    INTEGER,
    reported_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    CHECK ((before_answers IS NULL) = (before_correct IS NULL) AND (after_answers IS NULL) = (after_correct IS NULL)),
    CHECK (before_correct IS NULL OR (before_correct >= 0 AND before_correct <= before_answers)),
    CHECK (after_correct IS NULL OR (after_correct >= 0 AND after_correct <= after_answers))
);
CREATE INDEX trainings_by_partner ON trainings (partner_id);
