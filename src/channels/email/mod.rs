//! E-mail's transport: building one subscriber's message, signing it, handing it to the relay, and pacing.
//!
//! - [`build_message`]: an [`OutgoingEmail`] (already rendered in the recipient's language) → a lettre
//!   [`Message`](lettre::Message): multipart/alternative text and HTML; `Date`, `Message-ID`,
//!   `Content-Language`, `List-Unsubscribe`, `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058)
//!   and `Feedback-ID`; DKIM-signed over [`SIGNED_HEADERS`], which include both unsubscribe headers.
//! - [`Mailer`]: from `[channels.email]`, a pool of SMTP connections to the relay (`smtp://` with STARTTLS
//!   required, or `smtps://`), or the outbox folder `<data_dir>/outbox/` when no relay is set;
//!   [`Mailer::send`] makes one attempt and says whether another may help ([`SendError`]);
//!   [`Mailer::check`] connects and logs in, for the settings page.
//! - [`SendLimiter`]: per-second and per-hour sliding windows, slowed by the relay's 4xx replies.
//!
//! As for the ad platforms, the service that sends owns the outbox rows, retries, suppression and audit;
//! nothing here touches the database. The relay password and the DKIM key are [`Secret`]s and appear in no
//! error, `Debug` output or log line.
//!
//! A sending job, in outline:
//!
//! ```no_run
//! # async fn job(config: beacon::config::Config, emails: Vec<beacon::channels::email::OutgoingEmail>)
//! # -> Result<(), beacon::config::ConfigError> {
//! use beacon::channels::email::{Mailer, SendError, SendLimiter, build_message};
//! let mailer = Mailer::from_config(&config.channels.email, &config.paths.data_dir)?;
//! let mut limiter = SendLimiter::from_config(&config.channels.email);
//! for email in &emails {
//!     let message = match build_message(mailer.sender(), email) {
//!         Ok(m) => m,
//!         Err(e) => { /* mark failed with e.to_string() */ continue; }
//!     };
//!     while let Err(wait) = limiter.acquire(std::time::Instant::now()) {
//!         tokio::time::sleep(wait).await;
//!     }
//!     match mailer.send(&message).await {
//!         Ok(sent) => { limiter.record_success(); /* mark sent, sent.reply */ }
//!         Err(SendError::Transient { .. }) => {
//!             limiter.record_transient(std::time::Instant::now()); /* back to queued */
//!         }
//!         Err(SendError::Permanent { code, reply }) => { /* mark failed, with the reply */ }
//!         Err(SendError::Relay { .. }) => { /* keep queued, stop, tell an administrator */ break; }
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! [`Secret`]: crate::config::Secret

mod dkim;
mod key;
pub mod limiter;
mod message;
mod pool;
mod transport;

pub use limiter::SendLimiter;
pub use message::{BuildError, OutgoingEmail, SIGNED_HEADERS, Sender, build_message};
pub use transport::{Mailer, SendError, SentInfo};

use crate::config::EmailChannelConfig;

/// Checks `[channels.email]` as start-up does: `Err((key, reason))` for the first setting that is wrong.
/// Parses the DKIM key; the reason never quotes a secret.
pub fn check_config(c: &EmailChannelConfig) -> Result<(), (&'static str, String)> {
    check_transport(c)?;
    Sender::from_config(c)?;
    Ok(())
}

/// Everything but the sender and the key.
fn check_transport(c: &EmailChannelConfig) -> Result<(), (&'static str, String)> {
    if !c.smtp_url.trim().is_empty() {
        transport::relay(&c.smtp_url, c.smtp_allow_plaintext)
            .map_err(|r| ("channels.email.smtp_url", r))?;
    }
    if c.smtp_username.trim().is_empty() != c.smtp_password.is_empty() {
        return Err((
            "channels.email.smtp_username",
            "smtp_username and smtp_password are set together, or both left empty".into(),
        ));
    }
    if c.per_second == 0 || c.per_hour == 0 {
        return Err((
            "channels.email.per_second",
            "per_second and per_hour must be at least 1".into(),
        ));
    }
    if !(1..=100).contains(&c.pool_max) {
        return Err(("channels.email.pool_max", "must be 1 to 100".into()));
    }
    if c.retry_after_ms < 10 {
        return Err((
            "channels.email.retry_after_ms",
            "must be at least 10".into(),
        ));
    }
    if !(1..=100).contains(&c.max_attempts) {
        return Err(("channels.email.max_attempts", "must be 1 to 100".into()));
    }
    if c.timeout_ms < 100 {
        return Err(("channels.email.timeout_ms", "must be at least 100".into()));
    }
    if !c.webhook_secret.is_empty() && c.webhook_secret.expose().len() < 16 {
        return Err((
            "channels.email.webhook_secret",
            "must be empty or at least 16 characters".into(),
        ));
    }
    Ok(())
}
