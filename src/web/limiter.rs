//! Counting attempts per client address, in memory only: nothing about clients is stored or logged.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Allows at most `limit` recorded attempts per key (a client address) in a sliding `window` (failed
/// logins; public report submissions).
#[derive(Debug)]
pub struct AttemptLimiter<K = IpAddr> {
    limit: u32,
    window: Duration,
    failures: Mutex<HashMap<K, Vec<Instant>>>,
}

impl<K: Hash + Eq + Clone> AttemptLimiter<K> {
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
    pub fn try_acquire(&self, addr: K) -> bool {
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
    pub fn release(&self, addr: K) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(times) = map.get_mut(&addr) {
            times.pop();
            if times.is_empty() {
                map.remove(&addr);
            }
        }
    }

    /// How long until `addr` has an attempt again (at least a second; zero when it has one now).
    pub fn retry_after(&self, addr: &K) -> Duration {
        let now = Instant::now();
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(times) = map.get(addr) else {
            return Duration::ZERO;
        };
        let live: Vec<&Instant> = times
            .iter()
            .filter(|t| now.duration_since(**t) < self.window)
            .collect();
        if (live.len() as u32) < self.limit {
            return Duration::ZERO;
        }
        // The oldest live attempt leaves the window first.
        let oldest = live.iter().min().map_or(now, |t| **t);
        round_up_to_seconds(self.window.saturating_sub(now.duration_since(oldest)))
    }
}

/// An account as logins name it: the e-mail address trimmed and in lower case, as the login looks it up.
fn account_key(account: &str) -> String {
    account.trim().to_lowercase()
}

fn round_up_to_seconds(d: Duration) -> Duration {
    let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    Duration::from_secs(secs.max(1))
}

/// Failed logins per account, in memory only. The per-address limit ([`AttemptLimiter`]) bounds one
/// client; this slows a guesser spread over many addresses without letting one client lock anyone out:
///
/// - every failed login for an account in the last `window` counts towards the account's total `n`;
/// - once `n` has reached `free`, an address that has already failed for the account must wait
///   `2^(n - free + 1)` seconds (at most `cap`) after its own last failure before it may try that account
///   again;
/// - an address that has never failed for the account is not held back, so the member of staff logging in
///   from their own address is not locked out by an attacker elsewhere; a successful login clears that
///   address's failures for the account.
///
/// Like [`AttemptLimiter::try_acquire`], an attempt is counted before the password is checked (one step
/// under the lock) and given back when it succeeds, so a parallel burst cannot slip past.
#[derive(Debug)]
pub struct AccountBackoff {
    free: u32,
    cap: Duration,
    window: Duration,
    accounts: Mutex<HashMap<String, AccountFailures>>,
}

#[derive(Debug, Default)]
struct AccountFailures {
    /// When each failure (or attempt still being checked) happened.
    times: Vec<Instant>,
    /// Each address's failures for this account: when, newest last.
    by_address: HashMap<IpAddr, Vec<Instant>>,
}

impl AccountBackoff {
    pub fn new(free: u32, cap: Duration, window: Duration) -> Self {
        Self {
            free,
            cap,
            window,
            accounts: Mutex::new(HashMap::new()),
        }
    }

    /// The wait the account's total `n` failures impose on an address that has failed for it.
    fn wait_for(&self, n: u32) -> Duration {
        if n < self.free {
            return Duration::ZERO;
        }
        let exponent = (n - self.free + 1).min(30);
        Duration::from_secs(1u64 << exponent).min(self.cap)
    }

    /// Counts an attempt on `account` from `addr` before the password is checked. `Err(wait)` when `addr`
    /// must wait before it may try this account again.
    pub fn try_acquire(&self, account: &str, addr: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut map = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, f| f.times.iter().any(|t| now.duration_since(*t) < self.window));
        }
        let entry = map.entry(account_key(account)).or_default();
        entry.times.retain(|t| now.duration_since(*t) < self.window);
        entry.by_address.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < self.window);
            !times.is_empty()
        });
        if let Some(last) = entry.by_address.get(&addr).and_then(|t| t.last()) {
            let wait = self.wait_for(entry.times.len() as u32);
            let waited = now.duration_since(*last);
            if waited < wait {
                return Err(round_up_to_seconds(wait - waited));
            }
        }
        entry.times.push(now);
        entry.by_address.entry(addr).or_default().push(now);
        Ok(())
    }

    /// The attempt counted by [`Self::try_acquire`] succeeded: it is given back, and the address's earlier
    /// failures for the account are forgiven.
    pub fn succeeded(&self, account: &str, addr: IpAddr) {
        let key = account_key(account);
        let mut map = self.accounts.lock().unwrap_or_else(|p| p.into_inner());
        let Some(entry) = map.get_mut(&key) else {
            return;
        };
        if let Some(times) = entry.by_address.remove(&addr)
            && let Some(last) = times.last()
            && let Some(i) = entry.times.iter().rposition(|t| t == last)
        {
            entry.times.remove(i);
        }
        if entry.times.is_empty() {
            map.remove(&key);
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
    fn retry_after_names_when_the_oldest_attempt_leaves_the_window() {
        let l = AttemptLimiter::new(2, Duration::from_secs(60));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(l.retry_after(&a), Duration::ZERO);
        assert!(l.try_acquire(a) && l.try_acquire(a));
        let wait = l.retry_after(&a);
        assert!(wait > Duration::from_secs(58) && wait <= Duration::from_secs(60));
    }

    #[test]
    fn an_account_backs_off_only_for_addresses_that_failed_for_it() {
        let b = AccountBackoff::new(5, Duration::from_secs(900), Duration::from_secs(3600));
        let attacker: IpAddr = "203.0.113.66".parse().unwrap();
        let staff: IpAddr = "198.51.100.7".parse().unwrap();
        for _ in 0..5 {
            assert!(b.try_acquire("alice@x.org", attacker).is_ok());
        }
        let wait = b.try_acquire(" Alice@x.org ", attacker).unwrap_err();
        assert_eq!(wait, Duration::from_secs(2));
        // Another account, or this one from a clean address, is not held back.
        assert!(b.try_acquire("bob@x.org", attacker).is_ok());
        assert!(b.try_acquire("alice@x.org", staff).is_ok());
        b.succeeded("alice@x.org", staff);
        assert!(b.try_acquire("alice@x.org", staff).is_ok());
        // Each failure doubles the wait, up to the cap.
        assert_eq!(b.wait_for(5), Duration::from_secs(2));
        assert_eq!(b.wait_for(6), Duration::from_secs(4));
        assert_eq!(b.wait_for(40), Duration::from_secs(900));
    }

    #[test]
    fn a_parallel_burst_on_one_account_gets_the_free_attempts_only() {
        let b = std::sync::Arc::new(AccountBackoff::new(
            5,
            Duration::from_secs(900),
            Duration::from_secs(3600),
        ));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let handles: Vec<_> = (0..100)
            .map(|_| {
                let b = b.clone();
                std::thread::spawn(move || b.try_acquire("alice@x.org", a).is_ok())
            })
            .collect();
        let passed = handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|ok| *ok)
            .count();
        assert_eq!(passed, 5);
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
