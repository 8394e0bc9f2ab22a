//! Documents Beacon lays out: partners' packs as HTML and PDF (`pack`), the campaign impact report as
//! HTML, PDF, CSV, JSON and a zip (`impact`), typeset with Typst compiled into the binary (`typeset`).

pub mod impact;
pub mod pack;
pub mod typeset;
