//! What a use case can refuse, in terms every edge can render (problem+json, a page, a CLI line).

use crate::message::{Message, Reason};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A field's value is not acceptable; `field` names it as the request did.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: Reason },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The request is well formed but the state of things does not allow it.
    #[error("{0}")]
    Conflict(Reason),
    /// The database cannot store or read now (disk full, connection lost, busy): nothing was written.
    #[error("the database is unavailable: {0}")]
    Unavailable(anyhow::Error),
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl ServiceError {
    pub fn invalid(field: &str, reason: impl Into<Reason>) -> Self {
        ServiceError::Invalid {
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

/// Unique constraints and the request field each protects, by the name [`StoreError::violated_unique`]
/// gives on either backend (PostgreSQL's constraint name, SQLite's `table.column`).
const UNIQUE_FIELDS: &[(&str, &str, &str, &str)] = &[
    // (PostgreSQL name, SQLite target, field, the reason's message id)
    (
        "users_email_key",
        "users.email",
        "email",
        "refused-exists-email",
    ),
    (
        "partners_name_key",
        "partners.name",
        "name",
        "refused-exists-partner",
    ),
    (
        "mailing_lists_name_key",
        "mailing_lists.name",
        "name",
        "refused-exists-list",
    ),
    (
        "partner_contacts_partner_id_email_key",
        "partner_contacts.partner_id, partner_contacts.email",
        "email",
        "refused-exists-contact",
    ),
    (
        "regions_name_key",
        "regions.name",
        "name",
        "refused-exists-region",
    ),
    (
        "population_layers_name_key",
        "population_layers.name",
        "name",
        "refused-exists-layer",
    ),
    (
        "audiences_name_key",
        "audiences.name",
        "name",
        "refused-exists-audience",
    ),
    (
        "surveys_key_key",
        "surveys.key",
        "key",
        "refused-exists-survey",
    ),
    (
        "survey_waves_survey_id_key_key",
        "survey_waves.survey_id, survey_waves.key",
        "key",
        "refused-exists-wave",
    ),
    (
        "survey_groups_survey_id_key_key",
        "survey_groups.survey_id, survey_groups.key",
        "key",
        "refused-exists-group",
    ),
    (
        "creatives_name_key",
        "creatives.name",
        "name",
        "refused-exists-creative",
    ),
];

impl ServiceError {
    /// The field error for a violated unique constraint, if it is one the application knows.
    pub fn from_unique(constraint: &str) -> Option<Self> {
        UNIQUE_FIELDS
            .iter()
            .find(|(pg, sqlite, _, _)| *pg == constraint || *sqlite == constraint)
            .map(|(_, _, field, reason)| ServiceError::invalid(field, Message::new(reason)))
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        if let Some(mapped) = e.violated_unique().as_deref().and_then(Self::from_unique) {
            return mapped;
        }
        if e.is_constraint_violation() {
            return ServiceError::Conflict(Message::new("refused-conflict").into());
        }
        if e.is_unavailable() {
            return ServiceError::Unavailable(e.into());
        }
        ServiceError::Internal(e.into())
    }
}

impl From<anyhow::Error> for ServiceError {
    fn from(e: anyhow::Error) -> Self {
        ServiceError::Internal(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_constraints_map_to_fields_on_both_backends() {
        for name in ["users_email_key", "users.email"] {
            match ServiceError::from_unique(name) {
                Some(ServiceError::Invalid { field, .. }) => assert_eq!(field, "email"),
                other => panic!("{name}: {other:?}"),
            }
        }
        assert!(ServiceError::from_unique("regions.name").is_some());
        assert!(ServiceError::from_unique("something_else").is_none());
    }
}
