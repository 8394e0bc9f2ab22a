//! Partners' red-flag training packs: a sector's toolkit in one locale for one region. The words come from
//! `packs.ftl` (each section falls back along the locale chain on its own, and the cover says which
//! sections are in which language); the numbers come in [`PackFacts`], already through the disclosure
//! policy. What is laid out, as HTML (`templates/pack.html`) and as PDF (`templates/pack.typ`), is one
//! [`PackContent`].

pub mod contacts;
pub mod training;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::content::i18n::{ArgValue, LocaleId, Locales, direction};

/// The most items one list of a toolkit may have (the files number them from 1 without gaps).
pub const MAX_ITEMS: usize = 20;

/// The lists each sector's toolkit has, in the order a pack shows them.
pub const LISTS: [&str; 4] = ["labour", "sexual", "do", "dont"];

/// The sections a pack's cover names with their language.
pub const SECTIONS: [&str; 5] = ["cover", "signs", "actions", "calls", "hotspots"];

/// A language by its own name (what a reader looks for on a cover, whatever the pack's language).
pub fn autonym(locale: &str) -> String {
    let language = locale.split('-').next().unwrap_or(locale);
    let name = match language {
        "en" => "English",
        "lt" => "lietuvių",
        "pl" => "polski",
        "ro" => "română",
        "bg" => "български",
        "ar" => "العربية",
        "pt" => "português",
        "ru" => "русский",
        "uk" => "українська",
        _ => return locale.to_string(),
    };
    name.to_string()
}

/// The sector's id as message ids write it (`local_authority` → `local-authority`).
pub fn sector_message_id(sector: &str) -> String {
    sector.replace('_', "-")
}

/// A local contact a pack names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalContact {
    pub name: String,
    pub phone: String,
    pub note: String,
}

/// One row of a region's hotspot summary: an area (named after its nearest town) and its published count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotspotRow {
    pub area: String,
    pub cases: u64,
}

/// What a pack says besides its toolkit: who it is for, where, the published hotspot counts, whom to call.
#[derive(Debug, Clone)]
pub struct PackFacts {
    pub partner: String,
    pub sector: String,
    pub region: String,
    /// The issue date as the pack shows it (`2026-12-05`).
    pub date: String,
    pub version: i64,
    pub organisation: String,
    pub emergency_number: String,
    pub helpline_name: String,
    pub helpline_number: String,
    pub local_contacts: Vec<LocalContact>,
    /// Published counts per area (none under k), largest first.
    pub hotspots: Vec<HotspotRow>,
    /// The k of the disclosure policy the counts went through.
    pub k: u64,
    /// Where the QR code leads.
    pub link: String,
    /// The region's follow-up survey, when it has one: its link as printed (`ch=pack`) and as put in the
    /// second QR code (`ch=qr`).
    pub survey: Option<(String, String)>,
}

/// A titled list of a toolkit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackList {
    pub key: String,
    pub heading: String,
    pub items: Vec<String>,
}

/// Everything a pack shows, in its reader's words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackContent {
    pub locale: String,
    /// The language alone (`pt` of `pt-BR`), as document formats want it.
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    pub title: String,
    pub sector: String,
    pub audience: String,
    pub issued: String,
    pub version: String,
    pub intro: String,
    pub one_sign: String,
    pub lists: Vec<PackList>,
    pub call_heading: String,
    pub call_emergency: String,
    pub call_helpline: String,
    pub local_heading: String,
    pub local_contacts: Vec<LocalContact>,
    pub local_none: String,
    pub hotspots_heading: String,
    pub hotspots_intro: String,
    pub hotspots_none: String,
    pub hotspots_area: String,
    pub hotspots_cases: String,
    pub hotspots: Vec<HotspotRow>,
    pub map_caption: String,
    pub qr_caption: String,
    pub link: String,
    /// The follow-up survey's caption and links (`None` when the region has no survey open or to open).
    pub survey: Option<PackSurvey>,
    pub languages_heading: String,
    /// One line when every section is in the pack's language, else one per section.
    pub languages: Vec<String>,
    /// Section → the locale its words came from (the first fallback used, if any).
    pub section_locales: Vec<(String, String)>,
    pub footer: String,
}

/// A pack's invitation to the campaign's follow-up survey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackSurvey {
    pub caption: String,
    /// The link as printed and clicked (`ch=pack`).
    pub link: String,
    /// The link in the QR code (`ch=qr`), so that scans and clicks are counted apart.
    pub qr_link: String,
}

/// Formats the toolkit's messages in `locale`, noting which locale each section's words came from.
struct Words<'a> {
    locales: &'a Locales,
    locale: LocaleId,
    used: Vec<(usize, BTreeSet<String>)>,
}

impl<'a> Words<'a> {
    fn get(&mut self, section: usize, id: &str, args: &[(&str, ArgValue)]) -> Option<String> {
        let traced = self.locales.format_with_traced(&self.locale, id, args)?;
        if let Some((_, set)) = self.used.iter_mut().find(|(s, _)| *s == section) {
            set.insert(traced.from.as_str().to_string());
        } else {
            self.used
                .push((section, BTreeSet::from([traced.from.as_str().to_string()])));
        }
        Some(traced.text)
    }

    fn text(&mut self, section: usize, id: &str, args: &[(&str, ArgValue)]) -> String {
        self.get(section, id, args)
            .unwrap_or_else(|| id.to_string())
    }
}

fn text(value: &str) -> ArgValue {
    ArgValue::Text(value.to_string())
}

/// Builds a pack's words for `facts.sector` in `locale`.
pub fn content(locales: &Locales, locale: &LocaleId, facts: &PackFacts) -> PackContent {
    let mut w = Words {
        locales,
        locale: locale.clone(),
        used: Vec::new(),
    };
    let s = sector_message_id(&facts.sector);
    let (cover, signs, actions, calls, hotspots) = (0, 1, 2, 3, 4);
    let title = w.text(cover, "pack-title", &[]);
    let sector = w.text(cover, &format!("pack-sector-{s}"), &[]);
    let audience = w.text(cover, &format!("pack-{s}-audience"), &[]);
    let issued = w.text(
        cover,
        "pack-issued",
        &[
            ("partner", text(&facts.partner)),
            ("region", text(&facts.region)),
            ("date", text(&facts.date)),
        ],
    );
    let version = w.text(
        cover,
        "pack-version",
        &[("version", ArgValue::Number(facts.version as f64))],
    );
    let intro = w.text(cover, &format!("pack-{s}-intro"), &[]);
    let one_sign = w.text(signs, "pack-one-sign", &[]);
    let mut lists = Vec::new();
    for list in LISTS {
        let section = if matches!(list, "labour" | "sexual") {
            signs
        } else {
            actions
        };
        let heading = w.text(section, &format!("pack-{list}-heading"), &[]);
        let items: Vec<String> = (1..=MAX_ITEMS)
            .map_while(|n| w.get(section, &format!("pack-{s}-{list}-{n}"), &[]))
            .collect();
        lists.push(PackList {
            key: list.to_string(),
            heading,
            items,
        });
    }
    let call_heading = w.text(calls, "pack-call-heading", &[]);
    let call_emergency = w.text(
        calls,
        "pack-call-emergency",
        &[("number", text(&facts.emergency_number))],
    );
    let call_helpline = w.text(
        calls,
        "pack-call-helpline",
        &[
            ("name", text(&facts.helpline_name)),
            ("number", text(&facts.helpline_number)),
        ],
    );
    let local_heading = w.text(calls, "pack-call-local-heading", &[]);
    let local_none = w.text(calls, "pack-call-local-none", &[]);
    let hotspots_heading = w.text(
        hotspots,
        "pack-hotspots-heading",
        &[("region", text(&facts.region))],
    );
    let hotspots_intro = w.text(
        hotspots,
        "pack-hotspots-intro",
        &[("k", ArgValue::Number(facts.k as f64))],
    );
    let hotspots_none = w.text(hotspots, "pack-hotspots-none", &[]);
    let hotspots_area = w.text(hotspots, "pack-hotspots-area", &[]);
    let hotspots_cases = w.text(hotspots, "pack-hotspots-cases", &[]);
    let map_caption = w.text(hotspots, "pack-map-caption", &[]);
    let qr_caption = w.text(cover, "pack-qr-caption", &[]);
    let survey = facts.survey.as_ref().map(|(link, qr_link)| PackSurvey {
        caption: w.text(cover, "pack-survey-caption", &[]),
        link: link.clone(),
        qr_link: qr_link.clone(),
    });
    let footer = w.text(
        cover,
        "pack-footer",
        &[("organisation", text(&facts.organisation))],
    );
    let languages_heading = w.text(cover, "pack-languages-heading", &[]);

    // Which locale each section came from: the pack's own unless a fallback filled any of it in.
    let section_locales: Vec<(String, String)> = SECTIONS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let from = w
                .used
                .iter()
                .find(|(s, _)| *s == i)
                .and_then(|(_, set)| set.iter().find(|l| *l != locale.as_str()).cloned())
                .unwrap_or_else(|| locale.as_str().to_string());
            (name.to_string(), from)
        })
        .collect();
    let languages = if section_locales.iter().all(|(_, l)| l == locale.as_str()) {
        vec![w.text(
            cover,
            "pack-languages-all",
            &[("language", text(&autonym(locale.as_str())))],
        )]
    } else {
        section_locales
            .iter()
            .map(|(section, from)| {
                let name = w.text(cover, &format!("pack-section-{section}"), &[]);
                w.text(
                    cover,
                    "pack-languages-section",
                    &[("section", text(&name)), ("language", text(&autonym(from)))],
                )
            })
            .collect()
    };
    PackContent {
        locale: locale.as_str().to_string(),
        lang: locale
            .as_str()
            .split('-')
            .next()
            .unwrap_or("en")
            .to_string(),
        dir: direction(locale.as_str()).to_string(),
        title,
        sector,
        audience,
        issued,
        version,
        intro,
        one_sign,
        lists,
        call_heading,
        call_emergency,
        call_helpline,
        local_heading,
        local_contacts: facts.local_contacts.clone(),
        local_none,
        hotspots_heading,
        hotspots_intro,
        hotspots_none,
        hotspots_area,
        hotspots_cases,
        hotspots: facts.hotspots.clone(),
        map_caption,
        qr_caption,
        link: facts.link.clone(),
        survey,
        languages_heading,
        languages,
        section_locales,
        footer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> Locales {
        Locales::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"),
            "en",
        )
        .unwrap()
    }

    fn facts(sector: &str) -> PackFacts {
        PackFacts {
            partner: "Fen Police".into(),
            sector: sector.into(),
            region: "Fenland".into(),
            date: "2026-12-05".into(),
            version: 2,
            organisation: "Beacon".into(),
            emergency_number: "999".into(),
            helpline_name: "Helpline".into(),
            helpline_number: "0800".into(),
            local_contacts: Vec::new(),
            hotspots: Vec::new(),
            k: 5,
            link: "http://127.0.0.1/report".into(),
            survey: None,
        }
    }

    #[test]
    fn every_sector_has_its_lists_in_english_and_lithuanian() {
        let l = locales();
        for sector in crate::accounts::PARTNER_SECTORS {
            for locale in ["en", "lt"] {
                let c = content(&l, &l.get(locale).unwrap(), &facts(sector));
                assert_eq!(c.languages.len(), 1, "{sector} {locale}: {:?}", c.languages);
                for list in &c.lists {
                    assert!(list.items.len() >= 3, "{sector} {locale} {}", list.key);
                    assert!(
                        list.items.iter().all(|i| !i.starts_with("pack-")),
                        "{sector} {locale}: {:?}",
                        list.items
                    );
                }
                assert!(!c.audience.starts_with("pack-"), "{sector} {locale}");
            }
        }
    }

    #[test]
    fn a_section_missing_in_the_locale_falls_back_and_the_cover_says_so() {
        let l = locales();
        let ar = l.get("ar").unwrap();
        // The bank's toolkit is in Arabic: every section is.
        let bank = content(&l, &ar, &facts("bank"));
        assert_eq!(bank.dir, "rtl");
        assert_eq!(bank.languages.len(), 1, "{:?}", bank.languages);
        assert!(
            bank.languages[0].contains("العربية"),
            "{:?}",
            bank.languages
        );
        // The police's is not: its signs and actions come from English, and the cover says which.
        let police = content(&l, &ar, &facts("police"));
        let from: std::collections::HashMap<_, _> =
            police.section_locales.iter().cloned().collect();
        assert_eq!(from["signs"], "en");
        assert_eq!(from["actions"], "en");
        assert_eq!(from["calls"], "ar");
        assert_eq!(police.languages.len(), SECTIONS.len());
        assert!(
            police.languages.iter().any(|line| line.contains("English")),
            "{:?}",
            police.languages
        );
        assert!(!police.lists[0].items.is_empty());
    }
}
