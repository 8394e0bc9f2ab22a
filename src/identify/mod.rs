//! Identify and predict: incidents and community reports in, hotspots, routes, emerging hotspots and a
//! forecast out. Pure computation: no SQL and no HTTP here (`store/` and `web/` are the edges).
//!
//! * [`incidents`]: the incident model, its import formats (`import/`), anonymous community reports
//!   (`community`) and the command line's point CSVs (`points`);
//! * [`analysis`]: what is computed from incidents: study cells, statistics, hotspots, the space-time
//!   cube and emerging hotspots, the forecast, routes and small-number suppression.
//!
//! Storing imports and reads go through `services::incidents` and `services::analyses`.

pub mod analysis;
pub mod incidents;
