//! Measure: what a campaign reached and changed. Pure: the survey statistics (`stats`), a survey file's
//! statistics for the command line (`file`), and reach across channels (`reach`).

pub mod file;
pub mod reach;
pub mod stats;
pub mod survey;
