-- E-mail: lists, subscribers with their consent, the suppression list, and the outbox.

-- A list people subscribe to: an organisation's (its members, its staff) or a campaign's.
CREATE TABLE mailing_lists (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    -- The organisation whose list it is, if it is one's.
    partner_id     INTEGER REFERENCES partners (id) ON DELETE RESTRICT,
    created_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL
);

-- The wording people agreed to, each version once: what `subscribers.consent_version` names.
CREATE TABLE consent_texts (
    version        TEXT    PRIMARY KEY,
    locale         TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    first_used_at  INTEGER NOT NULL
);

-- One person on one list. Their address, language, zone and a coarse area (an H3 cell at resolution 7,
-- never an address); when, how and to which wording they consented.
CREATE TABLE subscribers (
    id               INTEGER PRIMARY KEY,
    list_id          INTEGER NOT NULL REFERENCES mailing_lists (id) ON DELETE CASCADE,
    email            TEXT    NOT NULL,
    -- A keyed one-way hash of the address, as the suppression list holds it.
    email_hash       TEXT    NOT NULL,
    locale           TEXT    NOT NULL,
    time_zone        TEXT    NOT NULL,
    cell             TEXT,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    consent_source   TEXT    NOT NULL CHECK (consent_source IN ('form', 'import', 'partner')),
    consent_at       INTEGER NOT NULL,
    consent_version  TEXT    NOT NULL,
    confirmed_at     INTEGER,
    created_at       INTEGER NOT NULL,
    UNIQUE (list_id, email)
);
CREATE INDEX subscribers_by_hash ON subscribers (email_hash);

-- Addresses never to be sent to again, as keyed hashes: unsubscribed, bounced for good, complained, or
-- erased at their owner's request (so that a re-import cannot bring them back).
CREATE TABLE email_suppressions (
    email_hash     TEXT    PRIMARY KEY,
    reason         TEXT    NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained', 'erased')),
    at             INTEGER NOT NULL
);

-- The lists a campaign's e-mail goes to (filtered by its region and locales when it is sent).
CREATE TABLE campaign_lists (
    campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    list_id        INTEGER NOT NULL REFERENCES mailing_lists (id) ON DELETE RESTRICT,
    PRIMARY KEY (campaign_id, list_id)
);

-- A campaign's e-mail (its lists are in campaign_lists): the send window, read in each recipient's own
-- zone, and where sending stands: 'pending' (not launched), 'sending', 'paused', 'finished' (every message
-- sent, failed or suppressed) or 'stopped' (the campaign ended with messages unsent). `texts` holds each
-- locale's words frozen at launch from the approved creative (JSON); `last_error` the relay's latest
-- failure, as the campaign page shows it.
CREATE TABLE campaign_email (
    campaign_id    INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
    send_window    TEXT,
    progress       TEXT    NOT NULL DEFAULT 'pending'
                   CHECK (progress IN ('pending', 'sending', 'paused', 'finished', 'stopped')),
    texts          TEXT,
    planned_at     INTEGER,
    last_error     TEXT
);

-- The outbox: one message per campaign and subscriber, 'queued' -> 'sending' -> 'sent' | 'failed' |
-- 'suppressed', each step written before and after the SMTP exchange.
CREATE TABLE email_messages (
    id             INTEGER PRIMARY KEY,
    campaign_id    INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    subscriber_id  INTEGER REFERENCES subscribers (id) ON DELETE SET NULL,
    email_hash     TEXT    NOT NULL,
    locale         TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'suppressed')),
    -- Not before this instant (the recipient's send window, a relay's 4xx), in milliseconds.
    not_before_ms  INTEGER NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT,
    message_id     TEXT,
    updated_at_ms  INTEGER NOT NULL,
    UNIQUE (campaign_id, email_hash)
);
CREATE INDEX email_messages_due ON email_messages (campaign_id, status, not_before_ms);
