//! Configuration: `config/default.toml` (built in), an optional file, `BEACON_*` environment variables,
//! `*_FILE` secrets and command-line overrides, merged in that order and checked strictly.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use serde::{Deserialize, Serialize, Serializer};

/// The documented defaults, compiled in so that `beacon` starts from any directory.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Environment variables with this prefix are settings.
const ENV_PREFIX: &str = "BEACON_";

/// Variables that share the prefix but are not settings.
const ENV_NOT_SETTINGS: &[&str] = &["BEACON_CONFIG", "BEACON_LOG"];

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub jobs: JobsConfig,
    pub paths: PathsConfig,
    pub auth: AuthConfig,
    pub i18n: I18nConfig,
    pub reports: ReportsConfig,
    pub privacy: PrivacyConfig,
    pub audience: AudienceConfig,
    pub content: ContentConfig,
    pub vocabulary: Vocabulary,
    pub places: PlacesConfig,
    pub demo: DemoConfig,
    pub log: LogConfig,
    pub channels: ChannelsConfig,
    pub packs: PacksConfig,
    pub measure: MeasureConfig,
}

/// Measuring reach and behaviour change (see `[measure]` in config/default.toml).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureConfig {
    /// Fewer answers than this in a group, and its share is shown with a warning.
    pub min_n: u64,
    /// Survey forms one client address may send per hour (counted in memory only).
    pub survey_submissions_per_hour: u32,
}

/// Partners' red-flag packs (see `[packs]` in config/default.toml).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PacksConfig {
    /// Who issues the packs, named in each pack's footer.
    pub organisation: String,
    /// The number to call when someone is in immediate danger.
    pub emergency_number: String,
    /// The helpline every pack names, and its number.
    pub helpline_name: String,
    pub helpline_number: String,
    /// Local contacts, each for one region (by the region's name).
    pub local_contacts: Vec<LocalContact>,
    /// How long a pack's download link stays valid (hours).
    pub link_hours: u32,
}

/// A local contact a pack names for one region: a safeguarding team, a police unit, a support service.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LocalContact {
    /// The region's name, as Beacon's regions are named.
    pub region: String,
    pub name: String,
    pub phone: String,
    /// What they help with, or when to call them.
    #[serde(default)]
    pub note: String,
}

/// Ad platforms (see `[channels]` in config/default.toml).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelsConfig {
    /// The adapter campaigns use unless they name one: `sandbox`, `meta` or `google`.
    pub default: String,
    /// How long one platform call may take, connecting included (milliseconds).
    pub timeout_ms: u64,
    /// How often a running campaign's delivery figures are fetched from its platforms (seconds).
    pub insights_every_s: u64,
    pub sandbox: SandboxChannelConfig,
    pub meta: MetaChannelConfig,
    pub google: GoogleChannelConfig,
    pub email: EmailChannelConfig,
}

/// E-mail (see `[channels.email]` in config/default.toml): the relay, the sender, DKIM and the limits.
/// [`crate::channels::email::Mailer::from_config`] builds the transport from it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmailChannelConfig {
    /// Empty: no relay, messages are written as `.eml` files to `<paths.data_dir>/outbox/`.
    /// `smtp://host[:port]` (STARTTLS required, port 587 by default) or `smtps://host[:port]` (TLS from the
    /// first byte, port 465 by default).
    pub smtp_url: String,
    /// Lets `smtp://` go without TLS, for a test relay on a loopback address only (refused for any other).
    pub smtp_allow_plaintext: bool,
    pub smtp_username: String,
    pub smtp_password: Secret,
    pub from_address: String,
    pub from_name: String,
    /// Empty: no Reply-To header.
    pub reply_to: String,
    /// The domain after `@` in every Message-ID; empty: the domain of `from_address`.
    pub message_id_domain: String,
    /// The last part of every `Feedback-ID` header (the sender's identifier in feedback loops).
    pub feedback_id_sender: String,
    /// DKIM: the signing domain (`d=`), the selector (`s=`) and the private key; all three empty: unsigned.
    pub dkim_domain: String,
    pub dkim_selector: String,
    pub dkim_private_key: Secret,
    /// At most this many messages in any one second, and in any sliding hour.
    pub per_second: u32,
    pub per_hour: u32,
    /// At most this many connections to the relay at once.
    pub pool_max: u32,
    /// How long one message's exchange with the relay may take, connecting included (milliseconds).
    pub timeout_ms: u64,
    /// How long a message the relay deferred (a 4xx reply) waits before its next try (milliseconds); it
    /// doubles with each further try, up to an hour.
    pub retry_after_ms: u64,
    /// Tries before a message the relay keeps deferring is marked failed.
    pub max_attempts: u32,
    /// The shared secret the bounce and complaint webhook asks for; empty: the webhook is off.
    pub webhook_secret: Secret,
}

/// The simulated platform (see `[channels.sandbox]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxChannelConfig {
    /// Cost per thousand impressions, in minor units.
    pub cpm_minor: i64,
    /// Clicks per impression.
    pub ctr: f64,
    /// The currency the simulated ad account pays in (ISO 4217).
    pub currency: String,
}

/// The Meta Marketing API (see `[channels.meta]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetaChannelConfig {
    pub graph_url: String,
    pub api_version: String,
    #[serde(deserialize_with = "text_or_number")]
    pub ad_account_id: String,
    pub access_token: Secret,
    #[serde(deserialize_with = "text_or_number")]
    pub page_id: String,
    /// Meta's ad locale ids by language subtag (`en` → 1001).
    pub locale_ids: std::collections::BTreeMap<String, u32>,
}

/// The Google Ads API (see `[channels.google]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleChannelConfig {
    pub api_url: String,
    pub api_version: String,
    #[serde(deserialize_with = "text_or_number")]
    pub customer_id: String,
    #[serde(deserialize_with = "text_or_number")]
    pub login_customer_id: String,
    pub developer_token: Secret,
    pub token_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub refresh_token: Secret,
    /// Google's language criterion ids by language subtag (`en` → 1000).
    pub language_ids: std::collections::BTreeMap<String, u32>,
}

/// Text, also when given as a number (an environment variable of digits arrives as one).
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(i64),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Text(t) => t,
        Raw::Number(n) => n.to_string(),
    })
}

/// Translators' uploads and ad texts (see `[content]` in config/default.toml).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContentConfig {
    pub max_file_bytes: usize,
    pub max_zip_bytes: usize,
    pub ad_text: crate::content::adtext::AdLimits,
}

/// Place data (see `[places]` in config/default.toml): the campaign area and the gazetteer.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesConfig {
    pub area_file: PathBuf,
    pub gazetteer_file: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DemoConfig {
    pub ctdc_path: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    pub resolution: u8,
    pub submissions_per_hour: u32,
    pub accepted_confidence: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceConfig {
    pub max_cells: usize,
    /// Regions with more positions than this are refused before they are read.
    pub max_region_vertices: usize,
    /// How long reading and checking one region may take, in milliseconds.
    pub region_check_ms: u64,
    pub resolution: u8,
    pub settlement_density_per_km2: f64,
    pub min_coverage: f64,
    pub max_spill: f64,
    pub meta: PlatformLimitsConfig,
    pub google: PlatformLimitsConfig,
    pub age_bands: std::collections::BTreeMap<String, f64>,
    pub genders: std::collections::BTreeMap<String, f64>,
    pub demographics_source: String,
}

/// What one ad platform accepts as radius targets (see `[audience.meta]` in config/default.toml).
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformLimitsConfig {
    pub max_targets: usize,
    pub max_excluded: usize,
    pub min_radius_km: f64,
    pub max_radius_km: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyConfig {
    pub k: u32,
    /// How far the disclosure policy's noise moves a published count (± spread).
    pub spread: u32,
    /// The finest resolution at which cells derived from incidents are shared (regions from hotspots).
    pub shared_resolution: u8,
}

/// The controlled words incidents are described with (see `[vocabulary]` in config/default.toml).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub recruitment: Vec<String>,
    pub control_methods: Vec<String>,
    pub transport: Vec<String>,
    pub exploitation_types: Vec<String>,
    pub exploitation_subtypes: Vec<String>,
    pub age_bands: Vec<String>,
    pub genders: Vec<String>,
    pub data_sources: Vec<String>,
}

impl Default for Vocabulary {
    /// The shipped vocabulary from config/default.toml.
    fn default() -> Self {
        #[derive(Deserialize)]
        struct Only {
            vocabulary: Vocabulary,
        }
        toml::from_str::<Only>(DEFAULT_TOML)
            .map(|o| o.vocabulary)
            .unwrap_or_else(|e| panic!("config/default.toml has no valid [vocabulary]: {e}"))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    pub public_url: String,
    pub body_limit_bytes: usize,
    pub import_limit_bytes: usize,
    pub shutdown_grace_seconds: u64,
    /// The reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges); empty: none.
    #[serde(deserialize_with = "list_or_commas")]
    pub trusted_proxies: Vec<IpRange>,
    /// The bearer token `/metrics` asks for; empty: `/metrics` is not served on `bind`.
    pub metrics_token: Secret,
    /// A second listen address serving only `/metrics` (for a private network); empty: none.
    pub metrics_bind: String,
}

impl ServerConfig {
    /// Whether the TCP peer `addr` is one of the trusted proxies.
    pub fn is_trusted_proxy(&self, addr: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|r| r.contains(addr))
    }

    /// The separate metrics listen address, if one is set (checked at load).
    pub fn metrics_bind(&self) -> Option<SocketAddr> {
        self.metrics_bind.trim().parse().ok()
    }
}

/// An IP address or a CIDR range (`10.0.0.0/8`, `2001:db8::/32`); an address alone is a range of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    /// Whether `addr` lies in the range (an IPv4 address written as IPv6, `::ffff:a.b.c.d`, counts as IPv4).
    pub fn contains(&self, addr: IpAddr) -> bool {
        match (self.network, addr.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for IpRange {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let network: IpAddr = addr
            .parse()
            .map_err(|_| format!("`{s}` is not an IP address or CIDR range"))?;
        let network = network.to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{s}`: the prefix length must be 0 to {max}"))?,
        };
        Ok(Self { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

impl Serialize for IpRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A list from a TOML array, or from one comma-separated string (as an environment variable gives it).
fn list_or_commas<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<IpRange>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        List(Vec<String>),
        One(String),
    }
    let items = match Raw::deserialize(d)? {
        Raw::List(items) => items,
        Raw::One(text) => text
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
    };
    items
        .iter()
        .map(|i| i.parse().map_err(serde::de::Error::custom))
        .collect()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    pub url: Secret,
    pub max_connections: u32,
    pub connect_timeout_seconds: u64,
    /// SQLite: how long a statement waits for another writer, in milliseconds.
    pub busy_timeout_ms: u64,
}

/// The job queue (see `[jobs]` in config/default.toml).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JobsConfig {
    /// Whether this instance runs jobs.
    pub worker: bool,
    pub concurrency: usize,
    pub batch: i64,
    pub lease_ms: i64,
    pub max_attempts: i64,
    pub backoff_base_ms: i64,
    pub backoff_max_ms: i64,
    pub poll_ms: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PathsConfig {
    pub data_dir: PathBuf,
    pub templates: PathBuf,
    pub locales: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    pub session_hours: u32,
    pub login_attempts_per_minute: u32,
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_parallelism: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct I18nConfig {
    pub default_locale: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    pub level: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// A setting that must never be printed or logged. `Debug` and `Serialize` mask it; for a URL only the
/// password is masked, so that an operator can still see which server is meant.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The real value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The value as it may be shown.
    pub fn masked(&self) -> String {
        mask_secret(&self.0)
    }
}

/// Masks a secret for display: the password of a URL, or the whole value.
pub fn mask_secret(value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    match url::Url::parse(value) {
        Ok(mut url) if url.has_host() || url.scheme() == "sqlite" => {
            if url.password().is_some() {
                // Cannot fail for a URL with a host.
                let _ = url.set_password(Some("********"));
            }
            url.to_string()
        }
        _ => "********".to_string(),
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.masked())
    }
}

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub bind: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
}

/// A configuration that could not be loaded, with the key and the reason.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
    #[error("configuration file {path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("configuration: {key} (from {var}): cannot read secret file {path}: {reason}")]
    SecretFile {
        key: String,
        var: String,
        path: PathBuf,
        reason: String,
    },
}

impl Config {
    /// Loads the configuration from the process environment.
    pub fn load(overrides: &Overrides) -> Result<Self, ConfigError> {
        let vars: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(overrides, &vars)
    }

    /// Loads the configuration from the given environment (tests pass their own).
    pub fn load_from(overrides: &Overrides, env: &[(String, String)]) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULT_TOML));

        let file = overrides.config_file.clone().or_else(|| {
            env.iter()
                .find(|(k, _)| k == "BEACON_CONFIG")
                .map(|(_, v)| PathBuf::from(v))
        });
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::File {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            figment = figment.merge(Toml::string(&text));
        }

        // Settings are BEACON_<SECTION>__<KEY>; anything else with the prefix is a mistake worth naming.
        let mut plain = Vec::new();
        let mut secret_files = Vec::new();
        for (name, value) in env {
            let Some(rest) = name.strip_prefix(ENV_PREFIX) else {
                continue;
            };
            if ENV_NOT_SETTINGS.contains(&name.as_str()) || rest.starts_with("TEST_") {
                continue;
            }
            if !rest.contains("__") {
                return Err(ConfigError::Invalid(format!(
                    "unknown setting in environment variable {name}: settings are named \
                     BEACON_<SECTION>__<KEY>, for example BEACON_SERVER__BIND"
                )));
            }
            if let Some(stem) = rest.strip_suffix("_FILE") {
                secret_files.push((name.clone(), env_key(stem), PathBuf::from(value)));
            } else {
                plain.push((name.clone(), value.clone()));
            }
        }
        // Values are typed by the setting they fill: integers and booleans parse as such, the rest stay text.
        let mut sources: Vec<(String, String)> = Vec::new();
        for (name, value) in &plain {
            let key = env_key(&name[ENV_PREFIX.len()..]);
            let parsed: toml::Value = if let Ok(i) = value.parse::<i64>() {
                toml::Value::Integer(i)
            } else if let Ok(b) = value.parse::<bool>() {
                toml::Value::Boolean(b)
            } else {
                toml::Value::String(value.clone())
            };
            figment = figment.merge(Serialized::default(&key, parsed));
            sources.push((key, name.clone()));
        }
        for (var, key, path) in secret_files {
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::SecretFile {
                key: key.clone(),
                var: var.clone(),
                path: path.clone(),
                reason: e.to_string(),
            })?;
            let value = text.trim_end_matches(['\n', '\r']).to_string();
            figment = figment.merge(Serialized::default(&key, value));
            sources.push((key, var));
        }
        if let Some(bind) = overrides.bind {
            figment = figment.merge(Serialized::default("server.bind", bind.to_string()));
        }
        if let Some(dir) = &overrides.data_dir {
            figment = figment.merge(Serialized::default("paths.data_dir", dir));
        }
        if let Some(url) = &overrides.database_url {
            figment = figment.merge(Serialized::default("database.url", url));
        }

        let config: Config = figment
            .extract()
            .map_err(|e| ConfigError::Invalid(describe_figment_error(e, &sources)))?;
        config.validate()?;
        Ok(config)
    }

    fn validate_audience(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: &str| Err(ConfigError::Invalid(format!("{key}: {reason}")));
        let a = &self.audience;
        if a.max_cells == 0 {
            return bad("audience.max_cells", "must be at least 1");
        }
        if a.max_region_vertices < 4 {
            return bad("audience.max_region_vertices", "must be at least 4");
        }
        if a.region_check_ms == 0 {
            return bad("audience.region_check_ms", "must be at least 1");
        }
        if !(4..=10).contains(&a.resolution) {
            return bad("audience.resolution", "must be 4 to 10");
        }
        if !(a.settlement_density_per_km2.is_finite() && a.settlement_density_per_km2 > 0.0) {
            return bad(
                "audience.settlement_density_per_km2",
                "must be a positive number of people per km²",
            );
        }
        if !(0.0 < a.min_coverage && a.min_coverage <= 1.0) {
            return bad("audience.min_coverage", "must be above 0 and at most 1");
        }
        if !(0.0..=10.0).contains(&a.max_spill) {
            return bad(
                "audience.max_spill",
                "must be 0 to 10 (a share of the region's population)",
            );
        }
        for (key, p) in [("audience.meta", &a.meta), ("audience.google", &a.google)] {
            if p.max_targets == 0 {
                return bad(&format!("{key}.max_targets"), "must be at least 1");
            }
            if !(p.min_radius_km.is_finite()
                && p.min_radius_km > 0.0
                && p.max_radius_km.is_finite()
                && p.max_radius_km >= p.min_radius_km)
            {
                return bad(
                    &format!("{key}.min_radius_km"),
                    "radii must be positive and min_radius_km at most max_radius_km",
                );
            }
        }
        for (key, shares) in [
            ("audience.age_bands", &a.age_bands),
            ("audience.genders", &a.genders),
        ] {
            if shares.is_empty() {
                return bad(key, "must name at least one group");
            }
            if shares.values().any(|v| !(0.0..=1.0).contains(v)) {
                return bad(key, "each share must be between 0 and 1");
            }
            let total: f64 = shares.values().sum();
            if total > 1.0001 {
                return bad(key, "the shares add up to more than 1");
            }
        }
        Ok(())
    }

    fn validate_channels(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: &str| Err(ConfigError::Invalid(format!("{key}: {reason}")));
        let c = &self.channels;
        if !["sandbox", "meta", "google"].contains(&c.default.as_str()) {
            return bad("channels.default", "must be sandbox, meta or google");
        }
        if c.timeout_ms < 100 {
            return bad("channels.timeout_ms", "must be at least 100");
        }
        if !(10..=86_400).contains(&c.insights_every_s) {
            return bad(
                "channels.insights_every_s",
                "must be between 10 and 86400 seconds",
            );
        }
        if !crate::campaign::model::is_currency(&c.sandbox.currency) {
            return bad(
                "channels.sandbox.currency",
                "must be an ISO 4217 code in capitals, such as GBP",
            );
        }
        if c.sandbox.cpm_minor < 1 || !(0.0..=1.0).contains(&c.sandbox.ctr) {
            return bad(
                "channels.sandbox.cpm_minor",
                "cpm_minor must be at least 1 and ctr between 0 and 1",
            );
        }
        for (key, url) in [
            ("channels.meta.graph_url", &c.meta.graph_url),
            ("channels.google.api_url", &c.google.api_url),
            ("channels.google.token_url", &c.google.token_url),
        ] {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return bad(
                    key,
                    "must start with https:// (or http:// for a local stand-in)",
                );
            }
        }
        crate::channels::email::check_config(&c.email)
            .map_err(|(key, reason)| ConfigError::Invalid(format!("{key}: {reason}")))
    }

    fn validate_packs(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: &str| Err(ConfigError::Invalid(format!("{key}: {reason}")));
        let p = &self.packs;
        for (key, value) in [
            ("packs.organisation", &p.organisation),
            ("packs.emergency_number", &p.emergency_number),
            ("packs.helpline_name", &p.helpline_name),
            ("packs.helpline_number", &p.helpline_number),
        ] {
            if value.trim().is_empty() || value.chars().count() > 200 {
                return bad(key, "must be set, in at most 200 characters");
            }
        }
        for (i, c) in p.local_contacts.iter().enumerate() {
            if c.region.trim().is_empty() || c.name.trim().is_empty() || c.phone.trim().is_empty() {
                return bad(
                    &format!("packs.local_contacts[{i}]"),
                    "needs a region, a name and a phone number",
                );
            }
        }
        if !(1..=24 * 366).contains(&p.link_hours) {
            return bad("packs.link_hours", "must be between 1 and 8784 hours");
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, reason: &str| Err(ConfigError::Invalid(format!("{key}: {reason}")));
        self.validate_packs()?;
        if !(1..=1_000_000).contains(&self.measure.min_n) {
            return bad("measure.min_n", "must be between 1 and 1000000");
        }
        if self.content.max_file_bytes < 1024 || self.content.max_zip_bytes < 1024 {
            return bad(
                "content.max_file_bytes",
                "content.max_file_bytes and content.max_zip_bytes must be at least 1024",
            );
        }
        for (key, l) in self.content.ad_text.platforms() {
            if l.headline == 0 || l.primary_text == 0 || l.description == 0 {
                return bad(
                    &format!("content.ad_text.{key}"),
                    "every limit must be at least 1",
                );
            }
        }
        if self.server.body_limit_bytes < 1024 {
            return bad("server.body_limit_bytes", "must be at least 1024");
        }
        if !(self.server.public_url.starts_with("http://")
            || self.server.public_url.starts_with("https://"))
        {
            return bad("server.public_url", "must start with http:// or https://");
        }
        if !self.server.metrics_bind.trim().is_empty() && self.server.metrics_bind().is_none() {
            return bad(
                "server.metrics_bind",
                "must be empty or an address and port such as 127.0.0.1:9100",
            );
        }
        if !self.server.metrics_token.is_empty() && self.server.metrics_token.expose().len() < 16 {
            return bad(
                "server.metrics_token",
                "must be empty or at least 16 characters",
            );
        }
        if self.database.max_connections == 0 {
            return bad("database.max_connections", "must be at least 1");
        }
        let jobs = &self.jobs;
        if jobs.concurrency == 0 || jobs.batch < 1 {
            return bad(
                "jobs.concurrency",
                "jobs.concurrency and jobs.batch must be at least 1",
            );
        }
        if jobs.lease_ms < 1000 {
            return bad("jobs.lease_ms", "must be at least 1000 (one second)");
        }
        if jobs.max_attempts < 1 {
            return bad("jobs.max_attempts", "must be at least 1");
        }
        if jobs.backoff_base_ms < 1 || jobs.backoff_max_ms < jobs.backoff_base_ms {
            return bad(
                "jobs.backoff_base_ms",
                "must be at least 1, and jobs.backoff_max_ms at least as much",
            );
        }
        if jobs.poll_ms < 10 {
            return bad("jobs.poll_ms", "must be at least 10");
        }
        let url = self.database.url.expose();
        if !(url.is_empty()
            || url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return bad(
                "database.url",
                "must be empty (embedded SQLite), sqlite://FILE or postgres://…",
            );
        }
        if url.contains(":memory:") || url.contains("mode=memory") {
            return bad(
                "database.url",
                "an in-memory SQLite database cannot be shared by Beacon's connections; name a file",
            );
        }
        if self.auth.session_hours == 0 {
            return bad("auth.session_hours", "must be at least 1");
        }
        if self.auth.login_attempts_per_minute == 0 {
            return bad("auth.login_attempts_per_minute", "must be at least 1");
        }
        if self.auth.argon2_memory_kib < 8 * self.auth.argon2_parallelism.max(1) {
            return bad(
                "auth.argon2_memory_kib",
                "must be at least 8 KiB per lane (argon2_parallelism)",
            );
        }
        if self.auth.argon2_iterations == 0 || self.auth.argon2_parallelism == 0 {
            return bad(
                "auth.argon2_iterations",
                "iterations and parallelism must be at least 1",
            );
        }
        self.validate_audience()?;
        self.validate_channels()?;
        if !(5..=9).contains(&self.reports.resolution) {
            return bad(
                "reports.resolution",
                "must be 5 to 9 (coarse enough to protect reporters)",
            );
        }
        if self.measure.survey_submissions_per_hour == 0 {
            return bad("measure.survey_submissions_per_hour", "must be at least 1");
        }
        if self.reports.submissions_per_hour == 0 {
            return bad("reports.submissions_per_hour", "must be at least 1");
        }
        if !(0.0..=1.0).contains(&self.reports.accepted_confidence) {
            return bad("reports.accepted_confidence", "must be between 0 and 1");
        }
        if self.privacy.k < 2 {
            return bad("privacy.k", "must be at least 2");
        }
        if !(1..=20).contains(&self.privacy.spread) {
            return bad("privacy.spread", "must be 1 to 20");
        }
        if !(3..=9).contains(&self.privacy.shared_resolution) {
            return bad("privacy.shared_resolution", "must be 3 to 9");
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log.level).is_err() {
            return bad(
                "log.level",
                "not a log filter (try error, warn, info, debug or trace)",
            );
        }
        if unic_langid::LanguageIdentifier::from_bytes(self.i18n.default_locale.as_bytes()).is_err()
        {
            return bad("i18n.default_locale", "not a locale code such as en or lt");
        }
        Ok(())
    }

    /// The effective configuration as TOML, secrets masked.
    pub fn to_masked_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot print: {e}\n"))
    }

    /// Whether cookies must carry the Secure attribute.
    pub fn cookies_secure(&self) -> bool {
        self.server.public_url.starts_with("https://")
    }

    /// The SQLite file used when no database URL is set.
    pub fn embedded_database_path(&self) -> PathBuf {
        self.paths.data_dir.join("beacon.db")
    }

    pub fn templates_dir(&self) -> &Path {
        &self.paths.templates
    }
}

/// `SERVER__BIND` → `server.bind`.
fn env_key(stem: &str) -> String {
    stem.split("__")
        .map(|p| p.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(".")
}

/// One line per problem, naming the key and where its value came from.
fn describe_figment_error(error: figment::Error, sources: &[(String, String)]) -> String {
    error
        .into_iter()
        .map(|e| {
            let key = if e.path.is_empty() {
                None
            } else {
                Some(e.path.join("."))
            };
            let source = key
                .as_ref()
                .and_then(|k| sources.iter().find(|(key, _)| key == k))
                .map(|(_, var)| format!("environment variable {var}"))
                .unwrap_or_default();
            let kind = match &e.kind {
                figment::error::Kind::UnknownField(field, _) => {
                    format!("unknown key `{field}`")
                }
                other => other.to_string(),
            };
            match key {
                Some(key) if !source.is_empty() => format!("{key}: {kind} (from {source})"),
                Some(key) => format!("{key}: {kind}"),
                None => kind,
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_load() {
        let c = Config::load_from(&Overrides::default(), &[]).unwrap();
        assert_eq!(c.server.bind.to_string(), "127.0.0.1:8080");
        assert!(c.database.url.is_empty());
        assert_eq!(c.log.format, LogFormat::Text);
    }

    #[test]
    fn environment_overrides_nested_keys() {
        let c = Config::load_from(
            &Overrides::default(),
            &env(&[
                ("BEACON_SERVER__BIND", "127.0.0.1:9999"),
                ("BEACON_AUTH__SESSION_HOURS", "3"),
            ]),
        )
        .unwrap();
        assert_eq!(c.server.bind.port(), 9999);
        assert_eq!(c.auth.session_hours, 3);
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Config::load_from(&Overrides::default(), &env(&[("BEACON_SERVER__PROT", "1")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("prot"), "{err}");
        let err = Config::load_from(&Overrides::default(), &env(&[("BEACON_SERVER_BIND", "x")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("BEACON_SERVER_BIND"), "{err}");
    }

    #[test]
    fn bad_value_is_named() {
        let err = Config::load_from(
            &Overrides::default(),
            &env(&[("BEACON_SERVER__BIND", "not an address")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("server.bind"), "{err}");
        let err = Config::load_from(
            &Overrides::default(),
            &env(&[("BEACON_LOG__FORMAT", "xml")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("log.format"), "{err}");
    }

    #[test]
    fn secrets_come_from_files_and_are_masked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        std::fs::write(&path, "postgres://beacon:hunter2@db.example/beacon\n").unwrap();
        let c = Config::load_from(
            &Overrides::default(),
            &env(&[("BEACON_DATABASE__URL_FILE", path.to_str().unwrap())]),
        )
        .unwrap();
        assert_eq!(
            c.database.url.expose(),
            "postgres://beacon:hunter2@db.example/beacon"
        );
        let shown = c.to_masked_toml();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("db.example"), "{shown}");
        assert!(!format!("{c:?}").contains("hunter2"));
        assert_eq!(mask_secret("plain-token"), "********");
    }

    /// Named `channels` so that `cargo test --lib channels::` runs it with the adapters' tests.
    mod channels {
        use super::*;

        #[test]
        fn secrets_come_from_files_and_ids_may_be_digits() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("meta");
            std::fs::write(&path, "EAAB-meta-token\n").unwrap();
            let c = Config::load_from(
                &Overrides::default(),
                &env(&[
                    (
                        "BEACON_CHANNELS__META__ACCESS_TOKEN_FILE",
                        path.to_str().unwrap(),
                    ),
                    ("BEACON_CHANNELS__META__AD_ACCOUNT_ID", "1234567890"),
                    ("BEACON_CHANNELS__GOOGLE__CUSTOMER_ID", "1112223333"),
                ]),
            )
            .unwrap();
            assert_eq!(c.channels.default, "sandbox");
            assert_eq!(c.channels.meta.access_token.expose(), "EAAB-meta-token");
            assert_eq!(c.channels.meta.ad_account_id, "1234567890");
            assert_eq!(c.channels.google.customer_id, "1112223333");
            assert!(!c.to_masked_toml().contains("EAAB-meta-token"));
            assert!(!format!("{c:?}").contains("EAAB-meta-token"));
            let err = Config::load_from(
                &Overrides::default(),
                &env(&[("BEACON_CHANNELS__DEFAULT", "myspace")]),
            )
            .unwrap_err()
            .to_string();
            assert!(err.contains("channels.default"), "{err}");
        }

        #[test]
        fn email_secrets_are_masked_and_a_bad_key_is_named_not_shown() {
            let dir = tempfile::tempdir().unwrap();
            let key = dir.path().join("dkim.pem");
            let pem = "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD\n-----END PRIVATE KEY-----\n";
            std::fs::write(&key, pem).unwrap();
            let err = Config::load_from(
                &Overrides::default(),
                &env(&[
                    ("BEACON_CHANNELS__EMAIL__DKIM_DOMAIN", "fenland.example"),
                    ("BEACON_CHANNELS__EMAIL__DKIM_SELECTOR", "b2026"),
                    (
                        "BEACON_CHANNELS__EMAIL__DKIM_PRIVATE_KEY_FILE",
                        key.to_str().unwrap(),
                    ),
                ]),
            )
            .unwrap_err()
            .to_string();
            assert!(err.contains("channels.email.dkim_private_key"), "{err}");
            assert!(!err.contains("TUlJRXZR"), "{err}");

            let c = Config::load_from(
                &Overrides::default(),
                &env(&[
                    (
                        "BEACON_CHANNELS__EMAIL__SMTP_URL",
                        "smtps://mail.example.org",
                    ),
                    ("BEACON_CHANNELS__EMAIL__SMTP_USERNAME", "beacon"),
                    ("BEACON_CHANNELS__EMAIL__SMTP_PASSWORD", "smtp-hunter2"),
                    (
                        "BEACON_CHANNELS__EMAIL__WEBHOOK_SECRET",
                        "a-long-webhook-secret",
                    ),
                ]),
            )
            .unwrap();
            assert_eq!(c.channels.email.smtp_password.expose(), "smtp-hunter2");
            let shown = format!("{}{c:?}", c.to_masked_toml());
            assert!(!shown.contains("smtp-hunter2") && !shown.contains("a-long-webhook-secret"));

            for (var, value, key) in [
                (
                    "BEACON_CHANNELS__EMAIL__SMTP_URL",
                    "smtp://user:pw@mail.example.org",
                    "channels.email.smtp_url",
                ),
                (
                    "BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT",
                    "true",
                    "channels.email.smtp_url",
                ),
                (
                    "BEACON_CHANNELS__EMAIL__PER_SECOND",
                    "0",
                    "channels.email.per_second",
                ),
                (
                    "BEACON_CHANNELS__EMAIL__FROM_ADDRESS",
                    "nobody",
                    "channels.email.from_address",
                ),
                (
                    "BEACON_CHANNELS__EMAIL__SMTP_USERNAME",
                    "beacon",
                    "channels.email.smtp_username",
                ),
            ] {
                let mut vars = vec![(var, value)];
                if var.ends_with("PLAINTEXT") {
                    vars.push((
                        "BEACON_CHANNELS__EMAIL__SMTP_URL",
                        "smtp://mail.example.org",
                    ));
                }
                let err = Config::load_from(&Overrides::default(), &env(&vars))
                    .unwrap_err()
                    .to_string();
                assert!(err.contains(key), "{var}: {err}");
                assert!(!err.contains(":pw@"), "{err}");
            }
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let c = Config::load_from(
            &Overrides::default(),
            &env(&[(
                "BEACON_SERVER__TRUSTED_PROXIES",
                "127.0.0.1, 10.0.0.0/8,2001:db8::/32",
            )]),
        )
        .unwrap();
        let trusted = |a: &str| c.server.is_trusted_proxy(a.parse().unwrap());
        assert!(trusted("127.0.0.1") && trusted("::ffff:127.0.0.1"));
        assert!(trusted("10.200.3.4") && trusted("2001:db8:1::5"));
        assert!(!trusted("127.0.0.2") && !trusted("11.0.0.1") && !trusted("2001:db9::1"));
        let d = Config::load_from(&Overrides::default(), &[]).unwrap();
        assert!(!d.server.is_trusted_proxy("127.0.0.1".parse().unwrap()));
        let err = Config::load_from(
            &Overrides::default(),
            &env(&[("BEACON_SERVER__TRUSTED_PROXIES", "10.0.0.0/33")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("server.trusted_proxies"), "{err}");
    }

    #[test]
    fn the_metrics_token_is_a_secret() {
        let c = Config::load_from(
            &Overrides::default(),
            &env(&[("BEACON_SERVER__METRICS_TOKEN", "a-long-metrics-token")]),
        )
        .unwrap();
        assert!(!c.to_masked_toml().contains("a-long-metrics-token"));
        assert!(!format!("{c:?}").contains("a-long-metrics-token"));
        let err = Config::load_from(
            &Overrides::default(),
            &env(&[("BEACON_SERVER__METRICS_BIND", "nowhere")]),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("server.metrics_bind"), "{err}");
    }

    #[test]
    fn config_file_is_merged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("beacon.toml");
        std::fs::write(
            &path,
            "[server]\nbind = \"127.0.0.1:7000\"\n[oops]\nx = 1\n",
        )
        .unwrap();
        let err = Config::load_from(
            &Overrides {
                config_file: Some(path.clone()),
                ..Default::default()
            },
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("oops"), "{err}");
        std::fs::write(&path, "[server]\nbind = \"127.0.0.1:7000\"\n").unwrap();
        let c = Config::load_from(
            &Overrides {
                config_file: Some(path),
                ..Default::default()
            },
            &[],
        )
        .unwrap();
        assert_eq!(c.server.bind.port(), 7000);
    }
}
