//! Documents Beacon lays out: partners' packs as HTML and PDF (`pack`), typeset with Typst compiled into
//! the binary (`typeset`).

pub mod pack;
pub mod typeset;
