//! Counting attempts per client address, in memory only: nothing about clients is stored or logged.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::ShrinkableKeyedStateStore;
use governor::state::{InMemoryState, NotKeyed, StateStore};
use governor::{Quota, RateLimiter};

/// The keyed state: one atomic "theoretical arrival time" per key (governor's GCRA), in a concurrent map
/// the limiter shares with [`AttemptLimiter::release`] and the sweeper.
#[derive(Debug)]
struct Cells<K: Hash + Eq>(Arc<DashMap<K, InMemoryState>>);

impl<K: Hash + Eq + Clone> StateStore for Cells<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        self.0.measure_and_replace(key, f)
    }
}

impl<K: Hash + Eq + Clone> ShrinkableKeyedStateStore<K> for Cells<K> {
    fn retain_recent(&self, drop_below: Nanos) {
        ShrinkableKeyedStateStore::retain_recent(&*self.0, drop_below);
    }

    fn shrink_to_fit(&self) {
        self.0.shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

type Gcra<K> =
    RateLimiter<K, Cells<K>, DefaultClock, NoOpMiddleware<<DefaultClock as Clock>::Instant>>;

/// Allows `limit` attempts per key (a client address) at once, and then one more every `window / limit`:
/// on average `limit` per `window` (failed logins; public report submissions). This is governor's GCRA:
/// each key is one atomic word in a concurrent map, so an attempt costs the same with a thousand keys or a
/// million, and a key whose allowance is whole again is forgotten by [`Self::sweep`] (run every minute by
/// [`Self::sweep_every`]), so memory holds only the keys that attempted something within the last window.
#[derive(Debug)]
pub struct AttemptLimiter<K: Hash + Eq + Clone = IpAddr> {
    gcra: Arc<Gcra<K>>,
    cells: Arc<DashMap<K, InMemoryState>>,
    /// One attempt's share of the window (governor's emission interval): what a release gives back.
    interval: Nanos,
}

impl<K: Hash + Eq + Clone + Send + Sync + 'static> AttemptLimiter<K> {
    pub fn new(limit: u32, window: Duration) -> Self {
        let limit = NonZeroU32::new(limit.max(1)).expect("at least one");
        let quota = Quota::with_period(window / limit.get())
            .unwrap_or_else(|| Quota::per_second(limit))
            .allow_burst(limit);
        let cells = Arc::new(DashMap::new());
        let gcra = RateLimiter::new(quota, Cells(cells.clone()), DefaultClock::default());
        Self {
            gcra: Arc::new(gcra),
            cells,
            interval: quota.replenish_interval().into(),
        }
    }

    /// Counts an attempt by `key` before it is checked, if the key has attempts left: the check and the
    /// count are one atomic step, so a burst of parallel attempts cannot all pass the check before any is
    /// counted. `Err(wait)` when the key has used up its attempts: how long until it has one again (at
    /// least a second).
    pub fn try_acquire(&self, key: K) -> Result<(), Duration> {
        self.gcra.check_key(&key).map_err(|not_until| {
            round_up_to_seconds(not_until.wait_time_from(self.gcra.clock().now()))
        })
    }

    /// Gives back the attempt [`Self::try_acquire`] counted, when it turned out not to be a failure: the
    /// key's arrival time moves back by one attempt's share, exactly undoing the count (governor itself
    /// cannot un-count).
    pub fn release(&self, key: K) {
        if let Some(cell) = self.cells.get(&key) {
            let interval = self.interval;
            let _ = cell.measure_and_replace(&NotKeyed::NonKey, |tat| {
                let tat = tat.unwrap_or_else(|| Nanos::from(0u64));
                Ok::<_, ()>(((), tat.saturating_sub(interval)))
            });
        }
    }

    /// Forgets the keys whose allowance is whole again and returns the map's spare memory.
    pub fn sweep(&self) {
        self.gcra.retain_recent();
        self.gcra.shrink_to_fit();
    }

    /// How many keys are remembered now.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Runs [`Self::sweep`] every `every` on the current Tokio runtime, until the limiter is dropped.
    pub fn sweep_every(&self, every: Duration) {
        let gcra: Weak<Gcra<K>> = Arc::downgrade(&self.gcra);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                let Some(gcra) = gcra.upgrade() else { break };
                gcra.retain_recent();
                gcra.shrink_to_fit();
            }
        });
    }
}

fn sweep_accounts(accounts: &Mutex<HashMap<String, AccountFailures>>, window: Duration) {
    let now = Instant::now();
    let mut map = accounts.lock().unwrap_or_else(|p| p.into_inner());
    map.retain(|_, f| f.times.iter().any(|t| now.duration_since(*t) < window));
    map.shrink_to_fit();
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
    accounts: Arc<Mutex<HashMap<String, AccountFailures>>>,
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
            accounts: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Forgets the accounts with no failure within the window (run every minute by
    /// [`Self::sweep_every`], not on each attempt, so an attempt's cost does not grow with the accounts).
    pub fn sweep(&self) {
        sweep_accounts(&self.accounts, self.window);
    }

    /// Runs [`Self::sweep`] every `every` on the current Tokio runtime, until the back-off is dropped.
    pub fn sweep_every(&self, every: Duration) {
        let accounts = Arc::downgrade(&self.accounts);
        let window = self.window;
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                let Some(accounts) = accounts.upgrade() else {
                    break;
                };
                sweep_accounts(&accounts, window);
            }
        });
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
        assert!(l.try_acquire(a).is_ok());
        assert!(l.try_acquire(a).is_ok());
        assert!(l.try_acquire(a).is_err());
        assert!(l.try_acquire(b).is_ok());
    }

    #[test]
    fn parallel_attempts_never_pass_the_limit() {
        let l = std::sync::Arc::new(AttemptLimiter::new(5, Duration::from_secs(60)));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let handles: Vec<_> = (0..100)
            .map(|_| {
                let l = l.clone();
                std::thread::spawn(move || l.try_acquire(a).is_ok())
            })
            .collect();
        let passed = handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|ok| *ok)
            .count();
        assert_eq!(passed, 5);
        l.release(a);
        assert!(
            l.try_acquire(a).is_ok(),
            "a released attempt can be used again"
        );
    }

    #[test]
    fn the_wait_names_when_the_next_attempt_is_allowed() {
        let l = AttemptLimiter::new(2, Duration::from_secs(60));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(l.try_acquire(a).is_ok() && l.try_acquire(a).is_ok());
        // Two a minute: one more every 30 seconds.
        let wait = l.try_acquire(a).unwrap_err();
        assert!(
            wait > Duration::from_secs(28) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
    }

    #[test]
    fn a_release_undoes_exactly_one_count() {
        let l = AttemptLimiter::new(3, Duration::from_secs(3600));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..10 {
            assert!(l.try_acquire(a).is_ok());
            l.release(a);
        }
        // Ten successes spent nothing, and earned nothing beyond the limit either.
        assert!((0..3).all(|_| l.try_acquire(a).is_ok()));
        assert!(l.try_acquire(a).is_err());
        // A release for a key never seen adds nothing.
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        l.release(b);
        l.release(b);
        assert!((0..3).all(|_| l.try_acquire(b).is_ok()));
        assert!(l.try_acquire(b).is_err());
    }

    #[test]
    fn a_sweep_forgets_keys_whose_allowance_is_whole_again() {
        let l = AttemptLimiter::new(2, Duration::from_millis(40));
        for i in 0..1000u32 {
            assert!(
                l.try_acquire(IpAddr::from(std::net::Ipv4Addr::from(i)))
                    .is_ok()
            );
        }
        assert_eq!(l.len(), 1000);
        l.sweep();
        assert_eq!(l.len(), 1000, "every key still counts an attempt");
        std::thread::sleep(Duration::from_millis(60));
        l.sweep();
        assert!(l.is_empty());
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
        assert!(l.try_acquire(a).is_ok());
        assert!(l.try_acquire(a).is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(l.try_acquire(a).is_ok());
    }
}
