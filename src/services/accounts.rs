//! Staff accounts, partner organisations, API tokens and the audit log: the use cases behind the
//! people pages and API, `beacon user add`, `beacon partner add` and the demo's accounts.

use crate::accounts::ApiToken;
use crate::accounts::User;
use crate::accounts::{AuditPage, AuditQuery};
use crate::accounts::{
    EmailAddress, Passwords, Permission, Role, generate_one_time_password, generate_secret,
};
use crate::accounts::{PARTNER_SECTORS, Partner, partner_sector};
use crate::message::Message;

use super::{Actor, AuditEvent, ServiceError, Services};

/// What an API token starts with, so that it can be told apart from a session and found by scanners.
pub const TOKEN_PREFIX: &str = "bcn_";

/// The organisation a partner account belongs to, as the caller named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerRef {
    Id(i64),
    Name(String),
}

/// A new staff account, parsed at the edge.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: EmailAddress,
    pub role: Role,
    /// Required for the partner role, and only for it.
    pub partner: Option<PartnerRef>,
}

/// An account just made, with its one-time password (shown once).
#[derive(Debug, Clone)]
pub struct CreatedUser {
    pub user: User,
    pub one_time_password: String,
}

/// A token just made, with its secret (shown once).
#[derive(Debug, Clone)]
pub struct CreatedToken {
    pub token: ApiToken,
    pub secret: String,
}

/// Why a password change was refused, for the page to say in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordRefusal {
    WrongCurrent,
    Mismatch,
    TooShort,
    Same,
}

impl PasswordRefusal {
    /// The Fluent message id that explains it.
    pub fn message_id(self) -> &'static str {
        match self {
            PasswordRefusal::WrongCurrent => "password-error-current",
            PasswordRefusal::Mismatch => "password-error-mismatch",
            PasswordRefusal::TooShort => "password-error-short",
            PasswordRefusal::Same => "password-error-same",
        }
    }
}

pub struct Accounts<'a>(pub(super) &'a Services);

/// Argon2 is deliberately slow: it runs off the async workers.
async fn hash_off_thread(passwords: &Passwords, plain: String) -> Result<String, ServiceError> {
    let hasher = passwords.clone();
    tokio::task::spawn_blocking(move || hasher.hash(&plain))
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!(e)))
}

impl Accounts<'_> {
    #[tracing::instrument(skip_all, fields(role = %input.role))]
    pub async fn create_user(
        &self,
        actor: &Actor,
        input: NewUser,
    ) -> Result<CreatedUser, ServiceError> {
        actor.require(Permission::ManageUsers)?;
        let s = self.0;
        let partner_id = match (input.role, input.partner) {
            (Role::Partner, None) => {
                return Err(ServiceError::invalid(
                    "partner_id",
                    Message::new("refused-partner-needs-organisation"),
                ));
            }
            (Role::Partner, Some(reference)) => {
                let found = match &reference {
                    PartnerRef::Id(id) => s.store.partner_by_id(*id).await?,
                    PartnerRef::Name(name) => s.store.partner_by_name(name).await?,
                };
                let partner = found.ok_or_else(|| {
                    ServiceError::invalid("partner_id", Message::new("refused-no-partner"))
                })?;
                Some(partner.id)
            }
            (_, Some(_)) => {
                return Err(ServiceError::invalid(
                    "partner_id",
                    Message::new("refused-only-partners-have-organisation"),
                ));
            }
            (_, None) => None,
        };
        let one_time_password = generate_one_time_password();
        let hash = hash_off_thread(&s.passwords, one_time_password.clone()).await?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let user = tx
            .create_user(&input.email, input.role, partner_id, &hash, at)
            .await?;
        let event = AuditEvent::UserCreated {
            email: user.email.clone(),
            role: input.role,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(CreatedUser {
            user,
            one_time_password,
        })
    }

    #[tracing::instrument(skip_all)]
    pub async fn list_users(&self, actor: &Actor) -> Result<Vec<User>, ServiceError> {
        actor.require(Permission::ManageUsers)?;
        Ok(self.0.store.list_users().await?)
    }

    /// Gives an account a new one-time password (an administrator's reset); returns it, to show once.
    #[tracing::instrument(skip_all, fields(user_id))]
    pub async fn reset_password(
        &self,
        actor: &Actor,
        user_id: i64,
    ) -> Result<(User, String), ServiceError> {
        actor.require(Permission::ManageUsers)?;
        let s = self.0;
        let target = s
            .store
            .user_by_id(user_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound("no such user".into()))?;
        let otp = generate_one_time_password();
        let hash = hash_off_thread(&s.passwords, otp.clone()).await?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.reset_password(user_id, &hash).await?;
        let event = AuditEvent::UserPasswordReset {
            email: target.email.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok((target, otp))
    }

    /// Disables (ending its sessions and tokens) or re-enables an account other than the actor's own.
    #[tracing::instrument(skip_all, fields(user_id, disabled))]
    pub async fn set_disabled(
        &self,
        actor: &Actor,
        user_id: i64,
        disabled: bool,
    ) -> Result<(), ServiceError> {
        actor.require(Permission::ManageUsers)?;
        if actor.user_id() == Some(user_id) {
            return Err(ServiceError::invalid(
                "id",
                Message::new("refused-disable-self"),
            ));
        }
        let s = self.0;
        let target = s
            .store
            .user_by_id(user_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound("no such user".into()))?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.set_user_disabled(user_id, disabled, at).await?;
        let event = AuditEvent::UserDisabled {
            email: target.email,
            disabled,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A user changes their own password: the current one must be right, the new one strong, repeated
    /// and different. Every other session of theirs ends.
    #[tracing::instrument(skip_all, fields(user_id = user.id))]
    pub async fn change_password(
        &self,
        actor: &Actor,
        user: &User,
        keep_session: Option<&str>,
        current: &str,
        new_password: &str,
        confirm: &str,
    ) -> Result<Result<(), PasswordRefusal>, ServiceError> {
        let s = self.0;
        let Some((_, hash)) = s.store.user_for_login(&user.email).await? else {
            return Err(ServiceError::NotFound("no such user".into()));
        };
        let passwords = s.passwords.clone();
        let given = current.to_string();
        let ok = tokio::task::spawn_blocking(move || passwords.verify(&given, Some(&hash)))
            .await
            .map_err(|e| ServiceError::Internal(e.into()))?;
        if !ok {
            return Ok(Err(PasswordRefusal::WrongCurrent));
        }
        if new_password != confirm {
            return Ok(Err(PasswordRefusal::Mismatch));
        }
        if Passwords::check_strength(new_password).is_err() {
            return Ok(Err(PasswordRefusal::TooShort));
        }
        if new_password == current {
            return Ok(Err(PasswordRefusal::Same));
        }
        let hash = hash_off_thread(&s.passwords, new_password.to_string()).await?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.set_password(user.id, &hash).await?;
        tx.delete_other_sessions(user.id, keep_session).await?;
        let event = AuditEvent::PasswordChanged {
            email: user.email.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    #[tracing::instrument(skip_all)]
    pub async fn create_partner(
        &self,
        actor: &Actor,
        name: &str,
        sector: &str,
    ) -> Result<Partner, ServiceError> {
        actor.require(Permission::ManagePartners)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(ServiceError::invalid(
                "name",
                Message::new("refused-name-length").number("max", 200),
            ));
        }
        let Some(sector) = partner_sector(sector) else {
            return Err(ServiceError::invalid(
                "sector",
                Message::new("refused-one-of").list(
                    "choices",
                    PARTNER_SECTORS
                        .iter()
                        .map(|k| Message::new(&format!("partner-sector-{k}")))
                        .collect(),
                ),
            ));
        };
        let s = self.0;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let partner = tx.create_partner(name, sector, at).await?;
        let event = AuditEvent::PartnerCreated {
            name: partner.name.clone(),
            kind: partner.sector.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(partner)
    }

    /// Partner organisations: all of them for roles that plan with partners, a partner's own otherwise.
    #[tracing::instrument(skip_all)]
    pub async fn visible_partners(&self, actor: &Actor) -> Result<Vec<Partner>, ServiceError> {
        let s = self.0;
        if actor.can(Permission::ListPartners) {
            return Ok(s.store.list_partners().await?);
        }
        actor.require(Permission::ViewOwnPartner)?;
        let own = match actor {
            Actor::Staff {
                partner_id: Some(id),
                ..
            } => s.store.partner_by_id(*id).await?,
            _ => None,
        };
        Ok(own.into_iter().collect())
    }

    /// One partner organisation; a partner account sees only its own.
    #[tracing::instrument(skip_all)]
    pub async fn partner(&self, actor: &Actor, id: i64) -> Result<Partner, ServiceError> {
        let own = matches!(actor, Actor::Staff { partner_id: Some(p), .. } if *p == id);
        let allowed =
            actor.can(Permission::ListPartners) || (actor.can(Permission::ViewOwnPartner) && own);
        if !allowed {
            return Err(ServiceError::Forbidden(
                "this partner organisation is not yours".into(),
            ));
        }
        self.0
            .store
            .partner_by_id(id)
            .await?
            .ok_or_else(|| ServiceError::NotFound("no such partner organisation".into()))
    }

    /// A partner organisation with its accounts, for its page.
    #[tracing::instrument(skip_all)]
    pub async fn partner_with_users(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(Partner, Vec<User>), ServiceError> {
        let partner = self.partner(actor, id).await?;
        let users = self.0.store.users_of_partner(id).await?;
        Ok((partner, users))
    }

    #[tracing::instrument(skip_all)]
    pub async fn tokens(&self, user_id: i64) -> Result<Vec<ApiToken>, ServiceError> {
        Ok(self.0.store.tokens_of_user(user_id).await?)
    }

    /// A new API token for the actor; the secret is returned once.
    #[tracing::instrument(skip_all)]
    pub async fn create_token(
        &self,
        actor: &Actor,
        name: &str,
    ) -> Result<CreatedToken, ServiceError> {
        let Some(user_id) = actor.user_id() else {
            return Err(ServiceError::Forbidden(
                "API tokens belong to staff accounts".into(),
            ));
        };
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(ServiceError::invalid(
                "name",
                Message::new("refused-name-length").number("max", 100),
            ));
        }
        let secret = format!("{TOKEN_PREFIX}{}", generate_secret(32));
        let s = self.0;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let token = tx.create_token(user_id, name, &secret, at).await?;
        let event = AuditEvent::TokenCreated {
            prefix: token.prefix.clone(),
            name: name.to_string(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(CreatedToken { token, secret })
    }

    /// Revokes a token: the actor's own, or anyone's for an admin. Nobody else learns it exists.
    #[tracing::instrument(skip_all, fields(token_id = id))]
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<(), ServiceError> {
        let s = self.0;
        let not_found = || ServiceError::NotFound("no such token".into());
        let token = s.store.token_by_id(id).await?.ok_or_else(not_found)?;
        if actor.user_id() != Some(token.user_id) && !actor.can(Permission::ManageUsers) {
            return Err(not_found());
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.revoke_token(id, at).await?;
        let event = AuditEvent::TokenRevoked {
            prefix: token.prefix,
            name: token.name,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The enabled account whose password `password` is, or `None`. The same Argon2 work is done whether or
    /// not the account exists, so the answer and its time are the same for an unknown address and a wrong
    /// password. The caller limits attempts before calling this.
    #[tracing::instrument(skip_all)]
    pub async fn authenticate(
        &self,
        email: &str,
        password: &str,
    ) -> Result<Option<User>, ServiceError> {
        let s = self.0;
        let found = s.store.user_for_login(email).await?;
        let passwords = s.passwords.clone();
        let given = password.to_string();
        let hash = found.as_ref().map(|(_, h)| h.clone());
        let ok = tokio::task::spawn_blocking(move || passwords.verify(&given, hash.as_deref()))
            .await
            .map_err(|e| ServiceError::Internal(e.into()))?;
        Ok(match found {
            Some((user, _)) if ok && !user.disabled => Some(user),
            _ => None,
        })
    }

    /// Starts a session for a user who has just proved who they are; the login is audited with it.
    #[tracing::instrument(skip_all, fields(user_id = user.id))]
    pub async fn start_session(
        &self,
        user: &User,
        token: &str,
        csrf: &str,
    ) -> Result<(), ServiceError> {
        let s = self.0;
        let at = s.clock.unix();
        let lifetime = i64::from(s.config.auth.session_hours) * 3600;
        let actor = Actor::Staff {
            user_id: user.id,
            role: user.role,
            partner_id: user.partner_id,
        };
        let mut tx = s.store.begin().await?;
        tx.create_session(token, user.id, csrf, lifetime, at)
            .await?;
        let event = AuditEvent::LoggedIn {
            email: user.email.clone(),
        };
        tx.audit(&event.record(&actor, at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// One page of the audit log (`limit` entries, newest first) that the query selects, with the
    /// cursors of the newer and older pages when there are entries there.
    #[tracing::instrument(skip_all)]
    pub async fn audit_log(
        &self,
        actor: &Actor,
        query: &AuditQuery,
        limit: i64,
    ) -> Result<AuditPage, ServiceError> {
        actor.require(Permission::ReadAudit)?;
        if let (Some(from), Some(to)) = (query.from, query.to)
            && to < from
        {
            return Err(ServiceError::invalid(
                "to",
                Message::new("refused-day-order"),
            ));
        }
        let limit = limit.clamp(1, 1000);
        let mut entries = self.0.store.audit_search(query, limit + 1).await?;
        let more = entries.len() as i64 > limit;
        let going_newer = query.before.is_none() && query.after.is_some();
        if more {
            if going_newer {
                // The extra entry is the newest; it belongs to the page after this one.
                entries.remove(0);
            } else {
                entries.pop();
            }
        }
        let (newer_exists, older_exists) = if going_newer {
            (more, true)
        } else {
            (query.before.is_some(), more)
        };
        Ok(AuditPage {
            newer: newer_exists
                .then(|| entries.first().map(|e| e.id))
                .flatten(),
            older: older_exists.then(|| entries.last().map(|e| e.id)).flatten(),
            entries,
        })
    }

    /// The accounts an audit reader can filter by: id and e-mail address.
    #[tracing::instrument(skip_all)]
    pub async fn audit_users(&self, actor: &Actor) -> Result<Vec<(i64, String)>, ServiceError> {
        actor.require(Permission::ReadAudit)?;
        let users = self.0.store.list_users().await?;
        Ok(users.into_iter().map(|u| (u.id, u.email)).collect())
    }

    /// Records an event outside a command of this service (reads, exports), in its own transaction.
    #[tracing::instrument(skip_all)]
    pub async fn record(&self, actor: &Actor, event: AuditEvent) -> Result<(), ServiceError> {
        let s = self.0;
        let at = s.clock.unix();
        s.store.audit_read(&event.record(actor, at)).await?;
        Ok(())
    }
}
