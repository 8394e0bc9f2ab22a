//! Reading a DKIM private key in the forms operators have: RSA in PKCS#1 or PKCS#8 PEM, Ed25519 in PKCS#8
//! PEM or as its 32-byte seed in base64. RSA is parsed with the `rsa` crate and, when `ring` takes it (2048
//! to 4096 bits, exponent 65537 or more: nearly every DKIM key), handed to `ring` as PKCS#1 DER; other RSA
//! keys of 1024 bits or more are kept for the `rsa` crate, slower (see `dkim.rs`). No error says anything
//! about the key's contents.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;

use super::dkim::SigningKey;

/// The DER prefix of an Ed25519 PKCS#8 v1 private key (RFC 8410): the algorithm 1.3.101.112, then the
/// 32-byte seed in an OCTET STRING inside the OCTET STRING `privateKey`.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Why a key was refused, in words that never quote it.
pub(crate) const KEY_FORMATS: &str = "not a private key Beacon can sign with: give an RSA key in PEM \
     (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY, unencrypted, 1024 bits or more) or an Ed25519 key \
     (BEGIN PRIVATE KEY, or its 32-byte seed in base64)";

/// The signing key, or [`KEY_FORMATS`].
pub(crate) fn signing_key(text: &str) -> Result<SigningKey, &'static str> {
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

fn rsa_key(key: &rsa::RsaPrivateKey) -> Result<SigningKey, &'static str> {
    if key.size() < 128 {
        return Err(KEY_FORMATS);
    }
    // Re-encoded by the `rsa` crate, whichever form it came in: its CRT values are computed afresh.
    let der = key.to_pkcs1_der().map_err(|_| KEY_FORMATS)?;
    Ok(match ring::rsa::KeyPair::from_der(der.as_bytes()) {
        Ok(key) => SigningKey::Rsa(key),
        Err(_) => SigningKey::RsaSoftware(Box::new(key.clone())),
    })
}

fn ed25519_key(seed: &[u8]) -> Result<SigningKey, &'static str> {
    ring::signature::Ed25519KeyPair::from_seed_unchecked(seed)
        .map(SigningKey::Ed25519)
        .map_err(|_| KEY_FORMATS)
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
    use rsa::pkcs1::LineEnding;
    use rsa::pkcs8::EncodePrivateKey;

    /// A small RSA key, made once per test run (1024 bits: quick to make, and still accepted).
    pub(crate) fn rsa_1024() -> rsa::RsaPrivateKey {
        rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap()
    }

    /// An RSA key of the usual size, made once for the whole test run (it takes a moment).
    pub(crate) fn rsa_2048() -> &'static rsa::RsaPrivateKey {
        static KEY: std::sync::OnceLock<rsa::RsaPrivateKey> = std::sync::OnceLock::new();
        KEY.get_or_init(|| rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap())
    }

    #[test]
    fn rsa_from_2048_bits_is_signed_by_ring_and_shorter_keys_by_the_rsa_crate() {
        let key = rsa_2048();
        for pem in [
            key.to_pkcs1_pem(LineEnding::LF).unwrap().to_string(),
            key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string(),
        ] {
            let k = signing_key(&pem).unwrap();
            assert!(matches!(k, SigningKey::Rsa(_)), "{k:?}");
            assert_eq!(format!("{k:?}"), "RSA-2048 (ring)");
        }
        let k = signing_key(&rsa_1024().to_pkcs8_pem(LineEnding::LF).unwrap()).unwrap();
        assert!(matches!(k, SigningKey::RsaSoftware(_)), "{k:?}");
        assert_eq!(format!("{k:?}"), "RSA-1024 (rsa crate)");
        let k = signing_key(&STANDARD.encode([7u8; 32])).unwrap();
        assert!(matches!(k, SigningKey::Ed25519(_)), "{k:?}");
        // Under 1024 bits: refused, as before.
        let small = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 768).unwrap();
        assert_eq!(
            signing_key(&small.to_pkcs1_pem(LineEnding::LF).unwrap()).unwrap_err(),
            KEY_FORMATS
        );
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
