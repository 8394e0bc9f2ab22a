-- Partners and their red-flag training packs: sectors, the regions partners serve, their contacts, packs
-- as issued (HTML and PDF, each version kept), downloads and the training sessions partners report.

-- Partner organisations get sectors in place of kinds.
ALTER TABLE partners RENAME COLUMN kind TO sector;
ALTER TABLE partners DROP CONSTRAINT partners_kind_check;
UPDATE partners SET sector = CASE sector WHEN 'council' THEN 'local_authority' WHEN 'charity' THEN 'ngo' ELSE sector END;
ALTER TABLE partners ADD CONSTRAINT partners_sector_check
    CHECK (sector IN ('bank', 'local_authority', 'health', 'police', 'ngo', 'employer', 'other'));

-- The regions (Beacon's regions) a partner serves.
CREATE TABLE partner_regions (
    partner_id  BIGINT  NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    region_id   BIGINT  NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    PRIMARY KEY (partner_id, region_id)
);

-- People at a partner who receive its packs: a name, a work address, a role and a language.
CREATE TABLE partner_contacts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id  BIGINT  NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    locale      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (partner_id, email)
);

-- A pack as issued: one partner's sector toolkit in one locale for one region. Each rendering whose
-- content differs from the latest is a new version; both formats are kept so that a partner downloads
-- exactly what was issued. `languages` (JSON) says which sections are in which locale.
CREATE TABLE packs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id   BIGINT  NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    region_id    BIGINT  NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    locale       TEXT    NOT NULL,
    version      BIGINT  NOT NULL,
    sector       TEXT    NOT NULL,
    campaign_id  BIGINT  REFERENCES campaigns (id) ON DELETE SET NULL,
    languages    TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    html         TEXT    NOT NULL,
    pdf          BYTEA   NOT NULL,
    created_by   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL,
    UNIQUE (partner_id, region_id, locale, version)
);

-- Each download of a pack: by a partner account, by staff, or through a signed link sent to a contact.
CREATE TABLE pack_downloads (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pack_id     BIGINT  NOT NULL REFERENCES packs (id) ON DELETE CASCADE,
    contact_id  BIGINT  REFERENCES partner_contacts (id) ON DELETE SET NULL,
    via         TEXT    NOT NULL CHECK (via IN ('account', 'link')),
    format      TEXT    NOT NULL CHECK (format IN ('pdf', 'html')),
    at          BIGINT  NOT NULL
);
CREATE INDEX pack_downloads_by_pack ON pack_downloads (pack_id);

-- A training session a partner held: when, how many staff, with which pack, and optionally the share of
-- correct answers in a short quiz before and after (correct answers out of answers given).
CREATE TABLE trainings (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id       BIGINT  NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    pack_id          BIGINT  NOT NULL REFERENCES packs (id) ON DELETE RESTRICT,
    campaign_id      BIGINT  REFERENCES campaigns (id) ON DELETE SET NULL,
    held_on          TEXT    NOT NULL,
    staff_trained    BIGINT  NOT NULL CHECK (staff_trained > 0),
    before_correct   BIGINT,
    before_answers   BIGINT,
    after_correct    BIGINT,
    after_answers    BIGINT,
    reported_by      BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at       BIGINT  NOT NULL,
    CHECK ((before_answers IS NULL) = (before_correct IS NULL) AND (after_answers IS NULL) = (after_correct IS NULL)),
    CHECK (before_correct IS NULL OR (before_correct >= 0 AND before_correct <= before_answers)),
    CHECK (after_correct IS NULL OR (after_correct >= 0 AND after_correct <= after_answers))
);
CREATE INDEX trainings_by_partner ON trainings (partner_id);
