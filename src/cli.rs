//! The command line: `beacon serve`, `migrate`, `user add`, `partner add`, `config`.
//!
//! Output meant for people and scripts goes to standard output; logs go to standard error. Errors end
//! the process with one line and a non-zero status, never a panic trace.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::accounts::{EmailAddress, Passwords, Role, add_user};
use crate::app::{App, shutdown_signal};
use crate::config::{Config, LogFormat, Overrides};
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
        /// bank, council, police, charity, employer or other.
        #[arg(long)]
        kind: String,
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
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

async fn run(cli: Cli) -> anyhow::Result<()> {
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
        } => overrides.data_dir = data_dir.clone(),
        Command::Config => {}
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
            let partner_id = match (role, partner) {
                (Role::Partner, None) => anyhow::bail!(
                    "--partner: a partner account belongs to a partner organisation (name or id)"
                ),
                (Role::Partner, Some(p)) => {
                    let found = match p.parse::<i64>() {
                        Ok(id) => store.partner_by_id(id).await?,
                        Err(_) => store.partner_by_name(&p).await?,
                    };
                    Some(found.ok_or_else(|| anyhow::anyhow!("--partner: no partner organisation `{p}` (add it with `beacon partner add`)"))?.id)
                }
                (_, Some(_)) => anyhow::bail!(
                    "--partner: only partner accounts belong to a partner organisation"
                ),
                (_, None) => None,
            };
            if store.user_for_login(email.as_str()).await?.is_some() {
                anyhow::bail!("--email: an account for {email} exists already");
            }
            let passwords = Passwords::new(&config.auth).map_err(anyhow::Error::msg)?;
            let (user, otp) = add_user(&store, &passwords, &email, role, partner_id).await?;
            store
                .audit(
                    None,
                    "user.create",
                    &user.email,
                    &format!("{role} (command line)"),
                )
                .await?;
            println!("created {} ({})", user.email, user.role);
            println!("one-time password: {otp}");
            println!("It is shown once; the user chooses a new password at first login.");
            store.close().await;
            Ok(())
        }
        Command::Partner {
            action: PartnerAction::Add { name, kind, .. },
        } => {
            init_logging(&config);
            if !crate::store::partners::PARTNER_KINDS.contains(&kind.as_str()) {
                anyhow::bail!(
                    "--kind: one of {}",
                    crate::store::partners::PARTNER_KINDS.join(", ")
                );
            }
            if name.trim().is_empty() {
                anyhow::bail!("--name: a partner organisation needs a name");
            }
            let store = Store::connect(&config).await?;
            store.migrate().await?;
            if store.partner_by_name(&name).await?.is_some() {
                anyhow::bail!("--name: a partner named {} exists already", name.trim());
            }
            let partner = store.create_partner(&name, &kind).await?;
            store
                .audit(None, "partner.create", &partner.name, "command line")
                .await?;
            println!(
                "created partner {} ({}) with id {}",
                partner.name, partner.kind, partner.id
            );
            store.close().await;
            Ok(())
        }
    }
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let store = Store::connect(&config).await?;
    store.migrate().await?;
    if demo {
        let passwords = Passwords::new(&config.auth).map_err(anyhow::Error::msg)?;
        match crate::demo::seed(&store, &passwords).await? {
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
    println!("Beacon is listening on http://{}", app.local_addr());
    app.run(shutdown_signal()).await
}

/// Logs to standard error, as text or JSON, filtered by `log.level` (or `BEACON_LOG` when set).
fn init_logging(config: &Config) {
    let filter = std::env::var("BEACON_LOG")
        .ok()
        .and_then(|f| tracing_subscriber::EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new(&config.log.level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match config.log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
