//! HTTP stand-ins for the ad platforms, on 127.0.0.1 port 0: they follow the vendors' documented request,
//! reply and error shapes, keep what is created (so look-ups by name work), record every request and take
//! faults to inject into the next matching request.

pub mod google;
pub mod meta;

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the stand-in received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A fault for the next request whose `METHOD path` contains `on`.
#[derive(Debug, Clone)]
pub struct Fault<K> {
    pub on: String,
    pub kind: K,
}

/// Faults waiting for their request, and the requests seen.
#[derive(Debug)]
pub struct Log<K> {
    pub requests: Vec<Recorded>,
    pub faults: Vec<Fault<K>>,
}

impl<K: Clone> Log<K> {
    pub fn new() -> Self {
        Self {
            requests: Vec::new(),
            faults: Vec::new(),
        }
    }

    /// Records the request and takes the first fault meant for it.
    pub fn arrive(&mut self, r: Recorded) -> Option<K> {
        let line = format!("{} {}", r.method, r.uri.split('?').next().unwrap_or(""));
        self.requests.push(r);
        let i = self.faults.iter().position(|f| line.contains(&f.on))?;
        Some(self.faults.remove(i).kind)
    }
}

/// Starts `router` on 127.0.0.1 port 0 and returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}

pub type Shared<T> = Arc<Mutex<T>>;

/// Longer than any client timeout the tests set.
pub const HANG: Duration = Duration::from_secs(5);

/// Reads the parts of a request the stand-ins record.
pub fn record(
    method: &axum::http::Method,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> Recorded {
    Recorded {
        method: method.to_string(),
        uri: uri.to_string(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body: String::from_utf8_lossy(body).into_owned(),
    }
}
