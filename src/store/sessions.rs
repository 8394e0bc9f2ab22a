//! Login sessions. Only a hash of the session token is stored.

use sqlx::Row;

use super::{Store, StoreError, now};
use crate::accounts::hash_token;

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at: i64,
}

impl Store {
    /// The live session for a token, if any.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(
            "SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(hash_token(token))
        .bind(now())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(Session {
                user_id: r.try_get("user_id")?,
                csrf_token: r.try_get("csrf_token")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .transpose()
    }

    pub async fn delete_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(hash_token(token))
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

impl super::Tx {
    /// Starts a session (clearing expired ones on the way).
    pub async fn create_session(
        &mut self,
        token: &str,
        user_id: i64,
        csrf_token: &str,
        lifetime_seconds: i64,
        at: i64,
    ) -> Result<(), StoreError> {
        // Expired sessions are cleared whenever someone logs in.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(at)
            .execute(self.conn())
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash_token(token))
        .bind(user_id)
        .bind(csrf_token)
        .bind(at)
        .bind(at + lifetime_seconds)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Ends every session of a user except the given one, if any (after a password change).
    pub async fn delete_other_sessions(
        &mut self,
        user_id: i64,
        keep: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep.map(hash_token).unwrap_or_default())
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
