//! The audit log's query parameters (shared by the page's GET form and the API), the links to the newer
//! and older pages, and an entry as a reader sees it: the action's name and the stored arguments of reads
//! and exports put into sentences of the reader's language.

use serde::{Deserialize, Serialize};

use crate::accounts::{AuditEntry, AuditPage, AuditQuery};
use crate::content::i18n::{ArgValue, LocaleId, Locales};
use crate::services::audit::detail_arguments;
use crate::web::error::ApiError;

/// Entries on one page of the audit log.
pub const PAGE_SIZE: i64 = 50;

/// Which entries of the audit log to show. Empty values (as a GET form sends them) mean any.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only this account's entries (its id), or `operator` for the command line's and the demo seed's.
    #[serde(default, skip_serializing_if = "is_blank")]
    pub user: Option<String>,
    /// Only this action, e.g. `hotspots.read`.
    #[serde(default, skip_serializing_if = "is_blank")]
    pub action: Option<String>,
    /// First day included, `YYYY-MM-DD` (UTC).
    #[serde(default, skip_serializing_if = "is_blank")]
    pub from: Option<String>,
    /// Last day included, `YYYY-MM-DD` (UTC).
    #[serde(default, skip_serializing_if = "is_blank")]
    pub to: Option<String>,
    /// Entries older than this entry id (the next page; see the `Link` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    /// Entries newer than this entry id (the previous page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i64>,
}

fn is_blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn day(field: &str, v: &Option<String>) -> Result<Option<time::Date>, ApiError> {
    set(v)
        .map(|s| {
            time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
                .map_err(|_| ApiError::invalid(field, crate::message::Message::new("refused-day")))
        })
        .transpose()
}

impl AuditParams {
    pub fn query(&self) -> Result<AuditQuery, ApiError> {
        let operator = set(&self.user) == Some("operator");
        let user_id = set(&self.user)
            .filter(|_| !operator)
            .map(|s| {
                s.parse::<i64>().map_err(|_| {
                    ApiError::invalid("user", crate::message::Message::new("refused-audit-user"))
                })
            })
            .transpose()?;
        Ok(AuditQuery {
            user_id,
            operator,
            action: set(&self.action).map(str::to_string),
            from: day("from", &self.from)?,
            to: day("to", &self.to)?,
            before: self.before,
            after: self.after,
        })
    }

    /// The query string of the same filters at another page (`before` or `after` an entry id).
    pub fn at(&self, before: Option<i64>, after: Option<i64>) -> String {
        let params = AuditParams {
            before,
            after,
            ..self.clone()
        };
        serde_urlencoded::to_string(&params).unwrap_or_default()
    }

    /// The links to the newer and older pages of `page`, as query strings.
    pub fn neighbours(&self, page: &AuditPage) -> (Option<String>, Option<String>) {
        (
            page.newer.map(|id| self.at(None, Some(id))),
            page.older.map(|id| self.at(Some(id), None)),
        )
    }
}

/// An entry as the audit page shows it, in the reader's language.
#[derive(Debug, Serialize)]
pub struct EntryView {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    /// The account's e-mail address, when it still exists.
    pub email: Option<String>,
    pub action: String,
    pub action_label: String,
    pub subject: String,
    pub detail: String,
}

/// Message ids are the action with `-` for `.` and `_`.
fn message_key(action: &str) -> String {
    action.replace(['.', '_'], "-")
}

/// Arguments whose values are codes with messages of their own: the action, the argument and the
/// message id's prefix.
const CODED: &[(&str, &str, &str)] = &[
    ("user.create", "role", "role-"),
    ("partner.create", "kind", "partner-sector-"),
    ("incidents.import", "format", "import-format-"),
    ("campaign.move", "from", "campaign-state-"),
    ("campaign.move", "to", "campaign-state-"),
    ("campaign.budget", "channel", "channel-"),
    ("subscriber.erase", "by", "audit-erased-by-"),
];

/// `entry` for a reader in `locale`. Entries store their arguments, which become the sentences of
/// `audit-subject-<action>` (where the subject names something Beacon holds) and
/// `audit-detail-<action>`, the filter of a read as `$filter`; entries written before Beacon stored
/// arguments show their stored text.
pub fn view(
    locales: &Locales,
    locale: &LocaleId,
    entry: AuditEntry,
    email: Option<String>,
) -> EntryView {
    let key = message_key(&entry.action);
    let action_label = locales
        .format_traced(locale, &format!("audit-action-{key}"), None)
        .map_or_else(|| entry.action.clone(), |t| t.text);
    let (subject, detail) = match detail_arguments(&entry.action, &entry.detail) {
        Some(args) => {
            let mut values: Vec<(String, ArgValue)> = Vec::new();
            let mut filter = None;
            for (name, value) in &args {
                match value {
                    // Counts and settings are numbers; ids beyond what a float holds exactly stay text.
                    serde_json::Value::Number(n) => {
                        let value = match n.as_i64() {
                            Some(i) if i.unsigned_abs() < 1 << 53 => ArgValue::Number(i as f64),
                            _ => ArgValue::Text(n.to_string()),
                        };
                        values.push((name.clone(), value))
                    }
                    serde_json::Value::String(s) => {
                        let coded = CODED
                            .iter()
                            .find(|(a, n, _)| *a == entry.action && n == name);
                        let text = match coded {
                            Some((_, _, prefix)) => {
                                locales.format(locale, &format!("{prefix}{s}"), None)
                            }
                            None => s.clone(),
                        };
                        values.push((name.clone(), ArgValue::Text(text)))
                    }
                    serde_json::Value::Object(fields) if name == "filter" => {
                        filter = Some(describe_filter(locales, locale, fields));
                    }
                    _ => {}
                }
            }
            if let Some(filter) = filter {
                values.push(("filter".into(), ArgValue::Text(filter)));
            }
            let args: Vec<(&str, ArgValue)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            let message = |kind: &str| {
                locales
                    .format_with_traced(locale, &format!("audit-{kind}-{key}"), &args)
                    .map(|t| t.text)
            };
            let subject = match (message("subject"), entry.subject.as_str()) {
                (Some(text), _) => text,
                (None, via @ ("api" | "page")) => {
                    locales.format_with(locale, "audit-via", &[("via", ArgValue::Text(via.into()))])
                }
                (None, other) => other.to_string(),
            };
            (subject, message("detail").unwrap_or_default())
        }
        None => (entry.subject, entry.detail),
    };
    EntryView {
        id: entry.id,
        at: entry.at,
        user_id: entry.user_id,
        email,
        action: entry.action,
        action_label,
        subject,
        detail,
    }
}

/// A read's filter in the reader's words: each set field by `audit-filter-<field>`, or
/// `audit-filter-none`.
fn describe_filter(
    locales: &Locales,
    locale: &LocaleId,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> String {
    if fields.is_empty() {
        return locales.format(locale, "audit-filter-none", None);
    }
    fields
        .iter()
        .map(|(field, v)| {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            locales.format_with(
                locale,
                &format!("audit-filter-{}", message_key(field)),
                &[("value", ArgValue::Text(v))],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_form_fields_mean_any_and_bad_ones_are_named() {
        let blank = AuditParams {
            user: Some(String::new()),
            action: Some(" ".into()),
            from: Some(String::new()),
            to: None,
            before: None,
            after: None,
        };
        assert_eq!(blank.query().unwrap(), AuditQuery::default());
        assert_eq!(blank.at(Some(7), None), "before=7");
        let chosen = AuditParams {
            user: Some("3".into()),
            action: Some("hotspots.read".into()),
            from: Some("2025-06-01".into()),
            to: Some("2025-06-10".into()),
            ..Default::default()
        };
        let q = chosen.query().unwrap();
        assert_eq!(
            (q.user_id, q.action.as_deref()),
            (Some(3), Some("hotspots.read"))
        );
        assert_eq!(q.to.unwrap().to_string(), "2025-06-10");
        let operator = AuditParams {
            user: Some("operator".into()),
            ..Default::default()
        }
        .query()
        .unwrap();
        assert!(operator.operator && operator.user_id.is_none());
        assert_eq!(
            chosen.at(None, Some(9)),
            "user=3&action=hotspots.read&from=2025-06-01&to=2025-06-10&after=9"
        );
        for (params, field) in [
            (
                AuditParams {
                    user: Some("x".into()),
                    ..Default::default()
                },
                "user",
            ),
            (
                AuditParams {
                    to: Some("2025-02-30".into()),
                    ..Default::default()
                },
                "to",
            ),
        ] {
            match params.query() {
                Err(ApiError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
    }
}
