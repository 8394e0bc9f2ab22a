//! Beacon's DKIM signer (RFC 6376), relaxed/relaxed canonicalization, `rsa-sha256` (RFC 8301) and
//! `ed25519-sha256` (RFC 8463), over a lettre [`Message`] as it is built.
//!
//! lettre's own signer signs RSA with the pure-Rust `rsa` crate, about 1.1 ms of CPU a message at 2048 bits
//! on the 2-core machine of BENCHMARKS.md (1.6 ms under load), which capped Beacon at 500 to 1,400
//! personalised messages a second. Here RSA keys of 2048 to 4096 bits are signed with `ring`, about 0.43 ms
//! (2.5 times faster); Ed25519 with `ring` too. RSA keys `ring` does not take (1024 to 2047 bits, more than
//! 4096, or an exponent under 65537) are still signed, with the `rsa` crate as before: see [`SigningKey`].
//!
//! What is signed is what the relay receives: the message is formatted as lettre writes it for SMTP, split at
//! its first empty line, and both halves are canonicalized from that text; the `DKIM-Signature` header is
//! added with [`Headers::insert_raw`] (lettre folds it), as lettre's `Message::sign` does.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue, Headers};
use sha2::{Digest, Sha256};

const DKIM_SIGNATURE: &str = "DKIM-Signature";

/// A DKIM private key, read once at start-up (see `key.rs`).
pub(crate) enum SigningKey {
    /// RSA of 2048 to 4096 bits with a public exponent of at least 65537: signed by `ring`.
    Rsa(ring::rsa::KeyPair),
    /// Any other RSA key of at least 1024 bits: signed by the `rsa` crate (PKCS#1 v1.5, the same signature,
    /// as lettre did), at its old speed (2.5 times `ring`'s time at 2048 bits; less for shorter keys).
    RsaSoftware(Box<rsa::RsaPrivateKey>),
    /// Ed25519 from its 32-byte seed: signed by `ring`.
    Ed25519(ring::signature::Ed25519KeyPair),
}

impl std::fmt::Debug for SigningKey {
    /// The algorithm and size only: never the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Rsa(k) => write!(f, "RSA-{} (ring)", k.public().modulus_len() * 8),
            Self::RsaSoftware(k) => {
                use rsa::traits::PublicKeyParts;
                write!(f, "RSA-{} (rsa crate)", k.size() * 8)
            }
            Self::Ed25519(_) => f.write_str("Ed25519"),
        }
    }
}

impl SigningKey {
    /// `a=` without the hash.
    fn algorithm(&self) -> &'static str {
        match self {
            Self::Rsa(_) | Self::RsaSoftware(_) => "rsa",
            Self::Ed25519(_) => "ed25519",
        }
    }

    /// The signature over the canonicalized headers `data` (`ring` hashes RSA's input itself; RFC 8463 signs
    /// the SHA-256 of the data with Ed25519).
    fn sign(&self, rng: &ring::rand::SystemRandom, data: &[u8]) -> Result<Vec<u8>, SignError> {
        match self {
            Self::Rsa(key) => {
                let mut signature = vec![0; key.public().modulus_len()];
                key.sign(
                    &ring::signature::RSA_PKCS1_SHA256,
                    rng,
                    data,
                    &mut signature,
                )
                .map_err(|_| SignError)?;
                Ok(signature)
            }
            Self::RsaSoftware(key) => key
                .sign(
                    rsa::pkcs1v15::Pkcs1v15Sign::new::<Sha256>(),
                    &Sha256::digest(data),
                )
                .map_err(|_| SignError),
            Self::Ed25519(key) => Ok(key.sign(&Sha256::digest(data)).as_ref().to_vec()),
        }
    }
}

/// The signature could not be made (`ring` checks each RSA signature before giving it out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the DKIM signature could not be made")]
pub(crate) struct SignError;

/// Signs messages for one domain and selector over a fixed list of headers.
pub(crate) struct DkimSigner {
    domain: String,
    selector: String,
    /// The header names of `h=`, lowercased, in order.
    headers: Vec<String>,
    key: SigningKey,
    rng: ring::rand::SystemRandom,
}

impl std::fmt::Debug for DkimSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DkimSigner")
            .field("domain", &self.domain)
            .field("selector", &self.selector)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl DkimSigner {
    /// A signer for `d=domain`, `s=selector` over `headers` (`h=`, in this order). Signs once to check the
    /// key, so that a key `ring` cannot sign with is refused here rather than at every message.
    pub(crate) fn new(
        domain: &str,
        selector: &str,
        headers: &[&str],
        key: SigningKey,
    ) -> Result<Self, SignError> {
        let signer = Self {
            domain: domain.to_string(),
            selector: selector.to_string(),
            headers: headers.iter().map(|h| h.to_ascii_lowercase()).collect(),
            key,
            rng: ring::rand::SystemRandom::new(),
        };
        signer.key.sign(&signer.rng, b"")?;
        Ok(signer)
    }

    /// The key's algorithm and size, for logs (never the key).
    pub(crate) fn describe(&self) -> String {
        format!("{:?}", self.key)
    }

    /// Whether the key is signed by the slow `rsa` crate (an RSA key `ring` does not take).
    pub(crate) fn is_slow(&self) -> bool {
        matches!(self.key, SigningKey::RsaSoftware(_))
    }

    /// Adds a `DKIM-Signature` header to `message`, with `t=` now.
    pub(crate) fn sign(&self, message: &mut Message) -> Result<(), SignError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.sign_at(message, now)
    }

    /// Adds a `DKIM-Signature` header to `message`, with `t=timestamp`.
    pub(crate) fn sign_at(&self, message: &mut Message, timestamp: u64) -> Result<(), SignError> {
        let formatted = message.formatted();
        let (head, body) = split_message(&formatted);
        let body_hash = STANDARD.encode(relaxed_body_hash(body));

        let mut data = Vec::with_capacity(head.len() + 512);
        let mut fields = header_fields(head);
        for name in &self.headers {
            // RFC 6376 5.4.2: the last instance not yet signed; none at all is signed as absent (nothing
            // hashed), which a verifier does the same way.
            if let Some(field) = fields
                .iter_mut()
                .rev()
                .find(|f| !f.used && f.name.eq_ignore_ascii_case(name.as_bytes()))
            {
                field.used = true;
                relaxed_header(&field.lines, &mut data);
                data.extend_from_slice(b"\r\n");
            }
        }

        let mut value = format!(
            "v=1; a={}-sha256; d={}; s={}; c=relaxed/relaxed; q=dns/txt; t={timestamp}; h={}; bh={body_hash}; b=",
            self.key.algorithm(),
            self.domain,
            self.selector,
            self.headers.join(":"),
        );
        // The signature header itself, with an empty b=, hashed as lettre will write it (folded), without
        // its final CRLF (RFC 6376 3.7).
        let mut unsigned = Headers::new();
        unsigned.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str(DKIM_SIGNATURE),
            value.clone(),
        ));
        let unsigned = unsigned.to_string();
        let field = header_fields(unsigned.as_bytes())
            .pop()
            .expect("one header field");
        relaxed_header(&field.lines, &mut data);

        let signature = self.key.sign(&self.rng, &data)?;
        STANDARD.encode_string(signature, &mut value);
        message.headers_mut().insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str(DKIM_SIGNATURE),
            value,
        ));
        Ok(())
    }
}

/// The header section (each field with its CRLF) and the body of a formatted message: split at the first
/// empty line. Without one, it is all header.
fn split_message(message: &[u8]) -> (&[u8], &[u8]) {
    if message.starts_with(b"\r\n") {
        return (&[], &message[2..]);
    }
    match find_crlf_crlf(message) {
        Some(i) => (&message[..i + 2], &message[i + 4..]),
        None => (message, &[]),
    }
}

fn find_crlf_crlf(s: &[u8]) -> Option<usize> {
    s.windows(4).position(|w| w == b"\r\n\r\n")
}

/// The position of the first CRLF in `s`.
fn find_crlf(s: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].iter().position(|&b| b == b'\n') {
        let at = from + i;
        if at > 0 && s[at - 1] == b'\r' {
            return Some(at - 1);
        }
        from = at + 1;
    }
    None
}

/// `s` as lines ending in CRLF (the CRLF left out); the last line may lack one.
fn crlf_lines(mut s: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        if s.is_empty() {
            return None;
        }
        match find_crlf(s) {
            Some(i) => {
                let line = &s[..i];
                s = &s[i + 2..];
                Some(line)
            }
            None => Some(std::mem::take(&mut s)),
        }
    })
}

/// One header field: its name as written and its lines (the first, then each continuation line starting
/// with a space or a tab), without their CRLFs.
struct Field<'a> {
    name: &'a [u8],
    lines: Vec<&'a [u8]>,
    used: bool,
}

fn header_fields(head: &[u8]) -> Vec<Field<'_>> {
    let mut fields: Vec<Field<'_>> = Vec::with_capacity(16);
    for line in crlf_lines(head) {
        if line.first().is_some_and(|b| is_wsp(*b)) {
            if let Some(field) = fields.last_mut() {
                field.lines.push(line);
            }
            continue;
        }
        let name = match line.iter().position(|&b| b == b':') {
            Some(colon) => trim_wsp_end(&line[..colon]),
            // Not a header field: no name, so that it is never matched as one.
            None => &[],
        };
        fields.push(Field {
            name,
            lines: vec![line],
            used: false,
        });
    }
    fields
}

fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn trim_wsp_end(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., last] = s
        && is_wsp(*last)
    {
        s = rest;
    }
    s
}

/// RFC 6376 3.4.2, "relaxed" header canonicalization of one field, appended to `out` without a CRLF: the
/// name lowercased, the lines unfolded (their CRLFs dropped), each run of spaces and tabs one space, none
/// at the end of the value nor either side of the colon.
fn relaxed_header(lines: &[&[u8]], out: &mut Vec<u8>) {
    let Some((first, continuation)) = lines.split_first() else {
        return;
    };
    let (name, value) = match first.iter().position(|&b| b == b':') {
        Some(colon) => (&first[..colon], &first[colon + 1..]),
        None => (*first, &[][..]),
    };
    out.extend(trim_wsp_end(name).iter().map(u8::to_ascii_lowercase));
    out.push(b':');
    let mut space = false;
    let mut started = false;
    for &b in std::iter::once(value)
        .chain(continuation.iter().copied())
        .flatten()
    {
        if is_wsp(b) {
            space = true;
        } else {
            if space && started {
                out.push(b' ');
            }
            space = false;
            started = true;
            out.push(b);
        }
    }
}

/// RFC 6376 3.4.4, "relaxed" body canonicalization, hashed with SHA-256 (`bh=`): in each line, each run of
/// spaces and tabs becomes one space and none is left at its end; empty lines at the end are dropped; each
/// line kept ends in CRLF (a last line without one gets one). An empty body hashes nothing.
fn relaxed_body_hash(body: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    let mut empty_lines = 0usize;
    let mut line_out = Vec::with_capacity(1000);
    for line in crlf_lines(body) {
        line_out.clear();
        let mut space = false;
        for &b in line {
            if is_wsp(b) {
                space = true;
            } else {
                if space {
                    line_out.push(b' ');
                }
                space = false;
                line_out.push(b);
            }
        }
        if line_out.is_empty() {
            empty_lines += 1;
            continue;
        }
        for _ in 0..empty_lines {
            hash.update(b"\r\n");
        }
        empty_lines = 0;
        line_out.extend_from_slice(b"\r\n");
        hash.update(&line_out);
    }
    hash.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::email::key::signing_key;
    use crate::channels::email::key::tests::{rsa_1024, rsa_2048};
    use crate::channels::email::message::tests::{config, email};
    use crate::channels::email::{SIGNED_HEADERS, Sender, build_message};
    use lettre::message::dkim::{
        DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
        DkimSigningKey,
    };
    use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};

    const SEED: [u8; 32] = [7; 32];

    fn relaxed(lines: &[&[u8]]) -> String {
        let mut out = Vec::new();
        relaxed_header(lines, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_examples_of_rfc_6376_section_3_4_5() {
        let head = b"A: X\r\nB : Y\t\r\n\tZ  \r\n";
        let fields = header_fields(head);
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[1].name, b"B");
        assert_eq!(relaxed(&fields[0].lines), "a:X");
        assert_eq!(relaxed(&fields[1].lines), "b:Y Z");
        assert_eq!(
            relaxed_body_hash(b" C \r\nD \t E\r\n\r\n\r\n"),
            <[u8; 32]>::from(Sha256::digest(b" C\r\nD E\r\n"))
        );
    }

    #[test]
    fn body_edges() {
        let empty: [u8; 32] = Sha256::digest(b"").into();
        for body in [&b""[..], b"\r\n", b"\r\n\r\n", b" \t\r\n\t\r\n", b"  "] {
            assert_eq!(relaxed_body_hash(body), empty, "{body:?}");
        }
        let abc: [u8; 32] = Sha256::digest(b"abc\r\n").into();
        for body in [
            &b"abc"[..],
            b"abc \t",
            b"abc\r\n",
            b"abc\r\n \r\n\r\n",
            b"abc\r\n  ",
        ] {
            assert_eq!(relaxed_body_hash(body), abc, "{body:?}");
        }
        // Empty lines inside the body are kept; a bare LF is part of its line.
        assert_eq!(
            relaxed_body_hash(b"a\r\n\r\n\r\nb\nc\r\n"),
            <[u8; 32]>::from(Sha256::digest(b"a\r\n\r\n\r\nb\nc\r\n"))
        );
        assert_eq!(
            split_message(b"A: b\r\n c\r\n\r\nbody\r\n\r\nmore"),
            (&b"A: b\r\n c\r\n"[..], &b"body\r\n\r\nmore"[..])
        );
    }

    fn signer(key: SigningKey) -> DkimSigner {
        DkimSigner::new("fenland.example", "b2026", &SIGNED_HEADERS, key).unwrap()
    }

    fn lettre_config(key: DkimSigningKey) -> DkimConfig {
        DkimConfig::new(
            "b2026".into(),
            "fenland.example".into(),
            key,
            SIGNED_HEADERS
                .iter()
                .map(|h| HeaderName::new_from_ascii_str(h))
                .collect(),
            DkimCanonicalization {
                header: DkimCanonicalizationType::Relaxed,
                body: DkimCanonicalizationType::Relaxed,
            },
        )
    }

    fn tag<'a>(signature: &'a str, name: &str) -> &'a str {
        signature
            .split(';')
            .map(str::trim)
            .find_map(|t| t.strip_prefix(name).and_then(|t| t.strip_prefix('=')))
            .unwrap()
    }

    /// RSA (PKCS#1 v1.5) and Ed25519 signatures are deterministic, so Beacon's signer and lettre's must write
    /// the very same message, byte for byte, with the same `t=`: with and without Reply-To (a header signed
    /// as absent), for the three kinds of key.
    #[test]
    fn the_same_message_as_lettres_signer_byte_for_byte() {
        let pem_2048 = rsa_2048().to_pkcs1_pem(LineEnding::LF).unwrap();
        let pem_1024 = rsa_1024().to_pkcs1_pem(LineEnding::LF).unwrap();
        let seed = STANDARD.encode(SEED);
        let keys = [
            (
                pem_2048.as_str(),
                DkimSigningAlgorithm::Rsa,
                "RSA-2048 (ring)",
            ),
            (
                pem_1024.as_str(),
                DkimSigningAlgorithm::Rsa,
                "RSA-1024 (rsa crate)",
            ),
            (seed.as_str(), DkimSigningAlgorithm::Ed25519, "Ed25519"),
        ];
        for (text, algorithm, kind) in keys {
            let ours = signer(signing_key(text).unwrap());
            assert_eq!(ours.describe(), kind);
            let theirs = lettre_config(DkimSigningKey::new(text, algorithm).unwrap());
            for reply_to in ["help@fenland.example", ""] {
                let mut c = config(None);
                c.reply_to = reply_to.into();
                let unsigned = build_message(&Sender::from_config(&c).unwrap(), &email()).unwrap();
                let mut by_lettre = unsigned.clone();
                by_lettre.sign(&theirs);
                let sig = by_lettre.headers().get_raw(DKIM_SIGNATURE).unwrap();
                let t: u64 = tag(sig, "t").parse().unwrap();
                let mut by_beacon = unsigned.clone();
                ours.sign_at(&mut by_beacon, t).unwrap();
                assert_eq!(
                    by_beacon.headers().get_raw(DKIM_SIGNATURE),
                    Some(sig),
                    "{kind}"
                );
                assert_eq!(
                    String::from_utf8(by_beacon.formatted()).unwrap(),
                    String::from_utf8(by_lettre.formatted()).unwrap(),
                    "{kind}"
                );
            }
        }
    }

    /// What a verifier does with the message as sent: the body hash, the signed headers found by name from
    /// the bottom, the signature header as written with its `b=` emptied, and the public key.
    fn verify(formatted: &[u8], public: &ring::signature::UnparsedPublicKey<Vec<u8>>) -> bool {
        let (head, body) = split_message(formatted);
        let fields = header_fields(head);
        let dkim = fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(b"dkim-signature"))
            .unwrap();
        let canonical = relaxed(&dkim.lines);
        let value = canonical.strip_prefix("dkim-signature:").unwrap();
        if tag(value, "bh") != STANDARD.encode(relaxed_body_hash(body)) {
            return false;
        }
        let signature = STANDARD.decode(tag(value, "b").replace(' ', "")).unwrap();
        let mut data = Vec::new();
        for name in tag(value, "h").split(':') {
            if let Some(f) = fields
                .iter()
                .rev()
                .find(|f| f.name.eq_ignore_ascii_case(name.as_bytes()))
            {
                relaxed_header(&f.lines, &mut data);
                data.extend_from_slice(b"\r\n");
            }
        }
        let cut = canonical.rfind("b=").unwrap() + 2;
        data.extend_from_slice(&canonical.as_bytes()[..cut]);
        if tag(value, "a") == "ed25519-sha256" {
            data = Sha256::digest(&data).to_vec();
        }
        public.verify(&data, &signature).is_ok()
    }

    #[test]
    fn signatures_verify_with_the_public_key_and_not_once_changed() {
        use ring::signature::{
            ED25519, KeyPair, RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey,
        };
        let rsa_public = |key: &rsa::RsaPrivateKey| {
            use rsa::pkcs1::EncodeRsaPublicKey;
            key.to_public_key().to_pkcs1_der().unwrap().into_vec()
        };
        let small = rsa_1024();
        let cases = [
            (
                rsa_2048().to_pkcs1_pem(LineEnding::LF).unwrap().to_string(),
                UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, rsa_public(rsa_2048())),
            ),
            (
                small.to_pkcs1_pem(LineEnding::LF).unwrap().to_string(),
                UnparsedPublicKey::new(
                    &RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                    rsa_public(&small),
                ),
            ),
            (
                STANDARD.encode(SEED),
                UnparsedPublicKey::new(
                    &ED25519,
                    ring::signature::Ed25519KeyPair::from_seed_unchecked(&SEED)
                        .unwrap()
                        .public_key()
                        .as_ref()
                        .to_vec(),
                ),
            ),
        ];
        for (key, public) in cases {
            let mut c = config(Some(&key));
            c.reply_to = String::new();
            let sender = Sender::from_config(&c).unwrap();
            let message = build_message(&sender, &email()).unwrap();
            let text = String::from_utf8(message.formatted()).unwrap();
            assert!(verify(text.as_bytes(), &public), "{text}");
            for (from, to) in [
                ("List-Unsubscribe=One-Click", "List-Unsubscribe=Two-Click"),
                ("Content-Language: lt", "Content-Language: en"),
                ("Sveiki, Ona.", "Sveiki, Ana."),
            ] {
                let changed = text.replacen(from, to, 1);
                assert_ne!(changed, text);
                assert!(!verify(changed.as_bytes(), &public), "{from}");
            }
            // Added later, a Reply-To signed as absent breaks the signature too.
            let (head, body) = text.split_once("\r\n\r\n").unwrap();
            let added = format!("{head}\r\nReply-To: someone@else.example\r\n\r\n{body}");
            assert!(!verify(added.as_bytes(), &public));
        }
    }
}
