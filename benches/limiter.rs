//! The cost of counting one attempt (`AttemptLimiter::try_acquire`) when the limiter already remembers 1,000
//! or 1,000,000 distinct client addresses, beside the implementation it replaced (a `HashMap` of `Vec`s
//! under one mutex that rescanned the whole map on every attempt past 10,000 keys; copied below as it was).
//! Each attempt is by the next address in turn, so most are refused once every address has used its five
//! (an attacker's flood), and both sides start from the same remembered addresses.
//!
//! Run with `cargo bench --bench limiter`.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use beacon::web::limiter::AttemptLimiter;
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

/// The limiter before governor, unchanged but for a constructor that fills it without its quadratic cost.
struct OldLimiter<K = IpAddr> {
    limit: u32,
    window: Duration,
    failures: Mutex<HashMap<K, Vec<Instant>>>,
}

impl<K: Hash + Eq + Clone> OldLimiter<K> {
    fn filled(limit: u32, window: Duration, keys: impl Iterator<Item = K>) -> Self {
        let now = Instant::now();
        Self {
            limit,
            window,
            failures: Mutex::new(keys.map(|k| (k, vec![now])).collect()),
        }
    }

    fn try_acquire(&self, addr: K) -> bool {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < self.window));
        }
        let times = map.entry(addr).or_default();
        times.retain(|t| now.duration_since(*t) < self.window);
        if times.len() as u32 >= self.limit {
            return false;
        }
        times.push(now);
        true
    }
}

fn addr(i: u32) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i))
}

fn bench_limiter(c: &mut Criterion) {
    let window = Duration::from_secs(3600);
    let mut group = c.benchmark_group("limiter");
    group.throughput(Throughput::Elements(1));
    for (label, keys) in [("1k", 1_000u32), ("1M", 1_000_000)] {
        let limiter = AttemptLimiter::new(5, window);
        for i in 0..keys {
            let _ = limiter.try_acquire(addr(i));
        }
        let mut i = 0u32;
        group.sampling_mode(SamplingMode::Auto);
        group.measurement_time(Duration::from_secs(5));
        group.sample_size(50);
        group.bench_function(BenchmarkId::new("governor", label), |b| {
            b.iter(|| {
                i = (i + 1) % keys;
                limiter.try_acquire(addr(i)).is_ok()
            })
        });
        drop(limiter);

        let old = OldLimiter::filled(5, window, (0..keys).map(addr));
        let mut i = 0u32;
        // Past 10,000 keys one attempt takes milliseconds: few equal samples are enough.
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.bench_function(BenchmarkId::new("old", label), |b| {
            b.iter(|| {
                i = (i + 1) % keys;
                old.try_acquire(addr(i))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_limiter);
criterion_main!(benches);
