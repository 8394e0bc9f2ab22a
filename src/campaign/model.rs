//! What a campaign is: its objective, frozen audience, creative and locales, channels with budgets, dates and
//! schedules, as staff write it ([`CampaignInput`]) and as Beacon keeps it ([`Campaign`]). Everything that can
//! be known from the input alone is checked on saving, naming the field.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::lifecycle::State;
use super::schedule::{CronSchedule, SendWindow, parse_zone};
use crate::message::Message;

/// The channels a campaign can run on.
pub const CHANNELS: [&str; 4] = ["meta", "google", "export", "sandbox"];

/// Channels that show a creative (all but the hand-upload export, which carries the texts as they are).
pub fn needs_creative(channel: &str) -> bool {
    channel != "export"
}

/// A campaign as staff write it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    pub name: String,
    /// awareness, reach or traffic.
    pub objective: String,
    /// The page a traffic campaign sends people to (https).
    #[serde(default)]
    pub landing_url: Option<String>,
    /// The frozen audience snapshot the campaign is aimed at.
    pub snapshot_id: i64,
    pub creative_id: i64,
    pub locales: Vec<String>,
    /// IANA zone the dates and schedules are read in.
    pub time_zone: String,
    /// RFC 3339 (`2027-01-10T09:00:00Z`), or a local time in `time_zone` (`2027-01-10T09:00`).
    pub starts_at: String,
    pub ends_at: String,
    pub channels: Vec<ChannelInput>,
    #[serde(default)]
    pub schedules: Vec<ScheduleInput>,
    /// E-mail to mailing lists, beside (or instead of) the ad channels.
    #[serde(default)]
    pub email: Option<EmailInput>,
}

/// A campaign's e-mail as staff write it: the lists it goes to (each filtered by the campaign's region and
/// locales when it is sent) and the hours it may arrive, read in each recipient's own zone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailInput {
    pub lists: Vec<i64>,
    /// e.g. 08:00-21:00; none: any hour.
    #[serde(default)]
    pub send_window: Option<String>,
}

/// A campaign's e-mail as Beacon keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmailPlan {
    pub lists: Vec<i64>,
    pub send_window: Option<String>,
    /// pending, sending, paused, finished or stopped.
    pub progress: String,
    /// The relay's latest failure (unreachable, refused the login), as a message.
    pub last_error_message: Option<Message>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelInput {
    pub channel: String,
    /// The budget in the currency's minor units (pence, cents).
    pub budget_minor: i64,
    /// ISO 4217, e.g. GBP.
    pub currency: String,
    /// daily or lifetime.
    pub budget_kind: String,
    /// Sends allowed only inside this local window, e.g. 08:00-21:00.
    #[serde(default)]
    pub send_window: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    pub channel: String,
    /// A locale whose community this schedule is for (its zone may differ from the campaign's).
    #[serde(default)]
    pub locale: Option<String>,
    pub cron: String,
    /// The zone the cron is read in; the campaign's when not given.
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// A campaign as Beacon keeps it.
#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    pub id: i64,
    pub name: String,
    pub objective: String,
    pub landing_url: Option<String>,
    pub snapshot_id: i64,
    pub creative_id: i64,
    pub locales: Vec<String>,
    pub time_zone: String,
    /// Unix seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    pub state: State,
    /// Why it is in this state when no person chose it (back to draft after a change, a failure).
    pub state_reason: Option<String>,
    pub approved_hash: Option<String>,
    pub channels: Vec<ChannelPlan>,
    pub schedules: Vec<SchedulePlan>,
    pub email: Option<EmailPlan>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelPlan {
    pub channel: String,
    pub budget_minor: i64,
    pub currency: String,
    pub budget_kind: String,
    pub send_window: Option<String>,
    /// Progress on the platform: pending, created, active, paused, ended or failed.
    pub progress: String,
    /// The last error from the platform, in English.
    pub last_error: Option<String>,
    /// The same error as a message, for pages in the reader's language.
    pub last_error_message: Option<crate::message::Message>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchedulePlan {
    pub channel: String,
    pub locale: Option<String>,
    pub cron: String,
    pub time_zone: String,
}

/// A campaign checked and normalised, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedCampaign {
    pub name: String,
    pub objective: String,
    pub landing_url: Option<String>,
    pub snapshot_id: i64,
    pub creative_id: i64,
    pub locales: Vec<String>,
    pub time_zone: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub channels: Vec<ChannelPlan>,
    pub schedules: Vec<SchedulePlan>,
    pub email: Option<EmailPlan>,
}

impl CheckedCampaign {
    /// The campaign as it would be kept, a draft with id `id` (0 before it has one), for the checks that
    /// need a whole campaign before it is saved.
    pub fn draft(&self, id: i64) -> Campaign {
        Campaign {
            id,
            name: self.name.clone(),
            objective: self.objective.clone(),
            landing_url: self.landing_url.clone(),
            snapshot_id: self.snapshot_id,
            creative_id: self.creative_id,
            locales: self.locales.clone(),
            time_zone: self.time_zone.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            state: State::Draft,
            state_reason: None,
            approved_hash: None,
            channels: self.channels.clone(),
            schedules: self.schedules.clone(),
            email: self.email.clone(),
            created_at: 0,
            updated_at: 0,
        }
    }
}

/// Why a campaign was refused: the field (as the request names it) and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {}", crate::message::english(reason))]
pub struct InvalidCampaign {
    pub field: String,
    pub reason: Message,
}

fn bad<T>(field: impl Into<String>, reason: Message) -> Result<T, InvalidCampaign> {
    Err(InvalidCampaign {
        field: field.into(),
        reason,
    })
}

fn choice(value: &str, choices: &[&str]) -> Message {
    Message::new("refused-choice")
        .text("value", value)
        .text("choices", choices.join(", "))
}

impl CampaignInput {
    /// Checks everything the input alone can tell, at `now` (Unix seconds): a campaign that cannot run as
    /// written is refused on saving, not at launch.
    pub fn check(
        self,
        available_locales: &[String],
        now: i64,
    ) -> Result<CheckedCampaign, InvalidCampaign> {
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            return bad(
                "name",
                Message::new("refused-name-length").number("max", 200),
            );
        }
        let objective = self.objective.trim().to_ascii_lowercase();
        if !["awareness", "reach", "traffic"].contains(&objective.as_str()) {
            return bad(
                "objective",
                choice(&self.objective, &["awareness", "reach", "traffic"]),
            );
        }
        let landing_url = self
            .landing_url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        match (&landing_url, objective.as_str()) {
            (None, "traffic") => return bad("landing_url", Message::new("refused-landing-url")),
            (Some(u), _)
                if !(u.starts_with("https://")
                    && u.len() <= 2000
                    && reqwest::Url::parse(u).is_ok_and(|p| p.host_str().is_some())) =>
            {
                return bad("landing_url", Message::new("refused-landing-url"));
            }
            _ => {}
        }
        if self.locales.is_empty() {
            return bad("locales", Message::new("refused-no-locale"));
        }
        let mut locales: Vec<String> = Vec::new();
        for l in &self.locales {
            let Some(found) = available_locales
                .iter()
                .find(|a| a.eq_ignore_ascii_case(l.trim()))
            else {
                return bad(
                    "locales",
                    Message::new("refused-unknown-locale")
                        .text("code", l.trim())
                        .text("known", available_locales.join(", ")),
                );
            };
            if !locales.contains(found) {
                locales.push(found.clone());
            }
        }
        let zone = parse_zone(self.time_zone.trim()).map_err(|e| InvalidCampaign {
            field: "time_zone".into(),
            reason: e.message(),
        })?;
        let time_zone = zone.name().to_string();
        let starts_at = instant(&self.starts_at, zone, "starts_at")?;
        let ends_at = instant(&self.ends_at, zone, "ends_at")?;
        if ends_at <= starts_at {
            return bad("ends_at", Message::new("refused-end-before-start"));
        }
        if ends_at <= now {
            return bad("ends_at", Message::new("refused-end-passed"));
        }
        if self.channels.is_empty() && self.email.is_none() {
            return bad("channels", Message::new("refused-no-channel"));
        }
        let email = match self.email {
            None => None,
            Some(e) => {
                if e.lists.is_empty() || e.lists.len() > 50 {
                    return bad("email.lists", Message::new("refused-email-no-list"));
                }
                let mut lists: Vec<i64> = Vec::new();
                for id in e.lists {
                    if id <= 0 {
                        return bad(
                            "email.lists",
                            Message::new("refused-no-list").number("id", id as f64),
                        );
                    }
                    if !lists.contains(&id) {
                        lists.push(id);
                    }
                }
                let send_window = match e.send_window.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(w) => Some(
                        SendWindow::parse(w)
                            .map_err(|e| InvalidCampaign {
                                field: "email.send_window".into(),
                                reason: e.message(),
                            })?
                            .to_string(),
                    ),
                };
                Some(EmailPlan {
                    lists,
                    send_window,
                    progress: "pending".into(),
                    last_error_message: None,
                })
            }
        };
        let mut channels: Vec<ChannelPlan> = Vec::new();
        for (i, c) in self.channels.into_iter().enumerate() {
            let at = |f: &str| format!("channels[{i}].{f}");
            let channel = c.channel.trim().to_ascii_lowercase();
            if !CHANNELS.contains(&channel.as_str()) {
                return bad(at("channel"), choice(&c.channel, &CHANNELS));
            }
            if channels.iter().any(|p| p.channel == channel) {
                return bad(
                    at("channel"),
                    Message::new("refused-channel-twice").text("channel", channel),
                );
            }
            if c.budget_minor <= 0 {
                return bad(
                    at("budget_minor"),
                    Message::new("refused-budget").number("value", c.budget_minor as f64),
                );
            }
            let currency = c.currency.trim().to_ascii_uppercase();
            if !is_currency(&currency) {
                return bad(
                    at("currency"),
                    Message::new("refused-currency").text("value", c.currency.trim()),
                );
            }
            let budget_kind = c.budget_kind.trim().to_ascii_lowercase();
            if !["daily", "lifetime"].contains(&budget_kind.as_str()) {
                return bad(
                    at("budget_kind"),
                    choice(&c.budget_kind, &["daily", "lifetime"]),
                );
            }
            let send_window = match c.send_window.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(w) => Some(
                    SendWindow::parse(w)
                        .map_err(|e| InvalidCampaign {
                            field: at("send_window"),
                            reason: e.message(),
                        })?
                        .to_string(),
                ),
            };
            channels.push(ChannelPlan {
                channel,
                budget_minor: c.budget_minor,
                currency,
                budget_kind,
                send_window,
                progress: "pending".into(),
                last_error: None,
                last_error_message: None,
            });
        }
        let mut schedules = Vec::new();
        for (i, s) in self.schedules.into_iter().enumerate() {
            let at = |f: &str| format!("schedules[{i}].{f}");
            let channel = s.channel.trim().to_ascii_lowercase();
            if !channels.iter().any(|c| c.channel == channel) {
                let names: Vec<&str> = channels.iter().map(|c| c.channel.as_str()).collect();
                return bad(at("channel"), choice(&s.channel, &names));
            }
            let locale = match s.locale.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(l) if locales.iter().any(|x| x == l) => Some(l.to_string()),
                Some(l) => {
                    return bad(
                        at("locale"),
                        choice(l, &locales.iter().map(String::as_str).collect::<Vec<_>>()),
                    );
                }
            };
            let zone_name = s
                .time_zone
                .as_deref()
                .map(str::trim)
                .filter(|z| !z.is_empty())
                .unwrap_or(&time_zone)
                .to_string();
            let zone = parse_zone(&zone_name).map_err(|e| InvalidCampaign {
                field: at("time_zone"),
                reason: e.message(),
            })?;
            let cron =
                CronSchedule::parse(s.cron.trim(), zone.name()).map_err(|e| InvalidCampaign {
                    field: at("cron"),
                    reason: e.message(),
                })?;
            let from = OffsetDateTime::from_unix_timestamp(starts_at.max(now) - 1)
                .expect("a checked time is in range");
            let first = cron.next_after(from, 1);
            if first.first().is_none_or(|t| t.unix_timestamp() >= ends_at) {
                return bad(
                    at("cron"),
                    Message::new("refused-schedule-no-run").text("cron", s.cron.trim()),
                );
            }
            schedules.push(SchedulePlan {
                channel,
                locale,
                cron: cron.expression().to_string(),
                time_zone: zone.name().to_string(),
            });
        }
        Ok(CheckedCampaign {
            name,
            objective,
            landing_url,
            snapshot_id: self.snapshot_id,
            creative_id: self.creative_id,
            locales,
            time_zone,
            starts_at,
            ends_at,
            channels,
            schedules,
            email,
        })
    }
}

/// An instant from RFC 3339, or from a local date and time (`2027-01-10T09:00`, seconds optional) read in
/// `zone`; a local time the clocks skip is refused, one they repeat is its first occurrence.
fn instant(text: &str, zone: chrono_tz::Tz, field: &str) -> Result<i64, InvalidCampaign> {
    use chrono::TimeZone;
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"));
    let Ok(naive) = naive else {
        return bad(field, Message::new("refused-datetime").text("value", text));
    };
    match zone.from_local_datetime(&naive).earliest() {
        Some(t) => Ok(t.timestamp()),
        None => bad(
            field,
            Message::new("refused-datetime-skipped")
                .text("value", text)
                .text("zone", zone.name()),
        ),
    }
}

/// Whether `code` is an active ISO 4217 currency code.
pub fn is_currency(code: &str) -> bool {
    ISO_4217.binary_search(&code).is_ok()
}

/// How many digits a currency's minor unit has (ISO 4217): 0 for the yen, 3 for the dinars of Bahrain,
/// Iraq, Jordan, Kuwait, Libya and Tunisia and the rial of Oman, 2 for the rest.
pub fn minor_digits(code: &str) -> u32 {
    const NONE: [&str; 16] = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV",
        "XAF", "XOF", "XPF",
    ];
    const THREE: [&str; 7] = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    if NONE.contains(&code) {
        0
    } else if THREE.contains(&code) {
        3
    } else {
        2
    }
}

/// An amount in minor units as plain decimal text in major units (`2500`, `GBP` → `25.00`).
pub fn major_text(minor: i64, code: &str) -> String {
    let digits = minor_digits(code);
    if digits == 0 {
        return minor.to_string();
    }
    let unit = 10_i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        m / unit as u64,
        m % unit as u64,
        width = digits as usize
    )
}

/// The active ISO 4217 codes (the standard's list one, 2024), sorted.
const ISO_4217: [&str; 155] = [
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SYP", "SZL", "THB", "TJS",
    "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CampaignInput {
        CampaignInput {
            name: "Fenland spring".into(),
            objective: "awareness".into(),
            landing_url: None,
            snapshot_id: 1,
            creative_id: 1,
            locales: vec!["en".into(), "LT".into()],
            time_zone: "Europe/London".into(),
            starts_at: "2027-03-01T09:00".into(),
            ends_at: "2027-04-30T21:00:00Z".into(),
            channels: vec![ChannelInput {
                channel: "sandbox".into(),
                budget_minor: 150_000,
                currency: "gbp".into(),
                budget_kind: "lifetime".into(),
                send_window: Some("08:00-21:00".into()),
            }],
            schedules: vec![ScheduleInput {
                channel: "sandbox".into(),
                locale: Some("lt".into()),
                cron: "0 18 * * FRI".into(),
                time_zone: Some("Europe/Vilnius".into()),
            }],
            email: None,
        }
    }

    fn available() -> Vec<String> {
        vec!["en".into(), "lt".into()]
    }

    const NOW: i64 = 1_796_000_000; // 2026-11-30

    #[test]
    fn a_good_campaign_is_normalised() {
        let c = input().check(&available(), NOW).unwrap();
        assert_eq!(c.locales, vec!["en", "lt"]);
        assert_eq!(c.channels[0].currency, "GBP");
        // 09:00 in London in March is 09:00 UTC.
        assert_eq!(
            c.starts_at,
            OffsetDateTime::parse(
                "2027-03-01T09:00:00Z",
                &time::format_description::well_known::Rfc3339
            )
            .unwrap()
            .unix_timestamp()
        );
        assert_eq!(c.schedules[0].time_zone, "Europe/Vilnius");
    }

    #[test]
    fn each_mistake_names_its_field() {
        let field = |f: &dyn Fn(&mut CampaignInput)| {
            let mut i = input();
            f(&mut i);
            i.check(&available(), NOW).unwrap_err().field
        };
        assert_eq!(field(&|i| i.name = " ".into()), "name");
        assert_eq!(field(&|i| i.objective = "fame".into()), "objective");
        assert_eq!(field(&|i| i.objective = "traffic".into()), "landing_url");
        assert_eq!(
            field(&|i| i.landing_url = Some("http://example.org".into())),
            "landing_url"
        );
        assert_eq!(field(&|i| i.locales = vec!["xx".into()]), "locales");
        assert_eq!(field(&|i| i.time_zone = "Europe/Londn".into()), "time_zone");
        assert_eq!(field(&|i| i.starts_at = "soon".into()), "starts_at");
        assert_eq!(
            field(&|i| i.ends_at = "2027-02-01T00:00:00Z".into()),
            "ends_at"
        );
        assert_eq!(
            field(&|i| i.starts_at = "2027-03-28T01:30".into()),
            "starts_at",
            "01:30 does not exist in London that day"
        );
        assert_eq!(field(&|i| i.channels.clear()), "channels");
        assert_eq!(
            field(&|i| i.email = Some(EmailInput {
                lists: vec![],
                send_window: None
            })),
            "email.lists"
        );
        assert_eq!(
            field(&|i| i.email = Some(EmailInput {
                lists: vec![1],
                send_window: Some("late".into())
            })),
            "email.send_window"
        );
        assert_eq!(
            field(&|i| i.channels[0].budget_minor = 0),
            "channels[0].budget_minor"
        );
        assert_eq!(
            field(&|i| i.channels[0].budget_minor = -5),
            "channels[0].budget_minor"
        );
        assert_eq!(
            field(&|i| i.channels[0].currency = "XXY".into()),
            "channels[0].currency"
        );
        assert_eq!(
            field(&|i| i.channels[0].budget_kind = "weekly".into()),
            "channels[0].budget_kind"
        );
        assert_eq!(
            field(&|i| i.channels[0].send_window = Some("8-21".into())),
            "channels[0].send_window"
        );
        assert_eq!(
            field(&|i| i.channels.push(i.channels[0].clone())),
            "channels[1].channel"
        );
        assert_eq!(
            field(&|i| i.schedules[0].cron = "0 25 * * *".into()),
            "schedules[0].cron"
        );
        // A schedule whose every run falls outside the campaign's dates.
        assert_eq!(
            field(&|i| i.schedules[0].cron = "0 9 1 6 *".into()),
            "schedules[0].cron"
        );
        assert_eq!(
            field(&|i| i.schedules[0].channel = "meta".into()),
            "schedules[0].channel"
        );
    }

    #[test]
    fn the_currency_list_is_sorted_and_known() {
        assert!(ISO_4217.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(major_text(2500, "GBP"), "25.00");
        assert_eq!(major_text(5, "EUR"), "0.05");
        assert_eq!(major_text(-1234, "GBP"), "-12.34");
        assert_eq!(major_text(2500, "JPY"), "2500");
        assert_eq!(major_text(1500, "KWD"), "1.500");
        assert!(is_currency("GBP") && is_currency("EUR") && !is_currency("gbp"));
    }
}
