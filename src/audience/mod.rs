//! Audiences: regions (H3 cell sets), population, community languages, geo-targets per platform, and the
//! audience itself (region × locales × demographics) with its frozen snapshots.

pub mod cellset;
pub mod languages;
pub mod platforms;
pub mod population;
pub mod records;
pub mod regions;
pub mod sizing;
pub mod targets;
