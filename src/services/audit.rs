//! Typed audit events: every command and every read of incident-level data names what it did here, and
//! the audit log's `action`, `subject` and `detail` are written from these in one place.

use serde_json::{Map, Value, json};

use crate::accounts::Role;
use crate::identify::incidents::IncidentFilter;
use crate::store::AuditRecord;

use super::Actor;

/// One thing worth recording, with what the audit log shows of it.
#[derive(Debug, Clone, PartialEq)]
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
        filter: IncidentFilter,
    },
    /// Hotspot statistics for every cell, read by an analyst, with the settings and the filter.
    HotspotsRead {
        via: &'static str,
        cells: usize,
        resolution: u8,
        rings: u32,
        half_life_days: Option<f64>,
        filter: IncidentFilter,
    },
    /// An emerging-hotspot analysis read by an analyst (`steps` is at most how many were kept).
    EmergingRead {
        via: &'static str,
        cells: usize,
        resolution: u8,
        step: String,
        rings: u32,
        steps: usize,
        filter: IncidentFilter,
    },
    /// A forecast and its backtest read by an analyst.
    ForecastRead {
        via: &'static str,
        resolution: u8,
        period: String,
        held_out: u32,
        points: usize,
        filter: IncidentFilter,
    },
    /// Routes read by an analyst, between countries or between cells of `resolution`.
    RoutesRead {
        via: &'static str,
        routes: usize,
        level: String,
        resolution: Option<u8>,
        filter: IncidentFilter,
    },
    /// Anything that leaves Beacon as a file or an aggregate: what, how many of what, and the filter.
    Exported {
        what: String,
        count: usize,
        unit: &'static str,
        /// The cells' resolution and Gi* rings, for hotspot files.
        resolution: Option<u8>,
        rings: Option<u32>,
        filter: IncidentFilter,
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
    CampaignCreated {
        campaign_id: i64,
        name: String,
    },
    CampaignEdited {
        campaign_id: i64,
    },
    /// A campaign moved from one state to another; `reason` is why, when someone said.
    CampaignMoved {
        campaign_id: i64,
        from: &'static str,
        to: &'static str,
        reason: Option<String>,
    },
    /// A running or paused campaign's budget on one channel changed.
    CampaignBudgetChanged {
        campaign_id: i64,
        channel: String,
        from: i64,
        to: i64,
        reason: Option<String>,
    },
    /// A mailing list made.
    ListCreated {
        list_id: i64,
        name: String,
    },
    /// Subscribers imported into a list (counts only: no address is audited).
    SubscribersImported {
        list_id: i64,
        file: String,
        added: u64,
        already: u64,
        suppressed: u64,
    },
    /// A list's subscribers downloaded by staff.
    SubscribersExported {
        list_id: i64,
        count: u64,
    },
    /// A person's entries erased (by staff, or by the person through their link): how many, never who.
    SubscriberErased {
        entries: u64,
        by_subscriber: bool,
    },
    /// The regions a partner serves set: how many.
    PartnerRegionsSet {
        partner_id: i64,
        regions: u64,
    },
    /// Contacts added to a partner, one by hand or from a file.
    ContactsAdded {
        partner_id: i64,
        file: Option<String>,
        added: u64,
        already: u64,
    },
    /// A partner's contacts downloaded by staff.
    ContactsExported {
        partner_id: i64,
        count: u64,
    },
    /// A partner's contact removed with everything about them (never who).
    ContactRemoved {
        partner_id: i64,
    },
    /// A new version of a partner's pack kept.
    PackRendered {
        partner_id: i64,
        pack_id: i64,
        locale: String,
        version: i64,
    },
    /// A partner's pack sent by e-mail to its contacts, each in their language.
    PackSent {
        partner_id: i64,
        region_id: i64,
        contacts: u64,
    },
    /// An event held off line, recorded for a campaign's reach.
    OfflineEventRecorded {
        campaign_id: i64,
        event_id: i64,
        people: u64,
    },
    /// A training session a partner held, reported.
    TrainingReported {
        partner_id: i64,
        training_id: i64,
        staff: u64,
    },
    SurveyCreated {
        survey_id: i64,
        key: String,
    },
    /// A survey's questions changed: `version` is the new one, or the current one rewritten.
    SurveyEdited {
        survey_id: i64,
        version: i64,
    },
    SurveyWaveAdded {
        survey_id: i64,
        key: String,
    },
    SurveyGroupAdded {
        survey_id: i64,
        key: String,
    },
    /// Answers imported from a file (how many, never whose).
    SurveyImported {
        survey_id: i64,
        import_id: i64,
        rows: u64,
        flagged: u64,
    },
    /// A near-duplicate response kept or removed.
    SurveyFlagSettled {
        survey_id: i64,
        response_id: i64,
        kept: bool,
    },
    /// A job put back on the queue from the dead letter.
    JobRetried {
        job_id: i64,
        kind: String,
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
            AuditEvent::EmergingRead { .. } => "emerging.read",
            AuditEvent::ForecastRead { .. } => "forecast.read",
            AuditEvent::RoutesRead { .. } => "routes.read",
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
            AuditEvent::JobRetried { .. } => "job.retry",
            AuditEvent::CampaignCreated { .. } => "campaign.create",
            AuditEvent::CampaignEdited { .. } => "campaign.edit",
            AuditEvent::CampaignMoved { .. } => "campaign.move",
            AuditEvent::CampaignBudgetChanged { .. } => "campaign.budget",
            AuditEvent::ListCreated { .. } => "list.create",
            AuditEvent::SubscribersImported { .. } => "subscribers.import",
            AuditEvent::SubscribersExported { .. } => "subscribers.export",
            AuditEvent::SubscriberErased { .. } => "subscriber.erase",
            AuditEvent::PartnerRegionsSet { .. } => "partner.regions",
            AuditEvent::ContactsAdded { .. } => "contacts.add",
            AuditEvent::ContactsExported { .. } => "contacts.export",
            AuditEvent::ContactRemoved { .. } => "contact.remove",
            AuditEvent::PackRendered { .. } => "pack.render",
            AuditEvent::PackSent { .. } => "pack.send",
            AuditEvent::OfflineEventRecorded { .. } => "event.record",
            AuditEvent::TrainingReported { .. } => "training.report",
            AuditEvent::SurveyCreated { .. } => "survey.create",
            AuditEvent::SurveyEdited { .. } => "survey.edit",
            AuditEvent::SurveyWaveAdded { .. } => "survey.wave",
            AuditEvent::SurveyGroupAdded { .. } => "survey.group",
            AuditEvent::SurveyImported { .. } => "survey.import",
            AuditEvent::SurveyFlagSettled { .. } => "survey.settle",
            AuditEvent::Other { action, .. } => action,
        }
    }

    /// The row this event becomes, for `actor` at `at` (Unix seconds). The operator's own commands say
    /// where they came from in the detail.
    pub fn record(&self, actor: &Actor, at: i64) -> AuditRecord {
        let (subject, detail) = match self {
            AuditEvent::UserCreated { email, role } => {
                (email.clone(), json!({"role": role.as_str()}).to_string())
            }
            AuditEvent::LoggedIn { email } => (email.clone(), json!({}).to_string()),
            AuditEvent::DemoSeeded { what } => {
                ("demo".to_string(), json!({"what": what}).to_string())
            }
            AuditEvent::UserPasswordReset { email }
            | AuditEvent::UserDisabled { email, .. }
            | AuditEvent::PasswordChanged { email } => (email.clone(), json!({}).to_string()),
            AuditEvent::PartnerCreated { name, kind } => {
                (name.clone(), json!({"name": name, "kind": kind}).to_string())
            }
            AuditEvent::TokenCreated { prefix, name }
            | AuditEvent::TokenRevoked { prefix, name } => (
                prefix.clone(),
                json!({"prefix": prefix, "name": name}).to_string(),
            ),
            AuditEvent::IncidentsImported {
                source_name,
                format,
                rows,
                added,
                duplicates,
            } => (
                source_name.clone(),
                json!({"format": format, "rows": rows, "added": added, "duplicates": duplicates})
                    .to_string(),
            ),
            AuditEvent::IncidentsRead { via, count, filter } => {
                (via.to_string(), arguments(json!({"count": count}), filter))
            }
            AuditEvent::HotspotsRead {
                via,
                cells,
                resolution,
                rings,
                half_life_days,
                filter,
            } => {
                let mut args = json!({"cells": cells, "resolution": resolution, "rings": rings});
                if let Some(h) = half_life_days {
                    args["half_life_days"] = json!(h);
                }
                (via.to_string(), arguments(args, filter))
            }
            AuditEvent::EmergingRead {
                via,
                cells,
                resolution,
                step,
                rings,
                steps,
                filter,
            } => (
                via.to_string(),
                arguments(
                    json!({"cells": cells, "resolution": resolution, "step": step, "rings": rings, "steps": steps}),
                    filter,
                ),
            ),
            AuditEvent::ForecastRead {
                via,
                resolution,
                period,
                held_out,
                points,
                filter,
            } => (
                via.to_string(),
                arguments(
                    json!({"resolution": resolution, "period": period, "held_out": held_out, "points": points}),
                    filter,
                ),
            ),
            AuditEvent::RoutesRead {
                via,
                routes,
                level,
                resolution,
                filter,
            } => {
                let mut args = json!({"routes": routes, "level": level});
                if let Some(r) = resolution {
                    args["resolution"] = json!(r);
                }
                (via.to_string(), arguments(args, filter))
            }
            AuditEvent::Exported {
                what,
                count,
                unit,
                resolution,
                rings,
                filter,
            } => {
                let mut args = json!({"count": count, "unit": unit});
                if let Some(r) = resolution {
                    args["resolution"] = json!(r);
                }
                if let Some(r) = rings {
                    args["rings"] = json!(r);
                }
                (what.clone(), arguments(args, filter))
            }
            AuditEvent::ReportsRead { via, count } => (
                via.to_string(),
                json!({"count": count, "status": "pending"}).to_string(),
            ),
            AuditEvent::ReportReviewed { report_id, .. } => (
                format!("report {report_id}"),
                json!({"report": report_id}).to_string(),
            ),
            AuditEvent::LocaleVersionSaved {
                locale,
                file,
                version,
                kind,
                changes,
            } => (
                format!("{locale}/{file}"),
                json!({"locale": locale, "file": file, "version": version, "kind": kind, "changes": changes})
                    .to_string(),
            ),
            AuditEvent::TranslationsConfirmed { locale, file, ids } => (
                format!("{locale}/{file}"),
                json!({"locale": locale, "file": file, "ids": ids.join(", ")}).to_string(),
            ),
            AuditEvent::CampaignCreated { campaign_id, name } => (
                format!("campaign {campaign_id}"),
                json!({"campaign": campaign_id, "name": name}).to_string(),
            ),
            AuditEvent::CampaignEdited { campaign_id } => (
                format!("campaign {campaign_id}"),
                json!({"campaign": campaign_id}).to_string(),
            ),
            AuditEvent::CampaignMoved {
                campaign_id,
                from,
                to,
                reason,
            } => (
                format!("campaign {campaign_id}"),
                json!({"campaign": campaign_id, "from": from, "to": to, "reason": reason.clone().unwrap_or_default()})
                    .to_string(),
            ),
            AuditEvent::CampaignBudgetChanged {
                campaign_id,
                channel,
                from,
                to,
                reason,
            } => (
                format!("campaign {campaign_id}"),
                json!({"campaign": campaign_id, "channel": channel, "from": from, "to": to,
                    "reason": reason.clone().unwrap_or_default()})
                .to_string(),
            ),
            AuditEvent::ListCreated { list_id, name } => (
                format!("list {list_id}"),
                json!({"list": list_id, "name": name}).to_string(),
            ),
            AuditEvent::SubscribersImported {
                list_id,
                file,
                added,
                already,
                suppressed,
            } => (
                format!("list {list_id}"),
                json!({"list": list_id, "file": file, "added": added, "already": already,
                    "suppressed": suppressed})
                .to_string(),
            ),
            AuditEvent::SubscribersExported { list_id, count } => (
                format!("list {list_id}"),
                json!({"list": list_id, "count": count}).to_string(),
            ),
            AuditEvent::SubscriberErased {
                entries,
                by_subscriber,
            } => (
                "subscriber".to_string(),
                json!({"entries": entries, "by": if *by_subscriber { "subscriber" } else { "staff" }})
                    .to_string(),
            ),
            AuditEvent::PartnerRegionsSet {
                partner_id,
                regions,
            } => (
                format!("partner {partner_id}"),
                json!({"partner": partner_id, "regions": regions}).to_string(),
            ),
            AuditEvent::ContactsAdded {
                partner_id,
                file,
                added,
                already,
            } => (
                format!("partner {partner_id}"),
                json!({"partner": partner_id, "file": file.clone().unwrap_or_else(|| "-".into()),
                    "added": added, "already": already})
                .to_string(),
            ),
            AuditEvent::ContactsExported { partner_id, count } => (
                format!("partner {partner_id}"),
                json!({"partner": partner_id, "count": count}).to_string(),
            ),
            AuditEvent::ContactRemoved { partner_id } => (
                format!("partner {partner_id}"),
                json!({"partner": partner_id}).to_string(),
            ),
            AuditEvent::PackRendered {
                partner_id,
                pack_id,
                locale,
                version,
            } => (
                format!("pack {pack_id}"),
                json!({"partner": partner_id, "pack": pack_id, "locale": locale, "version": version})
                    .to_string(),
            ),
            AuditEvent::PackSent {
                partner_id,
                region_id,
                contacts,
            } => (
                format!("partner {partner_id}"),
                json!({"partner": partner_id, "region": region_id, "contacts": contacts}).to_string(),
            ),
            AuditEvent::OfflineEventRecorded {
                campaign_id,
                event_id,
                people,
            } => (
                format!("campaign {campaign_id}"),
                json!({"campaign": campaign_id, "event": event_id, "people": people}).to_string(),
            ),
            AuditEvent::TrainingReported {
                partner_id,
                training_id,
                staff,
            } => (
                format!("partner {partner_id}"),
                json!({"partner": partner_id, "training": training_id, "staff": staff}).to_string(),
            ),
            AuditEvent::SurveyCreated { survey_id, key }
            | AuditEvent::SurveyWaveAdded { survey_id, key }
            | AuditEvent::SurveyGroupAdded { survey_id, key } => (
                format!("survey {survey_id}"),
                json!({"survey": survey_id, "key": key}).to_string(),
            ),
            AuditEvent::SurveyEdited { survey_id, version } => (
                format!("survey {survey_id}"),
                json!({"survey": survey_id, "version": version}).to_string(),
            ),
            AuditEvent::SurveyImported {
                survey_id,
                import_id,
                rows,
                flagged,
            } => (
                format!("survey {survey_id}"),
                json!({"survey": survey_id, "import": import_id, "rows": rows, "flagged": flagged})
                    .to_string(),
            ),
            AuditEvent::SurveyFlagSettled {
                survey_id,
                response_id,
                kept,
            } => (
                format!("survey {survey_id}"),
                json!({"survey": survey_id, "response": response_id, "kept": if *kept { "yes" } else { "no" }})
                    .to_string(),
            ),
            AuditEvent::JobRetried { job_id, kind } => (
                format!("job {job_id}"),
                json!({"job": job_id, "kind": kind}).to_string(),
            ),
            AuditEvent::CreativeCreated { creative_id, name } => (
                format!("creative {creative_id}"),
                json!({"creative": creative_id, "name": name}).to_string(),
            ),
            AuditEvent::CreativeEdited {
                creative_id,
                withdrawn,
            } => (
                format!("creative {creative_id}"),
                json!({"creative": creative_id, "withdrawn": withdrawn.join(", ")}).to_string(),
            ),
            AuditEvent::CreativeApproved {
                creative_id,
                locale,
                content_hash,
            } => (
                format!("creative {creative_id} ({locale})"),
                json!({"creative": creative_id, "locale": locale, "content_hash": content_hash})
                    .to_string(),
            ),
            AuditEvent::RegionCreated {
                region_id,
                cell_count,
                resolution,
            } => (
                format!("region {region_id}"),
                json!({"region": region_id, "cells": cell_count, "resolution": resolution})
                    .to_string(),
            ),
            AuditEvent::RegionDeleted { region_id, name } => (
                format!("region {region_id}"),
                json!({"region": region_id, "name": name}).to_string(),
            ),
            AuditEvent::SharesSet { region_id, locales } => (
                format!("region {region_id}"),
                json!({"region": region_id, "locales": locales.join(", ")}).to_string(),
            ),
            AuditEvent::PopulationImported {
                layer_id,
                cell_count,
                people,
            } => (
                format!("layer {layer_id}"),
                json!({"layer": layer_id, "cells": cell_count, "people": people}).to_string(),
            ),
            AuditEvent::AudienceCreated { audience_id, name } => (
                format!("audience {audience_id}"),
                json!({"audience": audience_id, "name": name}).to_string(),
            ),
            AuditEvent::AudienceFrozen {
                audience_id,
                version,
                reason,
            } => (
                format!("audience {audience_id}"),
                json!({"audience": audience_id, "version": version, "reason": reason}).to_string(),
            ),
            AuditEvent::Other {
                subject, detail, ..
            } => (subject.clone(), detail.clone()),
        };
        let detail = match actor {
            Actor::Staff { .. } => detail,
            Actor::System(origin) if is_structured(self.action()) => {
                let mut args: Map<String, Value> =
                    serde_json::from_str(&detail).unwrap_or_default();
                args.insert("origin".into(), json!(origin));
                Value::Object(args).to_string()
            }
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

/// Every action the log can hold, for the audit page's filter.
pub const ACTIONS: &[&str] = &[
    "login",
    "demo.seed",
    "user.create",
    "user.reset_password",
    "user.disable",
    "user.enable",
    "password.change",
    "partner.create",
    "token.create",
    "token.revoke",
    "incidents.import",
    "incidents.read",
    "reports.read",
    "hotspots.read",
    "emerging.read",
    "forecast.read",
    "routes.read",
    "export",
    "report.accept",
    "report.reject",
    "locale.version",
    "locale.confirm",
    "creative.create",
    "creative.edit",
    "creative.approve",
    "region.create",
    "region.delete",
    "region.shares",
    "population.import",
    "audience.create",
    "audience.freeze",
    "job.retry",
    "campaign.create",
    "campaign.edit",
    "campaign.move",
    "campaign.budget",
    "list.create",
    "subscribers.import",
    "subscribers.export",
    "subscriber.erase",
    "partner.regions",
    "contacts.add",
    "contacts.export",
    "contact.remove",
    "pack.render",
    "pack.send",
    "event.record",
    "training.report",
    "survey.create",
    "survey.edit",
    "survey.wave",
    "survey.group",
    "survey.import",
    "survey.settle",
];

/// Whether an action's detail is a JSON object of arguments, so that it can be shown in the reader's
/// language: every action Beacon writes (free-form `Other` events, and entries written before Beacon
/// stored arguments, have text).
pub fn is_structured(action: &str) -> bool {
    ACTIONS.contains(&action)
}

/// The arguments an entry's detail holds, when its action writes them (entries written before Beacon
/// stored them have text instead).
pub fn detail_arguments(action: &str, detail: &str) -> Option<Map<String, Value>> {
    if !is_structured(action) {
        return None;
    }
    serde_json::from_str(detail).ok()
}

/// The filter's set fields, by their query parameter names, in a fixed order; unset fields are left out.
pub fn filter_fields(filter: &IncidentFilter) -> Vec<(&'static str, String)> {
    let IncidentFilter {
        from_year,
        to_year,
        exploitation_type,
        nationality,
        data_source,
        victim_gender,
        recruitment,
    } = filter;
    let years = [("from_year", from_year), ("to_year", to_year)];
    let texts = [
        ("exploitation_type", exploitation_type),
        ("nationality", nationality),
        ("data_source", data_source),
        ("victim_gender", victim_gender),
        ("recruitment", recruitment),
    ];
    years
        .into_iter()
        .filter_map(|(name, v)| v.map(|v| (name, v.to_string())))
        .chain(
            texts
                .into_iter()
                .filter_map(|(name, v)| v.as_ref().map(|v| (name, v.clone()))),
        )
        .collect()
}

/// The filter readably, as its query string would say it (`from_year=2019 nationality=RO`), or `none`.
pub fn describe_filter(filter: &IncidentFilter) -> String {
    let fields = filter_fields(filter);
    if fields.is_empty() {
        return "none".to_string();
    }
    fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `args` (an object) with the filter's set fields under `filter`, as the stored detail.
fn arguments(mut args: Value, filter: &IncidentFilter) -> String {
    let fields: Map<String, Value> = filter_fields(filter)
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::String(v)))
        .collect();
    args["filter"] = Value::Object(fields);
    args.to_string()
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
            (
                "user.create",
                Some(7),
                "a@example.org",
                r#"{"role":"analyst"}"#
            )
        );
        let r = event.record(&Actor::System("command line"), 100);
        assert_eq!(r.user_id, None);
        assert_eq!(
            serde_json::from_str::<Value>(&r.detail).unwrap(),
            json!({"origin": "command line", "role": "analyst"})
        );
    }

    #[test]
    fn a_filter_is_described_by_its_set_fields_only() {
        assert_eq!(describe_filter(&IncidentFilter::default()), "none");
        assert!(filter_fields(&IncidentFilter::default()).is_empty());
        let filter = IncidentFilter {
            from_year: Some(2019),
            nationality: Some("RO".into()),
            recruitment: Some("online".into()),
            ..Default::default()
        };
        assert_eq!(
            filter_fields(&filter),
            [
                ("from_year", "2019".to_string()),
                ("nationality", "RO".to_string()),
                ("recruitment", "online".to_string())
            ]
        );
        assert_eq!(
            describe_filter(&filter),
            "from_year=2019 nationality=RO recruitment=online"
        );
    }

    #[test]
    fn reads_store_their_settings_and_filter_as_arguments() {
        let analyst = Actor::Staff {
            user_id: 4,
            role: Role::Analyst,
            partner_id: None,
        };
        let event = AuditEvent::HotspotsRead {
            via: "api",
            cells: 12,
            resolution: 10,
            rings: 2,
            half_life_days: None,
            filter: IncidentFilter {
                to_year: Some(2020),
                ..Default::default()
            },
        };
        let r = event.record(&analyst, 5);
        assert_eq!((r.action, r.subject.as_str()), ("hotspots.read", "api"));
        assert!(!r.detail.contains("None") && !r.detail.contains("IncidentFilter"));
        let args = detail_arguments(r.action, &r.detail).unwrap();
        assert_eq!(
            Value::Object(args),
            json!({"cells": 12, "resolution": 10, "rings": 2, "filter": {"to_year": "2020"}})
        );
        let routes = AuditEvent::RoutesRead {
            via: "page",
            routes: 3,
            level: "country".into(),
            resolution: None,
            filter: IncidentFilter::default(),
        }
        .record(&Actor::System("command line"), 5);
        assert_eq!(
            serde_json::from_str::<Value>(&routes.detail).unwrap(),
            json!({"routes": 3, "level": "country", "filter": {}, "origin": "command line"})
        );
        // Text details (entries written before arguments, free-form events) are not read as arguments.
        assert!(detail_arguments("migrated.thing", "{\"a\": 1}").is_none());
        assert!(detail_arguments("export", "12 cells; filter none").is_none());
    }

    #[test]
    fn every_action_is_listed_for_the_filter() {
        let filter = IncidentFilter::default();
        let events = [
            AuditEvent::IncidentsRead {
                via: "api",
                count: 1,
                filter: filter.clone(),
            },
            AuditEvent::EmergingRead {
                via: "api",
                cells: 1,
                resolution: 7,
                step: "month".into(),
                rings: 1,
                steps: 36,
                filter: filter.clone(),
            },
            AuditEvent::RoutesRead {
                via: "api",
                routes: 1,
                level: "cell".into(),
                resolution: Some(5),
                filter: filter.clone(),
            },
            AuditEvent::Exported {
                what: "x".into(),
                count: 1,
                unit: "cells",
                resolution: None,
                rings: None,
                filter,
            },
            AuditEvent::ReportsRead {
                via: "page",
                count: 2,
            },
            AuditEvent::UserDisabled {
                email: "a@b.c".into(),
                disabled: false,
            },
        ];
        for e in events {
            assert!(ACTIONS.contains(&e.action()), "{}", e.action());
        }
    }
}
