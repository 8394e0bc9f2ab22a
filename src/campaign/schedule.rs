//! Schedules: when a campaign's sends and flights happen. A cron expression is read on the wall clock of an
//! IANA time zone, because people plan in local time ("every day at 09:00 in London"), and each run is then
//! mapped to an instant by the same rules for every schedule:
//!
//! - a wall time that a spring-forward skips runs once, at the instant the clocks jump (London's 01:30 on
//!   29 March 2026 runs at 01:00 UTC, when 01:00 GMT became 02:00 BST);
//! - a wall time that a fall-back repeats runs once, at its first occurrence;
//! - wall times that land on the same instant run once, so runs strictly increase.
//!
//! Send windows keep sends to the hours a recipient is awake, in the recipient's zone, and planned events
//! are exported as iCalendar for people's own calendars.
//!
//! Instants are UTC `OffsetDateTime`s, as everywhere in Beacon; the cron, time-zone and iCalendar crates
//! work in chrono, which stays inside this module.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, LocalResult, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use time::OffsetDateTime;

use crate::message::{Message, english};

/// Why a schedule, a time zone or a send window was refused. Its words are a [`Message`]
/// ([`ScheduleError::message`]); `Display` is that message in English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The cron expression cannot be read.
    #[error("{}", english(&self.message()))]
    BadCron {
        expression: String,
        problem: CronProblem,
    },
    /// Not an IANA time zone; the closest names, when some are close.
    #[error("{}", english(&self.message()))]
    UnknownZone {
        zone: String,
        suggestions: Vec<&'static str>,
    },
    /// The schedule never runs after `from` (30 February, or only years that have passed).
    #[error("{}", english(&self.message()))]
    NoFutureRun {
        expression: String,
        zone: Tz,
        from: OffsetDateTime,
    },
    /// A send window that cannot be read, or that is empty.
    #[error("{}", english(&self.message()))]
    BadWindow {
        value: String,
        problem: WindowProblem,
    },
}

/// What is wrong with a cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CronProblem {
    /// Not 5, 6 or 7 fields (nor one `@daily`-style word): how many there are.
    FieldCount(usize),
    /// This field cannot be read.
    Field { field: CronField, value: String },
    /// Each field reads on its own but the whole does not.
    Unreadable,
}

/// A field of a cron expression, as an error names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CronField {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    /// The five-field form's weekday: 0 to 7, 0 and 7 being Sunday.
    Weekday,
    /// The six- and seven-field form's weekday: 1 to 7, 1 being Sunday (the cron crate's numbering).
    WeekdayFromSunday,
    Year,
}

impl CronField {
    /// The variant key in `schedule-bad-cron`.
    fn key(self) -> &'static str {
        match self {
            CronField::Second => "second",
            CronField::Minute => "minute",
            CronField::Hour => "hour",
            CronField::Day => "day",
            CronField::Month => "month",
            CronField::Weekday => "weekday",
            CronField::WeekdayFromSunday => "weekday-from-sunday",
            CronField::Year => "year",
        }
    }
}

/// What is wrong with a send window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowProblem {
    /// Not `HH:MM-HH:MM`.
    Format,
    /// It starts when it ends, so it would allow nothing.
    Empty,
}

impl ScheduleError {
    /// The error as a Fluent message (`schedule-*` in `ui.ftl`), for pages in the reader's language.
    pub fn message(&self) -> Message {
        match self {
            ScheduleError::BadCron {
                expression,
                problem,
            } => {
                let (field, value, count) = match problem {
                    CronProblem::FieldCount(n) => ("count", "", *n),
                    CronProblem::Field { field, value } => (field.key(), value.as_str(), 0),
                    CronProblem::Unreadable => ("expression", "", 0),
                };
                Message::new("schedule-bad-cron")
                    .text("expression", expression.as_str())
                    .text("field", field)
                    .text("value", value)
                    .number("count", count as f64)
            }
            ScheduleError::UnknownZone { zone, suggestions } => {
                Message::new("schedule-unknown-zone")
                    .text("zone", zone.as_str())
                    .number("suggestions", suggestions.len() as f64)
                    .text("closest", suggestions.join(", "))
            }
            ScheduleError::NoFutureRun {
                expression,
                zone,
                from,
            } => Message::new("schedule-no-future-run")
                .text("expression", expression.as_str())
                .text("zone", zone.name())
                .text("from", rfc3339(*from)),
            ScheduleError::BadWindow { value, problem } => Message::new("schedule-bad-window")
                .text("value", value.as_str())
                .text(
                    "problem",
                    match problem {
                        WindowProblem::Format => "format",
                        WindowProblem::Empty => "empty",
                    },
                ),
        }
    }
}

/// An instant as RFC 3339 in UTC, `2026-03-29T01:00:00Z`.
pub fn rfc3339(instant: OffsetDateTime) -> String {
    instant
        .to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| instant.unix_timestamp().to_string())
}

/// The IANA time zone called `name` (`Europe/London`); letter case is forgiven. An unknown name is refused
/// with the closest real names, so that `Europe/Londn` or `london` leads to `Europe/London`.
pub fn parse_zone(name: &str) -> Result<Tz, ScheduleError> {
    let wanted = name.trim();
    if let Ok(zone) = wanted.parse::<Tz>() {
        return Ok(zone);
    }
    if let Some(zone) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|z| z.name().eq_ignore_ascii_case(wanted))
    {
        return Ok(*zone);
    }
    Err(ScheduleError::UnknownZone {
        zone: name.to_string(),
        suggestions: closest_zones(wanted),
    })
}

/// Up to three zone names within a quarter of the name's letters (at least one) of `name`, compared whole or
/// by the city alone (`Londn`, `New York`).
fn closest_zones(name: &str) -> Vec<&'static str> {
    let wanted = name.replace(' ', "_").to_ascii_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let limit = (wanted.chars().count() / 4).max(1);
    let mut close: Vec<(usize, &'static str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .filter_map(|zone| {
            let known = zone.name().to_ascii_lowercase();
            let city = known.rsplit('/').next().unwrap_or(&known);
            let distance =
                strsim::levenshtein(&wanted, &known).min(strsim::levenshtein(&wanted, city));
            (distance <= limit).then_some((distance, zone.name()))
        })
        .collect();
    close.sort();
    close.into_iter().take(3).map(|(_, name)| name).collect()
}

/// A cron expression read on the wall clock of one time zone.
///
/// Five fields are the crontab form, `minute hour day month weekday`: weekdays are 0 to 7 (0 and 7 are
/// Sunday) or `SUN` to `SAT`, and when both the day of the month and the weekday are given (neither is `*`)
/// a run needs either, as in crontab. Six or seven fields are the cron crate's form, `second minute hour day
/// month weekday [year]`, read as that crate reads it: weekdays 1 to 7 with 1 for Sunday, and a run needs
/// both the day and the weekday. `@daily`, `@weekly` and the like are accepted too.
#[derive(Debug, Clone)]
pub struct CronSchedule {
    expression: String,
    zone: Tz,
    /// Wall-clock schedules whose runs are merged: two when a five-field expression gives both a day of the
    /// month and a weekday, one otherwise.
    wall: Vec<cron::Schedule>,
}

impl CronSchedule {
    /// Reads `expression` for the IANA time zone `zone`.
    pub fn parse(expression: &str, zone: &str) -> Result<Self, ScheduleError> {
        let expression = expression.trim().to_string();
        let wall = read_cron(&expression).map_err(|problem| ScheduleError::BadCron {
            expression: expression.clone(),
            problem,
        })?;
        Ok(Self {
            expression,
            zone: parse_zone(zone)?,
            wall,
        })
    }

    /// The expression as given, trimmed.
    pub fn expression(&self) -> &str {
        &self.expression
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The next `count` runs strictly after `from`, in UTC and strictly increasing. Fewer when the schedule
    /// ends (a year field, or the cron crate's last year, 2100); none when it never runs again. Returns
    /// quickly either way: the cron crate walks the calendar field by field, not second by second.
    pub fn next_after(&self, from: OffsetDateTime, count: usize) -> Vec<OffsetDateTime> {
        let from = to_chrono(from);
        // Runs are looked for on the wall clock, as if it were UTC, from `from`'s own wall time: a wall time
        // before it never maps after `from`, because the mapping never goes back in time.
        let start = from.with_timezone(&self.zone).naive_local().and_utc();
        let mut walls: Vec<_> = self
            .wall
            .iter()
            .map(|s| s.after(&start).peekable())
            .collect();
        let mut runs = Vec::new();
        let mut last = from;
        while runs.len() < count {
            let Some(wall) = walls.iter_mut().filter_map(|w| w.peek().copied()).min() else {
                break;
            };
            for w in &mut walls {
                if w.peek() == Some(&wall) {
                    w.next();
                }
            }
            let at = instant_of(self.zone, wall.naive_utc());
            if at > last {
                runs.push(from_chrono(at));
                last = at;
            }
        }
        runs
    }

    /// The next run strictly after `from`, or [`ScheduleError::NoFutureRun`].
    pub fn next(&self, from: OffsetDateTime) -> Result<OffsetDateTime, ScheduleError> {
        self.next_after(from, 1)
            .into_iter()
            .next()
            .ok_or_else(|| ScheduleError::NoFutureRun {
                expression: self.expression.clone(),
                zone: self.zone,
                from,
            })
    }
}

/// The fields of the seconds form, in order (the year is the seventh, and optional).
const SECONDS_FORM: [CronField; 7] = [
    CronField::Second,
    CronField::Minute,
    CronField::Hour,
    CronField::Day,
    CronField::Month,
    CronField::WeekdayFromSunday,
    CronField::Year,
];

fn read_cron(expression: &str) -> Result<Vec<cron::Schedule>, CronProblem> {
    let fields: Vec<&str> = expression.split_whitespace().collect();
    match fields.as_slice() {
        [word] if word.starts_with('@') => cron::Schedule::from_str(word)
            .map(|s| vec![s])
            .map_err(|_| CronProblem::Unreadable),
        [minute, hour, day, month, weekday] => five_fields(minute, hour, day, month, weekday),
        [_, _, _, _, _, _] | [_, _, _, _, _, _, _] => cron::Schedule::from_str(&fields.join(" "))
            .map(|s| vec![s])
            .map_err(|_| field_at_fault(&fields, &SECONDS_FORM)),
        other => Err(CronProblem::FieldCount(other.len())),
    }
}

/// The crontab form as the cron crate's: a `0` seconds field first, weekdays renumbered, and two schedules
/// when both the day and the weekday are given (a run needs either).
fn five_fields(
    minute: &str,
    hour: &str,
    day: &str,
    month: &str,
    weekday: &str,
) -> Result<Vec<cron::Schedule>, CronProblem> {
    if cron::Schedule::from_str(&format!("0 {minute} {hour} {day} {month} *")).is_err() {
        let fields = ["0", minute, hour, day, month, "*"];
        return Err(field_at_fault(&fields, &SECONDS_FORM));
    }
    let any = |field: &str| field == "*" || field == "?";
    let weekdays = if any(weekday) {
        "*".to_string()
    } else {
        crontab_weekdays(weekday).ok_or_else(|| CronProblem::Field {
            field: CronField::Weekday,
            value: weekday.to_string(),
        })?
    };
    let texts = if any(day) || any(weekday) {
        vec![format!("0 {minute} {hour} {day} {month} {weekdays}")]
    } else {
        vec![
            format!("0 {minute} {hour} {day} {month} *"),
            format!("0 {minute} {hour} * {month} {weekdays}"),
        ]
    };
    texts
        .iter()
        .map(|t| cron::Schedule::from_str(t).map_err(|_| CronProblem::Unreadable))
        .collect()
}

/// The first field that the cron crate refuses on its own (every other field `*`).
fn field_at_fault(fields: &[&str], names: &[CronField]) -> CronProblem {
    for (i, value) in fields.iter().enumerate() {
        let probe: Vec<&str> = (0..fields.len())
            .map(|j| if j == i { *value } else { "*" })
            .collect();
        if cron::Schedule::from_str(&probe.join(" ")).is_err() {
            return CronProblem::Field {
                field: names[i],
                value: value.to_string(),
            };
        }
    }
    CronProblem::Unreadable
}

/// A crontab weekday field (`1-5`, `0,6`, `*/2`, `MON-FRI`; 0 and 7 are Sunday) as the cron crate's list of
/// day names, or `None` when it cannot be read.
fn crontab_weekdays(field: &str) -> Option<String> {
    const NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    let mut days = BTreeSet::new();
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, step.parse::<usize>().ok().filter(|s| *s > 0)?),
            None => (item, 1),
        };
        let (first, last) = match range.split_once('-') {
            _ if range == "*" => (0, 7),
            Some((a, b)) => (crontab_weekday(a)?, crontab_weekday(b)?),
            // `a/n`, as the cron crate reads it: from a to the end of the week.
            None if item.contains('/') => (crontab_weekday(range)?, 7),
            None => {
                let d = crontab_weekday(range)?;
                (d, d)
            }
        };
        if first > last {
            return None;
        }
        days.extend((first..=last).step_by(step).map(|d| d % 7));
    }
    Some(
        days.into_iter()
            .map(|d| NAMES[d])
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// 0 to 7 (0 and 7 are Sunday) or a day's name, as the cron crate spells them.
fn crontab_weekday(text: &str) -> Option<usize> {
    if let Ok(n) = text.parse::<usize>() {
        return (n <= 7).then_some(n);
    }
    let day = match text.to_ascii_lowercase().as_str() {
        "sun" | "sunday" => 0,
        "mon" | "monday" => 1,
        "tue" | "tues" | "tuesday" => 2,
        "wed" | "wednesday" => 3,
        "thu" | "thurs" | "thursday" => 4,
        "fri" | "friday" => 5,
        "sat" | "saturday" => 6,
        _ => return None,
    };
    Some(day)
}

/// The instant a wall time in `zone` stands for: itself when it exists once, its first occurrence when a
/// fall-back repeats it, and the instant the clocks jump when a spring-forward skips it.
fn instant_of(zone: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&wall) {
        LocalResult::Single(at) => at.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => first_instant_from(zone, wall),
    }
}

/// The first instant whose wall time in `zone` is `wall` or later: for a wall time in a gap, the end of the
/// gap. UTC offsets lie between -12:00 and +14:00, so the answer lies within 15 hours before and 13 after
/// the wall time read as UTC; a binary search on whole seconds finds it (transitions fall on whole seconds).
fn first_instant_from(zone: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    let as_utc = wall.and_utc().timestamp();
    let reached = |second: i64| {
        DateTime::from_timestamp(second, 0)
            .is_none_or(|at| at.with_timezone(&zone).naive_local() >= wall)
    };
    let (mut before, mut after) = (as_utc - 15 * 3600, as_utc + 13 * 3600);
    while after - before > 1 {
        let middle = before + (after - before) / 2;
        if reached(middle) {
            after = middle;
        } else {
            before = middle;
        }
    }
    DateTime::from_timestamp(after, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The hours in which sends are allowed, `[start, end)` on the recipient's wall clock. A window may pass
/// midnight: `21:00-08:00` allows the night, `08:00-21:00` the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendWindow {
    start: time::Time,
    end: time::Time,
}

impl SendWindow {
    /// A window from `start` to `end`; refused when they are equal, which would allow nothing.
    pub fn new(start: time::Time, end: time::Time) -> Result<Self, ScheduleError> {
        let window = Self { start, end };
        if start == end {
            return Err(ScheduleError::BadWindow {
                value: window.to_string(),
                problem: WindowProblem::Empty,
            });
        }
        Ok(window)
    }

    /// Reads `08:00-21:00` (hours 0 to 23, or 24:00 for an end at midnight).
    pub fn parse(text: &str) -> Result<Self, ScheduleError> {
        let refused = || ScheduleError::BadWindow {
            value: text.to_string(),
            problem: WindowProblem::Format,
        };
        let (start, end) = text.trim().split_once(['-', '–']).ok_or_else(refused)?;
        let start = clock_time(start, false).ok_or_else(refused)?;
        let end = clock_time(end, true).ok_or_else(refused)?;
        Self::new(start, end).map_err(|_| ScheduleError::BadWindow {
            value: text.to_string(),
            problem: WindowProblem::Empty,
        })
    }

    pub fn start(&self) -> time::Time {
        self.start
    }

    pub fn end(&self) -> time::Time {
        self.end
    }

    /// Whether a send at `instant` falls inside the window in `zone`.
    pub fn allows(&self, instant: OffsetDateTime, zone: Tz) -> bool {
        self.allows_wall(to_chrono(instant).with_timezone(&zone).time())
    }

    /// `instant` when the window allows it, otherwise the first instant after it that the window allows in
    /// `zone`. Across a DST change that is where the wall clock reaches the window's start, or where the
    /// change itself moves the clock into the window (a fall-back into it, or a spring-forward over its start).
    pub fn next_allowed(&self, instant: OffsetDateTime, zone: Tz) -> OffsetDateTime {
        let start = naive_time(self.start);
        let mut at = to_chrono(instant);
        // Each pass looks at one stretch of constant UTC offset, on which the wall clock runs evenly: either
        // it reaches the start before the offset changes, or the next pass begins at the change. Offsets
        // change months apart, so two or three passes do.
        for _ in 0..8 {
            let wall = at.with_timezone(&zone).naive_local();
            if self.allows_wall(wall.time()) {
                return from_chrono(at);
            }
            let day = if wall.time() < start {
                wall.date()
            } else {
                wall.date().succ_opt().unwrap_or(wall.date())
            };
            let offset = offset_seconds(zone, at);
            let reaches_start = (day.and_time(start) - TimeDelta::seconds(offset)).and_utc();
            match offset_change(zone, at, reaches_start) {
                None => return from_chrono(reaches_start),
                Some(change) => at = change,
            }
        }
        from_chrono(at)
    }

    fn allows_wall(&self, wall: NaiveTime) -> bool {
        let (start, end) = (naive_time(self.start), naive_time(self.end));
        if start < end {
            start <= wall && wall < end
        } else {
            wall >= start || wall < end
        }
    }
}

impl fmt::Display for SendWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start.hour(),
            self.start.minute(),
            self.end.hour(),
            self.end.minute()
        )
    }
}

impl FromStr for SendWindow {
    type Err = ScheduleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// `HH:MM` (one or two digits for the hour); `24:00` only as an end, meaning midnight.
fn clock_time(text: &str, end: bool) -> Option<time::Time> {
    let (hour, minute) = text.trim().split_once(':')?;
    let digits = |s: &str, widths: std::ops::RangeInclusive<usize>| {
        widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(hour, 1..=2) || !digits(minute, 2..=2) {
        return None;
    }
    let (hour, minute): (u8, u8) = (hour.parse().ok()?, minute.parse().ok()?);
    if end && hour == 24 && minute == 0 {
        return Some(time::Time::MIDNIGHT);
    }
    time::Time::from_hms(hour, minute, 0).ok()
}

fn naive_time(t: time::Time) -> NaiveTime {
    NaiveTime::from_hms_opt(t.hour().into(), t.minute().into(), t.second().into())
        .unwrap_or(NaiveTime::MIN)
}

/// `zone`'s UTC offset at `at`, in seconds east of UTC.
fn offset_seconds(zone: Tz, at: DateTime<Utc>) -> i64 {
    zone.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
        .into()
}

/// The first whole second after `from`, up to `until`, at which `zone`'s offset differs from its offset at
/// `from`; `None` when the offset at `until` is the same (offsets do not change twice within days).
fn offset_change(zone: Tz, from: DateTime<Utc>, until: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let offset = offset_seconds(zone, from);
    if until <= from || offset_seconds(zone, until) == offset {
        return None;
    }
    let (mut same, mut changed) = (from.timestamp(), until.timestamp());
    while changed - same > 1 {
        let middle = same + (changed - same) / 2;
        match DateTime::from_timestamp(middle, 0) {
            Some(at) if offset_seconds(zone, at) == offset => same = middle,
            _ => changed = middle,
        }
    }
    DateTime::from_timestamp(changed, 0)
}

/// One event of an iCalendar export: a flight, a send, a deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEvent {
    /// Stable across exports, so that calendars update the event instead of adding it again
    /// (`campaign-7-flight-2@beacon`).
    pub uid: String,
    pub summary: String,
    pub start: OffsetDateTime,
    /// Without an end the event is a moment (RFC 5545: it ends when it starts).
    pub end: Option<OffsetDateTime>,
    pub description: Option<String>,
}

/// The PRODID of Beacon's iCalendar exports.
pub const PRODID: &str = "-//Beacon//Campaign schedules//EN";

/// `events` as an iCalendar file (RFC 5545) named `calendar_name`: times in UTC, each event stamped with
/// `stamp` (DTSTAMP: when the export was made, from the caller's clock, so that the same data gives the same
/// file), CRLF line endings, lines folded at 75 octets.
pub fn ical(calendar_name: &str, events: &[PlannedEvent], stamp: OffsetDateTime) -> String {
    use icalendar::{Calendar, Component, Event, EventLike, Property};
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .name(&ical_text(calendar_name));
    let stamp = to_chrono(stamp);
    for e in events {
        let mut event = Event::new();
        event
            .uid(&ical_text(&e.uid))
            .timestamp(stamp)
            .summary(&ical_text(&e.summary))
            .starts(to_chrono(e.start));
        if let Some(end) = e.end {
            event.ends(to_chrono(end));
        }
        if let Some(description) = &e.description {
            event.description(&ical_text(description));
        }
        calendar.push(event.done());
    }
    fold_lines(&calendar.to_string())
}

/// Text as an iCalendar value can hold it: line breaks as LF (which the crate escapes as `\n`; it leaves
/// CR as it is, which would break the line), other control characters dropped.
fn ical_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// Folds every content line at 75 octets, on character boundaries. The icalendar crate folds too, but lets
/// a long line's last piece reach 76 octets with its leading space; its folds are undone first.
fn fold_lines(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 25);
    for line in unfolded.split_terminator("\r\n") {
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

fn to_chrono(instant: OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(instant.unix_timestamp(), instant.nanosecond())
        .expect("time's years (±9999) lie within chrono's")
}

fn from_chrono(instant: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(instant.timestamp())
        .map(|at| {
            at.replace_nanosecond(instant.timestamp_subsec_nanos())
                .unwrap_or(at)
        })
        .unwrap_or(time::PrimitiveDateTime::MAX.assume_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> OffsetDateTime {
        OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
    }

    /// The next `count` runs of `expression` in `zone` after `from`, as RFC 3339 text.
    fn runs(expression: &str, zone: &str, from: &str, count: usize) -> Vec<String> {
        CronSchedule::parse(expression, zone)
            .unwrap()
            .next_after(at(from), count)
            .into_iter()
            .map(rfc3339)
            .collect()
    }

    fn zone(name: &str) -> Tz {
        parse_zone(name).unwrap()
    }

    #[test]
    fn london_daily_across_spring_forward_runs_when_the_clocks_jump() {
        // 29 March 2026: 01:00 GMT becomes 02:00 BST, so 01:30 does not exist that day.
        assert_eq!(
            runs("30 1 * * *", "Europe/London", "2026-03-27T12:00:00Z", 4),
            [
                "2026-03-28T01:30:00Z",
                "2026-03-29T01:00:00Z",
                "2026-03-30T00:30:00Z",
                "2026-03-31T00:30:00Z",
            ]
        );
        // 02:00 exists (BST): the gap is 01:00 to 02:00 only.
        assert_eq!(
            runs("0 2 * * *", "Europe/London", "2026-03-28T12:00:00Z", 2),
            ["2026-03-29T01:00:00Z", "2026-03-30T01:00:00Z"]
        );
    }

    #[test]
    fn london_daily_across_fall_back_runs_at_the_first_occurrence() {
        // 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:30 happens twice; it runs once, in BST.
        assert_eq!(
            runs("30 1 * * *", "Europe/London", "2026-10-23T12:00:00Z", 3),
            [
                "2026-10-24T00:30:00Z",
                "2026-10-25T00:30:00Z",
                "2026-10-26T01:30:00Z",
            ]
        );
        // From inside the second 01:30 hour, that day's run has already happened.
        assert_eq!(
            runs("30 1 * * *", "Europe/London", "2026-10-25T01:10:00Z", 1),
            ["2026-10-26T01:30:00Z"]
        );
    }

    #[test]
    fn new_york_daily_across_both_changes() {
        // 8 March 2026: 02:00 EST becomes 03:00 EDT; 02:00 runs at the jump, 07:00 UTC.
        assert_eq!(
            runs("0 2 * * *", "America/New_York", "2026-03-06T12:00:00Z", 3),
            [
                "2026-03-07T07:00:00Z",
                "2026-03-08T07:00:00Z",
                "2026-03-09T06:00:00Z",
            ]
        );
        assert_eq!(
            runs("30 1 * * *", "America/New_York", "2026-03-07T00:00:00Z", 2),
            ["2026-03-07T06:30:00Z", "2026-03-08T06:30:00Z"]
        );
        // 1 November 2026: 02:00 EDT becomes 01:00 EST; 01:30 runs once, in EDT.
        assert_eq!(
            runs("30 1 * * *", "America/New_York", "2026-10-30T12:00:00Z", 3),
            [
                "2026-10-31T05:30:00Z",
                "2026-11-01T05:30:00Z",
                "2026-11-02T06:30:00Z",
            ]
        );
        // 02:00 exists once that day, in EST.
        assert_eq!(
            runs("0 2 * * *", "America/New_York", "2026-10-31T12:00:00Z", 2),
            ["2026-11-01T07:00:00Z", "2026-11-02T07:00:00Z"]
        );
    }

    #[test]
    fn hourly_across_both_changes_neither_skips_nor_repeats_an_instant() {
        // Spring: 01:00 is in the gap and 02:00 BST is the same instant; they run once.
        assert_eq!(
            runs("0 * * * *", "Europe/London", "2026-03-28T23:30:00Z", 4),
            [
                "2026-03-29T00:00:00Z",
                "2026-03-29T01:00:00Z",
                "2026-03-29T02:00:00Z",
                "2026-03-29T03:00:00Z",
            ]
        );
        // Fall: the repeated hour runs once (00:00 UTC, 01:00 BST); 01:00 GMT does not run again.
        assert_eq!(
            runs("0 * * * *", "Europe/London", "2026-10-24T22:30:00Z", 4),
            [
                "2026-10-24T23:00:00Z",
                "2026-10-25T00:00:00Z",
                "2026-10-25T02:00:00Z",
                "2026-10-25T03:00:00Z",
            ]
        );
        assert_eq!(
            runs("0 * * * *", "America/New_York", "2026-03-08T05:30:00Z", 3),
            [
                "2026-03-08T06:00:00Z",
                "2026-03-08T07:00:00Z",
                "2026-03-08T08:00:00Z",
            ]
        );
        assert_eq!(
            runs("0 * * * *", "America/New_York", "2026-11-01T03:30:00Z", 4),
            [
                "2026-11-01T04:00:00Z",
                "2026-11-01T05:00:00Z",
                "2026-11-01T07:00:00Z",
                "2026-11-01T08:00:00Z",
            ]
        );
    }

    #[test]
    fn every_minute_through_a_gap_runs_once_at_the_jump() {
        let runs = runs("* * * * *", "Europe/London", "2026-03-29T00:58:30Z", 4);
        assert_eq!(
            runs,
            [
                "2026-03-29T00:59:00Z",
                "2026-03-29T01:00:00Z",
                "2026-03-29T01:01:00Z",
                "2026-03-29T01:02:00Z",
            ]
        );
    }

    #[test]
    fn lord_howe_shifts_by_half_an_hour() {
        // 4 October 2026: 02:00 (+10:30) becomes 02:30 (+11); 02:15 runs at the jump.
        assert_eq!(
            runs(
                "15 2 * * *",
                "Australia/Lord_Howe",
                "2026-10-02T00:00:00Z",
                3
            ),
            [
                "2026-10-02T15:45:00Z",
                "2026-10-03T15:30:00Z",
                "2026-10-04T15:15:00Z",
            ]
        );
        // 5 April 2026: 02:00 (+11) becomes 01:30 (+10:30); 01:45 runs once, at +11.
        assert_eq!(
            runs(
                "45 1 * * *",
                "Australia/Lord_Howe",
                "2026-04-03T00:00:00Z",
                3
            ),
            [
                "2026-04-03T14:45:00Z",
                "2026-04-04T14:45:00Z",
                "2026-04-05T15:15:00Z",
            ]
        );
    }

    #[test]
    fn kolkata_has_a_half_hour_offset_and_no_dst() {
        assert_eq!(
            runs("0 9 * * *", "Asia/Kolkata", "2026-03-28T00:00:00Z", 3),
            [
                "2026-03-28T03:30:00Z",
                "2026-03-29T03:30:00Z",
                "2026-03-30T03:30:00Z",
            ]
        );
    }

    #[test]
    fn a_leap_day_schedule_runs_every_four_years() {
        assert_eq!(
            runs("0 0 29 2 *", "Europe/London", "2026-01-01T00:00:00Z", 2),
            ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]
        );
        assert_eq!(
            runs("0 0 29 2 *", "Asia/Kolkata", "2026-01-01T00:00:00Z", 1),
            ["2028-02-28T18:30:00Z"]
        );
    }

    #[test]
    fn runs_are_strictly_after_from() {
        assert_eq!(
            runs("0 9 * * *", "UTC", "2026-05-01T09:00:00Z", 1),
            ["2026-05-02T09:00:00Z"]
        );
        assert_eq!(
            runs("0 9 * * *", "UTC", "2026-05-01T08:59:59.5Z", 1),
            ["2026-05-01T09:00:00Z"]
        );
        // An offset on `from` is only another way of writing the instant.
        assert_eq!(
            runs("0 9 * * *", "Europe/London", "2026-05-01T09:30:00+02:00", 1),
            ["2026-05-01T08:00:00Z"]
        );
    }

    #[test]
    fn five_field_weekdays_count_from_sunday_as_zero() {
        // 2026-03-30 is a Monday.
        let monday = runs("0 9 * * 1", "UTC", "2026-03-28T00:00:00Z", 1);
        assert_eq!(monday, ["2026-03-30T09:00:00Z"]);
        assert_eq!(
            runs("0 9 * * MON", "UTC", "2026-03-28T00:00:00Z", 1),
            monday
        );
        for sunday in ["0", "7", "SUN", "sunday"] {
            assert_eq!(
                runs(
                    &format!("0 9 * * {sunday}"),
                    "UTC",
                    "2026-03-28T00:00:00Z",
                    1
                ),
                ["2026-03-29T09:00:00Z"],
                "{sunday}"
            );
        }
        let weekdays = runs("0 9 * * 1-5", "UTC", "2026-03-27T10:00:00Z", 6);
        assert_eq!(
            weekdays,
            [
                "2026-03-30T09:00:00Z",
                "2026-03-31T09:00:00Z",
                "2026-04-01T09:00:00Z",
                "2026-04-02T09:00:00Z",
                "2026-04-03T09:00:00Z",
                "2026-04-06T09:00:00Z",
            ]
        );
        assert_eq!(
            runs("0 9 * * MON-FRI", "UTC", "2026-03-27T10:00:00Z", 6),
            weekdays
        );
        // Friday to Sunday, through 7; and every other day from Sunday.
        assert_eq!(
            runs("0 9 * * 5-7", "UTC", "2026-03-26T10:00:00Z", 3),
            [
                "2026-03-27T09:00:00Z",
                "2026-03-28T09:00:00Z",
                "2026-03-29T09:00:00Z",
            ]
        );
        assert_eq!(
            runs("0 9 * * */2", "UTC", "2026-03-28T10:00:00Z", 4),
            [
                "2026-03-29T09:00:00Z",
                "2026-03-31T09:00:00Z",
                "2026-04-02T09:00:00Z",
                "2026-04-04T09:00:00Z",
            ]
        );
    }

    #[test]
    fn five_fields_with_a_day_and_a_weekday_run_on_either() {
        // The 13th, or a Friday, as crontab reads it: Fri 3 April, Fri 10 April, Mon 13 April, Fri 17 April.
        assert_eq!(
            runs("0 9 13 * 5", "UTC", "2026-04-01T00:00:00Z", 4),
            [
                "2026-04-03T09:00:00Z",
                "2026-04-10T09:00:00Z",
                "2026-04-13T09:00:00Z",
                "2026-04-17T09:00:00Z",
            ]
        );
        // The seconds form is the cron crate's: both are needed (Friday the 13th), and 6 is Friday.
        assert_eq!(
            runs("0 0 9 13 * 6", "UTC", "2026-01-01T00:00:00Z", 2),
            ["2026-02-13T09:00:00Z", "2026-03-13T09:00:00Z"]
        );
    }

    #[test]
    fn the_seconds_forms_and_shorthands_read_as_the_cron_crate_reads_them() {
        assert_eq!(
            runs("0 30 1 * * *", "Europe/London", "2026-03-27T12:00:00Z", 3),
            runs("30 1 * * *", "Europe/London", "2026-03-27T12:00:00Z", 3)
        );
        assert_eq!(
            runs("15 0 0 1 1 * 2027", "UTC", "2026-01-01T00:00:00Z", 5),
            ["2027-01-01T00:00:15Z"]
        );
        assert_eq!(
            runs("@daily", "Asia/Kolkata", "2026-03-28T00:00:00Z", 1),
            ["2026-03-28T18:30:00Z"]
        );
        assert_eq!(
            CronSchedule::parse("  30 1 * * *  ", "UTC")
                .unwrap()
                .expression(),
            "30 1 * * *"
        );
    }

    #[test]
    fn a_bad_expression_names_the_field_at_fault() {
        let problem = |expression: &str| match CronSchedule::parse(expression, "UTC") {
            Err(ScheduleError::BadCron { problem, .. }) => problem,
            other => panic!("{expression}: {other:?}"),
        };
        let field = |field, value: &str| CronProblem::Field {
            field,
            value: value.to_string(),
        };
        assert_eq!(problem("61 * * * *"), field(CronField::Minute, "61"));
        assert_eq!(problem("0 24 * * *"), field(CronField::Hour, "24"));
        assert_eq!(problem("0 0 32 * *"), field(CronField::Day, "32"));
        assert_eq!(problem("0 0 1 FOO *"), field(CronField::Month, "FOO"));
        assert_eq!(problem("0 9 * * 8"), field(CronField::Weekday, "8"));
        assert_eq!(
            problem("0 9 * * MON-XYZ"),
            field(CronField::Weekday, "MON-XYZ")
        );
        assert_eq!(problem("0 9 * * 5-1"), field(CronField::Weekday, "5-1"));
        assert_eq!(problem("0 9 * * */0"), field(CronField::Weekday, "*/0"));
        assert_eq!(problem("60 0 9 * * *"), field(CronField::Second, "60"));
        assert_eq!(
            problem("0 0 9 * * 0"),
            field(CronField::WeekdayFromSunday, "0")
        );
        assert_eq!(problem("0 0 9 * * * 1900"), field(CronField::Year, "1900"));
        assert_eq!(problem("* * *"), CronProblem::FieldCount(3));
        assert_eq!(problem(""), CronProblem::FieldCount(0));
        assert_eq!(problem("@sometimes"), CronProblem::Unreadable);

        let e = CronSchedule::parse("61 * * * *", "UTC").unwrap_err();
        assert_eq!(e.message().id, "schedule-bad-cron");
        assert_eq!(
            e.to_string(),
            "“61 * * * *” is not a schedule: “61” cannot be read as minutes (0 to 59)"
        );
        assert_eq!(
            CronSchedule::parse("* * *", "UTC").unwrap_err().to_string(),
            "“* * *” is not a schedule: a schedule has 5 fields (minute hour day month weekday), or 6 or 7 \
             with seconds first and a year last, not 3"
        );
    }

    #[test]
    fn an_unknown_zone_suggests_the_closest_names() {
        let e = CronSchedule::parse("0 9 * * *", "Europe/Londn").unwrap_err();
        let ScheduleError::UnknownZone { suggestions, .. } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(suggestions.first(), Some(&"Europe/London"));
        assert_eq!(e.message().id, "schedule-unknown-zone");
        assert!(
            e.to_string()
                .starts_with("“Europe/Londn” is not an IANA time zone; did you mean Europe/London"),
            "{e}"
        );
        // The city alone, and a space for the underscore.
        assert!(matches!(parse_zone("London"),
            Err(ScheduleError::UnknownZone { suggestions, .. }) if suggestions.contains(&"Europe/London")));
        assert!(matches!(parse_zone("New York"),
            Err(ScheduleError::UnknownZone { suggestions, .. }) if suggestions.contains(&"America/New_York")));
        // Nothing close: how names look instead.
        let far = parse_zone("Nowhere at all").unwrap_err();
        assert!(
            matches!(&far, ScheduleError::UnknownZone { suggestions, .. } if suggestions.is_empty())
        );
        assert!(
            far.to_string()
                .ends_with("look like Europe/London or America/New_York")
        );
        // Letter case is forgiven.
        assert_eq!(zone("europe/london"), chrono_tz::Europe::London);
        assert_eq!(zone(" UTC "), chrono_tz::UTC);
    }

    #[test]
    fn a_schedule_that_never_runs_again_says_so_quickly() {
        let started = std::time::Instant::now();
        let never = CronSchedule::parse("0 0 30 2 *", "Europe/London").unwrap();
        assert!(never.next_after(at("2026-01-01T00:00:00Z"), 10).is_empty());
        let e = never.next(at("2026-01-01T00:00:00Z")).unwrap_err();
        assert_eq!(e.message().id, "schedule-no-future-run");
        assert!(
            e.to_string()
                .starts_with("“0 0 30 2 *” has no run after 2026-01-01T00:00:00Z in Europe/London"),
            "{e}"
        );
        // A year field that has passed, and the cron crate's last year.
        let past = CronSchedule::parse("0 0 9 1 1 * 2020", "UTC").unwrap();
        assert!(past.next(at("2026-01-01T00:00:00Z")).is_err());
        let yearly = CronSchedule::parse("0 0 1 1 *", "UTC").unwrap();
        assert_eq!(yearly.next_after(at("2098-06-01T00:00:00Z"), 10).len(), 2);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn every_error_is_worded_in_the_shipped_english() {
        let errors = [
            CronSchedule::parse("0 9 * * 9", "UTC").unwrap_err(),
            CronSchedule::parse("@sometimes", "UTC").unwrap_err(),
            parse_zone("Mars/Olympus").unwrap_err(),
            SendWindow::parse("8-21").unwrap_err(),
            SendWindow::parse("09:00-09:00").unwrap_err(),
        ];
        for e in errors {
            let text = e.to_string();
            assert!(
                !text.starts_with("schedule-") && !text.contains('{'),
                "{text}"
            );
        }
    }

    fn window(text: &str) -> SendWindow {
        SendWindow::parse(text).unwrap()
    }

    fn next_allowed(window_text: &str, instant: &str, zone_name: &str) -> String {
        rfc3339(window(window_text).next_allowed(at(instant), zone(zone_name)))
    }

    #[test]
    fn send_windows_parse_and_refuse() {
        let w = window("08:00-21:00");
        assert_eq!(
            (w.start(), w.end()),
            (time::macros::time!(8:00), time::macros::time!(21:00))
        );
        assert_eq!(w.to_string(), "08:00-21:00");
        assert_eq!(window(" 8:30 – 17:45 ").to_string(), "08:30-17:45");
        assert_eq!(window("21:00-24:00").to_string(), "21:00-00:00");
        assert_eq!(
            "21:00-08:00".parse::<SendWindow>().unwrap(),
            window("21:00-08:00")
        );
        for bad in [
            "8-21",
            "08:00",
            "08:00-25:00",
            "24:00-08:00",
            "08:0-09:00",
            "08:00-09:60",
            "a:bc-d",
        ] {
            assert!(
                matches!(
                    SendWindow::parse(bad),
                    Err(ScheduleError::BadWindow {
                        problem: WindowProblem::Format,
                        ..
                    })
                ),
                "{bad}"
            );
        }
        let empty = SendWindow::parse("09:00-09:00").unwrap_err();
        assert!(matches!(
            empty,
            ScheduleError::BadWindow {
                problem: WindowProblem::Empty,
                ..
            }
        ));
        assert_eq!(empty.message().id, "schedule-bad-window");
    }

    #[test]
    fn a_day_window_holds_sends_until_morning() {
        let london = "Europe/London";
        // Inside: the instant itself, to the nanosecond.
        let inside = at("2026-05-01T10:15:30.25Z");
        assert_eq!(
            window("08:00-21:00").next_allowed(inside, zone(london)),
            inside
        );
        assert!(window("08:00-21:00").allows(inside, zone(london)));
        // 06:00 BST: wait for 08:00 BST; 21:00 BST is the end, so wait for the next morning.
        assert_eq!(
            next_allowed("08:00-21:00", "2026-05-01T05:00:00Z", london),
            "2026-05-01T07:00:00Z"
        );
        assert_eq!(
            next_allowed("08:00-21:00", "2026-05-01T20:00:00Z", london),
            "2026-05-02T07:00:00Z"
        );
        assert_eq!(
            next_allowed("08:00-21:00", "2026-05-01T19:59:59Z", london),
            "2026-05-01T19:59:59Z"
        );
        // The same wall times in Kolkata.
        assert_eq!(
            next_allowed("08:00-21:00", "2026-05-01T00:00:00Z", "Asia/Kolkata"),
            "2026-05-01T02:30:00Z"
        );
    }

    #[test]
    fn a_window_may_pass_midnight() {
        let night = "21:00-08:00";
        assert_eq!(
            next_allowed(night, "2026-05-01T12:00:00Z", "UTC"),
            "2026-05-01T21:00:00Z"
        );
        assert_eq!(
            next_allowed(night, "2026-05-01T23:00:00Z", "UTC"),
            "2026-05-01T23:00:00Z"
        );
        assert_eq!(
            next_allowed(night, "2026-05-02T03:00:00Z", "UTC"),
            "2026-05-02T03:00:00Z"
        );
        assert_eq!(
            next_allowed(night, "2026-05-02T08:00:00Z", "UTC"),
            "2026-05-02T21:00:00Z"
        );
        assert_eq!(
            next_allowed("08:00-24:00", "2026-05-02T00:00:00Z", "UTC"),
            "2026-05-02T08:00:00Z"
        );
        assert_eq!(
            next_allowed("08:00-24:00", "2026-05-02T23:59:59Z", "UTC"),
            "2026-05-02T23:59:59Z"
        );
    }

    #[test]
    fn send_windows_follow_the_clock_change() {
        let london = "Europe/London";
        // The night before spring-forward ends at 21:00 GMT; the next morning's 08:00 is in BST.
        assert_eq!(
            next_allowed("08:00-21:00", "2026-03-28T21:30:00Z", london),
            "2026-03-29T07:00:00Z"
        );
        // The night before fall-back ends at 21:00 BST; the next morning's 08:00 is in GMT.
        assert_eq!(
            next_allowed("08:00-21:00", "2026-10-24T20:30:00Z", london),
            "2026-10-25T08:00:00Z"
        );
        // A start that the spring-forward skips: allowed from the jump, when the clock reads 02:00.
        assert_eq!(
            next_allowed("01:30-21:00", "2026-03-29T00:50:00Z", london),
            "2026-03-29T01:00:00Z"
        );
        // An end that the spring-forward skips: the window closes at the jump.
        assert_eq!(
            next_allowed("22:00-01:30", "2026-03-29T00:59:59Z", london),
            "2026-03-29T00:59:59Z"
        );
        assert_eq!(
            next_allowed("22:00-01:30", "2026-03-29T01:00:00Z", london),
            "2026-03-29T21:00:00Z"
        );
        // The fall-back takes the clock from 02:00 BST back into the window at 01:00 GMT.
        assert_eq!(
            next_allowed("00:30-01:30", "2026-10-25T00:45:00Z", london),
            "2026-10-25T01:00:00Z"
        );
        // New York, the morning of each change.
        let new_york = "America/New_York";
        assert_eq!(
            next_allowed("08:00-21:00", "2026-03-08T03:00:00Z", new_york),
            "2026-03-08T12:00:00Z"
        );
        assert_eq!(
            next_allowed("08:00-21:00", "2026-11-01T03:00:00Z", new_york),
            "2026-11-01T13:00:00Z"
        );
    }

    fn event(uid: &str, start: &str) -> PlannedEvent {
        PlannedEvent {
            uid: uid.to_string(),
            summary: "Flight 2: Fenland, Lithuanian".to_string(),
            start: at(start),
            end: Some(at(start) + time::Duration::hours(2)),
            description: None,
        }
    }

    #[test]
    fn ical_is_rfc_5545_with_crlf_and_folded_lines() {
        let long = "Žinutės apie išnaudojimą darbe; kur kreiptis, ką daryti, \
                    jei darbdavys pasiėmė jūsų pasą.\nSecond line, with a comma and a backslash \\. "
            .repeat(3);
        let events = [
            event("campaign-7-flight-1@beacon", "2026-03-29T01:00:00Z"),
            PlannedEvent {
                description: Some(long.clone()),
                end: None,
                ..event("campaign-7-flight-2@beacon", "2026-10-25T00:30:00Z")
            },
        ];
        let text = ical("Fenland, spring", &events, at("2026-03-01T12:00:00.5Z"));

        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
        assert!(
            !text.replace("\r\n", "").contains(['\r', '\n']),
            "bare CR or LF: {text:?}"
        );
        for line in text.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        for needed in [
            "VERSION:2.0",
            "PRODID:-//Beacon//Campaign schedules//EN",
            "CALSCALE:GREGORIAN",
            "UID:campaign-7-flight-1@beacon",
            "UID:campaign-7-flight-2@beacon",
            "DTSTART:20260329T010000Z",
            "DTEND:20260329T030000Z",
            "DTSTART:20261025T003000Z",
        ] {
            assert!(lines.contains(&needed), "{needed}: {text}");
        }
        assert_eq!(
            lines
                .iter()
                .filter(|l| **l == "DTSTAMP:20260301T120000Z")
                .count(),
            2
        );
        assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VEVENT").count(), 2);
        assert_eq!(lines.iter().filter(|l| **l == "END:VEVENT").count(), 2);
        assert_eq!(lines.iter().filter(|l| l.starts_with("DTEND")).count(), 1);

        // It reads back, unfolded and unescaped, to what went in.
        let unfolded = icalendar::parser::unfold(&text);
        let parsed = icalendar::parser::read_calendar(&unfolded).unwrap();
        assert_eq!(parsed.components.len(), 2);
        let second = &parsed.components[1];
        assert_eq!(second.name, "VEVENT");
        let value = |name: &str| {
            second
                .find_prop(name)
                .map(|p| p.val.clone().unescape_text().as_str().to_string())
        };
        assert_eq!(value("DESCRIPTION").as_deref(), Some(long.as_str()));
        assert_eq!(
            value("SUMMARY").as_deref(),
            Some("Flight 2: Fenland, Lithuanian")
        );
        assert_eq!(value("UID").as_deref(), Some("campaign-7-flight-2@beacon"));
        // The same data, the same file.
        assert_eq!(
            ical("Fenland, spring", &events, at("2026-03-01T12:00:00Z")),
            text
        );
    }

    #[test]
    fn ical_text_drops_what_would_break_a_line() {
        let mut e = event("a@beacon", "2026-05-01T09:00:00Z");
        e.summary = "one\r\ntwo\rthree\u{0}four".to_string();
        let text = ical("x", &[e], at("2026-05-01T00:00:00Z"));
        assert!(
            text.contains("SUMMARY:one\\ntwo\\nthreefour\r\n"),
            "{text:?}"
        );
        assert_eq!(
            ical("x", &[], at("2026-05-01T00:00:00Z"))
                .matches("BEGIN:")
                .count(),
            1
        );
    }

    #[test]
    fn folding_counts_octets_and_keeps_characters_whole() {
        let line = format!("DESCRIPTION:{}", "ž".repeat(100));
        let folded = fold_lines(&format!("{line}\r\n"));
        for l in folded.split_terminator("\r\n") {
            assert!(l.len() <= 75, "{}", l.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{line}\r\n"));
        // Exactly 75 octets stays one line; 150 becomes three (75, then 1 + 74, then 1 + 1).
        let a75 = "a".repeat(75);
        assert_eq!(fold_lines(&format!("{a75}\r\n")), format!("{a75}\r\n"));
        let a150 = "a".repeat(150);
        let folded = fold_lines(&format!("{a150}\r\n"));
        assert_eq!(
            folded
                .split_terminator("\r\n")
                .map(str::len)
                .collect::<Vec<_>>(),
            [75, 75, 2]
        );
    }
}
