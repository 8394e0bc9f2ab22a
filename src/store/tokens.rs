//! API tokens for scripts. Only a hash is stored; the token is shown once, when it is created.

use sqlx::Row;

use super::{Store, StoreError, Tx, now};
use crate::accounts::{ApiToken, hash_token};

const COLUMNS: &str = "id, user_id, name, prefix, created_at, last_used_at, revoked_at";

fn from_row(r: &sqlx::any::AnyRow) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        name: r.try_get("name")?,
        prefix: r.try_get("prefix")?,
        created_at: r.try_get("created_at")?,
        last_used_at: r.try_get("last_used_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

impl Store {
    /// The user a live token belongs to; records its use.
    pub async fn user_id_for_token(&self, token: &str) -> Result<Option<i64>, StoreError> {
        let hash = hash_token(token);
        let row = sqlx::query(
            "SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(&hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let id: i64 = row.try_get("id")?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(Some(row.try_get("user_id")?))
    }

    pub async fn tokens_of_user(&self, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id"
        ))
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn token_by_id(&self, id: i64) -> Result<Option<ApiToken>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }
}

impl Tx {
    pub async fn create_token(
        &mut self,
        user_id: i64,
        name: &str,
        token: &str,
        at: i64,
    ) -> Result<ApiToken, StoreError> {
        let prefix: String = token.chars().take(12).collect();
        let row = sqlx::query(&format!(
            "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
        ))
        .bind(user_id)
        .bind(name)
        .bind(prefix)
        .bind(hash_token(token))
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        from_row(&row)
    }

    pub async fn revoke_token(&mut self, id: i64, at: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
