//! One subscriber's message: headers, the text and HTML parts, and the DKIM signature.

use std::sync::Arc;
use std::time::SystemTime;

use lettre::Message;
use lettre::message::header::{
    ContentTransferEncoding, ContentType, HeaderName, HeaderValue, MIME_VERSION_1_0,
};
use lettre::message::{Body, Mailbox, MultiPart};

use super::dkim::DkimSigner;
use crate::config::EmailChannelConfig;

/// The headers the DKIM signature covers, in this order (`h=`), with relaxed/relaxed canonicalization
/// (Beacon's signer, `dkim.rs`).
///
/// lettre's default list is only From, Subject, To and Date. Beacon adds what a receiver judges the message
/// by and what must not be changed on the way: the Message-ID, the MIME structure (MIME-Version,
/// Content-Type), the reply address, the language, the Feedback-ID, and the two unsubscribe headers, which
/// RFC 8058 (section 4) requires to be signed for one-click unsubscribe to be honoured. A header listed
/// but absent (Reply-To when none is set) is signed as absent, so it cannot be added later.
pub const SIGNED_HEADERS: [&str; 12] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "Reply-To",
    "Content-Language",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Feedback-ID",
];

/// What one message to one subscriber says; [`build_message`] turns it into a message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The recipient's address (`name@example.org`); its display name, if any, in `to_name`.
    pub to: String,
    pub to_name: Option<String>,
    pub subject: String,
    /// The plain-text part, already rendered in the recipient's language (with the visible unsubscribe link).
    pub text: String,
    /// The HTML part, already rendered.
    pub html: String,
    /// The language the message is written in, a BCP 47 tag such as `lt` (the `Content-Language` header).
    pub locale: String,
    /// The recipient's own unsubscribe address, `https://…`: `List-Unsubscribe: <url>`, and the address a
    /// mail client POSTs `List-Unsubscribe=One-Click` to (RFC 8058). It must not need a login or a cookie.
    pub unsubscribe_url: String,
    /// The campaign's part of `Feedback-ID` (printable ASCII, no spaces), such as `c7:lt`; the header is
    /// `<feedback_id>:<channels.email.feedback_id_sender>`.
    pub feedback_id: String,
    /// The unique part before `@` of the Message-ID, such as `c7.m1234`; the header is
    /// `<message_id@channels.email.message_id_domain>`. Letters, digits and `.-_+=` (no leading, trailing
    /// or double dot). The same outbox row should give the same id, so a re-sent message keeps its id.
    pub message_id: String,
    /// The `Date` header (the service's clock).
    pub date: SystemTime,
}

/// Why a message could not be built. Each is the message's fault (or its recipient's), not the relay's:
/// the service records it as failed and moves on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("not an e-mail address: {0}")]
    Recipient(String),
    #[error("{field}: {reason}")]
    Field {
        field: &'static str,
        reason: &'static str,
    },
    #[error("the message could not be assembled: {0}")]
    Assembly(String),
}

/// Who sends and how messages are signed: the `From`, `Reply-To`, Message-ID domain, Feedback-ID sender
/// and DKIM key from `[channels.email]`. Made once (the key is parsed here) and shared; cheap to clone.
#[derive(Clone)]
pub struct Sender {
    from: Mailbox,
    reply_to: Option<Mailbox>,
    message_id_domain: String,
    feedback_id_sender: String,
    dkim: Option<Arc<DkimSigner>>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("from", &self.from.to_string())
            .field("message_id_domain", &self.message_id_domain)
            .field("dkim", &self.dkim.as_ref().map(|d| d.describe()))
            .finish_non_exhaustive()
    }
}

impl Sender {
    /// The sender from `[channels.email]`, or `(key, reason)` for the first setting that is wrong (the key's
    /// text is never part of the reason).
    pub fn from_config(c: &EmailChannelConfig) -> Result<Self, (&'static str, String)> {
        let from_address = c
            .from_address
            .trim()
            .parse::<lettre::Address>()
            .map_err(|_| {
                (
                    "channels.email.from_address",
                    "not an e-mail address".into(),
                )
            })?;
        if c.from_name.contains(['\r', '\n']) {
            return Err(("channels.email.from_name", "must be one line".into()));
        }
        let name = Some(c.from_name.trim().to_string()).filter(|n| !n.is_empty());
        let reply_to = if c.reply_to.trim().is_empty() {
            None
        } else {
            Some(Mailbox::new(
                None,
                c.reply_to.trim().parse().map_err(|_| {
                    (
                        "channels.email.reply_to",
                        "must be empty or an e-mail address".to_string(),
                    )
                })?,
            ))
        };
        let message_id_domain = if c.message_id_domain.trim().is_empty() {
            from_address.domain().to_string()
        } else {
            c.message_id_domain.trim().to_string()
        };
        if !is_domain(&message_id_domain) {
            return Err((
                "channels.email.message_id_domain",
                "must be empty or a domain name such as mail.example.org".into(),
            ));
        }
        let sender_id = c.feedback_id_sender.trim();
        if sender_id.is_empty() || !is_token(sender_id) || sender_id.contains(':') {
            return Err((
                "channels.email.feedback_id_sender",
                "must be printable ASCII without spaces or colons, such as beacon".into(),
            ));
        }
        let dkim = dkim_signer(c)?.map(Arc::new);
        Ok(Self {
            from: Mailbox::new(name, from_address),
            reply_to,
            message_id_domain,
            feedback_id_sender: sender_id.to_string(),
            dkim,
        })
    }

    /// Whether messages are DKIM-signed.
    pub fn signs(&self) -> bool {
        self.dkim.is_some()
    }

    /// The `From` mailbox.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// What an operator should know about the DKIM key at start-up: an RSA key that `ring` does not take
    /// (under 2048 bits, over 4096, or an exponent under 65537) is signed with the slower `rsa` crate.
    pub fn dkim_warning(&self) -> Option<String> {
        let dkim = self.dkim.as_ref().filter(|d| d.is_slow())?;
        Some(format!(
            "channels.email.dkim_private_key: an {} key is signed with the pure-Rust rsa crate, more \
             than twice as slow as ring, which signs RSA keys of 2048 to 4096 bits (exponent 65537 or \
             more)",
            dkim.describe().trim_end_matches(" (rsa crate)")
        ))
    }
}

fn dkim_signer(c: &EmailChannelConfig) -> Result<Option<DkimSigner>, (&'static str, String)> {
    let (domain, selector) = (c.dkim_domain.trim(), c.dkim_selector.trim());
    let key = c.dkim_private_key.expose();
    match (
        domain.is_empty(),
        selector.is_empty(),
        key.trim().is_empty(),
    ) {
        (true, true, true) => return Ok(None),
        (false, false, false) => {}
        _ => {
            return Err((
                "channels.email.dkim_domain",
                "dkim_domain, dkim_selector and dkim_private_key are set together, or all left empty"
                    .into(),
            ));
        }
    }
    if !is_domain(domain) {
        return Err((
            "channels.email.dkim_domain",
            "not a domain name such as example.org".into(),
        ));
    }
    if !selector
        .split('.')
        .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return Err((
            "channels.email.dkim_selector",
            "letters, digits and hyphens (dots between parts), such as beacon2026".into(),
        ));
    }
    let key = super::key::signing_key(key)
        .map_err(|reason| ("channels.email.dkim_private_key", reason.to_string()))?;
    let signer = DkimSigner::new(domain, selector, &SIGNED_HEADERS, key).map_err(|_| {
        (
            "channels.email.dkim_private_key",
            super::key::KEY_FORMATS.to_string(),
        )
    })?;
    Ok(Some(signer))
}

/// Builds `email` as a multipart/alternative message (text, then HTML) from `sender`, with `Date`,
/// `Message-ID`, `Content-Language`, `List-Unsubscribe`, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
/// and `Feedback-ID`, DKIM-signed over [`SIGNED_HEADERS`] when the sender has a key.
///
/// Pure apart from the signature's `t=` (the time of signing). An RSA-2048 signature costs about 0.45 ms of
/// CPU (`ring`; more with the `rsa` crate, for an RSA key ring does not take): build many messages on a
/// blocking thread (`spawn_blocking`), not on the async workers.
pub fn build_message(sender: &Sender, email: &OutgoingEmail) -> Result<Message, BuildError> {
    let to_address: lettre::Address = email
        .to
        .trim()
        .parse()
        .map_err(|_| BuildError::Recipient(email.to.clone()))?;
    let to_name = email
        .to_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| n.replace(['\r', '\n'], " "));
    let url = &email.unsubscribe_url;
    // RFC 8058 asks for HTTPS; plain HTTP only to this machine (a demo or a test on loopback).
    let loopback = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|p| url.starts_with(p) && url[p.len()..].starts_with([':', '/']));
    if !(url.starts_with("https://") || loopback)
        || url.len() > 900
        || !is_token(url)
        || url.contains(['<', '>'])
    {
        return Err(BuildError::Field {
            field: "unsubscribe_url",
            reason: "must be an https:// URL (http:// only on loopback) of printable ASCII, at most 900 characters",
        });
    }
    if email.feedback_id.is_empty()
        || email.feedback_id.len() > 200
        || !is_token(&email.feedback_id)
    {
        return Err(BuildError::Field {
            field: "feedback_id",
            reason: "must be printable ASCII without spaces, at most 200 characters",
        });
    }
    if !is_dot_atom(&email.message_id) || email.message_id.len() > 200 {
        return Err(BuildError::Field {
            field: "message_id",
            reason: "letters, digits and . - _ + = only, without leading, trailing or double dots",
        });
    }
    if email.locale.is_empty()
        || email.locale.len() > 35
        || !email
            .locale
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(BuildError::Field {
            field: "locale",
            reason: "must be a language tag such as en or lt",
        });
    }
    if email.subject.contains(['\r', '\n']) {
        return Err(BuildError::Field {
            field: "subject",
            reason: "must be one line",
        });
    }

    let mut builder = Message::builder()
        .from(sender.from.clone())
        .to(Mailbox::new(to_name, to_address))
        .subject(email.subject.clone())
        .date(email.date)
        .message_id(Some(format!(
            "<{}@{}>",
            email.message_id, sender.message_id_domain
        )))
        .raw_header(ascii_header("Content-Language", email.locale.clone()))
        .raw_header(ascii_header("List-Unsubscribe", format!("<{url}>")))
        .raw_header(ascii_header(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".into(),
        ))
        .raw_header(ascii_header(
            "Feedback-ID",
            format!("{}:{}", email.feedback_id, sender.feedback_id_sender),
        ));
    if let Some(reply_to) = &sender.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    let (content_type, body) = alternative(&email.text, &email.html)?;
    let mut message = builder
        .header(MIME_VERSION_1_0)
        .header(content_type)
        .body(body)
        .map_err(|e| BuildError::Assembly(e.to_string()))?;
    if let Some(dkim) = &sender.dkim {
        dkim.sign(&mut message)
            .map_err(|e| BuildError::Assembly(e.to_string()))?;
    }
    Ok(message)
}

/// The text and HTML as one multipart/alternative body, with its `Content-Type` as a header of the message
/// itself. lettre's `MessageBuilder::multipart` writes that `Content-Type` with the body, after the
/// headers, where `Message::headers` does not list it: lettre's DKIM signer, which signs from that list,
/// signed it as absent and the signature did not verify. Beacon's signer reads the formatted message, but
/// the header stays one of the message's own.
fn alternative(text: &str, html: &str) -> Result<(ContentType, Body), BuildError> {
    let formatted =
        MultiPart::alternative_plain_html(text.to_string(), html.to_string()).formatted();
    let split = formatted
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| BuildError::Assembly("multipart without a body".into()))?;
    let head = std::str::from_utf8(&formatted[..split])
        .map_err(|_| BuildError::Assembly("multipart headers not UTF-8".into()))?;
    let value = head
        .strip_prefix("Content-Type:")
        .ok_or_else(|| BuildError::Assembly(format!("unexpected multipart headers: {head}")))?
        .replace("\r\n", "");
    let content_type = ContentType::parse(value.trim())
        .map_err(|e| BuildError::Assembly(format!("multipart Content-Type: {e}")))?;
    let body = formatted[split + 4..].to_vec();
    // lettre encoded each part (7bit, quoted-printable or base64), so the whole is 7-bit with CRLF lines
    // of at most 998 octets; checked rather than assumed.
    if body.contains(&0) || body.split(|b| *b == b'\n').any(|line| line.len() > 999) {
        return Err(BuildError::Assembly(
            "multipart body with over-long lines".into(),
        ));
    }
    let encoding = if body.is_ascii() {
        ContentTransferEncoding::SevenBit
    } else {
        ContentTransferEncoding::EightBit
    };
    let body = Body::dangerous_pre_encoded(body, encoding);
    Ok((content_type, body))
}

/// A header whose value is printable ASCII already checked (no line breaks): written as it is, unfolded and
/// not encoded, so that a long URL stays one token.
fn ascii_header(name: &'static str, value: String) -> HeaderValue {
    debug_assert!(value.chars().all(|c| c.is_ascii_graphic() || c == ' '));
    HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str(name),
        value.clone(),
        value,
    )
}

/// Printable ASCII without spaces.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic())
}

/// A Message-ID's left part as Beacon makes them: `[A-Za-z0-9._+=-]`, no empty dot-separated part.
fn is_dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_+=".contains(c))
        })
}

/// A domain name: dot-separated labels of letters, digits and inner hyphens.
fn is_domain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::{Config, Overrides};
    use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};

    pub(crate) fn config(dkim_key: Option<&str>) -> EmailChannelConfig {
        let mut c = Config::load_from(&Overrides::default(), &[])
            .unwrap()
            .channels
            .email;
        c.from_address = "news@fenland.example".into();
        c.from_name = "Fenland Beacon".into();
        c.reply_to = "help@fenland.example".into();
        c.feedback_id_sender = "beacon".into();
        if let Some(key) = dkim_key {
            c.dkim_domain = "fenland.example".into();
            c.dkim_selector = "b2026".into();
            c.dkim_private_key = crate::config::Secret::new(key);
        }
        c
    }

    pub(crate) fn email() -> OutgoingEmail {
        OutgoingEmail {
            to: "ona@example.org".into(),
            to_name: Some("Ona Kazlauskienė".into()),
            subject: "Darbas Fenlande: žinokite savo teises".into(),
            text: "Sveiki, Ona.\nAtsisakyti: https://beacon.example/u/abc\n".into(),
            html:
                "<p>Sveiki, Ona.</p><p><a href=\"https://beacon.example/u/abc\">Atsisakyti</a></p>"
                    .into(),
            locale: "lt".into(),
            unsubscribe_url: format!("https://beacon.example/u/{}", "a".repeat(120)),
            feedback_id: "c7:lt".into(),
            message_id: "c7.m42".into(),
            date: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_790_000_000),
        }
    }

    fn formatted(m: &Message) -> String {
        String::from_utf8(m.formatted()).unwrap()
    }

    /// The header's value, unfolded.
    fn header(text: &str, name: &str) -> Option<String> {
        let head = text.split("\r\n\r\n").next().unwrap();
        let mut lines = head.split("\r\n").peekable();
        while let Some(line) = lines.next() {
            if let Some((n, v)) = line.split_once(':')
                && n.eq_ignore_ascii_case(name)
            {
                let mut v = v.trim().to_string();
                while let Some(next) = lines.peek()
                    && next.starts_with([' ', '\t'])
                {
                    v.push(' ');
                    v.push_str(next.trim());
                    lines.next();
                }
                return Some(v);
            }
        }
        None
    }

    #[test]
    fn every_header_the_issue_names() {
        let sender = Sender::from_config(&config(None)).unwrap();
        let e = email();
        let text = formatted(&build_message(&sender, &e).unwrap());
        assert_eq!(
            header(&text, "List-Unsubscribe").unwrap(),
            format!("<{}>", e.unsubscribe_url)
        );
        // One line, however long the URL.
        assert!(text.contains(&format!("List-Unsubscribe: <{}>\r\n", e.unsubscribe_url)));
        assert_eq!(
            header(&text, "List-Unsubscribe-Post").unwrap(),
            "List-Unsubscribe=One-Click"
        );
        assert_eq!(header(&text, "Feedback-ID").unwrap(), "c7:lt:beacon");
        assert_eq!(
            header(&text, "Message-ID").unwrap(),
            "<c7.m42@fenland.example>"
        );
        assert_eq!(header(&text, "Content-Language").unwrap(), "lt");
        assert_eq!(
            header(&text, "Date").unwrap(),
            "Mon, 21 Sep 2026 14:13:20 +0000"
        );
        assert_eq!(
            header(&text, "From").unwrap(),
            "\"Fenland Beacon\" <news@fenland.example>"
        );
        assert_eq!(header(&text, "Reply-To").unwrap(), "help@fenland.example");
        assert!(header(&text, "To").unwrap().ends_with("<ona@example.org>"));
        assert!(
            header(&text, "Subject").unwrap().contains("=?utf-8?"),
            "{text}"
        );
        assert_eq!(header(&text, "MIME-Version").unwrap(), "1.0");
        assert!(
            header(&text, "Content-Type")
                .unwrap()
                .starts_with("multipart/alternative;")
        );
        assert!(text.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(text.contains("Content-Type: text/html; charset=utf-8"));
        assert!(header(&text, "DKIM-Signature").is_none());
        // The signer sees the message's own headers only: Content-Type must be one of them.
        let m = build_message(&sender, &e).unwrap();
        assert!(m.headers().get_raw("Content-Type").is_some());
        assert_eq!(
            m.headers().get_raw("Content-Transfer-Encoding"),
            Some("7bit")
        );
        assert_eq!(
            build_message(&sender, &e).unwrap().envelope().to()[0].to_string(),
            "ona@example.org"
        );
    }

    #[test]
    fn the_signature_covers_the_unsubscribe_headers() {
        let key = super::super::key::tests::rsa_1024()
            .to_pkcs1_pem(LineEnding::LF)
            .unwrap();
        let sender = Sender::from_config(&config(Some(&key))).unwrap();
        assert!(sender.signs());
        // A 1024-bit key still signs (with the rsa crate), and start-up says it is the slow path.
        let warning = sender.dkim_warning().unwrap();
        assert!(warning.contains("an RSA-1024 key"), "{warning}");
        assert!(format!("{sender:?}").contains("RSA-1024 (rsa crate)"));
        let text = formatted(&build_message(&sender, &email()).unwrap());
        let sig = header(&text, "DKIM-Signature").unwrap();
        assert!(sig.contains("a=rsa-sha256"), "{sig}");
        assert!(sig.contains("d=fenland.example"), "{sig}");
        assert!(sig.contains("s=b2026"), "{sig}");
        assert!(sig.contains("c=relaxed/relaxed"), "{sig}");
        let h: String = sig
            .split(';')
            .map(str::trim)
            .find_map(|t| t.strip_prefix("h="))
            .unwrap()
            .split_whitespace()
            .collect();
        let h: Vec<&str> = h.split(':').collect();
        for name in [
            "from",
            "to",
            "subject",
            "date",
            "message-id",
            "mime-version",
            "content-type",
            "list-unsubscribe",
            "list-unsubscribe-post",
            "feedback-id",
        ] {
            assert!(h.contains(&name), "{name} not in h={h:?}");
        }

        let ed = Sender::from_config(&config(Some(
            "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
        )))
        .unwrap();
        assert_eq!(ed.dkim_warning(), None);
        let text = formatted(&build_message(&ed, &email()).unwrap());
        assert!(
            header(&text, "DKIM-Signature")
                .unwrap()
                .contains("a=ed25519-sha256")
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let sender = Sender::from_config(&config(None)).unwrap();
        type Change = fn(&mut OutgoingEmail);
        let cases: [(Change, &str); 7] = [
            (|e| e.to = "not an address".into(), "not an e-mail address"),
            (
                |e| e.unsubscribe_url = "http://beacon.example/u/1".into(),
                "unsubscribe_url",
            ),
            (
                |e| e.unsubscribe_url = "https://x/\r\nBcc: a@b.c".into(),
                "unsubscribe_url",
            ),
            (|e| e.feedback_id = "c7 lt".into(), "feedback_id"),
            (|e| e.message_id = "a..b".into(), "message_id"),
            (|e| e.locale = "lt\r\nX: y".into(), "locale"),
            (|e| e.subject = "a\r\nBcc: x@y.z".into(), "subject"),
        ];
        for (change, expected) in cases {
            let mut e = email();
            change(&mut e);
            let err = build_message(&sender, &e).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
    }

    #[test]
    fn sender_settings_are_checked() {
        let mut c = config(None);
        c.dkim_domain = "fenland.example".into();
        assert_eq!(
            Sender::from_config(&c).unwrap_err().0,
            "channels.email.dkim_domain"
        );
        let c = config(Some(
            "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----",
        ));
        let (key, reason) = Sender::from_config(&c).unwrap_err();
        assert_eq!(key, "channels.email.dkim_private_key");
        assert!(!reason.contains("c2VjcmV0"));
        let mut c = config(None);
        c.feedback_id_sender = "bea:con".into();
        assert_eq!(
            Sender::from_config(&c).unwrap_err().0,
            "channels.email.feedback_id_sender"
        );
        let mut c = config(None);
        c.from_address = "nobody".into();
        assert_eq!(
            Sender::from_config(&c).unwrap_err().0,
            "channels.email.from_address"
        );
    }
}
