//! Connections to the relay, kept open and reused.
//!
//! lettre's own pool is not used, for three reasons measured or read in its source (0.11):
//! - its sockets keep Nagle's algorithm on, and it writes a message and the closing `.` in two writes, so
//!   the second waits for the relay's delayed ACK: about 40 ms per message on each connection, whatever the
//!   relay's speed (178 messages a second over 8 connections to a sink on loopback);
//! - it sends `NOOP` before every reuse, one more round trip per message;
//! - its send has no time limit once connected, and a send given up from outside (a timeout around it)
//!   puts the connection back in the pool in the middle of an exchange.
//!
//! Here `smtp://` connections are made with `TCP_NODELAY` and handed to lettre's `AsyncSmtpConnection`
//! (which speaks SMTP, STARTTLS and AUTH); a connection idle for more than [`QUIET`] is asked `NOOP` first
//! and one idle for more than [`MAX_IDLE`] is closed; a connection goes back to the pool only after a
//! message it sent was accepted, never after a failure or a timeout. `smtps://` connections are made by
//! lettre (TLS from the first byte), which does not set `TCP_NODELAY`: they are pooled the same way but keep
//! the 40 ms wait per message.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use tokio::sync::Semaphore;

use super::transport::{Relay, TlsMode};

/// A connection idle longer than this is asked `NOOP` before it is used again.
pub(crate) const QUIET: Duration = Duration::from_secs(2);
/// A connection idle longer than this is closed rather than reused (relays drop idle clients after a
/// minute or more; RFC 5321 asks servers to wait at least 5 minutes).
pub(crate) const MAX_IDLE: Duration = Duration::from_secs(50);

/// What failed while talking to the relay.
#[derive(Debug)]
pub(crate) enum PoolError {
    /// lettre's error: a reply code, TLS, the protocol, the network.
    Smtp(lettre::transport::smtp::Error),
    /// The TCP connection could not be made.
    Connect(std::io::Error),
    /// The exchange took longer than the time allowed.
    Timeout,
}

impl From<lettre::transport::smtp::Error> for PoolError {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        Self::Smtp(e)
    }
}

pub(crate) struct SmtpPool {
    relay: Relay,
    tls: Option<TlsParameters>,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    /// One permit per connection: at most `pool_max` open at once.
    permits: Semaphore,
}

impl SmtpPool {
    pub(crate) fn new(
        relay: Relay,
        tls: Option<TlsParameters>,
        credentials: Option<Credentials>,
        timeout: Duration,
        size: u32,
    ) -> Self {
        Self {
            relay,
            tls,
            credentials,
            hello: ClientId::default(),
            timeout,
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(size as usize),
        }
    }

    /// Sends one message over an idle connection or a new one, within the time allowed; waits for a permit
    /// first when every connection is busy.
    pub(crate) async fn send(
        &self,
        envelope: &Envelope,
        raw: &[u8],
    ) -> Result<Response, PoolError> {
        let _permit = self.permits.acquire().await.expect("never closed");
        tokio::time::timeout(self.timeout, async {
            let mut conn = self.checkout().await?;
            let reply = conn.send(envelope, raw).await?;
            self.checkin(conn);
            Ok(reply)
        })
        .await
        .map_err(|_| PoolError::Timeout)?
    }

    /// Opens a new connection (secured and logged in) and asks `NOOP`; it then joins the pool.
    pub(crate) async fn check(&self) -> Result<(), PoolError> {
        let _permit = self.permits.acquire().await.expect("never closed");
        tokio::time::timeout(self.timeout, async {
            let mut conn = self.connect().await?;
            if !conn.test_connected().await {
                return Err(PoolError::Connect(std::io::Error::other(
                    "the relay does not answer NOOP",
                )));
            }
            self.checkin(conn);
            Ok(())
        })
        .await
        .map_err(|_| PoolError::Timeout)?
    }

    /// Closes every idle connection with `QUIT`.
    pub(crate) async fn shutdown(&self) {
        let idle = std::mem::take(&mut *self.idle.lock().expect("not poisoned"));
        for (mut conn, _) in idle {
            let _ = tokio::time::timeout(self.timeout, conn.quit()).await;
        }
    }

    async fn checkout(&self) -> Result<AsyncSmtpConnection, PoolError> {
        loop {
            let idle = self.idle.lock().expect("not poisoned").pop();
            let Some((mut conn, since)) = idle else {
                return self.connect().await;
            };
            let quiet = since.elapsed();
            if quiet > MAX_IDLE {
                conn.abort().await;
            } else if quiet <= QUIET || conn.test_connected().await {
                return Ok(conn);
            }
        }
    }

    fn checkin(&self, conn: AsyncSmtpConnection) {
        if !conn.has_broken() {
            self.idle
                .lock()
                .expect("not poisoned")
                .push((conn, Instant::now()));
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, PoolError> {
        let address = (self.relay.host.as_str(), self.relay.port);
        let mut conn = match self.relay.mode {
            TlsMode::Implicit => {
                AsyncSmtpConnection::connect_tokio1(
                    address,
                    Some(self.timeout),
                    &self.hello,
                    self.tls.clone(),
                    None,
                )
                .await?
            }
            TlsMode::StartTls | TlsMode::Plain => {
                let tcp = tokio::net::TcpStream::connect(address)
                    .await
                    .map_err(PoolError::Connect)?;
                tcp.set_nodelay(true).map_err(PoolError::Connect)?;
                let mut conn =
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello).await?;
                if self.relay.mode == TlsMode::StartTls {
                    let tls = self.tls.clone().expect("STARTTLS has TLS parameters");
                    conn.starttls(tls, &self.hello).await?;
                }
                conn
            }
        };
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await?;
        }
        Ok(conn)
    }
}
