//! Reading a DKIM private key in the forms operators have: RSA in PKCS#1 or PKCS#8 PEM, Ed25519 in PKCS#8
//! PEM or as its 32-byte seed in base64. lettre takes RSA as PKCS#1 PEM and Ed25519 as the base64 seed, so
//! the other forms are converted. No error says anything about the key's contents.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lettre::message::dkim::{DkimSigningAlgorithm, DkimSigningKey};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, LineEnding};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;

/// The DER prefix of an Ed25519 PKCS#8 v1 private key (RFC 8410): the algorithm 1.3.101.112, then the
/// 32-byte seed in an OCTET STRING inside the OCTET STRING `privateKey`.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Why a key was refused, in words that never quote it.
pub(crate) const KEY_FORMATS: &str = "not a private key Beacon can sign with: give an RSA key in PEM \
     (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY, unencrypted, 1024 bits or more) or an Ed25519 key \
     (BEGIN PRIVATE KEY, or its 32-byte seed in base64)";

/// The signing key and its algorithm, or [`KEY_FORMATS`].
pub(crate) fn signing_key(text: &str) -> Result<DkimSigningKey, &'static str> {
    // An environment variable may carry the PEM's line breaks as the two characters `\n`.
    let unescaped;
    let text = if !text.contains('\n') && text.contains("\\n") {
        unescaped = text.replace("\\n", "\n");
        unescaped.trim()
    } else {
        text.trim()
    };
    if text.contains("BEGIN RSA PRIVATE KEY") {
        let key = rsa::RsaPrivateKey::from_pkcs1_pem(text).map_err(|_| KEY_FORMATS)?;
        return rsa_key(&key);
    }
    if text.contains("BEGIN PRIVATE KEY") {
        if let Ok(key) = rsa::RsaPrivateKey::from_pkcs8_pem(text) {
            return rsa_key(&key);
        }
        let der = pem_body(text).ok_or(KEY_FORMATS)?;
        if der.len() == 48 && der[..16] == ED25519_PKCS8_PREFIX {
            return ed25519_key(&der[16..]);
        }
        return Err(KEY_FORMATS);
    }
    if text.contains("-----") {
        return Err(KEY_FORMATS);
    }
    let seed = STANDARD.decode(text).map_err(|_| KEY_FORMATS)?;
    ed25519_key(&seed)
}

fn rsa_key(key: &rsa::RsaPrivateKey) -> Result<DkimSigningKey, &'static str> {
    if key.size() < 128 {
        return Err(KEY_FORMATS);
    }
    let pem = key.to_pkcs1_pem(LineEnding::LF).map_err(|_| KEY_FORMATS)?;
    DkimSigningKey::new(&pem, DkimSigningAlgorithm::Rsa).map_err(|_| KEY_FORMATS)
}

fn ed25519_key(seed: &[u8]) -> Result<DkimSigningKey, &'static str> {
    if seed.len() != 32 {
        return Err(KEY_FORMATS);
    }
    let b64 = STANDARD.encode(seed);
    DkimSigningKey::new(&b64, DkimSigningAlgorithm::Ed25519).map_err(|_| KEY_FORMATS)
}

/// The bytes between a PEM's BEGIN and END lines.
fn pem_body(text: &str) -> Option<Vec<u8>> {
    let b64: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-----"))
        .collect();
    STANDARD.decode(b64.as_bytes()).ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rsa::pkcs8::EncodePrivateKey;

    /// A small RSA key, made once per test run (1024 bits: quick to make, and still accepted).
    pub(crate) fn rsa_1024() -> rsa::RsaPrivateKey {
        rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap()
    }

    #[test]
    fn rsa_in_pkcs1_and_pkcs8_pem_and_ed25519_in_both_forms() {
        let key = rsa_1024();
        let pkcs1 = key.to_pkcs1_pem(LineEnding::LF).unwrap();
        let pkcs8 = key.to_pkcs8_pem(LineEnding::CRLF).unwrap();
        assert!(signing_key(&pkcs1).is_ok());
        assert!(signing_key(&pkcs8).is_ok());
        assert!(signing_key(&pkcs1.replace('\n', "\\n")).is_ok());

        let seed = [7u8; 32];
        assert!(signing_key(&STANDARD.encode(seed)).is_ok());
        let mut der = ED25519_PKCS8_PREFIX.to_vec();
        der.extend_from_slice(&seed);
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(&der)
        );
        assert!(signing_key(&pem).is_ok());
    }

    #[test]
    fn what_does_not_parse_is_refused_without_quoting_it() {
        for bad in [
            "",
            "hunter2-not-a-key",
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
            &STANDARD.encode([1u8; 31]),
        ] {
            let err = signing_key(bad).map(|_| ()).unwrap_err();
            assert_eq!(err, KEY_FORMATS);
        }
    }
}
