//! Integration tests: the real app on port 0, a fresh database per test (a temporary SQLite file, or a
//! new PostgreSQL database), real HTTP, a real browser. Each test runs on both backends.

mod support;

mod api;
mod audience;
mod audit;
mod browser;
mod campaign_email;
mod campaigns;

mod channels;
mod cli;
mod content;
mod durability;
mod email;
mod identify;
mod impact;
mod jobs;
mod limits;
mod measure;
mod packs;
mod pages;
mod privacy;
mod pseudo;
mod regions;
mod reliability;
mod roles;
mod schedule;
mod subscribers;
mod surveys;
mod timing;
