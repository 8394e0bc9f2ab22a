//! The application layer: one service per area, holding the use cases. Web handlers, the command line,
//! the demo and the job worker call these and nothing below them.
//!
//! A command checks who asks ([`Actor`]), validates what the edge could not (rules that need the
//! database), writes its state and its typed [`AuditEvent`] in one transaction with the time from the
//! injected [`Clock`], and maps constraint violations to the field at fault ([`ServiceError`]): nothing
//! checks with a SELECT before it inserts.
//!
//! Dependencies point one way: web / CLI / demo / worker → services → domain, and services → store →
//! domain.

pub mod accounts;
pub mod analyses;
pub mod audiences;
pub mod audit;
pub mod campaigns;
pub mod creatives;
pub mod email;
pub mod error;
pub mod impact;
pub mod incidents;
pub mod jobs;
pub mod measure;
pub mod packs;
pub mod submissions;
pub mod subscribers;
pub mod surveys;
pub mod translations;

use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

use crate::accounts::{Passwords, Permission, Role};
use crate::config::Config;
use crate::content::i18n::Locales;
use crate::identify::analysis::privacy::Disclosure;
use crate::places::Places;
use crate::store::Store;

pub use audit::AuditEvent;
pub use error::ServiceError;

/// Where the application layer reads the time. Tests fix it; everything else uses [`SystemClock`].
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> OffsetDateTime;

    /// The time in Unix seconds, as the database stores it.
    fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }
}

#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that says what it is told (tests).
#[derive(Debug)]
pub struct FixedClock(Mutex<OffsetDateTime>);

impl FixedClock {
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }

    pub fn set(&self, at: OffsetDateTime) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Who asks for a use case: a signed-in member of staff, or the operator at the command line (and the
/// demo seed and job worker acting for them), who holds the database and may do everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Staff {
        user_id: i64,
        role: Role,
        partner_id: Option<i64>,
    },
    /// The command line, the demo seed or the worker; the text says which, for the audit log.
    System(&'static str),
}

impl Actor {
    /// The account recorded in the audit log (none for the operator).
    pub fn user_id(&self) -> Option<i64> {
        match self {
            Actor::Staff { user_id, .. } => Some(*user_id),
            Actor::System(_) => None,
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        match self {
            Actor::Staff { role, .. } => role.can(permission),
            Actor::System(_) => true,
        }
    }

    /// Forbidden unless this actor may do `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ServiceError> {
        match self {
            Actor::Staff { role, .. } if !role.can(permission) => Err(ServiceError::Forbidden(
                format!("the {role} role cannot do this"),
            )),
            _ => Ok(()),
        }
    }
}

/// The application layer: cheap to clone, shared by every request, command and job.
#[derive(Clone)]
pub struct Services(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub config: Config,
    pub passwords: Passwords,
    pub clock: Arc<dyn Clock>,
    /// The campaign area and the gazetteer (`[places]`).
    pub places: Arc<Places>,
    /// The Fluent bundles (`[paths] locales`), rebuilt when an upload is accepted; the web state shares
    /// this `Arc`.
    pub locales: Arc<Locales>,
    /// The disclosure-control policy, keyed by the database's secret (read on first use).
    disclosure: tokio::sync::OnceCell<Disclosure>,
    /// The keys that hash subscribers' addresses and sign their links (read on first use).
    email_keys: tokio::sync::OnceCell<crate::subscribers::Keys>,
    /// The partners' pack templates (`templates/pack/`), loaded and checked on first use.
    pack_renderer: tokio::sync::OnceCell<Arc<crate::report::pack::PackRenderer>>,
    /// The impact report's templates (`templates/report/`), loaded and checked on first use.
    impact_renderer: tokio::sync::OnceCell<Arc<crate::report::impact::ImpactRenderer>>,
    /// The e-mail transport (`[channels.email]`), made on first use.
    mailer: tokio::sync::OnceCell<Arc<crate::channels::email::Mailer>>,
    /// This process's sending limits (`[channels.email]`), shared by every job that sends.
    email_limiter: std::sync::Mutex<crate::channels::email::SendLimiter>,
    /// The ad platforms' adapters, by channel name, made once (the sandbox keeps its objects in them).
    pub channels: std::collections::HashMap<String, Arc<dyn crate::channels::AdPlatform>>,
    /// Wakes this process's idle worker when a job is added here (on PostgreSQL, `NOTIFY` wakes every
    /// instance's; this saves the round trip for the local one).
    pub job_added: Arc<tokio::sync::Notify>,
    /// The public forms' surveys, waves and groups, by survey key, read again after a few seconds or
    /// when this process changes a survey.
    survey_forms: surveys::FormCache,
    /// The writer that keeps public survey responses, many to a transaction.
    submissions: submissions::SubmissionWriter,
}

impl std::ops::Deref for Services {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Services {
    pub fn new(store: Store, config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let passwords = Passwords::new(&config.auth).map_err(anyhow::Error::msg)?;
        let places = Places::load(&config.places)?;
        let locales = Arc::new(Locales::load(
            &config.paths.locales,
            &config.i18n.default_locale,
        )?);
        let clock_for_channels = clock.clone();
        let now: Arc<dyn Fn() -> OffsetDateTime + Send + Sync> =
            Arc::new(move || clock_for_channels.now());
        let channels = crate::channels::platforms(&config.channels, &config.paths.data_dir, now)
            .map_err(anyhow::Error::msg)?;
        let email_limiter = std::sync::Mutex::new(
            crate::channels::email::SendLimiter::from_config(&config.channels.email),
        );
        Ok(Self(Arc::new(Inner {
            store,
            config,
            passwords,
            clock,
            places,
            locales,
            disclosure: tokio::sync::OnceCell::new(),
            email_keys: tokio::sync::OnceCell::new(),
            pack_renderer: tokio::sync::OnceCell::new(),
            impact_renderer: tokio::sync::OnceCell::new(),
            mailer: tokio::sync::OnceCell::new(),
            email_limiter,
            job_added: Arc::new(tokio::sync::Notify::new()),
            channels,
            survey_forms: surveys::FormCache::default(),
            submissions: submissions::SubmissionWriter::default(),
        })))
    }

    /// Tells this process's worker, if idle, that a job was added.
    pub fn wake_local_worker(&self) {
        self.job_added.notify_one();
    }

    /// The disclosure-control policy every number leaving the analyst role goes through.
    pub async fn disclosure(&self) -> Result<&Disclosure, ServiceError> {
        self.disclosure
            .get_or_try_init(|| async {
                let fresh: [u8; 16] = rand::random();
                let secret = self.store.disclosure_secret(&hex::encode(fresh)).await?;
                let bytes: [u8; 16] = hex::decode(secret.trim())
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(|| {
                        ServiceError::Internal(anyhow::anyhow!(
                            "the stored disclosure secret is not 16 bytes of hex"
                        ))
                    })?;
                let p = &self.config.privacy;
                Ok(Disclosure::new(u64::from(p.k), u64::from(p.spread), bytes))
            })
            .await
    }

    /// Staff accounts, partner organisations, API tokens and the audit log.
    pub fn accounts(&self) -> accounts::Accounts<'_> {
        accounts::Accounts(self)
    }

    /// Hotspots, emerging hotspots, routes and the aggregates shared through the disclosure policy.
    pub fn analyses(&self) -> analyses::Analyses<'_> {
        analyses::Analyses(self)
    }

    /// Regions, population layers, community shares, languages, geo-targets, audiences and snapshots.
    pub fn audiences(&self) -> audiences::Audiences<'_> {
        audiences::Audiences(self)
    }

    /// Incident imports and reads, community reports and their moderation.
    pub fn incidents(&self) -> incidents::Incidents<'_> {
        incidents::Incidents(self)
    }

    /// Locale files: checks, uploads, versions, rollback, staleness and completeness.
    pub fn translations(&self) -> translations::Translations<'_> {
        translations::Translations(self)
    }

    /// Campaigns: making, editing and moving them through their states, and their scheduled work.
    pub fn campaigns(&self) -> campaigns::Campaigns<'_> {
        campaigns::Campaigns(self)
    }

    /// The job queue: its view and dead letter for administrators, and running a claimed job.
    /// Mailing lists, subscribers and their consent, the suppression list.
    pub fn subscribers(&self) -> subscribers::Subscribers<'_> {
        subscribers::Subscribers(self)
    }

    /// Partners' regions, contacts and red-flag packs.
    pub fn packs(&self) -> packs::Packs<'_> {
        packs::Packs(self)
    }

    /// A day someone says something happened (`YYYY-MM-DD`): not to come, and not before 2000; a field
    /// error naming `field` otherwise.
    pub(crate) fn past_day(&self, field: &str, text: &str) -> Result<time::Date, ServiceError> {
        let today = self.clock.now().date();
        time::Date::parse(
            text.trim(),
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .ok()
        .filter(|d| *d <= today && d.year() >= 2000)
        .ok_or_else(|| {
            ServiceError::invalid(field, crate::message::Message::new("refused-training-day"))
        })
    }

    pub fn surveys(&self) -> surveys::Surveys<'_> {
        surveys::Surveys(self)
    }

    pub fn measure(&self) -> measure::Measure<'_> {
        measure::Measure(self)
    }

    /// The impact report of a campaign or a set of campaigns.
    pub fn impact(&self) -> impact::Impact<'_> {
        impact::Impact(self)
    }

    /// A campaign's e-mail.
    pub fn emails(&self) -> email::Emails<'_> {
        email::Emails(self)
    }

    pub fn jobs(&self) -> jobs::Jobs<'_> {
        jobs::Jobs(self)
    }

    /// Creatives, their previews per locale and platform, and approvals.
    pub fn creatives(&self) -> creatives::Creatives<'_> {
        creatives::Creatives(self)
    }
}
