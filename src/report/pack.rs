//! A pack laid out: HTML from `templates/pack/pack.html` (minijinja) and PDF from `templates/pack/pack.typ`
//! (Typst), both from one [`PackContent`] with the region's map and a QR code.

use std::path::{Path, PathBuf};

use qrcode::QrCode;
use qrcode::render::svg;

use super::typeset::{TypesetError, Typesetter};
use crate::packs::{HotspotRow, LocalContact, PackContent};

/// The pack's templates, loaded and checked once.
#[derive(Debug)]
pub struct PackRenderer {
    html: minijinja::Environment<'static>,
    pdf: Typesetter,
    html_path: PathBuf,
}

impl PackRenderer {
    /// Reads both templates from `<templates>/pack/` and lays out a sample pack with each, so that a
    /// template that does not compile stops Beacon at start-up with its file and line.
    pub fn load(templates: &Path) -> Result<Self, TypesetError> {
        let html_path = templates.join("pack").join("pack.html");
        let source = std::fs::read_to_string(&html_path).map_err(|e| TypesetError::Read {
            path: html_path.clone(),
            reason: e.to_string(),
        })?;
        let mut html = minijinja::Environment::new();
        html.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        html.add_template_owned("pack.html", source)
            .map_err(|e| template_error(&html_path, &e))?;
        let pdf = Typesetter::load(&templates.join("pack").join("pack.typ"))?;
        let renderer = Self {
            html,
            pdf,
            html_path,
        };
        // With and without a survey to invite readers to.
        let with_survey = sample();
        let without = PackContent {
            survey: None,
            ..with_survey.clone()
        };
        for sample in [with_survey, without] {
            renderer.html(&sample, "<svg></svg>")?;
            renderer.pdf(&sample, SAMPLE_MAP.as_bytes(), "sample")?;
        }
        Ok(renderer)
    }

    /// The pack as one HTML page; `map_svg` is the region's map.
    pub fn html(&self, pack: &PackContent, map_svg: &str) -> Result<String, TypesetError> {
        let qr = qr_svg(&pack.link);
        let survey_qr = pack.survey.as_ref().map(|s| qr_svg(&s.qr_link));
        self.html
            .get_template("pack.html")
            .and_then(|t| {
                t.render(minijinja::context! {
                    pack => pack,
                    map_svg => map_svg,
                    qr_svg => qr,
                    survey_qr_svg => survey_qr,
                })
            })
            .map_err(|e| template_error(&self.html_path, &e))
    }

    /// The pack as PDF. `ident` names the document stably (the same ident and pack, the same bytes).
    pub fn pdf(
        &self,
        pack: &PackContent,
        map_svg: &[u8],
        ident: &str,
    ) -> Result<Vec<u8>, TypesetError> {
        let data =
            serde_json::to_vec(pack).map_err(|e| TypesetError::Compile(vec![e.to_string()]))?;
        let mut files = vec![
            ("map.svg", map_svg.to_vec()),
            ("qr.svg", qr_svg(&pack.link).into_bytes()),
        ];
        if let Some(survey) = &pack.survey {
            files.push(("survey-qr.svg", qr_svg(&survey.qr_link).into_bytes()));
        }
        self.pdf.pdf(&data, &files, ident)
    }
}

fn template_error(path: &Path, e: &minijinja::Error) -> TypesetError {
    let line = e.line().map(|l| format!(":{l}")).unwrap_or_default();
    TypesetError::Compile(vec![format!("{}{line}: {e}", path.display())])
}

/// A QR code for `link` as SVG (black on white, with the quiet zone).
pub fn qr_svg(link: &str) -> String {
    match QrCode::new(link.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
        // Only a link longer than a QR code holds (some 2,900 bytes) gets here: no code then.
        Err(_) => {
            String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>"#)
        }
    }
}

const SAMPLE_MAP: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#eeeeee"/></svg>"##;

/// A pack with every field filled, to check the templates with.
fn sample() -> PackContent {
    let s = |t: &str| t.to_string();
    PackContent {
        locale: s("en"),
        lang: s("en"),
        dir: s("ltr"),
        title: s("Red flags"),
        sector: s("Bank"),
        audience: s("Frontline staff"),
        issued: s("Prepared for a partner"),
        version: s("Version 1"),
        intro: s("Intro"),
        one_sign: s("One sign"),
        lists: vec![crate::packs::PackList {
            key: s("labour"),
            heading: s("Signs"),
            items: vec![s("A sign")],
        }],
        call_heading: s("Whom to call"),
        call_emergency: s("999"),
        call_helpline: s("Helpline"),
        local_heading: s("Local contacts"),
        local_contacts: vec![LocalContact {
            name: s("A team"),
            phone: s("0100"),
            note: s("A note"),
        }],
        local_none: s("None"),
        hotspots_heading: s("Hotspots"),
        hotspots_intro: s("Counts"),
        hotspots_none: s("None"),
        hotspots_area: s("Area"),
        hotspots_cases: s("Cases"),
        hotspots: vec![HotspotRow {
            area: s("near a town"),
            cases: 5,
        }],
        map_caption: s("Map"),
        qr_caption: s("Scan"),
        link: s("http://127.0.0.1/"),
        survey: Some(crate::packs::PackSurvey {
            caption: s("Survey"),
            link: s("http://127.0.0.1/s/a?w=b&g=c&ch=pack&lang=en"),
            qr_link: s("http://127.0.0.1/s/a?w=b&g=c&ch=qr&lang=en"),
        }),
        languages_heading: s("Languages"),
        languages: vec![s("English")],
        section_locales: vec![(s("cover"), s("en"))],
        footer: s("Footer"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_templates_load_and_lay_out_a_pack() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let r = PackRenderer::load(&dir).unwrap();
        let mut pack = sample();
        pack.intro = s_with_markup();
        let html = r.html(&pack, "<svg id=\"map\"></svg>").unwrap();
        assert!(html.contains("&lt;b&gt;"), "text is escaped in HTML");
        assert!(html.contains("<svg id=\"map\">"), "the map inline");
        let pdf = r.pdf(&pack, SAMPLE_MAP.as_bytes(), "p").unwrap();
        assert_eq!(pdf, r.pdf(&pack, SAMPLE_MAP.as_bytes(), "p").unwrap());
    }

    #[test]
    fn a_survey_gets_its_own_qr_code_and_link_only_where_there_is_one() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let r = PackRenderer::load(&dir).unwrap();
        let pack = sample();
        let survey = pack.survey.clone().unwrap();
        let html = r.html(&pack, "<svg></svg>").unwrap();
        assert!(html.contains("id=\"pack-survey\""), "{html}");
        assert!(
            html.contains(&qr_svg(&survey.qr_link)),
            "the QR code leads to ch=qr"
        );
        assert!(
            html.contains(&format!(
                "href=\"{}\"",
                survey.link.replace('&', "&amp;").replace('/', "&#x2f;")
            )),
            "the link is ch=pack: {html}"
        );
        let without = PackContent {
            survey: None,
            ..pack.clone()
        };
        let plain = r.html(&without, "<svg></svg>").unwrap();
        assert!(
            !plain.contains("pack-survey") && !plain.contains("&#x2f;s&#x2f;"),
            "{plain}"
        );
        assert!(
            plain.contains(&qr_svg(&pack.link)),
            "the report's code stays"
        );
        let (a, b) = (
            r.pdf(&pack, SAMPLE_MAP.as_bytes(), "p").unwrap(),
            r.pdf(&without, SAMPLE_MAP.as_bytes(), "p").unwrap(),
        );
        assert!(a.len() > b.len(), "the second code is drawn in the PDF");
    }

    fn s_with_markup() -> String {
        "<b>bold</b> #panic(\"no\") *not strong* $x$".to_string()
    }

    #[test]
    fn a_broken_template_names_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pack")).unwrap();
        std::fs::write(dir.path().join("pack/pack.html"), "<p>{{ pack.title }}</p>").unwrap();
        std::fs::write(
            dir.path().join("pack/pack.typ"),
            "#let data = json(\"data.json\")\n= #data.title\n#data.no_such_field\n",
        )
        .unwrap();
        let err = PackRenderer::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("pack.typ:3"), "{err}");
        std::fs::write(dir.path().join("pack/pack.html"), "<p>{% if %}</p>").unwrap();
        let err = PackRenderer::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("pack.html:1"), "{err}");
    }

    #[test]
    fn a_qr_code_is_an_svg() {
        let svg = qr_svg("http://127.0.0.1:8080/report?campaign=1");
        assert!(svg.contains("<svg"), "{svg}");
    }
}
