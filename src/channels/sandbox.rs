//! The demo's platform: nothing leaves Beacon. Objects get deterministic ids (`sandbox-{key}-{step}`) and
//! are kept in memory and, when given a state file (`sandbox.json` in the data folder), written to it after
//! every change, so a second `create` finds them and delivery goes on after a restart; `insights` simulates delivery from the audience's size,
//! the budget, the dates and the status the campaign had on each day.
//!
//! The simulation, per day the campaign delivers (between its start and end dates, active at the end of that
//! day as far as the sandbox's clock has come, and not ended):
//! - spend = the daily budget (a lifetime budget spread evenly over the campaign's days);
//! - impressions = spend × 1000 ÷ `cpm_minor`;
//! - reach = size × (1 − e^(−impressions ÷ size)): people reached at least once when impressions fall at
//!   random on an audience of `size`, saturating toward it;
//! - frequency = impressions ÷ reach; clicks = impressions × `ctr`, rounded.
//!
//! Over the days asked for, one `lifetime` row dated the range's last day: each day's people taken as drawn
//! at random from the same audience, those reached at least once are size × (1 − Π(1 − reach_d ÷ size)),
//! which is at least the highest day and at most both the days' sum and the audience; its impressions,
//! clicks and spend are the days' sums. No day delivered, no `lifetime` row.
//!
//! Breakdowns split the totals by the campaign's genders (evenly) and by its age bands (evenly over the
//! standard bands the age range touches). Same inputs, same numbers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use time::{Date, OffsetDateTime};

use super::{
    AdCampaign, AdPlatform, BoxFuture, BudgetKind, ChannelError, DayInsights, Gender, LIFETIME,
    ObjectRef, OnCreated,
};
use crate::config::SandboxChannelConfig;

/// The sandbox adapter.
pub struct Sandbox {
    config: SandboxChannelConfig,
    now: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
    campaigns: Mutex<HashMap<String, Simulated>>,
    /// Where the campaigns are kept between runs; `None`: in memory only.
    state_file: Option<PathBuf>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Simulated {
    campaign: AdCampaign,
    objects: Vec<ObjectRef>,
    /// Status and budget changes, in the order they were made.
    events: Vec<(OffsetDateTime, Event)>,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
enum Event {
    Active(bool),
    Budget(i64),
    Ended,
}

/// The age bands Meta reports insights in.
const AGE_BANDS: [(u8, u8); 6] = [(18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 200)];

impl Sandbox {
    /// A sandbox reading the time from `now` (the services' clock).
    pub fn new(
        config: SandboxChannelConfig,
        now: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
    ) -> Self {
        Self {
            config,
            now,
            campaigns: Mutex::new(HashMap::new()),
            state_file: None,
        }
    }

    /// A sandbox that keeps its campaigns in `path` (read now when it exists, written after every change).
    /// A file that cannot be read is an error, not an empty sandbox: the campaigns in it would be lost.
    pub fn open(
        config: SandboxChannelConfig,
        now: Arc<dyn Fn() -> OffsetDateTime + Send + Sync>,
        path: &Path,
    ) -> Result<Self, String> {
        let campaigns = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| format!("{}: not a sandbox state file: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Ok(Self {
            config,
            now,
            campaigns: Mutex::new(campaigns),
            state_file: Some(path.to_path_buf()),
        })
    }

    /// Writes the campaigns to the state file, if there is one: to a temporary file first, then renamed over
    /// the old one, so a crash leaves the old state or the new, never half of one.
    fn save(&self, map: &HashMap<String, Simulated>) -> Result<(), ChannelError> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let failed = |e: std::io::Error| {
            ChannelError::Transient(format!("the sandbox could not keep its state: {e}"))
        };
        let bytes = serde_json::to_vec(map).expect("the sandbox's state serializes");
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, bytes).map_err(failed)?;
        std::fs::rename(&tmp, path).map_err(failed)
    }

    fn id(key: &str, step: &str) -> String {
        format!("sandbox-{key}-{}", step.replace(':', "-"))
    }

    /// The key of the campaign the objects belong to.
    fn key_of(&self, objects: &[ObjectRef]) -> Result<String, ChannelError> {
        let campaign = objects
            .iter()
            .find(|o| o.step == "campaign")
            .ok_or_else(|| ChannelError::Refused {
                message: "no campaign was created in the sandbox for this campaign".into(),
                field: Some("campaign".into()),
            })?;
        let map = self.campaigns.lock().expect("sandbox lock");
        map.iter()
            .find(|(_, s)| s.objects.iter().any(|o| o == campaign))
            .map(|(k, _)| k.clone())
            .ok_or_else(|| ChannelError::Refused {
                message: format!("the sandbox has no campaign {}", campaign.id),
                field: Some("campaign".into()),
            })
    }

    fn record(&self, objects: &[ObjectRef], event: Event) -> Result<(), ChannelError> {
        let key = self.key_of(objects)?;
        let at = (self.now)();
        let mut map = self.campaigns.lock().expect("sandbox lock");
        let s = map.get_mut(&key).expect("found just now");
        if s.events.iter().any(|(_, e)| *e == Event::Ended) {
            return Err(ChannelError::Refused {
                message: "the campaign has ended".into(),
                field: None,
            });
        }
        s.events.push((at, event));
        self.save(&map).inspect_err(|_| {
            // Not kept: not done either.
            if let Some(s) = map.get_mut(&key) {
                s.events.pop();
            }
        })
    }

    /// The simulated days of one campaign, up to the clock's today.
    fn simulate(&self, s: &Simulated, from: Date, to: Date) -> Vec<DayInsights> {
        let c = &s.campaign;
        let today = (self.now)().date();
        let first = c.starts_at.date().max(from);
        let last = c.ends_at.date().min(to).min(today);
        let campaign_days = (c.ends_at.date() - c.starts_at.date()).whole_days().max(0) + 1;
        let size = c.audience_size.max(1.0);
        let mut out = Vec::new();
        for day in super::days(first, last) {
            // The state at the end of the day: the last change made on or before it.
            let mut active = false;
            let mut budget = c.budget_minor;
            for (at, e) in &s.events {
                if at.date() > day {
                    break;
                }
                match e {
                    Event::Active(a) => active = *a,
                    Event::Budget(b) => budget = *b,
                    Event::Ended => active = false,
                }
            }
            if !active {
                continue;
            }
            let spend = match c.budget_kind {
                BudgetKind::Daily => budget,
                BudgetKind::Lifetime => budget / campaign_days,
            };
            let impressions = spend as f64 * 1000.0 / self.config.cpm_minor as f64;
            let total = Delivery::of(impressions, size, spend as f64, self.config.ctr);
            out.push(total.row(day, String::new()));
            let genders: Vec<&str> = if c.genders.is_empty() {
                vec!["female", "male"]
            } else {
                c.genders
                    .iter()
                    .map(|g| match g {
                        Gender::Female => "female",
                        Gender::Male => "male",
                    })
                    .collect()
            };
            let n = genders.len() as f64;
            for g in genders {
                let part =
                    Delivery::of(impressions / n, size / n, spend as f64 / n, self.config.ctr);
                out.push(part.row(day, format!("gender:{g}")));
            }
            let bands: Vec<(u8, u8)> = AGE_BANDS
                .into_iter()
                .filter(|(lo, hi)| *lo <= c.ages.1 && *hi >= c.ages.0)
                .collect();
            let n = bands.len().max(1) as f64;
            for (lo, hi) in bands {
                let label = if hi >= 200 {
                    format!("age:{lo}+")
                } else {
                    format!("age:{lo}-{hi}")
                };
                let part =
                    Delivery::of(impressions / n, size / n, spend as f64 / n, self.config.ctr);
                out.push(part.row(day, label));
            }
        }
        let totals: Vec<&DayInsights> = out.iter().filter(|r| r.breakdown.is_empty()).collect();
        if let Some(lifetime) = lifetime(&totals, size, to) {
            out.push(lifetime);
        }
        out
    }
}

/// The people reached at least once over `days` (their totals) within an audience of `size`, each day's
/// people drawn at random from the whole audience: size × (1 − Π(1 − reach_d ÷ size)), kept between the
/// highest day and the smaller of the days' sum and the audience. `None` without a day.
fn lifetime(days: &[&DayInsights], size: f64, to: Date) -> Option<DayInsights> {
    let peak = days.iter().map(|d| d.reach).max()?;
    let sum: i64 = days.iter().map(|d| d.reach).sum();
    let missed: f64 = days
        .iter()
        .map(|d| 1.0 - (d.reach as f64 / size).min(1.0))
        .product();
    let ceiling = sum.min(size.round() as i64).max(peak);
    let reach = ((size * (1.0 - missed)).round() as i64).clamp(peak, ceiling);
    let impressions: i64 = days.iter().map(|d| d.impressions).sum();
    Some(DayInsights {
        day: to,
        breakdown: LIFETIME.to_string(),
        reach,
        impressions,
        frequency: if reach > 0 {
            ((impressions as f64 / reach as f64) * 100.0).round() / 100.0
        } else {
            0.0
        },
        clicks: days.iter().map(|d| d.clicks).sum(),
        spend_minor: days.iter().map(|d| d.spend_minor).sum(),
    })
}

struct Delivery {
    impressions: f64,
    reach: f64,
    spend: f64,
    ctr: f64,
}

impl Delivery {
    fn of(impressions: f64, size: f64, spend: f64, ctr: f64) -> Self {
        Self {
            impressions,
            reach: size * (1.0 - (-impressions / size).exp()),
            spend,
            ctr,
        }
    }

    fn row(&self, day: Date, breakdown: String) -> DayInsights {
        let impressions = self.impressions.round() as i64;
        let reach = self.reach.round() as i64;
        DayInsights {
            day,
            breakdown,
            reach,
            impressions,
            frequency: if reach > 0 {
                ((impressions as f64 / reach as f64) * 100.0).round() / 100.0
            } else {
                0.0
            },
            clicks: (self.impressions * self.ctr).round() as i64,
            spend_minor: self.spend.round() as i64,
        }
    }
}

impl AdPlatform for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn create<'a>(
        &'a self,
        c: &'a AdCampaign,
        known: &'a [ObjectRef],
        on_created: &'a mut OnCreated<'_>,
    ) -> BoxFuture<'a, Result<Vec<ObjectRef>, ChannelError>> {
        Box::pin(async move {
            let steps = super::meta::steps(c);
            let all: Vec<ObjectRef> = steps
                .iter()
                .map(|s| ObjectRef::new(s.clone(), Self::id(&c.key, s)))
                .collect();
            {
                let mut map = self.campaigns.lock().expect("sandbox lock");
                let s = map.entry(c.key.clone()).or_insert_with(|| Simulated {
                    campaign: c.clone(),
                    objects: Vec::new(),
                    events: Vec::new(),
                });
                // A second create keeps what the first made and takes the campaign as now given.
                s.campaign = c.clone();
                s.objects = all.clone();
                self.save(&map)?;
            }
            for o in &all {
                if !known.iter().any(|k| k.step == o.step) {
                    on_created(o.clone()).await?;
                }
            }
            Ok(all)
        })
    }

    fn preflight<'a>(&'a self, c: &'a AdCampaign) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move { super::check_currency(c, &self.config.currency) })
    }

    fn activate<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move { self.record(objects, Event::Active(true)) })
    }

    fn pause<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move { self.record(objects, Event::Active(false)) })
    }

    fn set_budget<'a>(
        &'a self,
        objects: &'a [ObjectRef],
        budget_minor: i64,
    ) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move {
            if budget_minor < 1 {
                return Err(ChannelError::Refused {
                    message: "the budget must be more than 0".into(),
                    field: Some("budget".into()),
                });
            }
            self.record(objects, Event::Budget(budget_minor))
        })
    }

    fn end<'a>(&'a self, objects: &'a [ObjectRef]) -> BoxFuture<'a, Result<(), ChannelError>> {
        Box::pin(async move { self.record(objects, Event::Ended) })
    }

    fn insights<'a>(
        &'a self,
        objects: &'a [ObjectRef],
        from: Date,
        to: Date,
    ) -> BoxFuture<'a, Result<Vec<DayInsights>, ChannelError>> {
        Box::pin(async move {
            let key = self.key_of(objects)?;
            let s = self
                .campaigns
                .lock()
                .expect("sandbox lock")
                .get(&key)
                .cloned()
                .expect("found just now");
            Ok(self.simulate(&s, from, to))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn sandbox(now: Arc<Mutex<OffsetDateTime>>) -> Sandbox {
        Sandbox::new(
            SandboxChannelConfig {
                cpm_minor: 500,
                ctr: 0.009,
                currency: "GBP".into(),
            },
            Arc::new(move || *now.lock().unwrap()),
        )
    }

    #[tokio::test]
    async fn create_is_idempotent_and_reports_only_what_was_not_known() {
        let clock = Arc::new(Mutex::new(datetime!(2026-03-01 12:00 UTC)));
        let s = sandbox(clock);
        let c = crate::channels::tests::fenland();
        let mut seen = Vec::new();
        let first = {
            let seen = &mut seen;
            let mut cb = |o: ObjectRef| -> BoxFuture<'static, Result<(), ChannelError>> {
                seen.push(o);
                Box::pin(async { Ok(()) })
            };
            s.create(&c, &[], &mut cb).await.unwrap()
        };
        assert_eq!(first.len(), 6);
        assert_eq!(seen, first);
        assert_eq!(first[0].id, "sandbox-beacon-c7-campaign");
        assert_eq!(first[5].id, "sandbox-beacon-c7-ad-lt");
        let mut count = 0;
        let mut cb = |_o: ObjectRef| -> BoxFuture<'static, Result<(), ChannelError>> {
            count += 1;
            Box::pin(async { Ok(()) })
        };
        let second = s.create(&c, &first[..2], &mut cb).await.unwrap();
        assert_eq!(second, first);
        assert_eq!(count, 4);
    }

    #[tokio::test]
    async fn insights_are_deterministic_and_only_while_active_between_the_dates() {
        let clock = Arc::new(Mutex::new(datetime!(2026-03-01 12:00 UTC)));
        let run = || async {
            let s = sandbox(clock.clone());
            let c = crate::channels::tests::fenland();
            let objects = s
                .create(&c, &[], &mut crate::channels::ignore_created())
                .await
                .unwrap();
            *clock.lock().unwrap() = datetime!(2026-03-02 09:00 UTC);
            s.activate(&objects).await.unwrap();
            *clock.lock().unwrap() = datetime!(2026-03-05 10:00 UTC);
            s.pause(&objects).await.unwrap();
            *clock.lock().unwrap() = datetime!(2026-03-07 10:00 UTC);
            s.activate(&objects).await.unwrap();
            s.set_budget(&objects, 5000).await.unwrap();
            *clock.lock().unwrap() = datetime!(2026-03-09 10:00 UTC);
            s.insights(&objects, date!(2026 - 02 - 01), date!(2026 - 04 - 01))
                .await
                .unwrap()
        };
        let a = run().await;
        let b = run().await;
        assert_eq!(a, b);
        let totals: Vec<&DayInsights> = a.iter().filter(|r| r.breakdown.is_empty()).collect();
        let days: Vec<Date> = totals.iter().map(|r| r.day).collect();
        // Active 2-4 March, paused on the 5th and 6th, active again from the 7th; nothing after today (9th).
        assert_eq!(
            days,
            [2, 3, 4, 7, 8, 9]
                .map(|d| Date::from_calendar_date(2026, time::Month::March, d).unwrap())
        );
        // 25.00 a day at 5.00 per thousand: 5,000 impressions; 50.00 after the change: 10,000.
        assert_eq!(totals[0].impressions, 5000);
        assert_eq!(totals[0].spend_minor, 2500);
        assert_eq!(totals[3].impressions, 10000);
        assert_eq!(totals[0].clicks, 45);
        let expected_reach = (50_000.0 * (1.0 - (-5000.0f64 / 50_000.0).exp())).round() as i64;
        assert_eq!(totals[0].reach, expected_reach);
        assert!(totals[3].reach < 50_000 && totals[3].reach > totals[0].reach);
        assert!(a.iter().any(|r| r.breakdown == "gender:female"));
        assert!(a.iter().any(|r| r.breakdown == "age:45-54"));
        assert!(!a.iter().any(|r| r.breakdown == "age:55-64"));
        // One lifetime row, dated the range's last day: the days' people drawn from the same audience.
        let lifetime: Vec<&DayInsights> = a.iter().filter(|r| r.breakdown == "lifetime").collect();
        assert_eq!(lifetime.len(), 1);
        let l = lifetime[0];
        assert_eq!(l.day, date!(2026 - 04 - 01));
        let reaches: Vec<f64> = totals.iter().map(|r| r.reach as f64).collect();
        let expected =
            50_000.0 * (1.0 - reaches.iter().map(|r| 1.0 - r / 50_000.0).product::<f64>());
        assert_eq!(l.reach, expected.round() as i64);
        let peak = totals.iter().map(|r| r.reach).max().unwrap();
        let sum: i64 = totals.iter().map(|r| r.reach).sum();
        assert!(l.reach > peak && l.reach < sum && l.reach < 50_000, "{l:?}");
        assert_eq!(
            l.impressions,
            totals.iter().map(|r| r.impressions).sum::<i64>()
        );
        assert_eq!(l.clicks, totals.iter().map(|r| r.clicks).sum::<i64>());
        assert_eq!(
            l.spend_minor,
            totals.iter().map(|r| r.spend_minor).sum::<i64>()
        );
        let s = sandbox(clock.clone());
        assert!(
            s.insights(&[], date!(2026 - 03 - 01), date!(2026 - 03 - 02))
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn an_ended_campaign_delivers_no_more_and_takes_no_changes() {
        let clock = Arc::new(Mutex::new(datetime!(2026-03-02 09:00 UTC)));
        let s = sandbox(clock.clone());
        let c = crate::channels::tests::fenland();
        let objects = s
            .create(&c, &[], &mut crate::channels::ignore_created())
            .await
            .unwrap();
        s.activate(&objects).await.unwrap();
        *clock.lock().unwrap() = datetime!(2026-03-04 09:00 UTC);
        s.end(&objects).await.unwrap();
        assert!(s.activate(&objects).await.is_err());
        *clock.lock().unwrap() = datetime!(2026-03-20 09:00 UTC);
        let rows = s
            .insights(&objects, date!(2026 - 03 - 01), date!(2026 - 03 - 31))
            .await
            .unwrap();
        let days: Vec<Date> = rows
            .iter()
            .filter(|r| r.breakdown.is_empty())
            .map(|r| r.day)
            .collect();
        assert_eq!(days, [date!(2026 - 03 - 02), date!(2026 - 03 - 03)]);
        // Nothing delivered in a range: no lifetime row either.
        let none = s
            .insights(&objects, date!(2026 - 03 - 10), date!(2026 - 03 - 31))
            .await
            .unwrap();
        assert!(none.is_empty(), "{none:?}");
    }

    #[tokio::test]
    async fn a_sandbox_with_a_state_file_goes_on_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sandbox.json");
        let clock = Arc::new(Mutex::new(datetime!(2026-03-02 09:00 UTC)));
        let now = {
            let clock = clock.clone();
            Arc::new(move || *clock.lock().unwrap())
                as Arc<dyn Fn() -> OffsetDateTime + Send + Sync>
        };
        let config = SandboxChannelConfig {
            cpm_minor: 500,
            ctr: 0.009,
            currency: "GBP".into(),
        };
        let c = crate::channels::tests::fenland();
        let objects = {
            let s = Sandbox::open(config.clone(), now.clone(), &path).unwrap();
            let objects = s
                .create(&c, &[], &mut crate::channels::ignore_created())
                .await
                .unwrap();
            s.activate(&objects).await.unwrap();
            objects
        };
        *clock.lock().unwrap() = datetime!(2026-03-04 12:00 UTC);
        let again = Sandbox::open(config.clone(), now.clone(), &path).unwrap();
        let rows = again
            .insights(&objects, date!(2026 - 03 - 01), date!(2026 - 03 - 31))
            .await
            .unwrap();
        assert_eq!(rows.iter().filter(|r| r.breakdown.is_empty()).count(), 3);
        // A second create after the restart finds every object and reports none as new.
        let mut new = 0;
        let mut cb = |_o: ObjectRef| -> BoxFuture<'static, Result<(), ChannelError>> {
            new += 1;
            Box::pin(async { Ok(()) })
        };
        assert_eq!(again.create(&c, &objects, &mut cb).await.unwrap(), objects);
        assert_eq!(new, 0);
        // A damaged file is refused, not taken for an empty sandbox.
        std::fs::write(&path, b"{not json").unwrap();
        let e = Sandbox::open(config, now, &path).err().unwrap();
        assert!(e.contains("sandbox.json"), "{e}");
    }
}
