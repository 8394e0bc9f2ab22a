//! Counting attempts per client address, in memory only: nothing about clients is stored or logged.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Allows at most `limit` recorded attempts per address in a sliding `window` (failed logins; public
/// report submissions).
#[derive(Debug)]
pub struct AttemptLimiter {
    limit: u32,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

impl AttemptLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt by `addr` before it is checked, if the address has attempts left: the check and
    /// the count are one step under the lock, so a burst of parallel attempts cannot all pass the check
    /// before any is counted. False when the address has used up its attempts.
    pub fn try_acquire(&self, addr: IpAddr) -> bool {
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

    /// Gives back the attempt [`Self::try_acquire`] counted, when it turned out not to be a failure.
    pub fn release(&self, addr: IpAddr) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(times) = map.get_mut(&addr) {
            times.pop();
            if times.is_empty() {
                map.remove(&addr);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_only_that_address() {
        let l = AttemptLimiter::new(2, Duration::from_secs(60));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(l.try_acquire(a));
        assert!(l.try_acquire(a));
        assert!(!l.try_acquire(a));
        assert!(l.try_acquire(b));
    }

    #[test]
    fn parallel_attempts_never_pass_the_limit() {
        let l = std::sync::Arc::new(AttemptLimiter::new(5, Duration::from_secs(60)));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let handles: Vec<_> = (0..100)
            .map(|_| {
                let l = l.clone();
                std::thread::spawn(move || l.try_acquire(a))
            })
            .collect();
        let passed = handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|ok| *ok)
            .count();
        assert_eq!(passed, 5);
        l.release(a);
        assert!(l.try_acquire(a), "a released attempt can be used again");
    }

    #[test]
    fn failures_expire() {
        let l = AttemptLimiter::new(1, Duration::from_millis(20));
        let a: IpAddr = "::1".parse().unwrap();
        assert!(l.try_acquire(a));
        assert!(!l.try_acquire(a));
        std::thread::sleep(Duration::from_millis(30));
        assert!(l.try_acquire(a));
    }
}
