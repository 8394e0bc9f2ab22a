//! E-mail's speed: personalised, DKIM-signed messages sent through Beacon's `Mailer` to an SMTP sink on
//! loopback, beside a bare lettre loop sending the same number of pre-rendered (already built and signed)
//! messages to the same sink, in the same run.
//!
//! - Beacon: for each recipient an `OutgoingEmail` (own name, locale, unsubscribe URL, Message-ID) is built
//!   and signed by `build_message` on a blocking thread, paced by a shared `SendLimiter` (limits far above
//!   the rate, so only its cost counts) and sent with `Mailer::send` over the pool.
//! - Bare lettre, two ways: the same messages rendered before the clock starts, sent (1) with `send_raw`
//!   from an `AsyncSmtpTransport` with the same pool size and as many in flight, as lettre's documentation
//!   shows, and (2) over as many bare `AsyncSmtpConnection`s on sockets with `TCP_NODELAY`, each taking the
//!   next message: lettre's pool keeps Nagle's algorithm on and waits ~40 ms per message for the sink's
//!   delayed ACK (see `src/channels/email/pool.rs`), so (2) is the fair reference.
//!
//! Each round runs the two bare loops, then Beacon; the ratios are Beacon's rate over each.
//!
//! `cargo bench --bench mailer`. Environment: `BENCH_MESSAGES` (default 20,000), `BENCH_ROUNDS` (3),
//! `BENCH_CONNECTIONS` (pool size and messages in flight, 8), `BENCH_DKIM` (`rsa` 2048-bit, `ed25519` or
//! `none`), `BENCH_SINK` (`rust`: a minimal SMTP sink in this process on a thread of its own; `python`:
//! `tests/it/smtp_sink.py --discard`, aiosmtpd).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use beacon::channels::email::{Mailer, OutgoingEmail, SendLimiter, build_message};
use beacon::config::{Config, Overrides};
use futures::StreamExt;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::client::{AsyncSmtpConnection, Tls};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use rsa::pkcs1::EncodeRsaPrivateKey;
#[path = "common/sink.rs"]
mod sink;
use sink::rust_sink;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `tests/it/smtp_sink.py --discard` (aiosmtpd), stopped when dropped; the folder it was given lives
/// as long.
struct PythonSink(Child, #[allow(dead_code)] tempfile::TempDir);

impl Drop for PythonSink {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn python_sink() -> (u16, PythonSink) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/it/smtp_sink.py"
        ))
        .arg("--dir")
        .arg(dir.path())
        .arg("--discard")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 with aiosmtpd (scripts/test --setup-only installs it)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().rsplit(':').next().unwrap().parse().unwrap();
    (port, PythonSink(child, dir))
}

fn recipient(i: usize) -> OutgoingEmail {
    let (locale, subject, hello) = if i.is_multiple_of(3) {
        ("lt", "Darbas Fenlande: žinokite savo teises", "Sveiki")
    } else {
        ("en", "Work in the Fens: know your rights", "Hello")
    };
    let name = format!("Subscriber {i}");
    let token = format!("{:016x}", (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let url = format!("https://beacon.example/email/unsubscribe/{token}");
    OutgoingEmail {
        to: format!("s{i}@example.org"),
        to_name: Some(name.clone()),
        subject: subject.into(),
        text: format!(
            "{hello}, {name}.\n\nIf someone holds your passport or your wages, you can get help: \
             call 08000 121 700, free and confidential, in your language.\n\nUnsubscribe: {url}\n"
        ),
        html: format!(
            "<p>{hello}, {name}.</p><p>If someone holds your passport or your wages, you can get help: \
             call <strong>08000 121 700</strong>, free and confidential, in your language.</p>\
             <p><a href=\"{url}\">Unsubscribe</a></p>"
        ),
        locale: locale.into(),
        unsubscribe_url: url,
        feedback_id: format!("c7:{locale}"),
        message_id: format!("c7.m{i}"),
        date: SystemTime::now(),
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = env_or("BENCH_MESSAGES", 20_000);
    let rounds: usize = env_or("BENCH_ROUNDS", 3);
    let connections: usize = env_or("BENCH_CONNECTIONS", 8);
    let dkim: String = env_or("BENCH_DKIM", "rsa".to_string());
    let sink_kind: String = env_or("BENCH_SINK", "rust".to_string());

    let (port, count, _python) = if sink_kind == "python" {
        let (port, sink) = python_sink();
        (port, None, Some(sink))
    } else {
        let (port, count) = rust_sink();
        (port, Some(count), None)
    };

    let keys = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut env: Vec<(String, String)> = vec![
        (
            "BEACON_CHANNELS__EMAIL__SMTP_URL".into(),
            format!("smtp://127.0.0.1:{port}"),
        ),
        (
            "BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT".into(),
            "true".into(),
        ),
        (
            "BEACON_CHANNELS__EMAIL__FROM_ADDRESS".into(),
            "news@fenland.example".into(),
        ),
        (
            "BEACON_CHANNELS__EMAIL__POOL_MAX".into(),
            connections.to_string(),
        ),
        (
            "BEACON_CHANNELS__EMAIL__PER_SECOND".into(),
            "1000000".into(),
        ),
        (
            "BEACON_CHANNELS__EMAIL__PER_HOUR".into(),
            "100000000".into(),
        ),
    ];
    let key = match dkim.as_str() {
        "rsa" => Some(
            rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048)
                .unwrap()
                .to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
                .unwrap()
                .to_string(),
        ),
        "ed25519" => {
            Some(base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>()))
        }
        _ => None,
    };
    if let Some(key) = key {
        let path = keys.path().join("dkim");
        std::fs::write(&path, key).unwrap();
        env.extend([
            (
                "BEACON_CHANNELS__EMAIL__DKIM_DOMAIN".into(),
                "fenland.example".into(),
            ),
            (
                "BEACON_CHANNELS__EMAIL__DKIM_SELECTOR".into(),
                "bench".into(),
            ),
            (
                "BEACON_CHANNELS__EMAIL__DKIM_PRIVATE_KEY_FILE".into(),
                path.display().to_string(),
            ),
        ]);
    }
    let config = Config::load_from(&Overrides::default(), &env).expect("config");
    let mailer = Mailer::from_config(&config.channels.email, data.path()).unwrap();
    mailer.check().await.unwrap();

    // What one message costs to build and sign, on one thread.
    let probe = 500.min(n);
    let t = Instant::now();
    for i in 0..probe {
        std::hint::black_box(build_message(mailer.sender(), &recipient(i)).unwrap());
    }
    let build_us = t.elapsed().as_secs_f64() * 1e6 / probe as f64;

    let bare = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(port)
        .tls(Tls::None)
        .pool_config(PoolConfig::new().max_size(connections as u32))
        .build();
    bare.test_connection().await.unwrap();

    println!(
        "e-mail: {n} messages a round, {connections} connections, DKIM {dkim}, {sink_kind} sink; \
         build_message alone {build_us:.0} µs a message on one thread"
    );
    let (mut bare_total, mut nodelay_total, mut beacon_total) = (0.0, 0.0, 0.0);
    for round in 1..=rounds {
        // Bare lettre: pre-rendered messages, the clock started after rendering.
        let rendered: Vec<(lettre::address::Envelope, Vec<u8>)> = (0..n)
            .map(|i| {
                let m = build_message(mailer.sender(), &recipient(i)).unwrap();
                (m.envelope().clone(), m.formatted())
            })
            .collect();
        let t = Instant::now();
        futures::stream::iter(rendered.iter())
            .map(|(envelope, raw)| bare.send_raw(envelope, raw))
            .buffer_unordered(connections)
            .for_each(|r| {
                r.unwrap();
                async {}
            })
            .await;
        let bare_s = t.elapsed().as_secs_f64();

        // Bare lettre connections with TCP_NODELAY: the same pre-rendered messages, one task per
        // connection taking the next message, no NOOP between messages.
        let next = AtomicUsize::new(0);
        let t = Instant::now();
        futures::future::join_all((0..connections).map(|_| async {
            let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .unwrap();
            tcp.set_nodelay(true).unwrap();
            let mut conn =
                AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &ClientId::default())
                    .await
                    .unwrap();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((envelope, raw)) = rendered.get(i) else {
                    break;
                };
                conn.send(envelope, raw).await.unwrap();
            }
            conn.quit().await.unwrap();
        }))
        .await;
        let nodelay_s = t.elapsed().as_secs_f64();
        drop(rendered);

        // Beacon: build, sign, pace and send each message.
        let limiter = Arc::new(Mutex::new(SendLimiter::from_config(&config.channels.email)));
        let t = Instant::now();
        futures::stream::iter(0..n)
            .map(|i| {
                let mailer = mailer.clone();
                let limiter = limiter.clone();
                async move {
                    let sender = mailer.sender().clone();
                    let message =
                        tokio::task::spawn_blocking(move || build_message(&sender, &recipient(i)))
                            .await
                            .unwrap()
                            .unwrap();
                    loop {
                        let wait = limiter.lock().unwrap().acquire(Instant::now());
                        match wait {
                            Ok(()) => break,
                            Err(wait) => tokio::time::sleep(wait).await,
                        }
                    }
                    mailer.send(&message).await.unwrap();
                    limiter.lock().unwrap().record_success();
                }
            })
            .buffer_unordered(connections * 2)
            .for_each(|()| async {})
            .await;
        let beacon_s = t.elapsed().as_secs_f64();

        let (bare_rate, nodelay_rate, beacon_rate) =
            (n as f64 / bare_s, n as f64 / nodelay_s, n as f64 / beacon_s);
        bare_total += bare_s;
        nodelay_total += nodelay_s;
        beacon_total += beacon_s;
        println!(
            "round {round}: pre-rendered through lettre's pool {bare_rate:>6.0} msg/s, through bare \
             TCP_NODELAY connections {nodelay_rate:>6.0} msg/s · Beacon, built and signed \
             {beacon_rate:>6.0} msg/s · ratios {:.2} and {:.2}",
            beacon_rate / bare_rate,
            beacon_rate / nodelay_rate
        );
    }
    if let Some(count) = count {
        assert_eq!(
            count.load(Ordering::Relaxed),
            (3 * n * rounds) as u64,
            "the sink took every message"
        );
    }
    let total = (n * rounds) as f64;
    println!(
        "all rounds: lettre's pool {:.0} msg/s · bare TCP_NODELAY connections {:.0} msg/s · Beacon {:.0} \
         msg/s · ratios {:.2} and {:.2} · peak RSS {:.0} MiB",
        total / bare_total,
        total / nodelay_total,
        total / beacon_total,
        bare_total / beacon_total,
        nodelay_total / beacon_total,
        peak_rss_mib()
    );
    mailer.shutdown().await;
    tokio::time::sleep(Duration::from_millis(50)).await;
}
