//! Creatives: made from a `campaign.ftl` message and an image, previewed in every locale and platform,
//! approved per locale as they render now. Each command stores its creative or approval and its audit
//! entry in one transaction; a duplicate name is the unique constraint, reported as the `name` field.
//! Called by the creative API and pages, the demo and (later) campaign scheduling. The rules live in
//! `content::creatives`.

use crate::accounts::Permission;
use crate::content::creatives::{
    self, ApproveError, CreativeInput, CreativeRow, InvalidCreative, LocalePreview,
};
use crate::content::i18n::{PSEUDO_LOCALE, REFERENCE_LOCALE};

use super::{Actor, AuditEvent, ServiceError, Services};

/// A creative with its previews in every locale.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CreativeView {
    pub creative: CreativeRow,
    pub previews: Vec<LocalePreview>,
    /// Locales whose approval an edit withdrew.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<String>,
}

impl From<InvalidCreative> for ServiceError {
    fn from(e: InvalidCreative) -> Self {
        ServiceError::invalid(e.field, e.reason)
    }
}

impl From<ApproveError> for ServiceError {
    fn from(e: ApproveError) -> Self {
        match e {
            ApproveError::Problems { locale, problems } => ServiceError::Conflict(
                crate::message::Message::new("creative-not-approvable")
                    .text("locale", locale)
                    .list("problems", problems)
                    .into(),
            ),
            ApproveError::UnknownLocale(_) => {
                ServiceError::invalid("locale", crate::message::Message::new("refused-locale"))
            }
        }
    }
}

pub struct Creatives<'a>(pub(super) &'a Services);

impl Creatives<'_> {
    /// Every creative, by name.
    #[tracing::instrument(skip_all)]
    pub async fn list(&self, actor: &Actor) -> Result<Vec<CreativeRow>, ServiceError> {
        actor.require(Permission::ReadCreatives)?;
        Ok(self.0.store.creatives().await?)
    }

    /// The messages of the reference `campaign.ftl` that can be creatives.
    pub fn candidate_messages(&self) -> Vec<String> {
        creatives::candidate_messages(&self.0.locales)
    }

    /// A creative with its previews per locale.
    #[tracing::instrument(skip_all)]
    pub async fn get(&self, actor: &Actor, id: i64) -> Result<CreativeView, ServiceError> {
        actor.require(Permission::ReadCreatives)?;
        let creative = self.load(id).await?;
        self.view(creative, Vec::new()).await
    }

    async fn load(&self, id: i64) -> Result<CreativeRow, ServiceError> {
        self.0
            .store
            .creative(id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("creative {id} not found")))
    }

    async fn view(
        &self,
        creative: CreativeRow,
        withdrawn: Vec<String>,
    ) -> Result<CreativeView, ServiceError> {
        let previews = self.previews(&creative).await?;
        Ok(CreativeView {
            creative,
            previews,
            withdrawn,
        })
    }

    /// Makes a creative from a `campaign.ftl` message and an image reference; returns it with its previews.
    #[tracing::instrument(skip_all)]
    pub async fn create(
        &self,
        actor: &Actor,
        input: CreativeInput,
    ) -> Result<CreativeView, ServiceError> {
        actor.require(Permission::ManageCreatives)?;
        let s = self.0;
        let input = input.validate(&s.locales)?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let creative = tx
            .add_creative(
                &input.name,
                &input.message_id,
                &input.image_ref,
                actor.user_id(),
                at,
            )
            .await?;
        let event = AuditEvent::CreativeCreated {
            creative_id: creative.id,
            name: creative.name.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        self.view(creative, Vec::new()).await
    }

    /// Edits a creative; every approval of it is withdrawn (the view names their locales).
    #[tracing::instrument(skip_all, fields(id = id))]
    pub async fn edit(
        &self,
        actor: &Actor,
        id: i64,
        input: CreativeInput,
    ) -> Result<CreativeView, ServiceError> {
        actor.require(Permission::ManageCreatives)?;
        let s = self.0;
        let input = input.validate(&s.locales)?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let (creative, withdrawn) = tx
            .edit_creative(id, &input.name, &input.message_id, &input.image_ref, at)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("creative {id} not found")))?;
        let event = AuditEvent::CreativeEdited {
            creative_id: id,
            withdrawn: withdrawn.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        self.view(creative, withdrawn).await
    }

    /// Previews of a creative in every locale (the pseudo-locale last, for layouts; it is never approved),
    /// with stale translations marked and each locale's approval state.
    #[tracing::instrument(skip_all)]
    pub async fn previews(
        &self,
        creative: &CreativeRow,
    ) -> Result<Vec<LocalePreview>, ServiceError> {
        let s = self.0;
        let approvals = s.store.approvals(creative.id).await?;
        let limits = &s.config.content.ad_text;
        let mut out = Vec::new();
        for locale in creatives::preview_locales(&s.locales) {
            let stale = if locale.as_str() != REFERENCE_LOCALE && locale.as_str() != PSEUDO_LOCALE {
                let completeness = s.translations().completeness_of(locale.as_str()).await?;
                creatives::is_stale(&completeness, creative)
            } else {
                false
            };
            out.push(creatives::preview(
                &s.locales, limits, creative, &locale, stale, &approvals,
            ));
        }
        Ok(out)
    }

    /// Approves a creative in one locale as it renders now; refused (a conflict, with the reasons) while
    /// a text falls back to another locale, is stale or is over a platform's limit.
    #[tracing::instrument(skip_all, fields(id = id, locale = %locale))]
    pub async fn approve(
        &self,
        actor: &Actor,
        id: i64,
        locale: &str,
    ) -> Result<LocalePreview, ServiceError> {
        actor.require(Permission::ManageCreatives)?;
        let s = self.0;
        let creative = self.load(id).await?;
        let mut preview = creatives::approvable(self.previews(&creative).await?, locale)?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.approve_creative(
            creative.id,
            locale,
            &preview.content_hash,
            actor.user_id(),
            at,
        )
        .await?;
        let event = AuditEvent::CreativeApproved {
            creative_id: creative.id,
            locale: locale.to_string(),
            content_hash: preview.content_hash.clone(),
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        preview.approval = creatives::Approval::Approved { by: None, at };
        Ok(preview)
    }

    /// The locales among `wanted` whose creative is not approved as it renders now: what scheduling a
    /// campaign must wait for.
    #[tracing::instrument(skip_all)]
    pub async fn unapproved(
        &self,
        creative: &CreativeRow,
        wanted: &[String],
    ) -> Result<Vec<String>, ServiceError> {
        Ok(creatives::unapproved(
            &self.previews(creative).await?,
            wanted,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creative_events_keep_their_audit_arguments() {
        use serde_json::json;
        let args = |detail: &str| serde_json::from_str::<serde_json::Value>(detail).unwrap();
        let staff = Actor::Staff {
            user_id: 3,
            role: crate::accounts::Role::Campaigner,
            partner_id: None,
        };
        let cases = [
            (
                AuditEvent::CreativeCreated {
                    creative_id: 5,
                    name: "Rights at work".into(),
                },
                (
                    "creative.create",
                    "creative 5",
                    json!({"creative": 5, "name": "Rights at work"}),
                ),
            ),
            (
                AuditEvent::CreativeEdited {
                    creative_id: 5,
                    withdrawn: vec!["en".into(), "lt".into()],
                },
                (
                    "creative.edit",
                    "creative 5",
                    json!({"creative": 5, "withdrawn": "en, lt"}),
                ),
            ),
            (
                AuditEvent::CreativeApproved {
                    creative_id: 5,
                    locale: "lt".into(),
                    content_hash: "abc".into(),
                },
                (
                    "creative.approve",
                    "creative 5 (lt)",
                    json!({"creative": 5, "locale": "lt", "content_hash": "abc"}),
                ),
            ),
        ];
        for (event, (action, subject, detail)) in cases {
            let r = event.record(&staff, 10);
            assert_eq!(
                (r.action, r.subject.as_str(), args(&r.detail), r.user_id),
                (action, subject, detail, Some(3))
            );
        }
        let r = AuditEvent::CreativeCreated {
            creative_id: 1,
            name: "Debt".into(),
        }
        .record(&Actor::System("demo seed"), 10);
        assert_eq!(
            (r.user_id, args(&r.detail)),
            (
                None,
                json!({"creative": 1, "name": "Debt", "origin": "demo seed"})
            )
        );
    }

    #[test]
    fn refused_approvals_are_conflicts_and_unknown_locales_field_errors() {
        let problems = ApproveError::Problems {
            locale: "pl".into(),
            problems: vec![crate::message::Message::new("creative-problem-fallback")],
        };
        assert!(matches!(
            ServiceError::from(problems),
            ServiceError::Conflict(crate::message::Reason::Worded(m))
                if m.id == "creative-not-approvable"
        ));
        assert!(matches!(
            ServiceError::from(ApproveError::UnknownLocale("xx".into())),
            ServiceError::Invalid { field, .. } if field == "locale"
        ));
    }
}
