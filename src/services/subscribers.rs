//! Mailing lists and the people on them: lists made by campaign staff, subscriber files imported all or
//! nothing (nobody on the suppression list comes back), a list downloaded, a person erased; and what a
//! subscriber does through the signed link in every e-mail, without an account: see and download what is
//! held about them, unsubscribe (also RFC 8058's one-click POST), erase it all. Bounces and complaints
//! from a relay's webhook join the same suppression list.
//!
//! Addresses never reach the audit log or a log line: the audit keeps counts.

use super::{Actor, AuditEvent, ServiceError, Services};
use crate::accounts::Permission;
use crate::message::Message;
use crate::store::subscribers::{ListRow, NewSubscriber, SubscriberRow};
use crate::subscribers::import::{self, ImportRefusal};
use crate::subscribers::{Keys, LinkError, Purpose, normalise_address};

/// How long a subscriber's own link (in every e-mail) works, in days.
pub const MANAGE_LINK_DAYS: i64 = 400;

/// How long a sign-up's confirmation link works, in hours.
pub const CONFIRM_LINK_HOURS: i64 = 48;

/// The consent wording of the sign-up page (a message of `ui.ftl`), kept per version when someone agrees.
pub const CONSENT_MESSAGE: &str = "signup-consent";

/// What a visitor gave on the sign-up page.
#[derive(Debug, Clone)]
pub struct SignUp<'a> {
    pub list_id: i64,
    pub email: &'a str,
    pub locale: &'a str,
    pub time_zone: &'a str,
    /// A point the visitor chose (a town), turned into its resolution-7 cell and not kept.
    pub place: Option<(f64, f64)>,
    /// Whether the consent box was ticked.
    pub agreed: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ImportOutcome {
    pub added: u64,
    /// Already on the list (left as they were).
    pub already: u64,
    /// On the suppression list (unsubscribed, bounced, complained or erased): not added.
    pub suppressed: u64,
}

/// Everything Beacon holds about one person, as they may see and download it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PersonData {
    pub email: String,
    pub entries: Vec<PersonEntry>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PersonEntry {
    pub list: String,
    #[serde(flatten)]
    pub subscriber: SubscriberRow,
    /// The words they agreed to, as shown then.
    pub consent_text: Option<String>,
}

/// A bounce, complaint or unsubscribe reported by a relay or mail provider.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryEvent {
    /// `bounce`, `complaint` or `unsubscribe`.
    #[serde(rename = "type")]
    pub kind: String,
    pub email: String,
    /// For a bounce: `true` when the address will never take mail (a hard bounce); soft bounces are
    /// only counted.
    #[serde(default)]
    pub permanent: bool,
}

fn link_refused(e: LinkError) -> ServiceError {
    match e {
        LinkError::Invalid => ServiceError::NotFound("this link is not one Beacon made".into()),
        LinkError::Expired => ServiceError::Conflict(Message::new("refused-link-expired").into()),
    }
}

fn no_list(id: i64) -> ServiceError {
    ServiceError::NotFound(format!("no mailing list {id}"))
}

pub struct Subscribers<'a>(pub(super) &'a Services);

impl Subscribers<'_> {
    /// The keys that hash addresses and sign links, from the database's secret.
    pub async fn keys(&self) -> Result<Keys, ServiceError> {
        let s = self.0;
        s.email_keys
            .get_or_try_init(|| async {
                let fresh: [u8; 16] = rand::random();
                let secret = s.store.disclosure_secret(&hex::encode(fresh)).await?;
                Ok::<_, ServiceError>(Keys::derive(secret.trim().as_bytes()))
            })
            .await
            .cloned()
    }

    /// A person's own link (see, download, unsubscribe, erase), valid for [`MANAGE_LINK_DAYS`].
    pub async fn manage_token(&self, subscriber_id: i64) -> Result<String, ServiceError> {
        let until = self.0.clock.unix() + MANAGE_LINK_DAYS * 86_400;
        Ok(self
            .keys()
            .await?
            .sign(Purpose::Manage, subscriber_id, until))
    }

    /// Makes a list (campaign staff; audited).
    #[tracing::instrument(skip_all)]
    pub async fn create_list(&self, actor: &Actor, name: &str) -> Result<ListRow, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        let s = self.0;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(ServiceError::invalid(
                "name",
                Message::new("refused-name-length").number("max", 200),
            ));
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let id = tx
            .create_mailing_list(name, None, actor.user_id(), at)
            .await?;
        let event = AuditEvent::ListCreated {
            list_id: id,
            name: name.to_string(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        self.list(actor, id).await
    }

    /// Every list with its counts (campaign staff and those who read campaigns).
    pub async fn lists(&self, actor: &Actor) -> Result<Vec<ListRow>, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        Ok(self.0.store.mailing_lists().await?)
    }

    pub async fn list(&self, actor: &Actor, id: i64) -> Result<ListRow, ServiceError> {
        actor.require(Permission::ReadCampaigns)?;
        self.0
            .store
            .mailing_list(id)
            .await?
            .ok_or_else(|| no_list(id))
    }

    /// A list's subscribers whose address contains `query`, a page at a time (campaign staff: addresses
    /// are personal data).
    pub async fn search(
        &self,
        actor: &Actor,
        list_id: i64,
        query: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<SubscriberRow>, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        self.list(actor, list_id).await?;
        if query.chars().count() > 254 {
            return Err(ServiceError::invalid(
                "q",
                Message::new("refused-name-length").number("max", 254),
            ));
        }
        Ok(self
            .0
            .store
            .search_subscribers(list_id, query, limit.clamp(1, 500), offset.max(0))
            .await?)
    }

    /// Imports a subscriber file into a list, all or nothing: every bad row named, or everyone added in
    /// one transaction. Addresses on the suppression list are not added (and counted); those already on
    /// the list are left as they are.
    #[tracing::instrument(skip_all, fields(list_id))]
    pub async fn import(
        &self,
        actor: &Actor,
        list_id: i64,
        bytes: Vec<u8>,
        file: &str,
    ) -> Result<Result<ImportOutcome, ImportRefusal>, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        self.list(actor, list_id).await?;
        let s = self.0;
        let locales: Vec<String> = s
            .locales
            .available()
            .map(|l| l.as_str().to_string())
            .collect();
        let now = s.clock.unix();
        let file_name = file.to_string();
        let parsed =
            tokio::task::spawn_blocking(move || import::parse(&bytes, &file_name, &locales, now))
                .await
                .map_err(|e| ServiceError::Internal(e.into()))?;
        let rows = match parsed {
            Ok(rows) => rows,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let keys = self.keys().await?;
        let hashes: Vec<String> = rows.iter().map(|r| keys.address_hash(&r.email)).collect();
        let mut tx = s.store.begin().await?;
        let hash_refs: Vec<&str> = hashes.iter().map(String::as_str).collect();
        let suppressed: std::collections::HashSet<String> =
            tx.suppressed_among(&hash_refs).await?.into_iter().collect();
        let new: Vec<NewSubscriber> = rows
            .iter()
            .zip(&hashes)
            .filter(|(_, h)| !suppressed.contains(*h))
            .map(|(r, h)| NewSubscriber {
                list_id,
                email: &r.email,
                email_hash: h,
                locale: &r.locale,
                time_zone: &r.time_zone,
                cell: r.cell.as_deref(),
                // Imported consent was given elsewhere and is recorded as given: no second opt-in.
                status: "confirmed",
                consent_source: &r.consent_source,
                consent_at: r.consent_at,
                consent_version: &r.consent_version,
            })
            .collect();
        let added = tx.insert_subscribers(&new, now).await?;
        let outcome = ImportOutcome {
            added,
            already: new.len() as u64 - added,
            suppressed: (rows.len() - new.len()) as u64,
        };
        let event = AuditEvent::SubscribersImported {
            list_id,
            file: file.to_string(),
            added: outcome.added,
            already: outcome.already,
            suppressed: outcome.suppressed,
        };
        tx.audit(&event.record(actor, now)).await?;
        tx.commit().await?;
        Ok(Ok(outcome))
    }

    /// A list as CSV in the import's own columns, so that it can be imported again (campaign staff;
    /// audited with the count).
    #[tracing::instrument(skip_all, fields(list_id))]
    pub async fn export_csv(&self, actor: &Actor, list_id: i64) -> Result<String, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        self.list(actor, list_id).await?;
        let s = self.0;
        let mut out = csv::Writer::from_writer(Vec::new());
        let write = |w: &mut csv::Writer<Vec<u8>>, r: &[&str]| {
            w.write_record(r)
                .map_err(|e| ServiceError::Internal(e.into()))
        };
        write(
            &mut out,
            &[
                "email",
                "locale",
                "time_zone",
                "consent_source",
                "consent_at",
                "consent_version",
                "cell",
                "status",
            ],
        )?;
        let mut count = 0_u64;
        let mut offset = 0;
        loop {
            let page = s
                .store
                .search_subscribers(list_id, "", 1000, offset)
                .await?;
            for r in &page {
                let at = time::OffsetDateTime::from_unix_timestamp(r.consent_at)
                    .map(crate::campaign::schedule::rfc3339)
                    .unwrap_or_default();
                write(
                    &mut out,
                    &[
                        &r.email,
                        &r.locale,
                        &r.time_zone,
                        &r.consent_source,
                        &at,
                        &r.consent_version,
                        r.cell.as_deref().unwrap_or(""),
                        &r.status,
                    ],
                )?;
                count += 1;
            }
            if page.len() < 1000 {
                break;
            }
            offset += 1000;
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let event = AuditEvent::SubscribersExported { list_id, count };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        let bytes = out
            .into_inner()
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))?;
        String::from_utf8(bytes).map_err(|e| ServiceError::Internal(e.into()))
    }

    /// Erases a person: every list entry of their address goes, their outbox rows keep only the hash, and
    /// the hash joins the suppression list so that no import brings them back.
    async fn erase_hash(
        &self,
        actor: &Actor,
        hash: &str,
        by_subscriber: bool,
    ) -> Result<u64, ServiceError> {
        let s = self.0;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let entries = tx.erase_subscriber_hash(hash).await?;
        tx.suppress(hash, "erased", at).await?;
        let event = AuditEvent::SubscriberErased {
            entries,
            by_subscriber,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(entries)
    }

    /// Staff erase a subscriber at their request (every list they are on).
    #[tracing::instrument(skip_all)]
    pub async fn erase(&self, actor: &Actor, subscriber_id: i64) -> Result<u64, ServiceError> {
        actor.require(Permission::RunCampaigns)?;
        let sub = self
            .0
            .store
            .subscriber(subscriber_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no subscriber {subscriber_id}")))?;
        self.erase_hash(actor, &sub.email_hash, false).await
    }

    /// The subscriber a person's link names, or why the link is refused (nothing changed).
    async fn by_link(&self, token: &str) -> Result<SubscriberRow, ServiceError> {
        let keys = self.keys().await?;
        let id = keys
            .verify(Purpose::Manage, token, self.0.clock.unix())
            .map_err(link_refused)?;
        self.0
            .store
            .subscriber(id)
            .await?
            .ok_or_else(|| ServiceError::NotFound("nothing is held for this link any more".into()))
    }

    /// Everything held about the person a link names: each list entry with its consent and the words
    /// agreed to.
    pub async fn data(&self, token: &str) -> Result<PersonData, ServiceError> {
        let s = self.0;
        let me = self.by_link(token).await?;
        let mut entries = Vec::new();
        for sub in s.store.subscribers_by_hash(&me.email_hash).await? {
            let list = s
                .store
                .mailing_list(sub.list_id)
                .await?
                .map(|l| l.name)
                .unwrap_or_default();
            let consent_text = s.store.consent_text(&sub.consent_version).await?;
            entries.push(PersonEntry {
                list,
                subscriber: sub,
                consent_text,
            });
        }
        Ok(PersonData {
            email: me.email,
            entries,
        })
    }

    /// Unsubscribes the person a link names from everything, at once and for good (their hash joins the
    /// suppression list). Idempotent: a second click changes nothing and succeeds.
    pub async fn unsubscribe(&self, token: &str) -> Result<(), ServiceError> {
        let s = self.0;
        let me = self.by_link(token).await?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.unsubscribe_hash(&me.email_hash).await?;
        tx.suppress(&me.email_hash, "unsubscribed", at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Erases everything held about the person a link names, at their request.
    pub async fn erase_self(&self, token: &str) -> Result<u64, ServiceError> {
        let me = self.by_link(token).await?;
        self.erase_hash(&Actor::System("subscriber"), &me.email_hash, true)
            .await
    }

    /// A sign-up from the public page (double opt-in): kept as waiting for confirmation, with the consent
    /// wording shown in the visitor's language and its version, and a confirmation e-mail queued in that
    /// language. The same answer whether or not the address was already there (nobody learns who is on a
    /// list): a waiting or unsubscribed entry gets a new confirmation, a confirmed one nothing.
    #[tracing::instrument(skip_all, fields(list_id = input.list_id))]
    pub async fn sign_up(&self, input: SignUp<'_>) -> Result<(), ServiceError> {
        use super::jobs::{JobKind, now_ms};
        let s = self.0;
        s.store
            .mailing_list(input.list_id)
            .await?
            .ok_or_else(|| no_list(input.list_id))?;
        let email =
            normalise_address(input.email).map_err(|m| ServiceError::invalid("email", m))?;
        let locale = s
            .locales
            .available()
            .find(|l| l.as_str().eq_ignore_ascii_case(input.locale.trim()))
            .ok_or_else(|| {
                ServiceError::invalid(
                    "locale",
                    Message::new("subscriber-import-locale")
                        .text("value", input.locale)
                        .text("locales", ""),
                )
            })?;
        let zone: chrono_tz::Tz = input.time_zone.trim().parse().map_err(|_| {
            ServiceError::invalid(
                "time_zone",
                Message::new("subscriber-import-zone").text("value", input.time_zone),
            )
        })?;
        if !input.agreed {
            return Err(ServiceError::invalid(
                "consent",
                Message::new("refused-signup-consent"),
            ));
        }
        let cell = input.place.and_then(|(lat, lon)| {
            h3o::LatLng::new(lat, lon)
                .ok()
                .map(|p| p.to_cell(import::AREA_RESOLUTION).to_string())
        });
        let words = s.locales.format(&locale, CONSENT_MESSAGE, None);
        let version = crate::subscribers::consent_version(CONSENT_MESSAGE, locale.as_str(), &words);
        let keys = self.keys().await?;
        let hash = keys.address_hash(&email);
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.keep_consent_text(&version, locale.as_str(), &words, at)
            .await?;
        tx.insert_subscribers(
            &[NewSubscriber {
                list_id: input.list_id,
                email: &email,
                email_hash: &hash,
                locale: locale.as_str(),
                time_zone: zone.name(),
                cell: cell.as_deref(),
                status: "pending",
                consent_source: "form",
                consent_at: at,
                consent_version: &version,
            }],
            at,
        )
        .await?;
        tx.commit().await?;
        let entry = s
            .store
            .subscribers_by_hash(&hash)
            .await?
            .into_iter()
            .find(|e| e.list_id == input.list_id);
        if let Some(entry) = entry.filter(|e| e.status != "confirmed") {
            // At most one confirmation a minute per entry, however often the form is sent.
            let minute = now_ms(s) / 60_000;
            let kind = JobKind::SubscriberConfirm {
                subscriber_id: entry.id,
            };
            s.jobs()
                .enqueue(
                    &kind,
                    Some(&format!("subscriber-{}-confirm-{minute}", entry.id)),
                    None,
                )
                .await?;
        }
        Ok(())
    }

    /// Confirms a sign-up from its e-mail's link: the entry is confirmed and the address leaves the
    /// suppression list (the person asked again, and proved the address is theirs).
    pub async fn confirm(&self, token: &str) -> Result<SubscriberRow, ServiceError> {
        let s = self.0;
        let keys = self.keys().await?;
        let id = keys
            .verify(Purpose::Confirm, token, s.clock.unix())
            .map_err(link_refused)?;
        let sub = s.store.subscriber(id).await?.ok_or_else(|| {
            ServiceError::NotFound("nothing is held for this link any more".into())
        })?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.set_subscriber_status(id, "confirmed", at).await?;
        tx.unsuppress(&sub.email_hash).await?;
        tx.commit().await?;
        Ok(s.store.subscriber(id).await?.unwrap_or(sub))
    }

    /// Sends a sign-up's confirmation e-mail in the subscriber's language (the job queue runs it; a relay
    /// that fails for now is tried again, a refusal ends it).
    pub async fn send_confirmation(
        &self,
        subscriber_id: i64,
    ) -> Result<(), super::jobs::JobFailure> {
        use super::jobs::JobFailure;
        use crate::channels::email::{OutgoingEmail, build_message};
        use crate::content::i18n::ArgValue;
        let s = self.0;
        let Some(sub) = s
            .store
            .subscriber(subscriber_id)
            .await
            .map_err(ServiceError::from)?
        else {
            return Ok(()); // erased meanwhile
        };
        if sub.status == "confirmed" {
            return Ok(());
        }
        let keys = self.keys().await?;
        let now = s.clock.unix();
        let public = s.config.server.public_url.trim_end_matches('/');
        let confirm = keys.sign(Purpose::Confirm, sub.id, now + CONFIRM_LINK_HOURS * 3600);
        let manage = keys.sign(Purpose::Manage, sub.id, now + MANAGE_LINK_DAYS * 86_400);
        let confirm_url = format!("{public}/subscribe/confirm?t={confirm}");
        let unsubscribe_url = format!("{public}/u/{manage}");
        let locale = s
            .locales
            .available()
            .find(|l| l.as_str() == sub.locale)
            .unwrap_or_else(|| s.locales.negotiate(Some(&sub.locale)));
        let list = s
            .store
            .mailing_list(sub.list_id)
            .await
            .map_err(ServiceError::from)?
            .map(|l| l.name)
            .unwrap_or_default();
        let t = |id: &str, args: &[(&str, ArgValue)]| s.locales.format_with(&locale, id, args);
        let text_arg = |v: &str| ArgValue::Text(v.to_string());
        let subject = t("email-confirm-subject", &[("list", text_arg(&list))]);
        let paragraphs = [
            t("email-confirm-body", &[("list", text_arg(&list))]),
            t(
                "email-confirm-link",
                &[
                    ("link", text_arg(&confirm_url)),
                    ("hours", ArgValue::Number(CONFIRM_LINK_HOURS as f64)),
                ],
            ),
            t("email-confirm-ignore", &[]),
        ];
        let text = paragraphs.join("\n\n");
        let escape = |p: &str| crate::xml::escape(p).into_owned();
        let html = format!(
            "<!DOCTYPE html><html lang=\"{}\"><body>{}</body></html>",
            escape(locale.as_str()),
            paragraphs
                .iter()
                .map(|p| format!("<p>{}</p>", escape(p)))
                .collect::<String>()
        );
        let mailer = self.mailer().await?;
        let email = OutgoingEmail {
            to: sub.email.clone(),
            to_name: None,
            subject,
            text,
            html,
            locale: locale.as_str().to_string(),
            unsubscribe_url,
            feedback_id: format!("confirm:{}", locale.as_str()),
            message_id: format!("s{}.confirm.{now}", sub.id),
            date: std::time::SystemTime::now(),
        };
        let message = build_message(mailer.sender(), &email).map_err(|e| {
            JobFailure::Permanent(format!("the confirmation could not be built: {e}"))
        })?;
        match mailer.send(&message).await {
            Ok(_) => Ok(()),
            Err(e) if e.retryable() => Err(JobFailure::Retry(e.to_string())),
            Err(e) => Err(JobFailure::Permanent(e.to_string())),
        }
    }

    /// The mailer `[channels.email]` describes, made on first use (inside the runtime).
    pub async fn mailer(
        &self,
    ) -> Result<std::sync::Arc<crate::channels::email::Mailer>, ServiceError> {
        let s = self.0;
        s.mailer
            .get_or_try_init(|| async {
                crate::channels::email::Mailer::from_config(
                    &s.config.channels.email,
                    &s.config.paths.data_dir,
                )
                .map(std::sync::Arc::new)
                .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))
            })
            .await
            .cloned()
    }

    /// Bounces, complaints and unsubscribes from a relay or mail provider, all or nothing: a hard bounce,
    /// a complaint and an unsubscribe suppress the address at once; a soft bounce changes nothing.
    /// Returns how many addresses were suppressed.
    pub async fn delivery_events(&self, events: &[DeliveryEvent]) -> Result<u64, ServiceError> {
        let s = self.0;
        let keys = self.keys().await?;
        let mut planned = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let email = normalise_address(&e.email)
                .map_err(|m| ServiceError::invalid(&format!("events[{i}].email"), m))?;
            let reason = match (e.kind.as_str(), e.permanent) {
                ("bounce", true) => Some("bounced"),
                ("bounce", false) => None,
                ("complaint", _) => Some("complained"),
                ("unsubscribe", _) => Some("unsubscribed"),
                (other, _) => {
                    return Err(ServiceError::invalid(
                        &format!("events[{i}].type"),
                        Message::new("refused-choice")
                            .text("value", other)
                            .text("choices", "bounce, complaint, unsubscribe"),
                    ));
                }
            };
            if let Some(reason) = reason {
                planned.push((keys.address_hash(&email), reason));
            }
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        for (hash, reason) in &planned {
            tx.unsubscribe_hash(hash).await?;
            tx.suppress(hash, reason, at).await?;
        }
        tx.commit().await?;
        Ok(planned.len() as u64)
    }
}
