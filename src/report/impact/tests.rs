use super::data::*;
use super::*;
use crate::measure::stats::{Change, Share, Tally};

fn locales() -> Locales {
    Locales::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"), "en").unwrap()
}

fn templates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

/// Text as it reads in the HTML (minijinja escapes markup characters and `/`).
fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every text of a document outside its SVGs.
fn texts(doc: &ImpactDocument) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "svg" | "file"))
                .for_each(|(_, x)| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(doc).unwrap(), &mut out);
    out
}

fn bare() -> ImpactData {
    let mut d = ImpactData::sample();
    d.synthetic = false;
    d.reach.audience = None;
    d.reach.unique = None;
    d.daily.clear();
    d.cells.clear();
    d.locales.clear();
    d.survey = None;
    d.trainings = TrainingSection {
        sessions: 0,
        staff: 0,
        by_sector: Vec::new(),
        quiz: None,
    };
    d.costs.clear();
    d.notes = vec![crate::message::Message::new("reach-note-no-audience")];
    d.provenance.data_through = None;
    d.with_fingerprint()
}

#[test]
fn every_format_gives_the_same_bytes_twice() {
    let l = locales();
    let r = ImpactRenderer::load(&templates(), &l).unwrap();
    let data = ImpactData::sample();
    for code in ["en", "lt"] {
        let locale = l.get(code).unwrap();
        let a = document(&l, &locale, &data);
        let b = document(&l, &locale, &data);
        assert_eq!(a, b);
        assert_eq!(r.html(&a).unwrap(), r.html(&b).unwrap());
        let pdf = r.pdf(&a, "impact-test").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(pdf, r.pdf(&b, "impact-test").unwrap(), "{code}: PDF");
    }
    assert_eq!(r.csv(&data), r.csv(&data.clone()));
    assert_eq!(r.json(&data), r.json(&data.clone()));
    assert_eq!(r.zip(&data).unwrap(), r.zip(&data.clone()).unwrap());
}

#[test]
fn every_word_comes_from_the_locale_files_in_english_and_lithuanian() {
    let l = locales();
    let en = l.get("en").unwrap();
    let lt = l.get("lt").unwrap();
    // Every impact- message has its Lithuanian words (none falls back to English).
    let reference = &l.shipped()["en"]["report.ftl"];
    let ids: Vec<&str> = reference
        .lines()
        .filter_map(|line| line.split_once(" = ").map(|(id, _)| id))
        .filter(|id| id.starts_with("impact-"))
        .collect();
    assert!(ids.len() > 80, "{}", ids.len());
    for id in &ids {
        let traced = l.format_traced(&lt, id, None);
        assert_eq!(
            traced.map(|t| t.from.as_str().to_string()),
            Some("lt".to_string()),
            "{id} in lt"
        );
    }
    for (locale, data) in [
        (&en, ImpactData::sample()),
        (&lt, ImpactData::sample()),
        (&en, bare()),
        (&lt, bare()),
    ] {
        let doc = document(&l, locale, &data);
        for text in texts(&doc) {
            for prefix in ["impact-", "reach-", "survey-", "channel-", "pack-"] {
                assert!(
                    !text.starts_with(prefix),
                    "{locale}: an id without words: {text}"
                );
            }
        }
    }
}

#[test]
fn the_html_says_every_note_in_the_readers_language() {
    let l = locales();
    let r = ImpactRenderer::load(&templates(), &l).unwrap();
    let data = ImpactData::sample();
    for code in ["en", "lt"] {
        let locale = l.get(code).unwrap();
        let html = r.html(&document(&l, &locale, &data)).unwrap();
        assert!(html.contains(&format!("<html lang=\"{code}\" dir=\"ltr\">")));
        let text = unescape(&html);
        for note in &data.notes {
            let words = l.render(&locale, note);
            assert!(!words.starts_with("impact-"), "{words}");
            assert!(text.contains(&words), "{code}: {words}");
        }
        assert!(text.contains(&l.format(&locale, "impact-synthetic", None)));
        assert!(text.contains(&l.format(&locale, "impact-method-sainsbury", None)));
        assert_eq!(html.matches("role=\"img\"").count(), 4, "four charts");
    }
    let en = unescape(&r.html(&document(&l, &l.get("en").unwrap(), &data)).unwrap());
    let lt = unescape(&r.html(&document(&l, &l.get("lt").unwrap(), &data)).unwrap());
    assert!(en.contains("41,250"), "English numbers");
    assert!(lt.contains("41\u{a0}250"), "Lithuanian numbers");
}

#[test]
fn a_report_without_survey_or_audience_says_so() {
    let l = locales();
    let r = ImpactRenderer::load(&templates(), &l).unwrap();
    let data = bare();
    for code in ["en", "lt"] {
        let locale = l.get(code).unwrap();
        let doc = document(&l, &locale, &data);
        assert!(doc.synthetic.is_none());
        let text = unescape(&r.html(&doc).unwrap());
        for id in [
            "impact-survey-none",
            "impact-reach-no-audience",
            "impact-summary-no-survey",
            "impact-map-none",
            "impact-languages-none",
            "impact-trainings-none",
            "impact-costs-none",
            "impact-method-no-audience",
            "impact-provenance-no-date",
        ] {
            let words = l.format(&locale, id, None);
            assert!(text.contains(&words), "{code}: {id}");
        }
        assert!(!text.contains(&l.format(&locale, "impact-method-wilson", None)));
        r.pdf(&doc, "bare").unwrap();
    }
    assert_eq!(
        r.csv(&data)[6].1,
        "group,wave,rows,n,share,ci_low,ci_high\r\n"
    );
}

#[test]
fn shares_of_none_and_all_have_intervals() {
    let l = locales();
    let r = ImpactRenderer::load(&templates(), &l).unwrap();
    let mut data = ImpactData::sample();
    let survey = data.survey.as_mut().unwrap();
    let (none, all) = (Tally::counts(0, 40), Tally::counts(40, 40));
    survey.comparison = None;
    survey.did = None;
    survey.shares = vec![
        ShareCell {
            wave: Wave::Before,
            group: survey.target.clone(),
            share: (&Share::of(&none)).into(),
        },
        ShareCell {
            wave: Wave::After,
            group: survey.target.clone(),
            share: (&Share::of(&all)).into(),
        },
    ];
    survey.changes = vec![GroupChange {
        group: survey.target.clone(),
        change: (&Change::of(&none, &all)).into(),
    }];
    let en = l.get("en").unwrap();
    let doc = document(&l, &en, &data);
    let section = doc.sections.iter().find(|s| s.id == "survey").unwrap();
    let shares = &section.tables[0];
    assert_eq!(shares.rows[0][4], "0.0%");
    assert_eq!(shares.rows[0][5], "0.0% to 8.8%");
    assert_eq!(shares.rows[1][4], "100.0%");
    assert_eq!(shares.rows[1][5], "91.2% to 100.0%");
    let svg = &section.charts[0].svg;
    assert!(svg.contains("0.0%") && svg.contains("100.0%"), "{svg}");
    assert!(
        section
            .paragraphs
            .contains(&l.format(&en, "impact-survey-no-comparison", None))
    );
    r.html(&doc).unwrap();
    r.pdf(&doc, "extremes").unwrap();
}

#[test]
fn csv_numbers_read_back_as_the_same_floats() {
    let data = ImpactData::sample();
    let files = files::csv(&data);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, files::FILES.map(|(n, _)| n));
    let read = |name: &str| -> Vec<csv::StringRecord> {
        let text = &files.iter().find(|(n, _)| n == name).unwrap().1;
        assert!(text.ends_with("\r\n"), "{name}: CRLF");
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let survey = data.survey.as_ref().unwrap();
    let shares = read("survey_shares.csv");
    assert_eq!(shares.len(), survey.shares.len());
    for (row, cell) in shares.iter().zip(&survey.shares) {
        for (i, value) in [
            cell.share.n,
            cell.share.share,
            cell.share.ci_low,
            cell.share.ci_high,
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(row[3 + i].parse::<f64>().unwrap(), value);
        }
    }
    let changes = read("survey_changes.csv");
    for (row, g) in changes.iter().zip(&survey.changes) {
        assert_eq!(row[11].parse::<f64>().unwrap(), g.change.change);
        assert_eq!(row[15].parse::<f64>().unwrap(), g.change.p_value);
    }
    let did = read("survey_did.csv");
    assert_eq!(did[0][3].parse::<f64>().unwrap(), survey.did.unwrap().se);
    for (row, cost) in read("costs.csv").iter().zip(&data.costs) {
        assert_eq!(
            row[4].parse::<f64>().unwrap(),
            cost.cost_per_reached.unwrap()
        );
    }
    let summary = read("reach_summary.csv");
    assert_eq!(
        summary[0][2].parse::<f64>().unwrap(),
        data.reach.unique.as_ref().unwrap().unique
    );
    // A suppressed cell shows no share.
    let breakdowns = read("survey_breakdowns.csv");
    let bg = breakdowns.iter().find(|r| &r[1] == "bg").unwrap();
    assert_eq!((&bg[5], &bg[8]), ("true", ""));
}

#[test]
fn csv_cells_are_quoted_and_safe_from_formulas() {
    let mut data = ImpactData::sample();
    data.campaigns[0].name = "=HYPERLINK(\"x\"), \"quoted\"\nline".into();
    let files = files::csv(&data);
    let text = &files[0].1;
    assert!(
        text.contains("\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\nline\""),
        "{text}"
    );
}

fn same_figures(a: &serde_json::Value, b: &serde_json::Value) {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-15 * y.abs().max(1.0), "{x} against {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len());
            x.iter().zip(y).for_each(|(x, y)| same_figures(x, y));
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
            x.iter()
                .zip(y)
                .for_each(|((_, x), (_, y))| same_figures(x, y));
        }
        _ => assert_eq!(a, b),
    }
}

#[test]
fn json_reads_back_and_the_fingerprint_covers_the_data() {
    let data = ImpactData::sample();
    assert_eq!(data.provenance.fingerprint.len(), 64);
    assert_eq!(data.fingerprint(), data.provenance.fingerprint);
    // serde_json (without its `float_roundtrip` feature) may read a float one unit in the last place
    // off, so the figures read back are compared to 1e-15.
    let back: ImpactData = serde_json::from_str(&files::json(&data)).unwrap();
    same_figures(
        &serde_json::to_value(&back).unwrap(),
        &serde_json::to_value(&data).unwrap(),
    );
    let mut changed = data.clone();
    changed.reach.channels[0].reach += 1;
    assert_ne!(changed.fingerprint(), data.fingerprint());
    // A figure that could not be computed is null, and reads back as NaN.
    let mut empty = data.clone();
    empty.survey.as_mut().unwrap().shares[0].share = (&Share::of(&Tally::default())).into();
    let back: ImpactData = serde_json::from_str(&files::json(&empty)).unwrap();
    assert!(back.survey.unwrap().shares[0].share.share.is_nan());
}

#[test]
fn the_zip_holds_a_readme_every_csv_and_the_json() {
    let data = ImpactData::sample();
    let bytes = files::zip(&data).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(archive.len(), files::FILES.len() + 2);
    let mut readme = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("README.txt").unwrap(), &mut readme)
        .unwrap();
    assert!(readme.contains(&data.provenance.fingerprint));
    assert!(
        readme.contains("the survey “fenland-2026”, version 2"),
        "{readme}"
    );
    assert!(readme.contains("MADE UP"));
    let entry = archive.by_name("data.json").unwrap();
    assert_eq!(entry.last_modified(), Some(zip::DateTime::default()));
}

#[test]
fn charts_are_accessible_and_escape_their_text() {
    let l = locales();
    let en = l.get("en").unwrap();
    let mut data = ImpactData::sample();
    for d in &mut data.daily {
        if d.channel == "google" {
            d.channel = "<b>&".into();
        }
    }
    let doc = document(&l, &en, &data);
    let charts: Vec<&document::Chart> = doc.sections.iter().flat_map(|s| &s.charts).collect();
    assert_eq!(
        charts.iter().map(|c| c.file.as_str()).collect::<Vec<_>>(),
        [
            "impact-reach.svg",
            "impact-map.svg",
            "impact-languages.svg",
            "impact-shares.svg"
        ]
    );
    for c in &charts {
        assert!(
            c.svg
                .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        );
        assert!(c.svg.contains("role=\"img\""), "{}", c.file);
        assert!(c.svg.contains("<title id=") && c.svg.contains("<desc id="));
    }
    let reach = &charts[0].svg;
    assert!(reach.contains("&lt;b&gt;&amp;") && !reach.contains("<b>"));
    assert!(
        reach.contains("stroke-dasharray"),
        "dashes tell lines apart"
    );
    assert!(charts[2].svg.contains("url(#impact-languages-hatch)"));
}

#[test]
fn a_broken_template_names_its_file_and_line() {
    let l = locales();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("report")).unwrap();
    std::fs::write(
        dir.path().join("report/impact.html"),
        "<p>{{ doc.title }}</p>\n<p>{{ doc.no_such_field }}</p>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("report/impact.typ"),
        "#let data = json(\"data.json\")\n= #data.title\n",
    )
    .unwrap();
    let err = ImpactRenderer::load(dir.path(), &l)
        .unwrap_err()
        .to_string();
    assert!(err.contains("impact.html:2"), "{err}");
}

#[test]
fn the_pdf_text_holds_the_words_when_pdftotext_is_there() {
    let tool = Path::new("/usr/bin/pdftotext");
    if !tool.exists() {
        return;
    }
    let l = locales();
    let r = ImpactRenderer::load(&templates(), &l).unwrap();
    let lt = l.get("lt").unwrap();
    let doc = document(&l, &lt, &ImpactData::sample());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("impact.pdf");
    std::fs::write(&path, r.pdf(&doc, "text").unwrap()).unwrap();
    let out = std::process::Command::new(tool)
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&doc.title), "{text}");
    assert!(text.contains("Fenland"), "{text}");
}
