//! E-mail's transport against a real SMTP server on 127.0.0.1 (`smtp_sink.py`, Python's aiosmtpd, which
//! `scripts/test` installs): DKIM-signed messages (RSA-2048, RSA-1024 and Ed25519 keys) arrive and dkimpy
//! verifies them, with both unsubscribe headers signed; 451 and 550 replies become transient and permanent errors with their codes and words; a
//! relay answering 451 to every third recipient still gets every message with the limiter's retries; an
//! unreachable relay, a refused login, a missing STARTTLS and a silent relay are errors from `check()`; no
//! relay means `.eml` files in the outbox folder.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use beacon::channels::email::{Mailer, OutgoingEmail, SendError, SendLimiter, build_message};
use beacon::config::{Config, EmailChannelConfig, Overrides};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::EncodePublicKey;

/// `tests/it/smtp_sink.py` on a free port of 127.0.0.1, writing what it takes to a temporary folder;
/// stopped when dropped.
pub struct SmtpSink {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: Child,
}

impl SmtpSink {
    /// Starts the sink with `args` (see the script: `--tempfail-every 3`, `--reject ADDR`, `--auth U:P`).
    pub fn start(args: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let script = script("smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg("--dir")
            .arg(dir.path())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs (scripts/test installs aiosmtpd and dkimpy)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "smtp_sink.py did not start (is aiosmtpd installed? run scripts/test): {line:?}"
                )
            });
        Self { port, dir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages taken so far, oldest first, as received.
    pub fn messages(&self) -> Vec<(PathBuf, String)> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it")
        .join(name)
}

/// `[channels.email]` as loaded from these environment variables (plus a loopback relay without TLS).
fn email_config(vars: &[(&str, String)]) -> EmailChannelConfig {
    let mut env: Vec<(String, String)> = vec![
        (
            "BEACON_CHANNELS__EMAIL__FROM_ADDRESS".into(),
            "news@fenland.example".into(),
        ),
        (
            "BEACON_CHANNELS__EMAIL__FROM_NAME".into(),
            "Fenland Beacon".into(),
        ),
        ("BEACON_CHANNELS__EMAIL__TIMEOUT_MS".into(), "5000".into()),
    ];
    env.extend(vars.iter().map(|(k, v)| (k.to_string(), v.clone())));
    Config::load_from(&Overrides::default(), &env)
        .unwrap()
        .channels
        .email
}

fn relay_vars(sink: &SmtpSink) -> Vec<(&'static str, String)> {
    vec![
        ("BEACON_CHANNELS__EMAIL__SMTP_URL", sink.url()),
        (
            "BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT",
            "true".into(),
        ),
    ]
}

fn email(to: &str, locale: &str, n: usize) -> OutgoingEmail {
    let (subject, greeting) = match locale {
        "lt" => ("Darbas Fenlande: žinokite savo teises", "Sveiki"),
        _ => ("Work in the Fens: know your rights", "Hello"),
    };
    OutgoingEmail {
        to: to.into(),
        to_name: None,
        subject: subject.into(),
        text: format!("{greeting}.\nUnsubscribe: https://beacon.example/u/t{n}\n"),
        html: format!(
            "<p>{greeting}.</p><p><a href=\"https://beacon.example/u/t{n}\">unsubscribe</a></p>"
        ),
        locale: locale.into(),
        unsubscribe_url: format!("https://beacon.example/email/unsubscribe/t{n}"),
        feedback_id: format!("c7:{locale}"),
        message_id: format!("c7.m{n}"),
        date: SystemTime::now(),
    }
}

/// Every part's body in `eml`, decoded from quoted-printable or base64 (each as lettre wrote it) and
/// joined: what a reader of the message sees, to look for words and links in.
pub(crate) fn decoded_bodies(eml: &str) -> String {
    let mut out = String::new();
    let mut encoding = String::new();
    let mut body: Option<Vec<&str>> = None;
    let flush = |encoding: &str, lines: &[&str], out: &mut String| match encoding {
        "base64" => {
            let joined: String = lines.concat();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined.trim())
                .expect("a base64 part");
            out.push_str(&String::from_utf8(bytes).expect("a UTF-8 part"));
        }
        "quoted-printable" => {
            let mut bytes = Vec::new();
            for line in lines {
                let (line, soft) = match line.strip_suffix('=') {
                    Some(l) => (l, true),
                    None => (*line, false),
                };
                let b = line.as_bytes();
                let mut i = 0;
                while i < b.len() {
                    if b[i] == b'=' && i + 2 < b.len() {
                        let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                        bytes.push(u8::from_str_radix(hex, 16).expect("a =XX escape"));
                        i += 3;
                    } else {
                        bytes.push(b[i]);
                        i += 1;
                    }
                }
                if !soft {
                    bytes.push(b'\n');
                }
            }
            out.push_str(&String::from_utf8(bytes).expect("a UTF-8 part"));
        }
        _ => {
            for line in lines {
                out.push_str(line);
                out.push('\n');
            }
        }
    };
    for line in eml.split("\r\n") {
        match &mut body {
            Some(lines) if line.starts_with("--") => {
                flush(&encoding, lines, &mut out);
                body = None;
                encoding.clear();
            }
            Some(lines) => lines.push(line),
            None if line.is_empty() => body = Some(Vec::new()),
            None => {
                if let Some((n, v)) = line.split_once(':')
                    && n.eq_ignore_ascii_case("Content-Transfer-Encoding")
                {
                    encoding = v.trim().to_ascii_lowercase();
                }
            }
        }
    }
    if let Some(lines) = body {
        flush(&encoding, &lines, &mut out);
    }
    out
}

/// The header's value in `text`, unfolded, or `None`.
pub(crate) fn header(text: &str, name: &str) -> Option<String> {
    let head = text.split("\r\n\r\n").next().unwrap();
    let mut lines = head.split("\r\n").peekable();
    while let Some(line) = lines.next() {
        if let Some((n, v)) = line.split_once(':')
            && n.eq_ignore_ascii_case(name)
        {
            let mut v = v.trim().to_string();
            while let Some(next) = lines.peek()
                && next.starts_with([' ', '\t'])
            {
                v.push(' ');
                v.push_str(next.trim());
                lines.next();
            }
            return Some(v);
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_messages_arrive_and_verify_with_the_unsubscribe_headers_signed() {
    // RSA-2048 in PKCS#1 PEM, signed by ring; no Reply-To, so that header is signed as absent.
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let pem = key.to_pkcs1_pem(rsa::pkcs1::LineEnding::LF).unwrap();
    let public = base64::engine::general_purpose::STANDARD
        .encode(key.to_public_key().to_public_key_der().unwrap().as_bytes());
    signed_messages_verify(&pem, &format!("v=DKIM1; k=rsa; p={public}"), &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ed25519_signed_messages_arrive_and_verify() {
    // Ed25519 (RFC 8463) from its seed, with a Reply-To.
    let seed: [u8; 32] = rand::random();
    let public = ed25519_public(&seed);
    let b64 = base64::engine::general_purpose::STANDARD;
    signed_messages_verify(
        &b64.encode(seed),
        &format!("v=DKIM1; k=ed25519; p={}", b64.encode(public)),
        &[(
            "BEACON_CHANNELS__EMAIL__REPLY_TO",
            "help@fenland.example".into(),
        )],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_1024_signed_messages_arrive_and_verify() {
    // A key ring does not sign with (under 2048 bits), in PKCS#8 PEM: signed by the rsa crate instead.
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap();
    let pem = rsa::pkcs8::EncodePrivateKey::to_pkcs8_pem(&key, rsa::pkcs8::LineEnding::LF).unwrap();
    let public = base64::engine::general_purpose::STANDARD
        .encode(key.to_public_key().to_public_key_der().unwrap().as_bytes());
    signed_messages_verify(&pem, &format!("v=DKIM1; k=rsa; p={public}"), &[]).await;
}

/// The Ed25519 public key of `seed`, as the DNS record carries it (dkimpy checks the signature with
/// PyNaCl, not with this).
fn ed25519_public(seed: &[u8; 32]) -> Vec<u8> {
    use ring::signature::KeyPair;
    ring::signature::Ed25519KeyPair::from_seed_unchecked(seed)
        .unwrap()
        .public_key()
        .as_ref()
        .to_vec()
}

/// Three messages signed with `key` (as `dkim_private_key` in a file) go through the SMTP sink; dkimpy
/// verifies each against `record` (the DNS TXT record), finds both unsubscribe headers signed, and refuses
/// the first once changed.
async fn signed_messages_verify(key: &str, record: &str, vars: &[(&str, String)]) {
    let sink = SmtpSink::start(&[]);
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("dkim.pem");
    std::fs::write(&key_file, key.as_bytes()).unwrap();
    let extra = vars;
    let mut vars: Vec<(&str, String)> = relay_vars(&sink);
    vars.extend(extra.iter().cloned());
    vars.extend([
        (
            "BEACON_CHANNELS__EMAIL__DKIM_DOMAIN",
            "fenland.example".into(),
        ),
        ("BEACON_CHANNELS__EMAIL__DKIM_SELECTOR", "b2026".into()),
        (
            "BEACON_CHANNELS__EMAIL__DKIM_PRIVATE_KEY_FILE",
            key_file.display().to_string(),
        ),
    ]);
    let data = tempfile::tempdir().unwrap();
    let mailer = Mailer::from_config(&email_config(&vars), data.path()).unwrap();
    assert!(mailer.sender().signs() && !mailer.is_outbox());
    mailer.check().await.unwrap();

    let recipients = [
        ("ona@example.org", "lt"),
        ("tom@example.org", "en"),
        ("rasa@example.org", "lt"),
    ];
    for (n, (to, locale)) in recipients.iter().enumerate() {
        let message = build_message(mailer.sender(), &email(to, locale, n)).unwrap();
        let sent = mailer.send(&message).await.unwrap();
        assert_eq!(sent.code, Some(250));
        assert!(sent.reply.contains("queued as"), "{}", sent.reply);
        assert_eq!(sent.message_id, format!("<c7.m{n}@fenland.example>"));
    }

    let got = sink.messages();
    assert_eq!(got.len(), recipients.len());
    for ((path, text), (to, locale)) in got.iter().zip(recipients) {
        assert!(header(text, "To").unwrap().contains(to));
        assert_eq!(header(text, "Content-Language").unwrap(), locale);
        let out = Command::new("python3")
            .arg(script("dkim_verify.py"))
            .arg(path)
            .arg(record)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.trim_end().ends_with("ok"),
            "dkimpy: {stdout}{}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        let signature = header(text, "DKIM-Signature").unwrap();
        let h: String = signature
            .split(';')
            .map(str::trim)
            .find_map(|t| t.strip_prefix("h="))
            .unwrap()
            .split_whitespace()
            .collect();
        let signed: Vec<&str> = h.split(':').collect();
        assert!(
            signed.contains(&"list-unsubscribe") && signed.contains(&"list-unsubscribe-post"),
            "{h}"
        );
    }

    // A message changed on the way no longer verifies: the check above is not vacuous.
    let (path, text) = &got[0];
    let tampered = text.replace(
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "List-Unsubscribe-Post: List-Unsubscribe=Two-Click",
    );
    assert_ne!(&tampered, text);
    std::fs::write(path, tampered).unwrap();
    let out = Command::new("python3")
        .arg(script("dkim_verify.py"))
        .arg(path)
        .arg(record)
        .output()
        .unwrap();
    assert!(!out.status.success());
    mailer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_451_are_transient_and_550_permanent() {
    let sink = SmtpSink::start(&["--tempfail-every", "3", "--reject", "gone@example.org"]);
    let mailer = Mailer::from_config(
        &email_config(&relay_vars(&sink)),
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap();
    let send = |to: &'static str, n: usize| {
        let mailer = mailer.clone();
        async move {
            let m = build_message(mailer.sender(), &email(to, "en", n)).unwrap();
            mailer.send(&m).await
        }
    };
    assert!(send("a@example.org", 1).await.is_ok());
    assert!(send("b@example.org", 2).await.is_ok());
    match send("c@example.org", 3).await {
        Err(SendError::Transient {
            code: Some(451),
            reply,
        }) => assert!(reply.contains("try again later"), "{reply}"),
        other => panic!("expected a transient 451, got {other:?}"),
    }
    match send("gone@example.org", 4).await {
        Err(e @ SendError::Permanent { .. }) => {
            assert_eq!(e.code(), Some(550));
            assert!(e.reply().contains("User unknown"), "{e}");
            assert!(!e.retryable());
        }
        other => panic!("expected a permanent 550, got {other:?}"),
    }
    // The connection the 451 closed is replaced: the next message goes.
    assert!(send("c@example.org", 3).await.is_ok());
    assert_eq!(sink.messages().len(), 3);
}

/// A relay that answers 451 to every third recipient still gets every message, each once, when each
/// transient failure goes back to the queue and the limiter paces the retries (its clock is simulated:
/// the relay does not care how long the pauses would have been).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_arrives_through_451s_with_the_limiter() {
    let sink = SmtpSink::start(&["--tempfail-every", "3"]);
    let mailer = Mailer::from_config(
        &email_config(&relay_vars(&sink)),
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap();
    let mut limiter = SendLimiter::new(50, 20_000);
    let mut queue: std::collections::VecDeque<usize> = (0..12).collect();
    let mut now = Instant::now();
    let (mut transient, mut slowest) = (0, 1.0f64);
    while let Some(n) = queue.pop_front() {
        if let Err(wait) = limiter.acquire(now) {
            now += wait;
            queue.push_front(n);
            continue;
        }
        let to = format!("r{n}@example.org");
        let m = build_message(mailer.sender(), &email(&to, "en", n)).unwrap();
        match mailer.send(&m).await {
            Ok(_) => limiter.record_success(),
            Err(SendError::Transient { code, .. }) => {
                assert_eq!(code, Some(451));
                transient += 1;
                limiter.record_transient(now);
                slowest = slowest.max(limiter.factor());
                queue.push_back(n);
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert!(transient >= 4, "{transient} transient failures");
    assert!(slowest >= 2.0);
    let log = std::fs::read_to_string(sink.dir.path().join("received.log")).unwrap();
    let mut got: Vec<&str> = log.lines().map(|l| l.split_once(' ').unwrap().1).collect();
    got.sort();
    let mut want: Vec<String> = (0..12).map(|n| format!("r{n}@example.org")).collect();
    want.sort();
    assert_eq!(got, want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_reports_an_unreachable_relay_a_refused_login_and_a_missing_starttls() {
    // Unreachable: a port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = tempfile::tempdir().unwrap();
    let mailer = Mailer::from_config(
        &email_config(&[
            (
                "BEACON_CHANNELS__EMAIL__SMTP_URL",
                format!("smtp://127.0.0.1:{port}"),
            ),
            (
                "BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT",
                "true".into(),
            ),
        ]),
        data.path(),
    )
    .unwrap();
    match mailer.check().await {
        Err(SendError::Transient { code: None, reply }) => {
            assert!(reply.contains("could not reach"), "{reply}")
        }
        other => panic!("expected a transient error, got {other:?}"),
    }

    // A refused login: the relay's 535, and the password nowhere in the error.
    let sink = SmtpSink::start(&["--auth", "beacon:right-password"]);
    let password = "wrong-hunter2-password";
    let mut vars = relay_vars(&sink);
    vars.extend([
        ("BEACON_CHANNELS__EMAIL__SMTP_USERNAME", "beacon".into()),
        ("BEACON_CHANNELS__EMAIL__SMTP_PASSWORD", password.into()),
    ]);
    let mailer = Mailer::from_config(&email_config(&vars), data.path()).unwrap();
    let err = mailer.check().await.unwrap_err();
    assert!(
        matches!(
            err,
            SendError::Relay {
                code: Some(535),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.retryable());
    let shown = format!("{err} {err:?} {mailer:?}");
    let b64 = base64::engine::general_purpose::STANDARD;
    for secret in [
        password.to_string(),
        b64.encode(password),
        b64.encode(format!("\0beacon\0{password}")),
    ] {
        assert!(!shown.contains(&secret), "{shown}");
    }
    // The same failure when sending: the message is not at fault.
    let m = build_message(mailer.sender(), &email("a@example.org", "en", 1)).unwrap();
    assert!(matches!(
        mailer.send(&m).await,
        Err(SendError::Relay {
            code: Some(535),
            ..
        })
    ));
    // The right login passes, and sends.
    vars[3].1 = "right-password".into();
    let mailer = Mailer::from_config(&email_config(&vars), data.path()).unwrap();
    mailer.check().await.unwrap();
    mailer.send(&m).await.unwrap();
    assert_eq!(sink.messages().len(), 1);

    // smtp:// without the plain-text flag requires STARTTLS, which the sink does not offer.
    let vars = [("BEACON_CHANNELS__EMAIL__SMTP_URL", sink.url())];
    let mailer = Mailer::from_config(&email_config(&vars), data.path()).unwrap();
    match mailer.check().await {
        Err(SendError::Relay { code: None, reply }) => {
            assert!(reply.contains("STARTTLS"), "{reply}")
        }
        other => panic!("expected STARTTLS to be required, got {other:?}"),
    }
}

/// A relay that accepts the connection and then says nothing: `check` and `send` give up after
/// `timeout_ms` with a transient error instead of waiting for ever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_relay_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let mailer = Mailer::from_config(
        &email_config(&[
            (
                "BEACON_CHANNELS__EMAIL__SMTP_URL",
                format!("smtp://127.0.0.1:{port}"),
            ),
            (
                "BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT",
                "true".into(),
            ),
            ("BEACON_CHANNELS__EMAIL__TIMEOUT_MS", "300".into()),
        ]),
        tempfile::tempdir().unwrap().path(),
    )
    .unwrap();
    let started = Instant::now();
    let err = mailer.check().await.unwrap_err();
    assert!(
        matches!(err, SendError::Transient { code: None, .. }),
        "{err:?}"
    );
    assert!(err.reply().contains("300 ms"), "{err}");
    let m = build_message(mailer.sender(), &email("a@example.org", "en", 1)).unwrap();
    assert!(matches!(
        mailer.send(&m).await,
        Err(SendError::Transient { code: None, .. })
    ));
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// No relay configured: each message becomes an `.eml` file in `<data_dir>/outbox/`.
#[tokio::test]
async fn without_a_relay_messages_go_to_the_outbox_folder() {
    let data = tempfile::tempdir().unwrap();
    let mailer = Mailer::from_config(&email_config(&[]), data.path()).unwrap();
    assert!(mailer.is_outbox());
    mailer.check().await.unwrap();
    let m = build_message(mailer.sender(), &email("ona@example.org", "lt", 9)).unwrap();
    let sent = mailer.send(&m).await.unwrap();
    assert_eq!(sent.code, None);
    let file = data.path().join(&sent.reply);
    assert!(sent.reply.starts_with("outbox/") && sent.reply.ends_with(".eml"));
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(
        header(&text, "List-Unsubscribe").unwrap(),
        "<https://beacon.example/email/unsubscribe/t9>"
    );
    assert_eq!(header(&text, "Message-ID").unwrap(), sent.message_id);
    let files = std::fs::read_dir(data.path().join("outbox"))
        .unwrap()
        .count();
    assert_eq!(files, 1, "check() leaves nothing behind");
}

/// `beacon email check`: the outbox folder is ready; an unreachable relay is named, with exit status 2 (as every error of the command line).
#[tokio::test]
async fn the_check_command_names_an_unreachable_relay() {
    let dir = tempfile::tempdir().unwrap();
    let ok = crate::support::beacon_command()
        .args(["email", "check"])
        .env("BEACON_PATHS__DATA_DIR", dir.path())
        .output()
        .await
        .unwrap();
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(out.contains("outbox") && out.contains("ready"), "{out}");
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let failed = crate::support::beacon_command()
        .args(["email", "check"])
        .env("BEACON_PATHS__DATA_DIR", dir.path())
        .env(
            "BEACON_CHANNELS__EMAIL__SMTP_URL",
            format!("smtp://127.0.0.1:{port}"),
        )
        .env("BEACON_CHANNELS__EMAIL__SMTP_ALLOW_PLAINTEXT", "true")
        .env("BEACON_CHANNELS__EMAIL__TIMEOUT_MS", "2000")
        .output()
        .await
        .unwrap();
    let err = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(2), "{err}");
    assert!(err.contains("relay failed the check"), "{err}");
}
