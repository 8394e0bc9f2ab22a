//! Measure: what a campaign reached and changed. Pure: the survey statistics (`stats`), a survey file's
//! statistics for the command line (`file`), survey definitions and their one reader of answers
//! (`survey`), answers imported from Google Forms and KoboToolbox/ODK exports (`import`), and reach
//! across channels (`reach`).

pub mod file;
pub mod import;
pub mod reach;
pub mod stats;
pub mod survey;
