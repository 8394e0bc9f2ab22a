//! Staff accounts: roles, what each role may do, e-mail addresses, passwords and secret tokens.
//!
//! Parsed at the edge into types with private fields; past the edge, code trusts them.

use std::fmt;
use std::str::FromStr;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::AuthConfig;

/// What a staff account is for. Each role reaches only its own part of Beacon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Analyst,
    Campaigner,
    Translator,
    Evaluator,
    Partner,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Analyst,
        Role::Campaigner,
        Role::Translator,
        Role::Evaluator,
        Role::Partner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Analyst => "analyst",
            Role::Campaigner => "campaigner",
            Role::Translator => "translator",
            Role::Evaluator => "evaluator",
            Role::Partner => "partner",
        }
    }

    /// Whether this role may do `permission`. The one place where access is decided.
    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match permission {
            ManageUsers | ManagePartners | ReadAudit => self == Admin,
            ListPartners => matches!(self, Admin | Campaigner | Evaluator),
            ViewOwnPartner => self == Partner,
            ViewMaps => matches!(self, Admin | Analyst | Campaigner | Evaluator),
            ReadIncidents | ImportIncidents | ModerateReports | Analyse => {
                matches!(self, Admin | Analyst)
            }
            ExportAggregates => matches!(self, Admin | Analyst | Campaigner | Evaluator),
            PlanAudiences => matches!(self, Admin | Analyst | Campaigner),
            ReadAudiences => matches!(self, Admin | Analyst | Campaigner | Evaluator),
            CheckTranslations => matches!(self, Admin | Translator | Campaigner),
            EditReference | ManageCreatives => matches!(self, Admin | Campaigner),
            ReadCreatives => matches!(self, Admin | Analyst | Campaigner | Evaluator),
            RunCampaigns => matches!(self, Admin | Campaigner),
            ReadCampaigns => matches!(self, Admin | Analyst | Campaigner | Evaluator),
            ManageJobs => self == Admin,
            ManagePacks | ManageSurveys => matches!(self, Admin | Campaigner),
            ReadImpact => matches!(self, Admin | Analyst | Campaigner | Evaluator),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!(
                    "unknown role `{s}`: one of {}",
                    Role::ALL.map(Role::as_str).join(", ")
                )
            })
    }
}

/// Things a role may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create, list and disable staff accounts; revoke anyone's API tokens.
    ManageUsers,
    /// Create partner organisations.
    ManagePartners,
    /// See every partner organisation (campaigners plan with them, evaluators count their training).
    ListPartners,
    /// A partner account sees its own organisation, never another's.
    ViewOwnPartner,
    /// Read the audit log.
    ReadAudit,
    /// See maps of the campaign area.
    ViewMaps,
    /// Read incident-level data (every read is audited).
    ReadIncidents,
    /// Import incidents from files or the API.
    ImportIncidents,
    /// Accept or reject anonymous community reports.
    ModerateReports,
    /// Run and read hotspot, emerging-hotspot, route and forecast analyses at full detail.
    Analyse,
    /// Download aggregate exports in which small cells and groups are rolled up (k-anonymity).
    ExportAggregates,
    /// Make regions, import population, set community shares, make and freeze audiences.
    PlanAudiences,
    /// See regions, population, language suggestions, geo-targets and audiences.
    ReadAudiences,
    /// Check, upload, roll back and confirm translations, and see their completeness (translators).
    CheckTranslations,
    /// Change the reference locale (`en`), whose words the campaign staff write.
    EditReference,
    /// Make and edit creatives and approve them per locale.
    ManageCreatives,
    /// See creatives, their previews and approvals.
    ReadCreatives,
    /// Make, approve, schedule, launch, pause, resume and cancel campaigns.
    RunCampaigns,
    /// See campaigns, their schedules, progress and history (evaluators read them; partners see none).
    ReadCampaigns,
    /// See the job queue and retry jobs from its dead letter.
    ManageJobs,
    /// Set the regions partners serve, manage their contacts, render and send their packs.
    ManagePacks,
    /// Make and edit surveys, their waves and groups; import answers; settle near-duplicates.
    ManageSurveys,
    /// Read survey results, reach and impact reports (nothing that identifies anyone).
    ReadImpact,
}

impl Permission {
    pub const ALL: [Permission; 23] = [
        Permission::ManageUsers,
        Permission::ManagePartners,
        Permission::ListPartners,
        Permission::ViewOwnPartner,
        Permission::ReadAudit,
        Permission::ViewMaps,
        Permission::ReadIncidents,
        Permission::ImportIncidents,
        Permission::ModerateReports,
        Permission::Analyse,
        Permission::ExportAggregates,
        Permission::PlanAudiences,
        Permission::ReadAudiences,
        Permission::CheckTranslations,
        Permission::EditReference,
        Permission::ManageCreatives,
        Permission::ReadCreatives,
        Permission::RunCampaigns,
        Permission::ReadCampaigns,
        Permission::ManageJobs,
        Permission::ManagePacks,
        Permission::ManageSurveys,
        Permission::ReadImpact,
    ];

    /// The permission's name as the OpenAPI document and the role matrix write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ManageUsers => "manage-users",
            Permission::ManagePartners => "manage-partners",
            Permission::ListPartners => "list-partners",
            Permission::ViewOwnPartner => "view-own-partner",
            Permission::ReadAudit => "read-audit",
            Permission::ViewMaps => "view-maps",
            Permission::ReadIncidents => "read-incidents",
            Permission::ImportIncidents => "import-incidents",
            Permission::ModerateReports => "moderate-reports",
            Permission::Analyse => "analyse",
            Permission::ExportAggregates => "export-aggregates",
            Permission::PlanAudiences => "plan-audiences",
            Permission::ReadAudiences => "read-audiences",
            Permission::CheckTranslations => "check-translations",
            Permission::EditReference => "edit-reference",
            Permission::ManageCreatives => "manage-creatives",
            Permission::ReadCreatives => "read-creatives",
            Permission::RunCampaigns => "run-campaigns",
            Permission::ReadCampaigns => "read-campaigns",
            Permission::ManageJobs => "manage-jobs",
            Permission::ManagePacks => "manage-packs",
            Permission::ManageSurveys => "manage-surveys",
            Permission::ReadImpact => "read-impact",
        }
    }
}

impl FromStr for Permission {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Permission::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown permission `{s}`"))
    }
}

/// A syntactically plausible e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, crate::message::Reason> {
        let refuse = |id: &str| Err(crate::message::Message::new(id).into());
        let value = input.trim().to_lowercase();
        let Some((local, domain)) = value.split_once('@') else {
            return refuse("refused-email-at");
        };
        if local.is_empty() || domain.is_empty() || !domain.contains('.') {
            return refuse("refused-email");
        }
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return refuse("refused-email-length");
        }
        if domain.starts_with('.') || domain.ends_with('.') || domain.contains('@') {
            return refuse("refused-email");
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hashes and checks passwords with Argon2id, and hashes secret tokens.
#[derive(Clone)]
pub struct Passwords {
    argon2: Argon2<'static>,
    /// A hash of a random password, checked when the account does not exist so that an unknown
    /// address takes as long as a wrong password.
    dummy_hash: String,
}

impl fmt::Debug for Passwords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passwords")
    }
}

/// Shortest password accepted when a user chooses one.
pub const MIN_PASSWORD_CHARS: usize = 12;

impl Passwords {
    pub fn new(config: &AuthConfig) -> Result<Self, String> {
        let params = Params::new(
            config.argon2_memory_kib,
            config.argon2_iterations,
            config.argon2_parallelism,
            None,
        )
        .map_err(|e| format!("auth.argon2_*: {e}"))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut this = Self {
            argon2,
            dummy_hash: String::new(),
        };
        this.dummy_hash = this.hash(&generate_secret(16))?;
        Ok(this)
    }

    pub fn hash(&self, password: &str) -> Result<String, String> {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        self.argon2
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| format!("cannot hash password: {e}"))
    }

    /// Checks `password` against `hash`; with no hash (unknown account) spends the same time and fails.
    pub fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        let (hash, known) = match hash {
            Some(h) => (h, true),
            None => (self.dummy_hash.as_str(), false),
        };
        let Ok(parsed) = PasswordHash::new(hash) else {
            return false;
        };
        let ok = self
            .argon2
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && known
    }

    /// Rejects passwords that are too short to choose.
    pub fn check_strength(password: &str) -> Result<(), String> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(format!(
                "a password needs at least {MIN_PASSWORD_CHARS} characters"
            ));
        }
        Ok(())
    }
}

/// A random secret of `bytes` bytes, URL-safe base64 without padding.
pub fn generate_secret(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// A one-time password that reads easily aloud: four groups of five lower-case letters and digits
/// (about 103 bits), without the look-alikes 0/o and 1/l.
pub fn generate_one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let mut buf = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    let chars: Vec<char> = buf
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// SHA-256 of a high-entropy secret (session or API token), hex. Such secrets need no slow hash.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A staff account as the rest of Beacon sees it (never with its password hash).
#[derive(Debug, Clone, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub partner_id: Option<i64>,
    pub locale: Option<String>,
    pub must_change_password: bool,
    pub created_at: i64,
    pub disabled: bool,
}

/// A partner organisation (a bank, a local authority, a health service, the police, an NGO, an employer)
/// that receives training packs.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    /// One of [`PARTNER_SECTORS`].
    pub sector: String,
    pub created_at: i64,
}

/// The sectors partner organisations work in; each has its own red-flag toolkit.
pub const PARTNER_SECTORS: [&str; 7] = [
    "bank",
    "local_authority",
    "health",
    "police",
    "ngo",
    "employer",
    "other",
];

/// A sector as people write it: one of [`PARTNER_SECTORS`], with `-` for `_`, or the older kinds `council`
/// (a local authority) and `charity` (an NGO).
pub fn partner_sector(input: &str) -> Option<&'static str> {
    let input = input.trim().to_ascii_lowercase().replace('-', "_");
    match input.as_str() {
        "council" => Some("local_authority"),
        "charity" => Some("ngo"),
        other => PARTNER_SECTORS.iter().find(|s| **s == other).copied(),
    }
}

/// An API token for scripts; only a hash of its secret is stored.
#[derive(Debug, Clone, serde::Serialize)]
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

/// One entry of the audit log: who did what, and when.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// Which audit entries to read: every set field narrows them. `before`/`after` are entry ids from a
/// page already shown (keyset paging): the entries older than `before`, or the ones newer than `after`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user_id: Option<i64>,
    /// Only the operator's entries (the command line, the demo seed): those without an account.
    pub operator: bool,
    pub action: Option<String>,
    /// First day included (UTC).
    pub from: Option<time::Date>,
    /// Last day included (UTC).
    pub to: Option<time::Date>,
    pub before: Option<i64>,
    pub after: Option<i64>,
}

/// One page of the audit log, newest first, with the cursors of its neighbours when they have entries.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// `after` for the page of newer entries.
    pub newer: Option<i64>,
    /// `before` for the page of older entries.
    pub older: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> AuthConfig {
        AuthConfig {
            session_hours: 1,
            login_attempts_per_minute: 5,
            argon2_memory_kib: 64,
            argon2_iterations: 1,
            argon2_parallelism: 1,
        }
    }

    #[test]
    fn roles_round_trip_and_reject_unknown() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        let err = "superuser".parse::<Role>().unwrap_err();
        assert!(err.contains("admin, analyst"), "{err}");
    }

    #[test]
    fn only_admin_manages_users() {
        for role in Role::ALL {
            assert_eq!(role.can(Permission::ManageUsers), role == Role::Admin);
        }
        assert!(!Role::Partner.can(Permission::ListPartners));
        assert!(!Role::Translator.can(Permission::ViewMaps));
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            EmailAddress::parse("  Ana@Example.ORG ").unwrap().as_str(),
            "ana@example.org"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "a b@example.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_verify_and_unknown_accounts_fail() {
        let p = Passwords::new(&cheap()).unwrap();
        let h = p.hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify("correct horse battery", Some(&h)));
        assert!(!p.verify("wrong", Some(&h)));
        assert!(!p.verify("anything", None));
        assert!(Passwords::check_strength("short").is_err());
    }

    #[test]
    fn secrets_are_random_and_hashes_stable() {
        assert_ne!(generate_secret(32), generate_secret(32));
        let otp = generate_one_time_password();
        assert_eq!(otp.len(), 23);
        assert_eq!(hash_token("abc"), hash_token("abc"));
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
    }
}
