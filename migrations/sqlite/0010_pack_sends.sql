-- Packs sent to a partner's contacts by e-mail: one row per contact per sending, with the pack version in
-- the contact's language. The message carries a signed link that expires at `expires_at`; the row goes
-- `queued → sending → sent | failed` (a crash while `sending` sends that one message again, no other).
-- Removing a contact removes their sends.
CREATE TABLE pack_sends (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES partner_contacts (id) ON DELETE CASCADE,
    pack_id     INTEGER NOT NULL REFERENCES packs (id) ON DELETE CASCADE,
    status      TEXT    NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT,
    expires_at  INTEGER NOT NULL,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER
);
CREATE INDEX pack_sends_by_partner ON pack_sends (partner_id);
CREATE INDEX pack_sends_by_contact ON pack_sends (contact_id);
