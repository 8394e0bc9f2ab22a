//! People who asked to hear from a campaign: their addresses checked and normalised, the keyed one-way
//! hash the suppression list holds, the signed links in every e-mail (confirm, manage, unsubscribe), and
//! subscriber files read all or nothing with every bad row named.
//!
//! Nothing here touches the database or the network: the services call it.

pub mod import;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::message::Message;

type HmacSha256 = Hmac<Sha256>;

/// The longest address accepted (RFC 5321's path limit, less the angle brackets).
pub const MAX_ADDRESS: usize = 254;

/// An address as Beacon keeps it: trimmed and in lower case (mail systems treat the local part's case
/// alike in practice, and one person must not be two subscribers), checked by lettre's parser.
pub fn normalise_address(raw: &str) -> Result<String, Message> {
    let trimmed = raw.trim();
    let refused = || Message::new("subscriber-bad-address").text("value", trimmed);
    if trimmed.is_empty() || trimmed.len() > MAX_ADDRESS || trimmed.chars().any(char::is_whitespace)
    {
        return Err(refused());
    }
    let lower = trimmed.to_lowercase();
    let parsed: lettre::Address = lower.parse().map_err(|_| refused())?;
    // A domain needs a dot (no `user@localhost` on a public list) and no empty labels.
    let domain = parsed.domain();
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err(refused());
    }
    Ok(parsed.to_string())
}

/// The keys Beacon's e-mail uses, derived from the database's own secret: one to hash addresses (so the
/// suppression list holds no address, and a hash cannot be reversed by trying likely addresses without
/// the key), one to sign links.
#[derive(Clone)]
pub struct Keys {
    hash: [u8; 32],
    sign: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(********)")
    }
}

/// What a signed link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirm a sign-up (double opt-in); short-lived.
    Confirm,
    /// See, download and erase what is held, and unsubscribe (every e-mail's link, and RFC 8058's
    /// one-click POST).
    Manage,
    /// Download one pack sent to a partner's contact (`pack_sends` id); expires after `packs.link_hours`.
    PackDownload,
    /// A partner's contact asks to receive no more packs (their contact id): the contact is removed.
    PackStop,
    /// One page of a survey's public form (a random nonce, spent once when the form is sent).
    SurveyForm,
}

impl Purpose {
    /// The purpose a token claims, unchecked (only [`Keys::verify`] says whether Beacon made it): for
    /// routing one address to the right use case.
    pub fn claimed(token: &str) -> Option<Purpose> {
        let p = token.trim().split('.').next()?;
        [
            Purpose::Confirm,
            Purpose::Manage,
            Purpose::PackDownload,
            Purpose::PackStop,
            Purpose::SurveyForm,
        ]
        .into_iter()
        .find(|purpose| purpose.as_str() == p)
    }

    fn as_str(self) -> &'static str {
        match self {
            Purpose::Confirm => "c",
            Purpose::Manage => "m",
            Purpose::PackDownload => "p",
            Purpose::PackStop => "k",
            Purpose::SurveyForm => "f",
        }
    }
}

/// Why a link was refused. Either way nothing is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Not a link Beacon made (changed, cut short, or for something else).
    Invalid,
    /// A real link whose time is up.
    Expired,
}

impl Keys {
    /// The keys from the database's secret.
    pub fn derive(secret: &[u8]) -> Self {
        let derive = |label: &[u8]| -> [u8; 32] {
            let mut h = Sha256::new();
            h.update(b"beacon-email-v1:");
            h.update(label);
            h.update(b":");
            h.update(secret);
            h.finalize().into()
        };
        Self {
            hash: derive(b"address-hash"),
            sign: derive(b"link-signature"),
        }
    }

    /// The keyed one-way hash of a normalised address (hex).
    pub fn address_hash(&self, normalised: &str) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.hash).expect("any key length");
        mac.update(normalised.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn signature(&self, body: &str) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.sign).expect("any key length");
        mac.update(body.as_bytes());
        mac
    }

    /// A link token for `purpose` on subscriber `id`, valid until `expires` (Unix seconds):
    /// `{purpose}.{id}.{expires}.{signature}`, URL-safe.
    pub fn sign(&self, purpose: Purpose, id: i64, expires: i64) -> String {
        let body = format!("{}.{id}.{expires}", purpose.as_str());
        let tag = self.signature(&body).finalize().into_bytes();
        format!("{body}.{}", hex::encode(&tag[..16]))
    }

    /// The subscriber a token names, if Beacon signed it for `purpose` and it is still valid at `now`.
    /// The signature is checked (in constant time) before the expiry, so a forged token never learns
    /// whether an id exists.
    pub fn verify(&self, purpose: Purpose, token: &str, now: i64) -> Result<i64, LinkError> {
        let mut parts = token.trim().splitn(4, '.');
        let (Some(p), Some(id), Some(expires), Some(tag)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(LinkError::Invalid);
        };
        if p != purpose.as_str() || tag.len() != 32 {
            return Err(LinkError::Invalid);
        }
        let tag = hex::decode(tag).map_err(|_| LinkError::Invalid)?;
        self.signature(&format!("{p}.{id}.{expires}"))
            .verify_truncated_left(&tag)
            .map_err(|_| LinkError::Invalid)?;
        let id: i64 = id.parse().map_err(|_| LinkError::Invalid)?;
        let expires: i64 = expires.parse().map_err(|_| LinkError::Invalid)?;
        if now > expires {
            return Err(LinkError::Expired);
        }
        Ok(id)
    }
}

/// The version of a consent wording as shown: the message and a digest of its words in that language.
pub fn consent_version(message_id: &str, locale: &str, text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("{message_id}@{locale}:{}", &hex::encode(digest)[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_normalised() {
        assert_eq!(
            normalise_address("  Ona.Petraitiene@Example.LT ").unwrap(),
            "ona.petraitiene@example.lt"
        );
        for bad in [
            "",
            "ona",
            "ona@",
            "@example.lt",
            "ona@localhost",
            "ona @example.lt",
            "ona@example..lt",
            "ona@@example.lt",
            &format!("{}@example.lt", "a".repeat(260)),
        ] {
            let e = normalise_address(bad).unwrap_err();
            assert_eq!(e.id, "subscriber-bad-address", "{bad}");
        }
    }

    #[test]
    fn links_are_signed_for_one_purpose_and_expire() {
        let keys = Keys::derive(b"0123456789abcdef");
        let token = keys.sign(Purpose::Confirm, 42, 1_000);
        assert_eq!(keys.verify(Purpose::Confirm, &token, 999), Ok(42));
        assert_eq!(keys.verify(Purpose::Confirm, &token, 1_000), Ok(42));
        assert_eq!(
            keys.verify(Purpose::Confirm, &token, 1_001),
            Err(LinkError::Expired)
        );
        assert_eq!(
            keys.verify(Purpose::Manage, &token, 999),
            Err(LinkError::Invalid)
        );
        // Another id, a later expiry, a changed signature: all forged.
        for forged in [
            token.replacen(".42.", ".43.", 1),
            token.replacen(".1000.", ".9999.", 1),
            {
                let last = if token.ends_with('0') { '1' } else { '0' };
                format!("{}{last}", &token[..token.len() - 1])
            },
            token[..token.len() - 2].to_string(),
            "c.42.1000".to_string(),
            String::new(),
        ] {
            assert_eq!(
                keys.verify(Purpose::Confirm, &forged, 0),
                Err(LinkError::Invalid),
                "{forged}"
            );
        }
        // Another database's keys do not accept it.
        let other = Keys::derive(b"fedcba9876543210");
        assert_eq!(
            other.verify(Purpose::Confirm, &token, 0),
            Err(LinkError::Invalid)
        );
    }

    #[test]
    fn address_hashes_are_keyed() {
        let a = Keys::derive(b"0123456789abcdef");
        let b = Keys::derive(b"fedcba9876543210");
        let h = a.address_hash("ona@example.lt");
        assert_eq!(h.len(), 64);
        assert_eq!(h, a.address_hash("ona@example.lt"));
        assert_ne!(h, b.address_hash("ona@example.lt"));
        assert_ne!(h, hex::encode(Sha256::digest(b"ona@example.lt")));
        assert!(format!("{a:?}").contains("****"));
    }

    #[test]
    fn consent_versions_name_the_words() {
        let v = consent_version("signup-consent", "lt", "Sutinku");
        assert!(v.starts_with("signup-consent@lt:"));
        assert_ne!(v, consent_version("signup-consent", "lt", "Sutinku."));
    }
}
