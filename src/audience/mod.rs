//! Audiences: regions, population, community languages and geo-targets per platform. So far: regions
//! read from GeoJSON and filled with H3 cells.

pub mod regions;
