//! Typed audit events: every command and every read of incident-level data names what it did here, and
//! the audit log's `action`, `subject` and `detail` are written from these in one place.

use crate::accounts::Role;
use crate::store::AuditRecord;

use super::Actor;

/// One thing worth recording, with what the audit log shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditEvent {
    LoggedIn {
        email: String,
    },
    /// The demo's data seeded into an empty database; `what` lists it.
    DemoSeeded {
        what: String,
    },
    UserCreated {
        email: String,
        role: Role,
    },
    UserPasswordReset {
        email: String,
    },
    UserDisabled {
        email: String,
        disabled: bool,
    },
    PasswordChanged {
        email: String,
    },
    PartnerCreated {
        name: String,
        kind: String,
    },
    TokenCreated {
        prefix: String,
        name: String,
    },
    TokenRevoked {
        prefix: String,
        name: String,
    },
    IncidentsImported {
        source_name: String,
        format: String,
        rows: u64,
        added: u64,
        duplicates: u64,
    },
    /// Incident-level records read by an analyst; `filter` is how they were chosen.
    IncidentsRead {
        via: &'static str,
        count: usize,
        filter: String,
    },
    /// Hotspot statistics for every cell, read by an analyst.
    HotspotsRead {
        via: &'static str,
        cells: usize,
        filter: String,
    },
    /// Anything that leaves Beacon as a file or an aggregate: what, how many of what, and the filter.
    Exported {
        what: String,
        count: usize,
        unit: &'static str,
        filter: String,
    },
    ReportsRead {
        via: &'static str,
        count: usize,
    },
    ReportReviewed {
        report_id: i64,
        accepted: bool,
    },
    /// A new version of a locale file (an upload or a rollback); `changes` is its diff as JSON.
    LocaleVersionSaved {
        locale: String,
        file: String,
        version: i64,
        kind: String,
        changes: String,
    },
    /// Stale translations confirmed as still right.
    TranslationsConfirmed {
        locale: String,
        file: String,
        ids: Vec<String>,
    },
    CreativeCreated {
        creative_id: i64,
        name: String,
    },
    /// A creative edited; every approval of it withdrawn (`withdrawn` names their locales).
    CreativeEdited {
        creative_id: i64,
        withdrawn: Vec<String>,
    },
    CreativeApproved {
        creative_id: i64,
        locale: String,
        content_hash: String,
    },
    RegionCreated {
        region_id: i64,
        cell_count: i64,
        resolution: u8,
    },
    RegionDeleted {
        region_id: i64,
        name: String,
    },
    /// A region's community shares replaced; `locales` are the ones it now has.
    SharesSet {
        region_id: i64,
        locales: Vec<String>,
    },
    /// `people` is the layer's total as shown to staff.
    PopulationImported {
        layer_id: i64,
        cell_count: i64,
        people: String,
    },
    AudienceCreated {
        audience_id: i64,
        name: String,
    },
    AudienceFrozen {
        audience_id: i64,
        version: i64,
        reason: String,
    },
    /// A free-form event from a caller not yet moved into the application layer.
    Other {
        action: &'static str,
        subject: String,
        detail: String,
    },
}

impl AuditEvent {
    pub fn action(&self) -> &'static str {
        match self {
            AuditEvent::LoggedIn { .. } => "login",
            AuditEvent::DemoSeeded { .. } => "demo.seed",
            AuditEvent::UserCreated { .. } => "user.create",
            AuditEvent::UserPasswordReset { .. } => "user.reset_password",
            AuditEvent::UserDisabled { disabled: true, .. } => "user.disable",
            AuditEvent::UserDisabled {
                disabled: false, ..
            } => "user.enable",
            AuditEvent::PasswordChanged { .. } => "password.change",
            AuditEvent::PartnerCreated { .. } => "partner.create",
            AuditEvent::TokenCreated { .. } => "token.create",
            AuditEvent::TokenRevoked { .. } => "token.revoke",
            AuditEvent::IncidentsImported { .. } => "incidents.import",
            AuditEvent::IncidentsRead { .. } => "incidents.read",
            AuditEvent::ReportsRead { .. } => "reports.read",
            AuditEvent::HotspotsRead { .. } => "hotspots.read",
            AuditEvent::Exported { .. } => "export",
            AuditEvent::ReportReviewed { accepted: true, .. } => "report.accept",
            AuditEvent::ReportReviewed {
                accepted: false, ..
            } => "report.reject",
            AuditEvent::LocaleVersionSaved { .. } => "locale.version",
            AuditEvent::TranslationsConfirmed { .. } => "locale.confirm",
            AuditEvent::CreativeCreated { .. } => "creative.create",
            AuditEvent::CreativeEdited { .. } => "creative.edit",
            AuditEvent::CreativeApproved { .. } => "creative.approve",
            AuditEvent::RegionCreated { .. } => "region.create",
            AuditEvent::RegionDeleted { .. } => "region.delete",
            AuditEvent::SharesSet { .. } => "region.shares",
            AuditEvent::PopulationImported { .. } => "population.import",
            AuditEvent::AudienceCreated { .. } => "audience.create",
            AuditEvent::AudienceFrozen { .. } => "audience.freeze",
            AuditEvent::Other { action, .. } => action,
        }
    }

    /// The row this event becomes, for `actor` at `at` (Unix seconds). The operator's own commands say
    /// where they came from in the detail.
    pub fn record(&self, actor: &Actor, at: i64) -> AuditRecord {
        let (subject, detail) = match self {
            AuditEvent::UserCreated { email, role } => (email.clone(), role.as_str().to_string()),
            AuditEvent::LoggedIn { email } => (email.clone(), String::new()),
            AuditEvent::DemoSeeded { what } => ("demo".to_string(), what.clone()),
            AuditEvent::UserPasswordReset { email }
            | AuditEvent::UserDisabled { email, .. }
            | AuditEvent::PasswordChanged { email } => (email.clone(), String::new()),
            AuditEvent::PartnerCreated { name, kind } => (name.clone(), kind.clone()),
            AuditEvent::TokenCreated { prefix, name }
            | AuditEvent::TokenRevoked { prefix, name } => (prefix.clone(), name.clone()),
            AuditEvent::IncidentsImported {
                source_name,
                format,
                rows,
                added,
                duplicates,
            } => (
                source_name.clone(),
                format!("{format}: {rows} rows, {added} added, {duplicates} duplicates"),
            ),
            AuditEvent::IncidentsRead { via, count, filter } => (
                via.to_string(),
                format!("{count} incidents; filter {filter}"),
            ),
            AuditEvent::HotspotsRead { via, cells, filter } => {
                (via.to_string(), format!("{cells} cells; filter {filter}"))
            }
            AuditEvent::Exported {
                what,
                count,
                unit,
                filter,
            } => (what.clone(), format!("{count} {unit}; filter {filter}")),
            AuditEvent::ReportsRead { count, .. } => ("pending".to_string(), count.to_string()),
            AuditEvent::ReportReviewed { report_id, .. } => {
                (format!("report {report_id}"), String::new())
            }
            AuditEvent::LocaleVersionSaved {
                locale,
                file,
                version,
                kind,
                changes,
            } => (
                format!("{locale}/{file}"),
                format!("version {version} ({kind}): {changes}"),
            ),
            AuditEvent::TranslationsConfirmed { locale, file, ids } => {
                (format!("{locale}/{file}"), ids.join(", "))
            }
            AuditEvent::CreativeCreated { creative_id, name } => {
                (format!("creative {creative_id}"), name.clone())
            }
            AuditEvent::CreativeEdited {
                creative_id,
                withdrawn,
            } => (
                format!("creative {creative_id}"),
                format!("approvals withdrawn: {}", withdrawn.join(", ")),
            ),
            AuditEvent::CreativeApproved {
                creative_id,
                locale,
                content_hash,
            } => (
                format!("creative {creative_id} ({locale})"),
                content_hash.clone(),
            ),
            AuditEvent::RegionCreated {
                region_id,
                cell_count,
                resolution,
            } => (
                format!("region {region_id}"),
                format!("{cell_count} cells at resolution {resolution}"),
            ),
            AuditEvent::RegionDeleted { region_id, name } => {
                (format!("region {region_id}"), name.clone())
            }
            AuditEvent::SharesSet { region_id, locales } => {
                (format!("region {region_id}"), locales.join(", "))
            }
            AuditEvent::PopulationImported {
                layer_id,
                cell_count,
                people,
            } => (
                format!("layer {layer_id}"),
                format!("{cell_count} cells, {people} people"),
            ),
            AuditEvent::AudienceCreated { audience_id, name } => {
                (format!("audience {audience_id}"), name.clone())
            }
            AuditEvent::AudienceFrozen {
                audience_id,
                version,
                reason,
            } => (
                format!("audience {audience_id}"),
                format!("version {version}: {reason}"),
            ),
            AuditEvent::Other {
                subject, detail, ..
            } => (subject.clone(), detail.clone()),
        };
        let detail = match actor {
            Actor::Staff { .. } => detail,
            Actor::System(origin) if detail.is_empty() => origin.to_string(),
            Actor::System(origin) => format!("{detail} ({origin})"),
        };
        AuditRecord {
            at,
            user_id: actor.user_id(),
            action: self.action(),
            subject,
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_name_the_actor_and_where_the_operator_acted() {
        let event = AuditEvent::UserCreated {
            email: "a@example.org".into(),
            role: Role::Analyst,
        };
        let staff = Actor::Staff {
            user_id: 7,
            role: Role::Admin,
            partner_id: None,
        };
        let r = event.record(&staff, 100);
        assert_eq!(
            (r.action, r.user_id, r.subject.as_str(), r.detail.as_str()),
            ("user.create", Some(7), "a@example.org", "analyst")
        );
        let r = event.record(&Actor::System("command line"), 100);
        assert_eq!(r.user_id, None);
        assert_eq!(r.detail, "analyst (command line)");
    }
}
