//! The campaign as files a person uploads by hand, for an account Beacon has no API access to:
//! - `{key}-meta.csv`: Meta Ads Manager's bulk import (Ads Manager, Export & import → Import ads in bulk),
//!   one row per ad, with the campaign and ad set repeated on each row as Ads Manager's own exports do;
//!   radius targets in the `Locations` column as `(latitude, longitude) +{radius}km`, separated by `; `;
//! - `{key}-google-ads-editor.csv`: a Google Ads Editor import (Account → Import → From file): the
//!   campaign's row, then one row per proximity target (`Location` `(latitude, longitude)`, `Radius`,
//!   `Unit`), one per language and one responsive display ad per locale;
//! - `{key}-targets.kml`: the circles as polygons, to check them on a map.
//!
//! Column names follow the two tools' import templates as documented; both tools name any column they do not
//! know when the file is imported, so check a first file against a fresh template. Money is written in major
//! units with two decimals (currencies with cents or pence).

use time::OffsetDateTime;

use super::{AdCampaign, BudgetKind, Gender, Objective};
use crate::audience::platforms::{CircleOut, circle_polygon};
use crate::audience::targets::Circle;

/// The files, as (file name, contents).
pub fn files(c: &AdCampaign) -> Vec<(String, Vec<u8>)> {
    vec![
        (format!("{}-meta.csv", c.key), meta_csv(c)),
        (format!("{}-google-ads-editor.csv", c.key), google_csv(c)),
        (format!("{}-targets.kml", c.key), kml(c).into_bytes()),
    ]
}

fn money(minor: i64) -> String {
    format!(
        "{}{}.{:02}",
        if minor < 0 { "-" } else { "" },
        minor.abs() / 100,
        minor.abs() % 100
    )
}

fn when(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

fn locations(circles: &[Circle]) -> String {
    circles
        .iter()
        .map(|c| format!("({:.5}, {:.5}) +{}km", c.latitude, c.longitude, c.radius_km))
        .collect::<Vec<_>>()
        .join("; ")
}

fn write_csv(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// Meta's bulk-import sheet: one row per ad.
pub fn meta_csv(c: &AdCampaign) -> Vec<u8> {
    let header = [
        "Campaign Name",
        "Campaign Status",
        "Campaign Objective",
        "Buying Type",
        "Ad Set Name",
        "Ad Set Run Status",
        "Ad Set Time Start",
        "Ad Set Time Stop",
        "Ad Set Daily Budget",
        "Ad Set Lifetime Budget",
        "Locations",
        "Excluded Locations",
        "Age Min",
        "Age Max",
        "Gender",
        "Language",
        "Ad Name",
        "Ad Status",
        "Title",
        "Body",
        "Link Description",
        "Link",
        "Image",
    ];
    let objective = match c.objective {
        Objective::Awareness | Objective::Reach => "Outcome Awareness",
        Objective::Traffic { .. } => "Outcome Traffic",
    };
    let (daily, lifetime) = match c.budget_kind {
        BudgetKind::Daily => (money(c.budget_minor), String::new()),
        BudgetKind::Lifetime => (String::new(), money(c.budget_minor)),
    };
    let gender = match c.genders.as_slice() {
        [Gender::Female] => "Women",
        [Gender::Male] => "Men",
        _ => "All",
    };
    let rows = c
        .ads
        .iter()
        .map(|ad| {
            let link = match (&c.objective, ad.link_url.is_empty()) {
                (Objective::Traffic { url }, true) => url.clone(),
                _ => ad.link_url.clone(),
            };
            vec![
                format!("{}:campaign", c.key),
                "PAUSED".into(),
                objective.into(),
                "AUCTION".into(),
                format!("{}:adset", c.key),
                "PAUSED".into(),
                when(c.starts_at),
                when(c.ends_at),
                daily.clone(),
                lifetime.clone(),
                locations(&c.targets),
                locations(&c.excluded),
                c.ages.0.to_string(),
                c.ages.1.to_string(),
                gender.into(),
                ad.locale.clone(),
                format!("{}:ad:{}", c.key, ad.locale),
                "PAUSED".into(),
                ad.headline.clone(),
                ad.primary_text.clone(),
                ad.description.clone(),
                link,
                ad.image_url.clone(),
            ]
        })
        .collect();
    write_csv(&header, rows)
}

/// Google Ads Editor's sheet: the campaign, its proximity targets, its languages and one responsive display
/// ad per locale.
pub fn google_csv(c: &AdCampaign) -> Vec<u8> {
    let header = [
        "Campaign",
        "Campaign Type",
        "Campaign Status",
        "Budget",
        "Budget type",
        "Start Date",
        "End Date",
        "Location",
        "Radius",
        "Unit",
        "Language",
        "Ad Group",
        "Ad type",
        "Headline 1",
        "Long headline",
        "Description 1",
        "Final URL",
        "Image",
    ];
    let name = format!("{}:campaign", c.key);
    let day = |t: OffsetDateTime| {
        let d = t.to_offset(time::UtcOffset::UTC).date();
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    };
    let row = |fill: &[(usize, String)]| {
        let mut r = vec![String::new(); header.len()];
        r[0] = name.clone();
        for (i, v) in fill {
            r[*i] = v.clone();
        }
        r
    };
    let mut rows = vec![row(&[
        (1, "Display".into()),
        (2, "Paused".into()),
        (3, money(c.budget_minor)),
        (
            4,
            match c.budget_kind {
                BudgetKind::Daily => "Daily".into(),
                BudgetKind::Lifetime => "Campaign total".into(),
            },
        ),
        (5, day(c.starts_at)),
        (6, day(c.ends_at)),
    ])];
    for t in &c.targets {
        rows.push(row(&[
            (7, format!("({:.6}, {:.6})", t.latitude, t.longitude)),
            (8, t.radius_km.to_string()),
            (9, "km".into()),
        ]));
    }
    let mut languages: Vec<String> = Vec::new();
    for ad in &c.ads {
        let lang = super::language(&ad.locale);
        if !languages.contains(&lang) {
            languages.push(lang);
        }
    }
    for lang in languages {
        rows.push(row(&[(10, lang)]));
    }
    for ad in &c.ads {
        rows.push(row(&[
            (11, format!("{}:adgroup:{}", c.key, ad.locale)),
            (12, "Responsive display ad".into()),
            (13, ad.headline.clone()),
            (14, ad.primary_text.clone()),
            (15, ad.description.clone()),
            (16, ad.link_url.clone()),
            (17, ad.image_url.clone()),
        ]));
    }
    write_csv(&header, rows)
}

/// The targets and excluded circles as KML 2.2 polygons.
pub fn kml(c: &AdCampaign) -> String {
    let esc = |s: &str| crate::xml::escape(s).into_owned();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n",
    );
    out.push_str(&format!("<name>{}</name>\n", esc(&c.name)));
    for (role, circles) in [("target", &c.targets), ("excluded", &c.excluded)] {
        for (i, circle) in circles.iter().enumerate() {
            let coords: Vec<String> = circle_polygon(&CircleOut::from(*circle), 64)
                .exterior()
                .coords()
                .map(|p| format!("{:.6},{:.6}", p.x, p.y))
                .collect();
            out.push_str(&format!(
                "<Placemark><name>{role} {}</name><description>{:.5}, {:.5}, radius {} km</description>\
                 <Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>\n",
                i + 1,
                circle.latitude,
                circle.longitude,
                circle.radius_km,
                coords.join(" ")
            ));
        }
    }
    out.push_str("</Document>\n</kml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(bytes)
            .records()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn the_meta_sheet_has_one_row_per_ad_quoted() {
        let mut c = crate::channels::tests::fenland();
        c.ads[0].primary_text = "Work offer, \"too good\"?\nCall us".into();
        let bytes = meta_csv(&c);
        let header = csv::Reader::from_reader(bytes.as_slice())
            .headers()
            .unwrap()
            .clone();
        let rows = read(&bytes);
        assert_eq!(rows.len(), 2);
        let col = |r: &csv::StringRecord, name: &str| {
            r[header.iter().position(|h| h == name).unwrap()].to_string()
        };
        assert_eq!(col(&rows[0], "Body"), "Work offer, \"too good\"?\nCall us");
        assert_eq!(col(&rows[1], "Ad Name"), "beacon-c7:ad:lt");
        assert_eq!(col(&rows[1], "Ad Set Daily Budget"), "25.00");
        assert_eq!(col(&rows[1], "Ad Set Lifetime Budget"), "");
        assert_eq!(
            col(&rows[0], "Locations"),
            "(52.67050, 0.16010) +4.5km; (52.57120, -0.24290) +6km"
        );
        assert_eq!(
            col(&rows[0], "Excluded Locations"),
            "(52.60000, 0.00000) +1km"
        );
        assert_eq!(col(&rows[0], "Gender"), "All");
        assert_eq!(col(&rows[0], "Ad Set Time Start"), "2026-03-02 08:00");
    }

    #[test]
    fn the_google_sheet_has_the_campaign_its_circles_languages_and_ads() {
        let c = crate::channels::tests::fenland();
        let rows = read(&google_csv(&c));
        // campaign + 2 circles + 2 languages + 2 ads
        assert_eq!(rows.len(), 7);
        assert!(rows.iter().all(|r| &r[0] == "beacon-c7:campaign"));
        assert_eq!(&rows[0][3], "25.00");
        assert_eq!(&rows[1][7], "(52.670500, 0.160100)");
        assert_eq!((&rows[2][8], &rows[2][9]), ("6", "km"));
        assert_eq!(&rows[4][10], "lt");
        assert_eq!(&rows[6][11], "beacon-c7:adgroup:lt");
    }

    #[test]
    fn the_files_are_named_by_key_and_the_kml_holds_every_circle() {
        let c = crate::channels::tests::fenland();
        let f = files(&c);
        let names: Vec<&str> = f.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "beacon-c7-meta.csv",
                "beacon-c7-google-ads-editor.csv",
                "beacon-c7-targets.kml"
            ]
        );
        let kml = String::from_utf8(f[2].1.clone()).unwrap();
        assert_eq!(kml.matches("<Placemark>").count(), 3);
        assert!(kml.contains("<name>excluded 1</name>"));
    }
}
