//! People reached across channels. Each platform reports its own deduplicated reach; across channels
//! Beacon cannot see who saw what, so it assumes the overlap is random within the audience (the Sainsbury
//! formula): of an audience of `N`, channels reaching `r₁ … rₖ` reach together `N·(1 − Π(1 − rᵢ/N))`, and
//! never more than `N`. The plain sum is given beside it, as the most the channels could have reached.

use serde::Serialize;

/// Unique people reached across channels, and how it was estimated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReachEstimate {
    /// The audience the channels shared.
    pub audience: f64,
    /// Each channel's own reach, as given.
    pub channels: Vec<f64>,
    /// The plain sum of the channels' reach (counts a person once per channel).
    pub sum: f64,
    /// The Sainsbury estimate of unique people reached.
    pub unique: f64,
    /// Channels whose reach was larger than the audience, taken as the whole audience.
    pub capped: usize,
}

/// The Sainsbury estimate of unique reach for an audience of `audience` people.
pub fn sainsbury(audience: f64, channels: &[f64]) -> ReachEstimate {
    let n = audience.max(0.0);
    let mut capped = 0;
    let mut missed = 1.0;
    for &r in channels {
        let r = r.max(0.0);
        if r > n {
            capped += 1;
        }
        if n > 0.0 {
            missed *= 1.0 - (r.min(n) / n);
        }
    }
    let unique = if n > 0.0 { n * (1.0 - missed) } else { 0.0 };
    ReachEstimate {
        audience: n,
        channels: channels.to_vec(),
        sum: channels.iter().map(|r| r.max(0.0)).sum(),
        unique: unique.min(n),
        capped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_overlap_within_the_audience() {
        // Two channels each reaching half of 1,000: a quarter saw both, so 750 are reached.
        let e = sainsbury(1000.0, &[500.0, 500.0]);
        assert!((e.unique - 750.0).abs() < 1e-9);
        assert_eq!(e.sum, 1000.0);
        // One channel: its own reach.
        assert!((sainsbury(1000.0, &[320.0]).unique - 320.0).abs() < 1e-9);
        // Never more than the audience, and a reach over it is capped and said.
        let e = sainsbury(1000.0, &[1500.0, 200.0]);
        assert_eq!((e.unique, e.capped), (1000.0, 1));
        assert_eq!(sainsbury(0.0, &[10.0]).unique, 0.0);
        assert_eq!(sainsbury(1000.0, &[]).unique, 0.0);
    }
}
