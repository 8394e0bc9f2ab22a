//! Beacon: geo-targeted awareness campaigns for charities fighting human trafficking.
//!
//! The code follows the flow in `ARCHITECTURE.md`: `identify` → `audience` → `content` → `campaign`
//! → `channels` → `measure` → `report`, with `web` (HTTP) and `store` (SQL) as the edges.

pub mod accounts;
pub mod app;
pub mod audience;
pub mod campaign;
pub mod channels;
pub mod cli;
pub mod config;
pub mod content;
pub mod demo;
pub mod geodesy;
pub mod identify;
pub mod map;
pub mod measure;
pub mod message;
pub mod packs;
pub mod places;
pub mod report;
pub mod services;
pub mod store;
pub mod subscribers;
pub mod tabular;
pub mod web;
pub mod worker;
pub mod xml;
