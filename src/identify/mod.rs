//! Identify and predict: incidents and community reports in, hotspots, routes, emerging hotspots and a
//! forecast out. Pure computation: no SQL and no HTTP here (`store/` and `web/` are the edges).

pub mod cells;
pub mod emerging;
pub mod forecast;
pub mod hotspots;
pub mod import;
pub mod incident;
pub mod points;
pub mod privacy;
pub mod reports;
pub mod routes;
pub mod space_time;
pub mod stats;
