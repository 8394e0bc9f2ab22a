//! The OpenAPI descriptions of the people API's bodies. The store's rows are serialized as they are; these
//! describe them for the document, so that a column rename cannot change the public API unnoticed: the
//! integration test `openapi_describes_every_route` compares real responses with these schemas.

use serde::Serialize;
use utoipa::ToSchema;

/// A staff account (never with its password hash).
#[derive(Serialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub email: String,
    /// admin, analyst, campaigner, translator, evaluator or partner.
    pub role: String,
    /// The partner organisation a partner account belongs to.
    pub partner_id: Option<i64>,
    /// The language chosen for pages, if any.
    pub locale: Option<String>,
    /// True until the one-time password has been replaced.
    pub must_change_password: bool,
    /// Unix seconds.
    pub created_at: i64,
    pub disabled: bool,
}

/// A partner organisation.
#[derive(Serialize, ToSchema)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    /// bank, local_authority, health, police, ngo, employer or other.
    pub sector: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// An API token (never its secret).
#[derive(Serialize, ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// The first characters of the token, to tell tokens apart.
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// One entry of the audit log.
#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// The member of staff, or none for the operator's command line and the demo seed.
    pub user_id: Option<i64>,
    /// What was done, e.g. `hotspots.read`, `user.create`.
    pub action: String,
    /// What it was done to: an e-mail address, a name, `region 4`, or for reads `api` or `page`.
    pub subject: String,
    /// The event's arguments as a JSON object, e.g. `{"cells": 120, "resolution": 9, "rings": 1,
    /// "filter": {"nationality": "RO"}}` (a read's filter holds only the fields that were set; the
    /// operator's commands add `origin`). Entries written before Beacon stored arguments hold text.
    pub detail: String,
}
