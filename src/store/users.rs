//! Staff accounts.

use sqlx::Row;

use super::{Store, StoreError, Tx};
use crate::accounts::{EmailAddress, Role, User};

const COLUMNS: &str =
    "id, email, role, partner_id, locale, must_change_password, created_at, disabled_at";

fn from_row(row: &sqlx::any::AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    let disabled_at: Option<i64> = row.try_get("disabled_at")?;
    let must: i64 = row.try_get("must_change_password")?;
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        role: role
            .parse()
            .map_err(|e: String| StoreError::Sqlx(sqlx::Error::Decode(e.into())))?,
        partner_id: row.try_get("partner_id")?,
        locale: row.try_get("locale")?,
        must_change_password: must != 0,
        created_at: row.try_get("created_at")?,
        disabled: disabled_at.is_some(),
    })
}

impl Store {
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(self.pool())
            .await?)
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The account and its password hash, for logging in.
    pub async fn user_for_login(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, password_hash FROM users WHERE email = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(row) => {
                let hash: String = row.try_get("password_hash")?;
                Ok(Some((from_row(&row)?, hash)))
            }
            None => Ok(None),
        }
    }

    pub async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM users ORDER BY email"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn users_of_partner(&self, partner_id: i64) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users WHERE partner_id = $1 ORDER BY email"
        ))
        .bind(partner_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn set_user_locale(
        &self,
        user_id: i64,
        locale: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
            .bind(locale)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

impl Tx {
    /// Creates an account whose password must be changed at first login. A taken e-mail address is the
    /// `users.email` unique violation.
    pub async fn create_user(
        &mut self,
        email: &EmailAddress,
        role: Role,
        partner_id: Option<i64>,
        password_hash: &str,
        at: i64,
    ) -> Result<User, StoreError> {
        let row = sqlx::query(&format!(
            "INSERT INTO users (email, password_hash, role, partner_id, must_change_password, created_at) \
             VALUES ($1, $2, $3, $4, 1, $5) RETURNING {COLUMNS}"
        ))
        .bind(email.as_str())
        .bind(password_hash)
        .bind(role.as_str())
        .bind(partner_id)
        .bind(at)
        .fetch_one(self.conn())
        .await?;
        from_row(&row)
    }

    /// Sets a new password chosen by the user, and ends the one-time password.
    pub async fn set_password(
        &mut self,
        user_id: i64,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Replaces the password with a new one-time password (an administrator's reset).
    pub async fn reset_password(
        &mut self,
        user_id: i64,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = 1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Disables or re-enables an account at `at`; disabling also ends its sessions and revokes its tokens.
    pub async fn set_user_disabled(
        &mut self,
        user_id: i64,
        disabled: bool,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
            .bind(if disabled { Some(at) } else { None })
            .bind(user_id)
            .execute(self.conn())
            .await?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(self.conn())
                .await?;
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(at)
            .bind(user_id)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }
}
