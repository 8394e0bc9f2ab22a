//! Putting Beacon together: configuration → database → locales and templates → router → server,
//! and taking it apart cleanly on SIGTERM or Ctrl-C.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::services::{Services, SystemClock};
use crate::store::Store;
use crate::web::limiter::{AccountBackoff, AttemptLimiter};
use crate::web::observe::Metrics;
use crate::web::render::Templates;
use crate::web::{AppState, Inner};

/// A Beacon ready to serve: database migrated, port bound.
pub struct App {
    state: AppState,
    listener: TcpListener,
    /// The separate `/metrics` address (`server.metrics_bind`), when one is set.
    metrics_listener: Option<TcpListener>,
}

impl App {
    /// Connects to the database, applies migrations, loads locales and templates and binds the port.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let store = Store::connect(&config).await?;
        store.migrate().await?;
        Self::build_with_store(config, store).await
    }

    /// As [`App::build`], on a store already connected and migrated.
    pub async fn build_with_store(config: Config, store: Store) -> anyhow::Result<Self> {
        let services = Services::new(store.clone(), config.clone(), Arc::new(SystemClock))?;
        services.translations().init().await?;
        let locales = services.locales.clone();
        let templates = Templates::load(config.templates_dir(), locales.clone())?;
        // The pack templates are checked now: one that does not compile stops start-up with its line.
        services
            .packs()
            .renderer()
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let listener = TcpListener::bind(config.server.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.server.bind))?;
        let metrics_listener = match config.server.metrics_bind() {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} (server.metrics_bind)"))?,
            ),
            None => None,
        };
        let login_failures = AttemptLimiter::new(
            config.auth.login_attempts_per_minute,
            Duration::from_secs(60),
        );
        // After 5 failures for an account, an address that failed for it waits 2, 4, 8 … seconds, at most
        // 15 minutes; failures are forgotten after an hour.
        let account_failures =
            AccountBackoff::new(5, Duration::from_secs(900), Duration::from_secs(3600));
        let report_submissions = AttemptLimiter::new(
            config.reports.submissions_per_hour,
            Duration::from_secs(3600),
        );
        // Keys whose allowance is whole again are forgotten every minute, so memory holds only the
        // addresses that attempted something within the window.
        login_failures.sweep_every(Duration::from_secs(60));
        report_submissions.sweep_every(Duration::from_secs(60));
        let signups = AttemptLimiter::new(
            config.reports.submissions_per_hour,
            Duration::from_secs(3600),
        );
        signups.sweep_every(Duration::from_secs(60));
        let survey_submissions = AttemptLimiter::new(
            config.measure.survey_submissions_per_hour,
            Duration::from_secs(3600),
        );
        survey_submissions.sweep_every(Duration::from_secs(60));
        account_failures.sweep_every(Duration::from_secs(60));
        let state = AppState::new(Inner {
            config,
            store,
            locales,
            templates,
            services,
            login_failures,
            account_failures,
            report_submissions,
            signups,
            survey_submissions,
            recent_answers: Default::default(),
            metrics: Metrics::install(),
        });
        Ok(Self {
            state,
            listener,
            metrics_listener,
        })
    }

    /// The address actually bound (port 0 picks one).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The separate metrics address actually bound, when `server.metrics_bind` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, lets in-flight requests finish (up to the configured grace
    /// period), then closes the database.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let App {
            state,
            listener,
            metrics_listener,
        } = self;
        let grace = Duration::from_secs(state.config.server.shutdown_grace_seconds);
        // The metrics address has nothing in flight worth waiting for: it stops with the main server.
        let metrics_server = metrics_listener.map(|l| {
            let router = crate::web::observe::metrics_router(state.clone());
            tokio::spawn(async move { axum::serve(l, router).await })
        });
        // The job worker, unless this instance only serves (`jobs.worker = false`).
        let (stop_worker, stop) = crate::worker::Stop::new();
        let stop_locales = stop.clone();
        let worker = state.config.jobs.worker.then(|| {
            let services = state.services.clone();
            tokio::spawn(crate::worker::run(
                services,
                crate::worker::holder_name(),
                stop,
            ))
        });
        // Translations another instance accepts (PostgreSQL).
        let locales = tokio::spawn(crate::worker::follow_locales(
            state.services.clone(),
            stop_locales,
        ));
        let router = crate::web::router(state.clone());
        let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
        let server = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing requests in flight");
            let _ = stopping_tx.send(());
        });
        let deadline = async move {
            if stopping_rx.await.is_ok() {
                tokio::time::sleep(grace).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            result = server.into_future() => result.context("the server failed")?,
            () = deadline => tracing::warn!(seconds = grace.as_secs(), "grace period over; dropping open connections"),
        }
        if let Some(task) = metrics_server {
            task.abort();
        }
        // Jobs still running are given up: their leases run out and they run again, here or elsewhere.
        let _ = stop_worker.send(true);
        if let Some(worker) = worker {
            let _ = tokio::time::timeout(Duration::from_secs(5), worker).await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), locales).await;
        state.store.close().await;
        tracing::info!("stopped cleanly");
        Ok(())
    }
}

/// Installs the SIGTERM and Ctrl-C handlers now, and returns a future that completes on either. Installing
/// before the server says it is listening means a signal sent right after start-up is never lost (the
/// default action would end the process without a clean shutdown).
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(unix)]
    let interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
    async move {
        #[cfg(unix)]
        {
            let (mut terminate, mut interrupt) = (terminate, interrupt);
            let term = async {
                match terminate.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let int = async {
                match interrupt.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = term => {},
                () = int => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
