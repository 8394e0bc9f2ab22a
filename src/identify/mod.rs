//! Identify and predict: incidents and community reports in, hotspots, routes, emerging hotspots and a
//! forecast out. Pure computation: no SQL and no HTTP here (`store/` and `web/` are the edges).

pub mod hotspots;
pub mod incident;
pub mod privacy;
pub mod reports;
