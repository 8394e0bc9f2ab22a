//! The transport: a pool of SMTP connections to the relay, or the outbox folder when there is no relay.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use lettre::Message;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::TlsParameters;

use super::message::Sender;
use super::pool::{PoolError, SmtpPool};
use crate::config::{ConfigError, EmailChannelConfig};

/// What the relay said when it took a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentInfo {
    /// The message's `Message-ID` header, with its angle brackets.
    pub message_id: String,
    /// The relay's reply code (250), or `None` when the message went to the outbox folder.
    pub code: Option<u16>,
    /// The relay's reply text (`2.0.0 Ok: queued as 4FqP…`), or the file written
    /// (`outbox/0b6c….eml`, relative to the data folder).
    pub reply: String,
}

/// Why a message was not sent. Reply texts never hold the relay password, in any encoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Try the same message again later: a 4xx reply (421, 450, 451, 452…, `code` set), or no reply at all
    /// (the relay could not be reached, the connection broke, TLS failed, the exchange took longer than
    /// `channels.email.timeout_ms`; `code` is `None`). Tell the [`SendLimiter`](super::SendLimiter).
    #[error("the relay failed for now{}: {reply}", code_text(.code))]
    Transient { code: Option<u16>, reply: String },
    /// This message will never be accepted as it is: a 5xx reply to its sender, recipient or content
    /// (`code` set, such as 550 for a mailbox that does not exist), or a refusal before the relay was asked
    /// (an address with non-ASCII characters the relay cannot take; `code` is `None`). Mark it failed, with
    /// the reply shown.
    #[error("the relay refused the message{}: {reply}", code_text(.code))]
    Permanent { code: Option<u16>, reply: String },
    /// The relay cannot be used as configured, whatever the message: the login was refused (530, 534, 535,
    /// 538), it offers no STARTTLS though `smtp://` requires it, or no authentication mechanism Beacon speaks.
    /// The message is not at fault: keep it queued, stop sending, and show the reply to an administrator;
    /// nothing will go until the settings change.
    #[error("the relay cannot be used as configured{}: {reply}", code_text(.code))]
    Relay { code: Option<u16>, reply: String },
}

fn code_text(code: &Option<u16>) -> String {
    code.map(|c| format!(" ({c})")).unwrap_or_default()
}

impl SendError {
    /// The reply code, when the relay gave one.
    pub fn code(&self) -> Option<u16> {
        match self {
            Self::Transient { code, .. }
            | Self::Permanent { code, .. }
            | Self::Relay { code, .. } => *code,
        }
    }

    /// The relay's words (or what went wrong when it said nothing).
    pub fn reply(&self) -> &str {
        match self {
            Self::Transient { reply, .. }
            | Self::Permanent { reply, .. }
            | Self::Relay { reply, .. } => reply,
        }
    }

    /// Whether the same message may go later without anyone changing it (`Transient`, and `Relay` once the
    /// settings are mended); `false` only for `Permanent`.
    pub fn retryable(&self) -> bool {
        !matches!(self, Self::Permanent { .. })
    }
}

/// Sends built messages ([`build_message`](super::build_message)) through the relay or into the outbox.
/// Cheap to clone; clones share the pool of connections.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

struct Inner {
    sender: Sender,
    transport: Transport,
    timeout: Duration,
    /// Every form of the password that could come back in a reply.
    secrets: Vec<String>,
    /// `smtp://host:port` or the outbox folder, for logs.
    describe: String,
}

enum Transport {
    Smtp(SmtpPool),
    /// The `.eml` folder: each message is written under a hidden temporary name and then renamed, so a
    /// program that picks up `*.eml` files never reads half a message.
    Outbox {
        dir: PathBuf,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("to", &self.inner.describe)
            .field("sender", &self.inner.sender)
            .finish()
    }
}

/// The relay named by `smtp_url`: host, port, TLS mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relay {
    pub host: String,
    pub port: u16,
    pub mode: TlsMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TlsMode {
    /// `smtps://`: TLS from the first byte.
    Implicit,
    /// `smtp://`: STARTTLS, required.
    StartTls,
    /// `smtp://` on a loopback address with `smtp_allow_plaintext`: no TLS.
    Plain,
}

/// Reads `smtp_url` (not empty) with `smtp_allow_plaintext`, or says what is wrong with it.
pub(crate) fn relay(url: &str, allow_plaintext: bool) -> Result<Relay, String> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| {
        "must be empty (the outbox folder), smtp://host[:port] or smtps://host[:port]".to_string()
    })?;
    let implicit = match parsed.scheme() {
        "smtps" => true,
        "smtp" => false,
        _ => return Err("must start with smtp:// (STARTTLS) or smtps:// (TLS)".into()),
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(
            "must not hold a login: set smtp_username and smtp_password (a secret) instead".into(),
        );
    }
    if !(parsed.path().is_empty() || parsed.path() == "/")
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err("only smtp[s]://host[:port], without a path or options".into());
    }
    let host = match parsed.host() {
        Some(url::Host::Domain(d)) if !d.is_empty() => d.to_string(),
        Some(url::Host::Ipv4(a)) => a.to_string(),
        Some(url::Host::Ipv6(a)) => a.to_string(),
        _ => return Err("names no host".into()),
    };
    let port = parsed.port().unwrap_or(if implicit { 465 } else { 587 });
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|a| a.is_loopback());
    let mode = if implicit {
        TlsMode::Implicit
    } else if allow_plaintext {
        if !loopback {
            return Err(
                "smtp_allow_plaintext is only for a relay on 127.0.0.1, ::1 or localhost; \
                 use STARTTLS or smtps:// for any other"
                    .into(),
            );
        }
        TlsMode::Plain
    } else {
        TlsMode::StartTls
    };
    Ok(Relay { host, port, mode })
}

impl Mailer {
    /// The mailer `[channels.email]` describes: a pool of at most `pool_max` connections to `smtp_url`, or,
    /// when `smtp_url` is empty, the folder `<data_dir>/outbox/` (created if missing) where each message
    /// becomes `<uuid>.eml`. Connects to nothing yet (see [`check`](Self::check)). An error names the setting, as at start-up, and
    /// never quotes a secret.
    pub fn from_config(config: &EmailChannelConfig, data_dir: &Path) -> Result<Self, ConfigError> {
        let invalid =
            |(key, reason): (&str, String)| ConfigError::Invalid(format!("{key}: {reason}"));
        super::check_transport(config).map_err(invalid)?;
        let sender = Sender::from_config(config).map_err(invalid)?;
        if let Some(warning) = sender.dkim_warning() {
            tracing::warn!("{warning}");
        }
        let timeout = Duration::from_millis(config.timeout_ms);
        let password = config.smtp_password.expose();
        let username = config.smtp_username.trim();
        let mut secrets = Vec::new();
        if !password.is_empty() {
            secrets = vec![
                STANDARD.encode(format!("\0{username}\0{password}")),
                STANDARD.encode(password),
                password.to_string(),
            ];
        }
        let (transport, describe) = if config.smtp_url.trim().is_empty() {
            let dir = data_dir.join("outbox");
            std::fs::create_dir_all(&dir).map_err(|e| {
                ConfigError::Invalid(format!(
                    "paths.data_dir: cannot create the e-mail outbox {}: {e}",
                    dir.display()
                ))
            })?;
            let describe = format!("outbox {}", dir.display());
            (Transport::Outbox { dir }, describe)
        } else {
            let r = relay(&config.smtp_url, config.smtp_allow_plaintext)
                .map_err(|reason| invalid(("channels.email.smtp_url", reason)))?;
            let tls = |host: &str| {
                TlsParameters::new(host.to_string())
                    .map_err(|e| ConfigError::Invalid(format!("channels.email.smtp_url: TLS: {e}")))
            };
            let tls = match r.mode {
                TlsMode::Implicit | TlsMode::StartTls => Some(tls(&r.host)?),
                TlsMode::Plain => None,
            };
            let credentials = (!username.is_empty())
                .then(|| Credentials::new(username.to_string(), password.to_string()));
            let scheme = if r.mode == TlsMode::Implicit {
                "smtps"
            } else {
                "smtp"
            };
            let describe = format!("{scheme}://{}:{}", r.host, r.port);
            let pool = SmtpPool::new(r, tls, credentials, timeout, config.pool_max);
            (Transport::Smtp(pool), describe)
        };
        Ok(Self {
            inner: Arc::new(Inner {
                sender,
                transport,
                timeout,
                secrets,
                describe,
            }),
        })
    }

    /// The sender to build messages with: `build_message(mailer.sender(), &email)`.
    pub fn sender(&self) -> &Sender {
        &self.inner.sender
    }

    /// Whether messages go to the outbox folder (no relay configured).
    pub fn is_outbox(&self) -> bool {
        matches!(self.inner.transport, Transport::Outbox { .. })
    }

    /// Sends one message: over a pooled connection (opened, secured and logged in first when none is idle),
    /// or into the outbox folder. Waits for a free connection when `pool_max` are busy; the exchange itself
    /// is bounded by `timeout_ms`. Makes one attempt: retrying is the caller's (see [`SendError`]).
    pub async fn send(&self, message: &Message) -> Result<SentInfo, SendError> {
        let message_id = message
            .headers()
            .get_raw("Message-ID")
            .unwrap_or_default()
            .to_string();
        let raw = message.formatted();
        match &self.inner.transport {
            Transport::Smtp(pool) => {
                let reply = pool
                    .send(message.envelope(), &raw)
                    .await
                    .map_err(|e| self.classify(&e))?;
                Ok(SentInfo {
                    message_id,
                    code: Some(u16::from(reply.code())),
                    reply: self.redact(&reply.message().collect::<Vec<_>>().join(" ")),
                })
            }
            Transport::Outbox { dir } => {
                let id = uuid::Uuid::new_v4();
                let part = dir.join(format!(".{id}.eml.part"));
                let whole = dir.join(format!("{id}.eml"));
                let written = match tokio::fs::write(&part, &raw).await {
                    Ok(()) => tokio::fs::rename(&part, &whole).await,
                    Err(e) => Err(e),
                };
                written.map_err(|e| {
                    let _ = std::fs::remove_file(&part);
                    SendError::Transient {
                        code: None,
                        reply: format!("cannot write to the outbox {}: {e}", dir.display()),
                    }
                })?;
                Ok(SentInfo {
                    message_id,
                    code: None,
                    reply: format!("outbox/{id}.eml"),
                })
            }
        }
    }

    /// Checks that the relay can be used now: connects, secures the connection (STARTTLS or TLS), logs in
    /// when a username is set, and asks `NOOP`; the connection then joins the pool. For the outbox, checks
    /// that the folder takes a file. For the settings page ("unreachable relay", "login refused") and
    /// start-up.
    pub async fn check(&self) -> Result<(), SendError> {
        match &self.inner.transport {
            Transport::Smtp(pool) => pool.check().await.map_err(|e| self.classify(&e)),
            Transport::Outbox { dir, .. } => {
                let probe = dir.join(format!(".check-{}", uuid::Uuid::new_v4()));
                tokio::fs::write(&probe, b"")
                    .await
                    .and(std::fs::remove_file(&probe))
                    .map_err(|e| SendError::Transient {
                        code: None,
                        reply: format!("cannot write to the outbox {}: {e}", dir.display()),
                    })
            }
        }
    }

    /// Closes the pooled connections (politely, with QUIT).
    pub async fn shutdown(&self) {
        if let Transport::Smtp(pool) = &self.inner.transport {
            pool.shutdown().await;
        }
    }

    fn timed_out(&self) -> SendError {
        SendError::Transient {
            code: None,
            reply: format!(
                "no answer from {} within {} ms",
                self.inner.describe,
                self.inner.timeout.as_millis()
            ),
        }
    }

    fn redact(&self, text: &str) -> String {
        crate::channels::redact(
            text,
            &self
                .inner
                .secrets
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
    }

    /// lettre's error as Beacon's: by the reply code when there is one, else by what failed.
    fn classify(&self, e: &PoolError) -> SendError {
        let e = match e {
            PoolError::Smtp(e) => e,
            PoolError::Timeout => return self.timed_out(),
            PoolError::Connect(io) => {
                return SendError::Transient {
                    code: None,
                    reply: format!("could not reach the relay ({}): {io}", self.inner.describe),
                };
            }
        };
        let code = e.status().map(u16::from);
        let detail = std::error::Error::source(e)
            .map(|s| s.to_string())
            .unwrap_or_default();
        let reply = self.redact(detail.trim());
        if let Some(code) = code {
            return if matches!(code, 530 | 534 | 535 | 538) {
                SendError::Relay {
                    code: Some(code),
                    reply,
                }
            } else if (400..500).contains(&code) {
                SendError::Transient {
                    code: Some(code),
                    reply,
                }
            } else {
                SendError::Permanent {
                    code: Some(code),
                    reply,
                }
            };
        }
        let what = |kind: &str| {
            if reply.is_empty() {
                format!("{kind} ({})", self.inner.describe)
            } else {
                format!("{kind} ({}): {reply}", self.inner.describe)
            }
        };
        if e.is_client() {
            if reply.contains("STARTTLS") || reply.contains("authentication mechanism") {
                return SendError::Relay {
                    code: None,
                    reply: what("the relay cannot be used as configured"),
                };
            }
            return SendError::Permanent {
                code: None,
                reply: what("refused before sending"),
            };
        }
        let kind = if e.is_timeout() {
            "timed out"
        } else if e.is_tls() {
            "TLS failed"
        } else if e.is_response() {
            "the relay's reply could not be read"
        } else {
            "could not reach the relay"
        };
        SendError::Transient {
            code: None,
            reply: what(kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_urls() {
        let r = relay("smtp://mail.example.org", false).unwrap();
        assert_eq!((r.port, r.mode), (587, TlsMode::StartTls));
        let r = relay("smtps://mail.example.org", false).unwrap();
        assert_eq!((r.port, r.mode), (465, TlsMode::Implicit));
        let r = relay("smtp://127.0.0.1:2525", true).unwrap();
        assert_eq!(
            (r.host.as_str(), r.port, r.mode),
            ("127.0.0.1", 2525, TlsMode::Plain)
        );
        assert_eq!(relay("smtp://[::1]:25", true).unwrap().mode, TlsMode::Plain);
        assert_eq!(
            relay("smtp://localhost:25", true).unwrap().mode,
            TlsMode::Plain
        );
        // smtps:// stays TLS whatever the flag says.
        assert_eq!(
            relay("smtps://127.0.0.1", true).unwrap().mode,
            TlsMode::Implicit
        );
        for bad in [
            "smtp://mail.example.org:25/relay",
            "http://mail.example.org",
            "smtp://user:hunter2@mail.example.org",
            "smtp://",
            "mail.example.org",
        ] {
            let err = relay(bad, false).unwrap_err();
            assert!(!err.contains("hunter2"), "{err}");
        }
        assert!(
            relay("smtp://mail.example.org", true)
                .unwrap_err()
                .contains("loopback")
                || relay("smtp://mail.example.org", true)
                    .unwrap_err()
                    .contains("127.0.0.1")
        );
    }
}
