//! The command line: `beacon serve`, `migrate`, `user add`, `partner add`, `config`, `schedule preview`
//! and the rest (`beacon --help`).
//!
//! Output meant for people and scripts goes to standard output; logs go to standard error. Errors end
//! the process with one line and a non-zero status, never a panic trace.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use std::sync::Arc;

use crate::accounts::{EmailAddress, Role};
use crate::app::{App, shutdown_signal};
use crate::config::{Config, LogFormat, Overrides};
use crate::services::accounts::{NewUser, PartnerRef};
use crate::services::{Actor, ServiceError, Services, SystemClock};
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "beacon",
    version,
    about = "Geo-targeted awareness campaigns against human trafficking"
)]
pub struct Cli {
    /// A TOML file with settings (see config/default.toml); also BEACON_CONFIG.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web pages and the API (migrates the database first).
    Serve {
        /// Seed the demo (Fenland scenario, one account per role) when the database is empty.
        #[arg(long)]
        demo: bool,
        /// Address to listen on, e.g. 127.0.0.1:8080 (port 0 picks a free port).
        #[arg(long, value_name = "ADDR")]
        bind: Option<SocketAddr>,
        /// Folder for the embedded database and other data.
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Manage partner organisations.
    Partner {
        #[command(subcommand)]
        action: PartnerAction,
    },
    /// Print the effective configuration, secrets masked.
    Config,
    /// Regions and audiences.
    Audience {
        #[command(subcommand)]
        action: AudienceAction,
    },
    /// Fluent locale files: translators' checks.
    Locales {
        #[command(subcommand)]
        action: LocalesAction,
    },
    /// Gi* hotspots of a CSV of points (latitude, longitude, optional weight and date), without a database.
    Hotspots {
        #[arg(long, value_name = "FILE.csv")]
        input: PathBuf,
        /// H3 resolution of the cells (5 to 10).
        #[arg(long)]
        resolution: u8,
        /// Rings of neighbours in the weights (the cell itself is always included).
        #[arg(long, default_value_t = 1)]
        rings: u32,
        /// csv or geojson.
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// Choose a forecast on the training periods of a point file and replay it on the periods after
    /// them beside three baselines: hit rate, PAI, PEI and RRI, and a paired comparison.
    Backtest {
        /// CSV of points: latitude, longitude, optional weight, and a date (or month) column.
        #[arg(long, value_name = "FILE.csv")]
        input: PathBuf,
        /// H3 resolution of the cells (5 to 10).
        #[arg(long)]
        resolution: u8,
        /// month or week.
        #[arg(long, default_value = "month")]
        period: String,
        /// The last period used for training, e.g. 2021-06 (or 2021-W05 for weeks).
        #[arg(long, value_name = "PERIOD")]
        train_until: String,
        /// Share of the study area flagged by each method.
        #[arg(long, default_value_t = 0.05)]
        area_share: f64,
        /// Keep only points inside min_lon,min_lat,max_lon,max_lat.
        #[arg(long, value_name = "BOX")]
        bbox: Option<String>,
        /// csv (the rows; the choice and the comparisons in words on standard error) or json (all).
        #[arg(long, default_value = "csv")]
        format: String,
    },
    /// Import data (all or nothing; re-importing the same file adds nothing).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Partners' red-flag packs.
    Pack {
        #[command(subcommand)]
        action: PackAction,
    },
    /// The job queue: its state, the dead letter, and probes that check it works.
    Jobs {
        #[command(subcommand)]
        action: JobsAction,
    },
    /// Campaign schedules: cron expressions on a time zone's wall clock.
    Schedule {
        #[command(subcommand)]
        action: ScheduleAction,
    },
    /// The e-mail relay (`[channels.email]`).
    Email {
        #[command(subcommand)]
        action: EmailAction,
    },
    /// Surveys: the statistics of an answers file, for scripts and for checking.
    Survey {
        #[command(subcommand)]
        action: SurveyAction,
    },
}

#[derive(Debug, Subcommand)]
enum SurveyAction {
    /// The share of answers that count as the outcome, with its Wilson 95% interval, per wave and group;
    /// with two waves, each group's change (unpooled Wald interval, pooled z-test); with a target and a
    /// comparison group too, the difference-in-differences. Reads no database.
    Stats {
        /// A CSV export of the answers, with a header.
        #[arg(long, value_name = "FILE.csv")]
        input: PathBuf,
        /// The answer column and the answers that count, e.g. "act_differently=Yes|Probably".
        #[arg(long, value_name = "COLUMN=VALUE[|VALUE…]")]
        outcome: String,
        /// The wave column (with --before and --after).
        #[arg(long, value_name = "COLUMN", requires_all = ["before", "after"])]
        wave: Option<String>,
        #[arg(long, value_name = "VALUE", requires = "wave")]
        before: Option<String>,
        #[arg(long, value_name = "VALUE", requires = "wave")]
        after: Option<String>,
        /// The group column (with --target and --comparison).
        #[arg(long, value_name = "COLUMN", requires_all = ["target", "comparison"])]
        group: Option<String>,
        #[arg(long, value_name = "VALUE", requires = "group")]
        target: Option<String>,
        #[arg(long, value_name = "VALUE", requires = "group")]
        comparison: Option<String>,
        /// A column of weights (0 or more); intervals then use Kish's effective sample size.
        #[arg(long, value_name = "COLUMN")]
        weight: Option<String>,
        /// json or csv.
        #[arg(long, default_value = "json")]
        format: String,
    },
}

#[derive(Debug, Subcommand)]
enum EmailAction {
    /// Connects to the configured relay and logs in (or checks the outbox folder when no relay is set), and
    /// says what failed: an unreachable relay, a refused login, a relay without STARTTLS. Exit status 2 on
    /// failure. Run it after changing the settings.
    Check,
}

#[derive(Debug, Subcommand)]
enum JobsAction {
    /// Print how many jobs are in each state, and the newest jobs (id, kind, status, attempts, error).
    List {
        /// Only jobs in this state: queued, running, done or dead.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Put a job from the dead letter back on the queue.
    Retry {
        id: i64,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Enqueue probe jobs, which a running `beacon serve` works: each waits --sleep-ms and succeeds (or
    /// fails every attempt with --fail, ending in the dead letter).
    Probe {
        #[arg(long, default_value_t = 1)]
        count: u32,
        #[arg(long, default_value_t = 0)]
        sleep_ms: u64,
        #[arg(long)]
        fail: bool,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum ScheduleAction {
    /// Print a schedule's next runs as RFC 3339 UTC instants, one a line (no database or configuration).
    /// A wall time skipped by a spring-forward runs when the clocks jump; one repeated by a fall-back runs
    /// at its first occurrence.
    Preview {
        /// Five fields (minute hour day month weekday, weekdays 0-7 or SUN-SAT), or the cron crate's six
        /// or seven with seconds first (weekdays 1-7 from Sunday), e.g. "30 9 * * MON-FRI".
        #[arg(long, value_name = "EXPR")]
        cron: String,
        /// IANA time zone, e.g. Europe/London.
        #[arg(long, value_name = "ZONE")]
        tz: String,
        /// Runs strictly after this instant, e.g. 2026-03-28T00:00:00Z (default: now).
        #[arg(long, value_name = "RFC3339")]
        from: Option<String>,
        /// How many runs, 1 to 1000.
        #[arg(long, default_value_t = 10)]
        count: u32,
    },
}

#[derive(Debug, Subcommand)]
enum LocalesAction {
    /// Check every locale against the reference (en): syntax, missing and obsolete messages, variables,
    /// references, plural categories, encoding, and each message formatted with sample arguments.
    /// Exit status 1 when there is an error, 0 otherwise (warnings do not fail).
    Check {
        /// The folder holding one folder per locale (default: locales/).
        #[arg(long, value_name = "LOCALES_DIR", default_value = "locales")]
        dir: PathBuf,
        /// Check only this locale.
        #[arg(long)]
        locale: Option<String>,
        /// text (one finding a line) or json (an array of findings).
        #[arg(long, default_value = "text")]
        format: String,
    },
}

#[derive(Debug, Subcommand)]
enum AudienceAction {
    /// Print a GeoJSON region's H3 cells (hex, one a line, not compacted), chosen by cell centre.
    Cells {
        #[arg(long, value_name = "FILE.geojson")]
        region: PathBuf,
        /// H3 resolution, 0 to 15.
        #[arg(long)]
        resolution: u8,
    },
    /// Compile a GeoJSON region into one ad platform's radius targets; prints JSON with the circles,
    /// the excluded circles, coverage, spill and notes.
    Compile {
        #[arg(long, value_name = "FILE.geojson")]
        region: PathBuf,
        /// H3 resolution to fill the region at, 4 to 10.
        #[arg(long)]
        resolution: u8,
        /// meta or google.
        #[arg(long)]
        platform: String,
        /// People per cell: an `h3,population` CSV (Kontur's format), or a GeoNames CSV of settlements
        /// (`name,latitude,longitude,population`), which is spread over each settlement's area.
        /// Without it, area stands in for people.
        #[arg(long, value_name = "FILE.csv")]
        population: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum ImportWhat {
    /// Import incidents from Beacon's CSV, GeoJSON points, or a CTDC file.
    Incidents {
        /// The file to import.
        file: PathBuf,
        /// beacon, ctdc or geojson (default: detected from the file).
        #[arg(long)]
        format: Option<String>,
        /// Check everything and report what would be added, without writing anything.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Import subscribers into a mailing list from CSV (all or nothing, every bad row named; people on
    /// the suppression list are left out).
    Subscribers {
        /// The CSV file (columns: email, locale, time_zone, consent_source, consent_at, consent_version,
        /// and latitude and longitude or cell).
        file: PathBuf,
        /// The list's name or id.
        #[arg(long, value_name = "NAME|ID")]
        list: String,
        /// Make the list when none has that name.
        #[arg(long)]
        create: bool,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum PackAction {
    /// Issue a partner's pack for a locale and region (a new version when its content changed) and write
    /// it to a file, as partners download it.
    Render {
        /// The partner organisation's name or id.
        #[arg(long, value_name = "NAME|ID")]
        partner: String,
        /// A language Beacon has (en, lt, ar...).
        #[arg(long)]
        locale: String,
        /// The region's name or id; may be left out when the partner serves one region.
        #[arg(long, value_name = "NAME|ID")]
        region: Option<String>,
        /// pdf or html.
        #[arg(long, default_value = "pdf")]
        format: String,
        /// Where to write the pack.
        #[arg(long, value_name = "FILE")]
        output: PathBuf,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum UserAction {
    /// Create an account and print its one-time password.
    Add {
        #[arg(long)]
        email: String,
        /// admin, analyst, campaigner, translator, evaluator or partner.
        #[arg(long)]
        role: String,
        /// For the partner role: the partner organisation's name or id.
        #[arg(long)]
        partner: Option<String>,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum PartnerAction {
    /// Add a partner organisation and print its id.
    Add {
        #[arg(long)]
        name: String,
        /// bank, local_authority, health, police, ngo, employer or other.
        #[arg(long, alias = "kind")]
        sector: String,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

/// A check found errors: it printed them, and the exit status is 1.
#[derive(Debug, thiserror::Error)]
#[error("the check found errors")]
struct FindingsHaveErrors;

fn check_locales(
    dir: &std::path::Path,
    locale: Option<&str>,
    format: &str,
    limits: &crate::content::adtext::AdLimits,
) -> anyhow::Result<()> {
    use crate::content::check::{Severity, check_dir};
    if format != "text" && format != "json" {
        anyhow::bail!("--format: `{format}`: text or json");
    }
    let findings = check_dir(dir, locale, limits)?;
    if format == "json" {
        println!("{}", serde_json::to_string_pretty(&findings)?);
    } else {
        for f in &findings {
            println!("{f}");
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if format == "text" {
        eprintln!("{errors} errors, {warnings} warnings");
    }
    if errors > 0 {
        return Err(FindingsHaveErrors.into());
    }
    Ok(())
}

/// Runs the command line and returns the process's exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("beacon: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<FindingsHaveErrors>().is_some() => ExitCode::from(1),
        Err(e) => {
            // One line: the error and its causes.
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            let mut line = chain.first().cloned().unwrap_or_default();
            for cause in chain.iter().skip(1) {
                if !line.contains(cause.as_str()) {
                    line.push_str(": ");
                    line.push_str(cause);
                }
            }
            eprintln!("beacon: error: {line}");
            ExitCode::from(2)
        }
    }
}

async fn jobs_command(config: Config, action: JobsAction) -> anyhow::Result<()> {
    use crate::services::jobs::JobKind;
    let store = Store::connect(&config).await?;
    store.migrate().await?;
    let services = Services::new(store.clone(), config, Arc::new(SystemClock))?;
    let operator = Actor::System("command line");
    let jobs = services.jobs();
    match action {
        JobsAction::List { status, limit, .. } => {
            let view = jobs
                .view(&operator, status.as_deref(), limit)
                .await
                .map_err(flag_error)?;
            for (status, n) in &view.counts {
                println!("{status}: {n}");
            }
            for j in &view.jobs {
                println!(
                    "{}\t{}\t{}\t{}/{}\t{}",
                    j.id,
                    j.kind,
                    j.status,
                    j.attempts,
                    j.max_attempts,
                    j.last_error.as_deref().unwrap_or("")
                );
            }
        }
        JobsAction::Retry { id, .. } => {
            let job = jobs.retry(&operator, id).await.map_err(flag_error)?;
            println!("job {} ({}) is queued again", job.id, job.kind);
        }
        JobsAction::Probe {
            count,
            sleep_ms,
            fail,
            ..
        } => {
            let kind = JobKind::Probe { sleep_ms, fail };
            for _ in 0..count {
                jobs.enqueue(&kind, None, None).await.map_err(flag_error)?;
            }
            println!("{count} probe jobs queued");
        }
    }
    store.close().await;
    Ok(())
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    // Schedules need no configuration and no database: they run before either is read.
    if let Command::Schedule { action } = &cli.command {
        return schedule(action);
    }
    let mut overrides = Overrides {
        config_file: cli.config.clone(),
        ..Default::default()
    };
    match &cli.command {
        Command::Serve { bind, data_dir, .. } => {
            overrides.bind = *bind;
            overrides.data_dir = data_dir.clone();
        }
        Command::Migrate { data_dir }
        | Command::User {
            action: UserAction::Add { data_dir, .. },
        }
        | Command::Partner {
            action: PartnerAction::Add { data_dir, .. },
        }
        | Command::Import {
            what: ImportWhat::Incidents { data_dir, .. } | ImportWhat::Subscribers { data_dir, .. },
        }
        | Command::Pack {
            action: PackAction::Render { data_dir, .. },
        }
        | Command::Jobs {
            action:
                JobsAction::List { data_dir, .. }
                | JobsAction::Retry { data_dir, .. }
                | JobsAction::Probe { data_dir, .. },
        } => overrides.data_dir = data_dir.clone(),
        Command::Config
        | Command::Backtest { .. }
        | Command::Hotspots { .. }
        | Command::Audience { .. }
        | Command::Locales { .. }
        | Command::Schedule { .. }
        | Command::Survey { .. }
        | Command::Email { .. } => {}
    }
    let config = Config::load(&overrides)?;
    match cli.command {
        Command::Config => {
            print!("{}", config.to_masked_toml());
            Ok(())
        }
        Command::Serve { demo, .. } => {
            init_logging(&config);
            serve(config, demo).await
        }
        Command::Jobs { action } => {
            init_logging(&config);
            jobs_command(config, action).await
        }
        Command::Email {
            action: EmailAction::Check,
        } => {
            let mailer = crate::channels::email::Mailer::from_config(
                &config.channels.email,
                &config.paths.data_dir,
            )?;
            let what = if mailer.is_outbox() {
                format!(
                    "the outbox folder {}",
                    config.paths.data_dir.join("outbox").display()
                )
            } else {
                "the relay".to_string()
            };
            let outcome = mailer.check().await;
            mailer.shutdown().await;
            match outcome {
                Ok(()) => {
                    println!("e-mail: {what} is ready");
                    Ok(())
                }
                Err(e) => anyhow::bail!("e-mail: {what} failed the check: {e}"),
            }
        }
        Command::Migrate { .. } => {
            init_logging(&config);
            let store = Store::connect(&config).await?;
            store.migrate().await?;
            println!("database migrated ({})", store.backend().name());
            store.close().await;
            Ok(())
        }
        Command::User {
            action:
                UserAction::Add {
                    email,
                    role,
                    partner,
                    ..
                },
        } => {
            init_logging(&config);
            let email = EmailAddress::parse(&email).map_err(|r| anyhow::anyhow!("--email: {r}"))?;
            let role: Role = role
                .parse()
                .map_err(|r: String| anyhow::anyhow!("--role: {r}"))?;
            let store = Store::connect(&config).await?;
            store.migrate().await?;
            let services = Services::new(store.clone(), config.clone(), Arc::new(SystemClock))?;
            let partner = partner.map(|p| match p.trim().parse::<i64>() {
                Ok(id) => PartnerRef::Id(id),
                Err(_) => PartnerRef::Name(p.trim().to_string()),
            });
            let input = NewUser {
                email,
                role,
                partner,
            };
            let created = services
                .accounts()
                .create_user(&Actor::System("command line"), input)
                .await
                .map_err(flag_error)?;
            let (user, otp) = (created.user, created.one_time_password);
            println!("created {} ({})", user.email, user.role);
            println!("one-time password: {otp}");
            println!("It is shown once; the user chooses a new password at first login.");
            store.close().await;
            Ok(())
        }
        Command::Hotspots {
            input,
            resolution,
            rings,
            format,
        } => hotspots_of_file(&config, &input, resolution, rings, &format),
        Command::Survey {
            action:
                SurveyAction::Stats {
                    input,
                    outcome,
                    wave,
                    before,
                    after,
                    group,
                    target,
                    comparison,
                    weight,
                    format,
                },
        } => {
            let spec = survey_spec(
                &config, &outcome, wave, before, after, group, target, comparison, weight,
            )?;
            survey_stats(&input, &spec, &format)
        }
        Command::Locales {
            action:
                LocalesAction::Check {
                    dir,
                    locale,
                    format,
                },
        } => check_locales(&dir, locale.as_deref(), &format, &config.content.ad_text),
        Command::Audience {
            action: AudienceAction::Cells { region, resolution },
        } => region_cells(&config, &region, resolution),
        Command::Audience {
            action:
                AudienceAction::Compile {
                    region,
                    resolution,
                    platform,
                    population,
                },
        } => compile_region(
            &config,
            &region,
            resolution,
            &platform,
            population.as_deref(),
        ),
        Command::Backtest {
            input,
            resolution,
            period,
            train_until,
            area_share,
            bbox,
            format,
        } => backtest(
            &config,
            &input,
            resolution,
            &period,
            &train_until,
            area_share,
            bbox.as_deref(),
            &format,
        ),
        Command::Import {
            what:
                ImportWhat::Incidents {
                    file,
                    format,
                    dry_run,
                    ..
                },
        } => {
            init_logging(&config);
            import_incidents(&config, &file, format.as_deref(), dry_run).await
        }
        Command::Import {
            what: ImportWhat::Subscribers {
                file, list, create, ..
            },
        } => {
            init_logging(&config);
            import_subscribers(&config, &file, &list, create).await
        }
        Command::Pack {
            action:
                PackAction::Render {
                    partner,
                    locale,
                    region,
                    format,
                    output,
                    ..
                },
        } => {
            init_logging(&config);
            render_pack(
                &config,
                &partner,
                &locale,
                region.as_deref(),
                &format,
                &output,
            )
            .await
        }
        // Returned above, before the configuration was read.
        Command::Schedule { action } => schedule(&action),
        Command::Partner {
            action: PartnerAction::Add { name, sector, .. },
        } => {
            init_logging(&config);
            let store = Store::connect(&config).await?;
            store.migrate().await?;
            let services = Services::new(store.clone(), config.clone(), Arc::new(SystemClock))?;
            let partner = services
                .accounts()
                .create_partner(&Actor::System("command line"), &name, &sector)
                .await
                .map_err(flag_error)?;
            println!(
                "created partner {} ({}) with id {}",
                partner.name, partner.sector, partner.id
            );
            store.close().await;
            Ok(())
        }
    }
}

/// `beacon schedule …`. Refusals name their flag: `--cron` for the expression and a schedule that never runs
/// again, `--tz` for the zone.
fn schedule(action: &ScheduleAction) -> anyhow::Result<()> {
    use crate::campaign::schedule::{CronSchedule, ScheduleError, rfc3339};
    use std::io::Write;
    let ScheduleAction::Preview {
        cron,
        tz,
        from,
        count,
    } = action;
    if !(1..=1000).contains(count) {
        anyhow::bail!("--count: {count} is outside 1..1000");
    }
    let from = match from {
        None => time::OffsetDateTime::now_utc(),
        Some(text) => {
            time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
                .map_err(|e| anyhow::anyhow!("--from: `{text}` is not an RFC 3339 instant ({e})"))?
        }
    };
    let flagged = |e: ScheduleError| {
        let flag = match e {
            ScheduleError::UnknownZone { .. } => "tz",
            _ => "cron",
        };
        anyhow::anyhow!("--{flag}: {e}")
    };
    let schedule = CronSchedule::parse(cron, tz).map_err(flagged)?;
    // A schedule that never runs again is a mistake in it (30 February), not an empty answer.
    schedule.next(from).map_err(flagged)?;
    let runs = schedule.next_after(from, *count as usize);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for run in &runs {
        writeln!(out, "{}", rfc3339(*run))?;
    }
    out.flush()?;
    if let Some(last) = runs.last()
        && runs.len() < *count as usize
    {
        eprintln!("beacon: the schedule has no run after {}", rfc3339(*last));
    }
    Ok(())
}

/// A refusal from the application layer as the command line says it: the field as its flag
/// (`--email: an account with this e-mail address exists already`).
fn flag_error(e: ServiceError) -> anyhow::Error {
    match e {
        ServiceError::Invalid { field, reason } => {
            let flag = match field.as_str() {
                "partner_id" => "partner",
                "region_id" => "region",
                other => other,
            };
            anyhow::anyhow!("--{flag}: {reason}")
        }
        other => other.into(),
    }
}

/// Parses an analysis resolution (5 to 10), naming the flag.
fn analysis_resolution(value: u8) -> anyhow::Result<h3o::Resolution> {
    if !(5..=10).contains(&value) {
        anyhow::bail!("--resolution: {value} is outside 5..10 (H3 resolutions Beacon analyses)");
    }
    h3o::Resolution::try_from(value).map_err(|e| anyhow::anyhow!("--resolution: {e}"))
}

/// The command line refuses regions over the vertex limit as the server does; its user waits, so there is
/// no time budget.
fn region_limits(config: &Config) -> crate::audience::regions::RegionLimits {
    crate::audience::regions::RegionLimits {
        max_vertices: config.audience.max_region_vertices,
        budget: None,
    }
}

fn region_cells(config: &Config, path: &std::path::Path, resolution: u8) -> anyhow::Result<()> {
    use std::io::Write;
    let resolution = h3o::Resolution::try_from(resolution)
        .map_err(|_| anyhow::anyhow!("--resolution: {resolution} is outside 0..15"))?;
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let (region, notes) =
        crate::audience::regions::parse_region_within(&text, &name, region_limits(config))?;
    if !notes.is_empty() {
        // In the reference language: the command line speaks English.
        let locales = crate::content::i18n::Locales::load(
            &config.paths.locales,
            crate::content::i18n::REFERENCE_LOCALE,
        )?;
        for n in locales.render_all(&locales.default_locale(), &notes) {
            eprintln!("{name}: {n}");
        }
    }
    let cells =
        crate::audience::regions::fill(&region, resolution, config.audience.max_cells, &name)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for c in cells {
        writeln!(out, "{c}")?;
    }
    out.flush()?;
    Ok(())
}

fn compile_region(
    config: &Config,
    path: &std::path::Path,
    resolution: u8,
    platform: &str,
    population: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use crate::audience::cellset::CellSet;
    use crate::audience::platforms::{Platform, compile_targets};
    use crate::audience::population::{parse_grid_csv, parse_settlements, spread_settlements};
    if !(4..=10).contains(&resolution) {
        anyhow::bail!("--resolution: {resolution} is outside 4..10");
    }
    let resolution = h3o::Resolution::try_from(resolution)?;
    let platform = Platform::parse(platform)
        .ok_or_else(|| anyhow::anyhow!("--platform: `{platform}`: meta or google"))?;
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let (region, parse_notes) =
        crate::audience::regions::parse_region_within(&text, &name, region_limits(config))?;
    let cells =
        crate::audience::regions::fill(&region, resolution, config.audience.max_cells, &name)?;
    if cells.is_empty() {
        anyhow::bail!(
            "{name}: no cell centre lies inside the region at this resolution; choose a finer one"
        );
    }
    let set = CellSet::from_filled(resolution, cells);
    let grid = match population {
        None => None,
        Some(p) => {
            let pname = p.display().to_string();
            let ptext = std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("{pname}: {e}"))?;
            let header = ptext.lines().next().unwrap_or("").to_ascii_lowercase();
            let grid = if header.split(',').any(|h| h.trim() == "h3") {
                parse_grid_csv(&ptext, &pname)?
            } else {
                let settlements = parse_settlements(&ptext, &pname, None)?;
                spread_settlements(
                    &settlements,
                    resolution,
                    config.audience.settlement_density_per_km2,
                )
            };
            Some(grid.at_resolution(resolution))
        }
    };
    let compiled = compile_targets(&set, grid.as_ref(), platform, &config.audience)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    // Notes in the reference language: the command line speaks English.
    let locales = crate::content::i18n::Locales::load(
        &config.paths.locales,
        crate::content::i18n::REFERENCE_LOCALE,
    )?;
    let reference = locales.default_locale();
    let mut notes = locales.render_all(&reference, &parse_notes);
    notes.extend(locales.render_all(&reference, &compiled.notes));
    let out = serde_json::json!({
        "platform": platform.as_str(),
        "targets": compiled.targets,
        "excluded": compiled.excluded,
        "coverage": compiled.coverage,
        "spill": compiled.spill,
        "count": compiled.count,
        "baseline": compiled.baseline,
        "goals_met": compiled.goals_met,
        "notes": notes,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// The points of `input`, refused when their latitudes and longitudes look swapped by where the
/// gazetteer's towns are.
fn read_points(
    config: &Config,
    input: &std::path::Path,
) -> anyhow::Result<Vec<crate::identify::incidents::points::Point>> {
    let settled = crate::places::Gazetteer::load(&config.places)?.settled_area();
    Ok(crate::identify::incidents::points::read_points(
        input,
        Some(&|lat, lon| settled.contains(lat, lon)),
    )?)
}

/// What `beacon survey stats` computes, from its flags.
#[allow(clippy::too_many_arguments)]
fn survey_spec(
    config: &Config,
    outcome: &str,
    wave: Option<String>,
    before: Option<String>,
    after: Option<String>,
    group: Option<String>,
    target: Option<String>,
    comparison: Option<String>,
    weight: Option<String>,
) -> anyhow::Result<crate::measure::file::StatsSpec> {
    let Some((column, values)) = outcome.split_once('=') else {
        anyhow::bail!(
            "--outcome: `{outcome}`: COLUMN=VALUE[|VALUE…], e.g. act_differently=Yes|Probably"
        );
    };
    let values: Vec<String> = values
        .split('|')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if column.trim().is_empty() || values.is_empty() {
        anyhow::bail!(
            "--outcome: `{outcome}`: name the column and at least one answer that counts"
        );
    }
    let pair = |flag: &str, a: Option<String>, b: Option<String>| match (a, b) {
        (Some(a), Some(b)) if a.trim().eq_ignore_ascii_case(b.trim()) => Err(anyhow::anyhow!(
            "--{flag}: the two values are the same (`{a}`)"
        )),
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(anyhow::anyhow!("--{flag}: give both values")),
    };
    let wave = match wave {
        Some(c) => {
            let (b, a) = pair("wave", before, after)?;
            Some((c, b, a))
        }
        None => None,
    };
    let group = match group {
        Some(c) => {
            let (t, k) = pair("group", target, comparison)?;
            Some((c, t, k))
        }
        None => None,
    };
    Ok(crate::measure::file::StatsSpec {
        outcome: (column.trim().to_string(), values),
        wave,
        group,
        weight,
        min_n: config.measure.min_n,
    })
}

/// `beacon survey stats`: the file's statistics on standard output, as JSON or CSV.
fn survey_stats(
    input: &std::path::Path,
    spec: &crate::measure::file::StatsSpec,
    format: &str,
) -> anyhow::Result<()> {
    use std::io::Write;
    if format != "json" && format != "csv" {
        anyhow::bail!("--format: `{format}`: json or csv");
    }
    let name = input.display().to_string();
    let file = std::fs::File::open(input).map_err(|e| anyhow::anyhow!("--input: {name}: {e}"))?;
    let stats = crate::measure::file::stats_of(std::io::BufReader::new(file), &name, spec)?;
    let mut out = std::io::stdout().lock();
    if format == "json" {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        out.write_all(crate::measure::file::to_csv(&stats).as_bytes())?;
    }
    for w in &stats.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

fn hotspots_of_file(
    config: &Config,
    input: &std::path::Path,
    resolution: u8,
    rings: u32,
    format: &str,
) -> anyhow::Result<()> {
    use crate::identify::analysis::hotspots::{CellTally, analyse, to_geojson, write_csv};
    let resolution = analysis_resolution(resolution)?;
    if !(1..=5).contains(&rings) {
        anyhow::bail!("--rings: {rings} is outside 1..5");
    }
    if format != "csv" && format != "geojson" {
        anyhow::bail!("--format: `{format}`: csv or geojson");
    }
    let points = read_points(config, input)?;
    let mut tally = CellTally::default();
    for p in &points {
        let cell = h3o::LatLng::new(p.lat(), p.lon())
            .map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?
            .to_cell(resolution);
        tally.add(cell, p.weight());
    }
    let cells = analyse(&tally, rings);
    let out = std::io::stdout().lock();
    if format == "csv" {
        write_csv(&cells, out)?;
    } else {
        let notes = vec![format!(
            "Getis-Ord Gi* with binary {rings}-ring weights including the cell; Benjamini-Hochberg FDR; {} points from {}",
            points.len(),
            input.display()
        )];
        serde_json::to_writer(out, &to_geojson(&cells, &notes))?;
        println!();
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn backtest(
    config: &Config,
    input: &std::path::Path,
    resolution: u8,
    period: &str,
    train_until: &str,
    area_share: f64,
    bbox: Option<&str>,
    format: &str,
) -> anyhow::Result<()> {
    use crate::identify::analysis::forecast::{BoundingBox, Period, PeriodKey};
    use crate::identify::analysis::predict;
    if format != "csv" && format != "json" {
        anyhow::bail!("--format: '{format}' is not csv or json");
    }
    let resolution = analysis_resolution(resolution)?;
    let period: Period = period
        .parse()
        .map_err(|e| anyhow::anyhow!("--period: {e}"))?;
    let until: PeriodKey = train_until
        .parse()
        .map_err(|e| anyhow::anyhow!("--train-until: {e}"))?;
    let bbox: Option<BoundingBox> = bbox
        .map(|b| b.parse().map_err(|e| anyhow::anyhow!("--bbox: {e}")))
        .transpose()?;
    let points = read_points(config, input)?;
    let evaluation = predict::evaluate(&points, resolution, period, until, area_share, bbox)?;
    if format == "json" {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &evaluation)?;
        println!();
    } else {
        predict::write_csv(&evaluation, std::io::stdout().lock())?;
        for line in predict::summary(&evaluation) {
            eprintln!("{line}");
        }
    }
    Ok(())
}

/// `beacon import subscribers FILE --list NAME|ID [--create]`.
async fn import_subscribers(
    config: &Config,
    file: &std::path::Path,
    list: &str,
    create: bool,
) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let store = Store::connect(config).await?;
    store.migrate().await?;
    let services = Services::new(store.clone(), config.clone(), Arc::new(SystemClock))?;
    let actor = Actor::System("command line");
    let subscribers = services.subscribers();
    let lists = subscribers.lists(&actor).await.map_err(flag_error)?;
    let found = lists
        .iter()
        .find(|l| l.name == list.trim() || list.trim().parse::<i64>().is_ok_and(|id| id == l.id));
    let list_id = match found {
        Some(l) => l.id,
        None if create => {
            subscribers
                .create_list(&actor, list)
                .await
                .map_err(flag_error)?
                .id
        }
        None => anyhow::bail!(
            "--list: no mailing list is called or numbered {list:?} (--create makes it)"
        ),
    };
    let started = std::time::Instant::now();
    let result = subscribers.import(&actor, list_id, bytes, &name).await;
    store.close().await;
    match result.map_err(flag_error)? {
        Ok(o) => {
            println!(
                "{name}: added {} to list {list_id}, {} already on it, {} left out as suppressed ({:.1} s)",
                o.added,
                o.already,
                o.suppressed,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(refusal) => anyhow::bail!("nothing was imported: {refusal}"),
    }
}

/// `beacon pack render`: the pack issued through the service (audited as the operator), then its stored
/// file written out, so that the file is what partners download.
async fn render_pack(
    config: &Config,
    partner: &str,
    locale: &str,
    region: Option<&str>,
    format: &str,
    output: &std::path::Path,
) -> anyhow::Result<()> {
    let pdf = match format {
        "pdf" => true,
        "html" => false,
        other => anyhow::bail!("--format: {other:?} is not pdf or html"),
    };
    let store = Store::connect(config).await?;
    store.migrate().await?;
    let services = Services::new(store.clone(), config.clone(), Arc::new(SystemClock))?;
    let actor = Actor::System("command line");
    let result = async {
        let partners = services
            .accounts()
            .visible_partners(&actor)
            .await
            .map_err(flag_error)?;
        let wanted = partner.trim();
        let partner = partners
            .iter()
            .find(|p| p.name == wanted || wanted.parse::<i64>().is_ok_and(|id| id == p.id))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--partner: no partner organisation is called or numbered {wanted:?}"
                )
            })?;
        let region_id = match region.map(str::trim) {
            None => None,
            Some(r) => {
                let regions = store.list_regions().await?;
                let found = regions
                    .iter()
                    .find(|x| x.name == r || r.parse::<i64>().is_ok_and(|id| id == x.id))
                    .ok_or_else(|| {
                        anyhow::anyhow!("--region: no region is called or numbered {r:?}")
                    })?;
                Some(found.id)
            }
        };
        let started = std::time::Instant::now();
        let packs = services.packs();
        let rendered = packs
            .render(&actor, partner.id, locale, region_id)
            .await
            .map_err(flag_error)?;
        let pack = rendered.pack;
        // Read as stored, not downloaded: writing the file is not a partner's download.
        let bytes = store
            .pack_file(pack.id, pdf)
            .await?
            .ok_or_else(|| anyhow::anyhow!("pack {} is gone", pack.id))?;
        std::fs::write(output, &bytes)
            .map_err(|e| anyhow::anyhow!("--output: {}: {e}", output.display()))?;
        println!(
            "{}: pack {} of {} for {} in {}, version {}{} ({} bytes, {:.1} s)",
            output.display(),
            pack.id,
            partner.name,
            pack.region_name,
            pack.locale,
            pack.version,
            if rendered.new_version {
                ""
            } else {
                " (unchanged)"
            },
            bytes.len(),
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }
    .await;
    store.close().await;
    result
}

async fn import_incidents(
    config: &Config,
    file: &std::path::Path,
    format: Option<&str>,
    dry_run: bool,
) -> anyhow::Result<()> {
    use crate::identify::incidents::import::Format;
    use crate::services::incidents::IngestError;
    use std::io::{Read, Seek};
    let name = file.display().to_string();
    let failed = |e: std::io::Error| anyhow::anyhow!("{name}: {e}");
    let mut input = std::fs::File::open(file).map_err(failed)?;
    let length = input.metadata().map_err(failed)?.len();
    let format = match format {
        Some(f) => f
            .parse::<Format>()
            .map_err(|e| anyhow::anyhow!("--format: {e}"))?,
        None => {
            // The start of the file is enough to tell; it is then read from the start again.
            let mut head = Vec::new();
            (&mut input)
                .take(8 * 1024)
                .read_to_end(&mut head)
                .map_err(failed)?;
            input.rewind().map_err(failed)?;
            Format::detect(&head, &name)
        }
    };
    let store = Store::connect(config).await?;
    store.migrate().await?;
    let bar = indicatif::ProgressBar::new(length);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(format!("reading {name}"));
    let progress_bar = bar.clone();
    let progress = move |read: u64| progress_bar.set_position(read);
    let services = Services::new(store.clone(), config.clone(), Arc::new(SystemClock))?;
    let result = services
        .incidents()
        .import_file(
            &Actor::System("command line"),
            format,
            std::io::BufReader::with_capacity(256 * 1024, input),
            &name,
            dry_run,
            progress,
        )
        .await;
    bar.finish_and_clear();
    store.close().await;
    match result {
        Ok(outcome) => {
            let verb = if dry_run { "would add" } else { "added" };
            println!(
                "{name}: {} rows read, {verb} {}, {} already stored{}",
                outcome.rows,
                outcome.added,
                outcome.duplicates,
                if dry_run {
                    " (dry run: nothing was written)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        Err(IngestError::Rejected(errors)) => {
            eprintln!("{errors}");
            anyhow::bail!("{name}: nothing was imported ({} problems)", errors.total())
        }
        Err(e) => Err(e.into()),
    }
}

async fn serve(mut config: Config, demo: bool) -> anyhow::Result<()> {
    if demo {
        crate::demo::local_contacts(&mut config);
    }
    let store = Store::connect(&config).await?;
    store.migrate().await?;
    if demo {
        let services = Services::new(store.clone(), config.clone(), Arc::new(SystemClock))?;
        match crate::demo::seed(&services).await? {
            Some(accounts) => {
                println!(
                    "Demo data seeded. One account per role (one-time passwords, shown once):"
                );
                for a in &accounts {
                    println!(
                        "  {:<11} {:<32} {}",
                        a.role.as_str(),
                        a.email,
                        a.one_time_password
                    );
                }
            }
            None => println!("The database already holds data; the demo seed was skipped."),
        }
    }
    let app = App::build_with_store(config, store).await?;
    let stop = shutdown_signal();
    println!("Beacon is listening on http://{}", app.local_addr());
    app.run(stop).await
}

/// Logs to standard error, as text or JSON, filtered by `log.level` (or `BEACON_LOG` when set).
fn init_logging(config: &Config) {
    let filter = std::env::var("BEACON_LOG")
        .ok()
        .and_then(|f| tracing_subscriber::EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new(&config.log.level));
    // Colour only on a terminal: a log written to a file or a pipe carries no escape codes.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr);
    let _ = match config.log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
