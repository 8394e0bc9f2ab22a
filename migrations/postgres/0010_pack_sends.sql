-- Packs sent to a partner's contacts by e-mail: one row per contact per sending, with the pack version in
-- the contact's language. The message carries a signed link that expires at `expires_at`; the row goes
-- `queued → sending → sent | failed` (a crash while `sending` sends that one message again, no other).
-- Removing a contact removes their sends.
CREATE TABLE pack_sends (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id  BIGINT  NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    contact_id  BIGINT  NOT NULL REFERENCES partner_contacts (id) ON DELETE CASCADE,
    pack_id     BIGINT  NOT NULL REFERENCES packs (id) ON DELETE CASCADE,
    status      TEXT    NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts    BIGINT  NOT NULL DEFAULT 0,
    error       TEXT,
    expires_at  BIGINT  NOT NULL,
    created_by  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL,
    sent_at     BIGINT
);
CREATE INDEX pack_sends_by_partner ON pack_sends (partner_id);
CREATE INDEX pack_sends_by_contact ON pack_sends (contact_id);
