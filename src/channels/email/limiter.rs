//! How fast e-mail may go: a pure limiter the sending job asks before each message, driven by the clock it
//! is given (tests pass their own instants; nothing here sleeps or reads the time).
//!
//! Two sliding windows and a back-off:
//! - at most `per_second` messages in any window of one second, and at most `per_hour` in any window of an
//!   hour (`channels.email.per_second`, `per_hour`);
//! - a 4xx reply from the relay ([`SendLimiter::record_transient`]) doubles the back-off factor (up to
//!   [`MAX_FACTOR`]), which divides the per-second rate (below one a second it becomes one message every
//!   `factor / per_second` seconds), and pauses sending for 1 s, 2 s, 4 s… for consecutive 4xx replies (at
//!   most [`MAX_PAUSE`]);
//! - every accepted message ([`SendLimiter::record_success`]) ends the run of 4xx replies and lowers the
//!   factor by [`SUCCESS_DECAY`], so the rate comes back to `per_second` after some forty successes from the
//!   slowest.
//!
//! Nothing stalls for good: every refusal says how long to wait, and that wait is at most an hour.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::config::EmailChannelConfig;

/// The largest back-off factor: at most 64 times slower than `per_second`.
pub const MAX_FACTOR: f64 = 64.0;
/// What one success multiplies the back-off factor by (never below 1).
pub const SUCCESS_DECAY: f64 = 0.9;
/// The pause after the first 4xx reply of a run; it doubles with each further one.
pub const FIRST_PAUSE: Duration = Duration::from_secs(1);
/// The longest pause after a run of 4xx replies.
pub const MAX_PAUSE: Duration = Duration::from_secs(300);

const SECOND: Duration = Duration::from_secs(1);
const HOUR: Duration = Duration::from_secs(3600);

/// The sending limits of one sender. Not shared by itself: a job that sends from several tasks keeps it in a
/// `Mutex` and calls [`acquire`](Self::acquire) before each message.
#[derive(Debug, Clone)]
pub struct SendLimiter {
    per_second: u32,
    per_hour: u32,
    /// The latest sends, newest last; at most `per_second` kept.
    recent: VecDeque<Instant>,
    /// The sends of the last hour, newest last; at most `per_hour` kept.
    hour: VecDeque<Instant>,
    factor: f64,
    strikes: u32,
    paused_until: Option<Instant>,
}

impl SendLimiter {
    /// A limiter allowing `per_second` messages in any second and `per_hour` in any hour (each at least 1).
    pub fn new(per_second: u32, per_hour: u32) -> Self {
        let per_second = per_second.max(1);
        let per_hour = per_hour.max(1);
        Self {
            per_second,
            per_hour,
            recent: VecDeque::with_capacity(per_second.min(4096) as usize),
            hour: VecDeque::new(),
            factor: 1.0,
            strikes: 0,
            paused_until: None,
        }
    }

    /// The limits of `[channels.email]`.
    pub fn from_config(config: &EmailChannelConfig) -> Self {
        Self::new(config.per_second, config.per_hour)
    }

    /// Takes a slot for one message at `now` (`Ok`: send it now), or says how long to wait before asking
    /// again (`Err`), taking nothing. `now` must not go backwards.
    pub fn acquire(&mut self, now: Instant) -> Result<(), Duration> {
        let mut wait = Duration::ZERO;
        if let Some(until) = self.paused_until {
            if until > now {
                wait = until - now;
            } else {
                self.paused_until = None;
            }
        }
        let (n, window) = self.short_window();
        if self.recent.len() >= n {
            let nth_latest = self.recent[self.recent.len() - n];
            wait = wait.max((nth_latest + window).saturating_duration_since(now));
        }
        while self.hour.front().is_some_and(|t| *t + HOUR <= now) {
            self.hour.pop_front();
        }
        if self.hour.len() >= self.per_hour as usize {
            let oldest = self.hour[self.hour.len() - self.per_hour as usize];
            wait = wait.max((oldest + HOUR).saturating_duration_since(now));
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        self.recent.push_back(now);
        while self.recent.len() > self.per_second as usize {
            self.recent.pop_front();
        }
        self.hour.push_back(now);
        while self.hour.len() > self.per_hour as usize {
            self.hour.pop_front();
        }
        Ok(())
    }

    /// The relay accepted a message: the run of 4xx replies is over and the rate recovers a little.
    pub fn record_success(&mut self) {
        self.strikes = 0;
        self.factor = (self.factor * SUCCESS_DECAY).max(1.0);
    }

    /// The relay answered 4xx (or could not be reached) at `now`: slow down and pause.
    pub fn record_transient(&mut self, now: Instant) {
        self.strikes = self.strikes.saturating_add(1);
        self.factor = (self.factor * 2.0).min(MAX_FACTOR);
        let pause = FIRST_PAUSE
            .saturating_mul(1u32 << (self.strikes - 1).min(16))
            .min(MAX_PAUSE);
        let until = now + pause;
        self.paused_until = Some(self.paused_until.map_or(until, |u| u.max(until)));
    }

    /// The back-off factor: 1 at full speed, up to [`MAX_FACTOR`].
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// Messages per second allowed now (before the hourly limit and any pause).
    pub fn rate(&self) -> f64 {
        f64::from(self.per_second) / self.factor
    }

    /// `(n, w)`: at most `n` sends in any window `w`, for the rate the factor leaves.
    fn short_window(&self) -> (usize, Duration) {
        let rate = self.rate();
        if rate >= 1.0 {
            (rate.floor() as usize, SECOND)
        } else {
            (1, SECOND.div_f64(rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn at_most_per_second_in_any_second() {
        let t0 = Instant::now();
        let mut l = SendLimiter::new(3, 1000);
        for i in 0..3 {
            assert_eq!(l.acquire(t0 + ms(i * 100)), Ok(()));
        }
        assert_eq!(l.acquire(t0 + ms(300)), Err(ms(700)));
        assert_eq!(l.acquire(t0 + ms(999)), Err(ms(1)));
        assert_eq!(l.acquire(t0 + ms(1000)), Ok(()));
        // Sliding: the second slot frees 100 ms later, not at the next whole second.
        assert_eq!(l.acquire(t0 + ms(1000)), Err(ms(100)));
        assert_eq!(l.acquire(t0 + ms(1100)), Ok(()));
    }

    #[test]
    fn at_most_per_hour_in_any_hour() {
        let t0 = Instant::now();
        let mut l = SendLimiter::new(100, 5);
        for i in 0..5 {
            assert_eq!(l.acquire(t0 + ms(i * 10)), Ok(()));
        }
        assert_eq!(l.acquire(t0 + ms(1000)), Err(HOUR - ms(1000)));
        assert_eq!(l.acquire(t0 + HOUR), Ok(()));
        assert_eq!(l.acquire(t0 + HOUR), Err(ms(10)));
        assert_eq!(l.acquire(t0 + HOUR + ms(10)), Ok(()));
    }

    #[test]
    fn a_refusal_takes_nothing() {
        let t0 = Instant::now();
        let mut l = SendLimiter::new(1, 10);
        assert_eq!(l.acquire(t0), Ok(()));
        for i in 1..100 {
            assert!(l.acquire(t0 + ms(i)).is_err());
        }
        assert_eq!(l.acquire(t0 + ms(1000)), Ok(()));
    }

    #[test]
    fn four_hundreds_slow_down_and_pause_and_successes_recover() {
        let t0 = Instant::now();
        let mut l = SendLimiter::new(10, 100_000);
        assert_eq!(l.acquire(t0), Ok(()));
        l.record_transient(t0);
        assert_eq!(l.factor(), 2.0);
        assert_eq!(l.acquire(t0 + ms(10)), Err(ms(990)));
        // After the 1 s pause, 5 a second instead of 10.
        let t1 = t0 + ms(1000);
        for i in 0..5 {
            assert_eq!(l.acquire(t1 + ms(i)), Ok(()));
        }
        assert_eq!(l.acquire(t1 + ms(5)), Err(ms(995)));
        // Three more in a row: pauses of 2, 4 and 8 s (the longest wins), factor 16.
        let t2 = t1 + ms(10);
        l.record_transient(t2);
        l.record_transient(t2);
        l.record_transient(t2);
        assert_eq!(l.factor(), 16.0);
        assert_eq!(l.acquire(t2), Err(ms(8000)));
        // Below one a second: one every 16/10 s.
        let t3 = t2 + ms(8000);
        assert_eq!(l.acquire(t3), Ok(()));
        assert_eq!(l.acquire(t3 + ms(1000)), Err(ms(600)));
        assert_eq!(l.acquire(t3 + ms(1600)), Ok(()));
        // Successes bring the rate back, never above per_second.
        for _ in 0..100 {
            l.record_success();
        }
        assert_eq!(l.factor(), 1.0);
        assert_eq!(l.rate(), 10.0);
        // The factor and the pause have ceilings.
        for _ in 0..40 {
            l.record_transient(t3);
        }
        assert_eq!(l.factor(), MAX_FACTOR);
        assert_eq!(l.acquire(t3), Err(MAX_PAUSE));
    }

    /// Greedy sending for two simulated hours at the shipped limits: no window ever holds too many, the
    /// hour's allowance is used, and every wait is finite.
    #[test]
    fn windows_hold_under_a_greedy_sender() {
        let (per_second, per_hour) = (50u32, 20_000u32);
        let t0 = Instant::now();
        let mut now = t0;
        let mut l = SendLimiter::new(per_second, per_hour);
        let mut sent: Vec<Instant> = Vec::new();
        while now < t0 + 2 * HOUR {
            match l.acquire(now) {
                Ok(()) => sent.push(now),
                Err(wait) => {
                    assert!(!wait.is_zero() && wait <= HOUR);
                    now += wait;
                }
            }
        }
        for (i, t) in sent.iter().enumerate() {
            let in_second = sent[i..].iter().take_while(|u| **u < *t + SECOND).count();
            assert!(in_second <= per_second as usize);
        }
        let in_first_hour = sent.iter().filter(|t| **t < t0 + HOUR).count();
        assert_eq!(in_first_hour, per_hour as usize);
        let mut start = 0;
        for (i, t) in sent.iter().enumerate() {
            while sent[start] + HOUR <= *t {
                start += 1;
            }
            assert!(i - start < per_hour as usize);
        }
    }
}
