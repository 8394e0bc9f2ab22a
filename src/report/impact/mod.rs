//! The campaign impact report, pure: the figures a service gathered ([`ImpactData`], numbers only) become
//! a document in one reader's language ([`document`] → [`ImpactDocument`], with its charts as SVG), laid
//! out as HTML (`templates/report/impact.html`) and PDF (`templates/report/impact.typ`), and the figures
//! themselves as CSV files, JSON and a zip of both ([`files`]).
//!
//! The same data gives the same bytes in every format: charts write coordinates with fixed decimals, the
//! PDF has no clock, the zip's entries have a fixed date.

pub mod charts;
pub mod data;
pub mod document;
pub mod files;

use std::path::{Path, PathBuf};

pub use data::ImpactData;
pub use document::{ImpactDocument, document};

use super::typeset::{TypesetError, Typesetter};
use crate::content::i18n::Locales;

/// The impact report's templates, loaded and checked once.
#[derive(Debug)]
pub struct ImpactRenderer {
    html: minijinja::Environment<'static>,
    pdf: Typesetter,
    html_path: PathBuf,
}

impl ImpactRenderer {
    /// Reads both templates from `<templates>/report/` and lays out [`ImpactData::sample`] in the default
    /// locale with each, so that a template that does not compile stops Beacon at start-up with its file
    /// and line.
    pub fn load(templates: &Path, locales: &Locales) -> Result<Self, TypesetError> {
        let html_path = templates.join("report").join("impact.html");
        let source = std::fs::read_to_string(&html_path).map_err(|e| TypesetError::Read {
            path: html_path.clone(),
            reason: e.to_string(),
        })?;
        let mut html = minijinja::Environment::new();
        html.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        html.add_template_owned("impact.html", source)
            .map_err(|e| template_error(&html_path, &e))?;
        let pdf = Typesetter::load(&templates.join("report").join("impact.typ"))?;
        let renderer = Self {
            html,
            pdf,
            html_path,
        };
        let sample = document(locales, &locales.default_locale(), &ImpactData::sample());
        renderer.html(&sample)?;
        renderer.pdf(&sample, "sample")?;
        Ok(renderer)
    }

    /// The report as one printable HTML page, its charts inline.
    pub fn html(&self, doc: &ImpactDocument) -> Result<String, TypesetError> {
        self.html
            .get_template("impact.html")
            .and_then(|t| t.render(minijinja::context! { doc => doc }))
            .map_err(|e| template_error(&self.html_path, &e))
    }

    /// The report as PDF, each chart handed to Typst as the SVG file its `file` names. `ident` names the
    /// document stably (the same ident and document, the same bytes).
    pub fn pdf(&self, doc: &ImpactDocument, ident: &str) -> Result<Vec<u8>, TypesetError> {
        let data =
            serde_json::to_vec(doc).map_err(|e| TypesetError::Compile(vec![e.to_string()]))?;
        let images: Vec<(&str, Vec<u8>)> = doc
            .sections
            .iter()
            .flat_map(|s| &s.charts)
            .map(|c| (c.file.as_str(), c.svg.clone().into_bytes()))
            .collect();
        self.pdf.pdf(&data, &images, ident)
    }

    /// One CSV file per chart and table ([`files::csv`]).
    pub fn csv(&self, data: &ImpactData) -> Vec<(String, String)> {
        files::csv(data)
    }

    /// The CSV files, `data.json` and a README in one zip ([`files::zip`]).
    pub fn zip(&self, data: &ImpactData) -> std::io::Result<Vec<u8>> {
        files::zip(data)
    }

    /// The data as pretty-printed JSON ([`files::json`]).
    pub fn json(&self, data: &ImpactData) -> String {
        files::json(data)
    }
}

fn template_error(path: &Path, e: &minijinja::Error) -> TypesetError {
    let line = e.line().map(|l| format!(":{l}")).unwrap_or_default();
    TypesetError::Compile(vec![format!("{}{line}: {e}", path.display())])
}

#[cfg(test)]
mod tests;
