//! The demo: a Fenland scenario from real public data that Beacon ships itself (`assets/geo/`), and one
//! account per role. Later issues extend it with incidents, audiences, campaigns and reports.
//!
//! The area: the 391 ONS Lower-layer Super Output Areas (2011) of Fenland, Boston, South Holland,
//! King's Lynn and West Norfolk, Peterborough and East Cambridgeshire, and the GeoNames towns in them.

use geo::{Centroid, Contains, MultiPolygon, Point};
use h3o::{LatLng, Resolution};

use crate::accounts::{EmailAddress, Role};
use crate::places::{CampaignArea, Places, SHIPPED_DISTRICTS, SHIPPED_GAZETTEER};
use crate::services::accounts::{NewUser, PartnerRef};
use crate::services::{Actor, AuditEvent, Services};

/// One demo account, with its one-time password.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub email: String,
    pub role: Role,
    pub one_time_password: String,
}

/// The demo's partner organisations in Fenland (made-up names, so nobody mistakes them for real ones), each
/// with its sector and the language of its pack. The first two have a partner account each.
pub const DEMO_PARTNERS: [(&str, &str, &str); 5] = [
    ("Demo Bank (Fenland branches)", "bank", "en"),
    ("Demo District Council", "local_authority", "en"),
    ("Demo Constabulary", "police", "en"),
    ("Demo Migrant Workers' Centre", "ngo", "lt"),
    ("Demo Community Association", "ngo", "en"),
];

/// The demo's local contact for Fenland, so that its packs can be sent: made up and labelled as such.
/// Added only when the configuration names none for Fenland.
pub fn local_contacts(config: &mut crate::config::Config) {
    let contacts = &mut config.packs.local_contacts;
    if !contacts.iter().any(|c| c.region.trim() == "Fenland") {
        contacts.push(crate::config::LocalContact {
            region: "Fenland".into(),
            name: "Demo safeguarding team (not a real service)".into(),
            phone: "01632 960 000".into(),
            note: "Demo: concerns about an adult at risk".into(),
        });
    }
}

/// Seeds the demo when the database holds no accounts; leaves a database with data alone (`None`).
/// The demo's creatives: name, `campaign.ftl` message, image reference.
pub const DEMO_CREATIVES: [(&str, &str, &str); 3] = [
    (
        "Know your rights at work",
        "creative-rights-at-work",
        "images/fenland-fields.jpg",
    ),
    (
        "Who holds your passport?",
        "creative-passport",
        "images/documents.jpg",
    ),
    (
        "A debt that never shrinks",
        "creative-debt",
        "images/debt.jpg",
    ),
];

pub async fn seed(services: &Services) -> anyhow::Result<Option<Vec<DemoAccount>>> {
    let store = &services.store;
    let config = &services.config;
    let demo = Actor::System("demo seed");
    let ctdc_path = &config.demo.ctdc_path;
    if store.count_users().await? > 0 || !store.list_partners().await?.is_empty() {
        return Ok(None);
    }
    let mut partner_ids = Vec::new();
    for (name, sector, _) in DEMO_PARTNERS {
        let partner = services
            .accounts()
            .create_partner(&demo, name, sector)
            .await?;
        partner_ids.push(partner.id);
    }
    let people: [(&str, Role, Option<i64>); 7] = [
        ("admin@beacon.example", Role::Admin, None),
        ("analyst@beacon.example", Role::Analyst, None),
        ("campaigner@beacon.example", Role::Campaigner, None),
        ("translator@beacon.example", Role::Translator, None),
        ("evaluator@beacon.example", Role::Evaluator, None),
        (
            "partner@demobank.example",
            Role::Partner,
            Some(partner_ids[0]),
        ),
        (
            "partner@democouncil.example",
            Role::Partner,
            Some(partner_ids[1]),
        ),
    ];
    let mut accounts = Vec::new();
    for (email, role, partner) in people {
        let email = EmailAddress::parse(email).map_err(anyhow::Error::msg)?;
        let input = NewUser {
            email,
            role,
            partner: partner.map(PartnerRef::Id),
        };
        let created = services.accounts().create_user(&demo, input).await?;
        accounts.push(DemoAccount {
            email: created.user.email,
            role,
            one_time_password: created.one_time_password,
        });
    }
    // Incidents: the synthetic Fenland set, and the real CTDC subset when it is beside the checkout.
    services
        .incidents()
        .import_batch(
            &demo,
            synthetic_incidents(),
            "demo: synthetic Fenland incidents (not real cases)",
        )
        .await
        .map_err(|e| anyhow::anyhow!("synthetic demo incidents: {e}"))?;
    if !ctdc_path.as_os_str().is_empty() && ctdc_path.exists() {
        let file = std::fs::File::open(ctdc_path)?;
        services
            .incidents()
            .import_file(
                &demo,
                crate::identify::incidents::import::Format::Ctdc,
                file,
                "CTDC global dataset 2020 subset (Source: Counter-Trafficking Data Collaborative)",
                false,
                |_read| {},
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}: {e}", ctdc_path.display()))?;
    }
    // A few anonymous reports waiting for an analyst.
    let today = time::OffsetDateTime::now_utc().date();
    let waiting: [(&str, &str, &[&str], &str); 3] = [
        ("Wisbech", "labour", &["documents", "housing"], "lt"),
        ("Boston", "labour", &["transport", "earnings"], "en"),
        ("Spalding", "sexual", &["fear"], "en"),
    ];
    for (i, (town, category, signs, locale)) in waiting.into_iter().enumerate() {
        let Some(t) = services.places.area.towns.iter().find(|t| t.name == town) else {
            continue;
        };
        let day = (today - time::Duration::days(3 + i as i64 * 5)).to_string();
        let signs: Vec<String> = signs.iter().map(|s| s.to_string()).collect();
        let report = crate::identify::incidents::community::build_report(
            &day,
            today,
            Some((t.lat, t.lon)),
            category,
            &signs,
            locale,
            Resolution::Seven,
        )
        .map_err(|e| anyhow::anyhow!("demo report: {e:?}"))?;
        services.incidents().store_report(&report).await?;
    }
    let audience_id = seed_audience(services).await?;
    // The three creatives of the shipped campaign.ftl, waiting for a campaigner's approval per locale.
    for (name, message, image) in DEMO_CREATIVES {
        let input = crate::content::creatives::CreativeInput {
            name: name.to_string(),
            message_id: message.to_string(),
            image_ref: image.to_string(),
        };
        services.creatives().create(&demo, input).await?;
    }
    let list_id = seed_list(services, &demo).await?;
    seed_campaign(services, audience_id, list_id).await?;
    // The survey first: the packs invite their readers to its follow-up.
    seed_survey(services, &demo).await?;
    seed_packs(services, &demo, &partner_ids).await?;
    let event = AuditEvent::DemoSeeded {
        what: "partners, one account per role, incidents, reports, population, the Fenland audience, creatives, the Fenland campaign, a mailing list of synthetic subscribers, the partners' contacts and packs, the Fenland survey with synthetic answers"
            .into(),
    };
    services.accounts().record(&demo, event).await?;
    Ok(Some(accounts))
}

/// A demo training session: days ago, staff trained, and the quiz (correct and answers, before and after).
type DemoTraining = (i64, i64, Option<(i64, i64, i64, i64)>);

async fn fenland_region(services: &Services, demo: &Actor) -> anyhow::Result<i64> {
    Ok(services
        .audiences()
        .list_regions(demo)
        .await?
        .into_iter()
        .find(|r| r.name == "Fenland")
        .ok_or_else(|| anyhow::anyhow!("the demo's Fenland region is missing"))?
        .id)
}

/// The Fenland partners serve the Fenland region; each gets two synthetic contacts (clearly labelled, at
/// `example` addresses), a pack in its language, and the first three a few training sessions.
async fn seed_packs(services: &Services, demo: &Actor, partner_ids: &[i64]) -> anyhow::Result<()> {
    let fenland = fenland_region(services, demo).await?;
    let packs = services.packs();
    // The sessions trained staff for the Fenland campaign.
    let campaign_id = services.campaigns().list(demo).await?.first().map(|c| c.id);
    for (n, (id, (_, _, locale))) in partner_ids.iter().zip(DEMO_PARTNERS).enumerate() {
        packs.set_regions(demo, *id, &[fenland]).await?;
        for (i, role) in ["Safeguarding lead", "Frontline staff"]
            .into_iter()
            .enumerate()
        {
            let contact = crate::services::packs::ContactInput {
                name: format!("Demo contact {} (synthetic)", i + 1),
                email: format!("contact{}@partner{}.demo.example", i + 1, n + 1),
                role: role.to_string(),
                locale: locale.to_string(),
            };
            packs.add_contact(demo, *id, &contact).await?;
        }
        let pack = packs.render(demo, *id, locale, Some(fenland)).await?.pack;
        // A few training sessions, as partners report them: demo figures, not real ones.
        let today = services.clock.now().date();
        // (days ago, staff trained, quiz: correct of answers before, correct of answers after)
        let sessions: &[DemoTraining] = match n {
            0 => &[
                (21, 14, Some((52, 90, 78, 90))),
                (7, 15, Some((20, 35, 29, 35))),
            ],
            1 => &[(35, 9, Some((88, 175, 140, 175)))],
            2 => &[(60, 20, None)],
            _ => &[],
        };
        for (days_ago, staff, quiz) in sessions {
            let quiz_in = |c: i64, a: i64| crate::services::packs::QuizInput {
                correct: c,
                answers: a,
            };
            let input = crate::services::packs::TrainingInput {
                held_on: (today - time::Duration::days(*days_ago)).to_string(),
                staff_trained: *staff,
                pack_id: pack.id,
                campaign_id,
                quiz_before: quiz.map(|q| quiz_in(q.0, q.1)),
                quiz_after: quiz.map(|q| quiz_in(q.2, q.3)),
            };
            packs.report_training(demo, *id, &input).await?;
        }
    }
    Ok(())
}

/// Residents per LSOA assumed by the demo's population estimate: ONS designs LSOAs to hold 1,000 to 3,000
/// residents (about 1,600 on average in 2011).
pub const RESIDENTS_PER_LSOA: f64 = 1600.0;

/// The demo's population estimate for the Fenland area: [`RESIDENTS_PER_LSOA`] people per LSOA, spread
/// evenly over the cells whose centre lies in it (an LSOA too small for any cell centre goes to the cell of
/// its centroid). An estimate from the shipped boundaries only, labelled as such wherever it is shown.
pub fn lsoa_population(
    resolution: Resolution,
) -> anyhow::Result<crate::audience::population::PopulationGrid> {
    let collection: geojson::FeatureCollection =
        SHIPPED_DISTRICTS.parse::<geojson::GeoJson>()?.try_into()?;
    let mut grid = crate::audience::population::PopulationGrid::new(resolution);
    for feature in collection.features {
        let Some(geometry) = feature.geometry else {
            continue;
        };
        let shape: geo::Geometry<f64> = geometry.try_into()?;
        let multi = match shape {
            geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
            geo::Geometry::MultiPolygon(mp) => mp,
            _ => continue,
        };
        let cells = crate::audience::regions::fill(&multi, resolution, 1_000_000, "LSOA")?;
        if cells.is_empty() {
            if let Some(c) = multi.centroid() {
                grid.add(
                    LatLng::new(c.y(), c.x())?.to_cell(resolution),
                    RESIDENTS_PER_LSOA,
                );
            }
            continue;
        }
        let each = RESIDENTS_PER_LSOA / cells.len() as f64;
        for c in cells {
            grid.add(c, each);
        }
    }
    Ok(grid)
}

/// Share of Lithuanian speakers the demo assumes for the Fenland area. **A demo figure**, not a
/// measurement: set the real one from the census' main-language table (ONS Census 2021, TS024) per region.
pub const DEMO_LITHUANIAN_SHARE: f64 = 0.03;

/// The demo's audience: population layers (GeoNames towns of Great Britain, and the LSOA estimate), the
/// Fenland region from its six districts, a Lithuanian community share, and the Fenland audience in
/// English and Lithuanian.
async fn seed_audience(services: &Services) -> anyhow::Result<i64> {
    use crate::services::audiences::{
        ComputedLayer, PopulationImport, RegionRequest, RegionSource,
    };
    let demo = Actor::System("demo seed");
    let audiences = services.audiences();
    let config = &services.config.audience;
    audiences
        .import_population(
            &demo,
            &PopulationImport {
                name: "GeoNames towns of Great Britain (15,000 people or more)",
                format: "geonames",
                country: Some("GB"),
                resolution: Some(config.resolution),
            },
            SHIPPED_GAZETTEER,
            "geonames_cities15000.csv",
        )
        .await?;
    let resolution = Resolution::try_from(config.resolution)?;
    let grid = lsoa_population(resolution)?;
    audiences
        .add_population_layer(
            &demo,
            &ComputedLayer {
                name: "Fenland estimate from census areas (demo)",
                kind: "grid",
                source_name: "fenland_lsoa_2011.geojson",
                method: &format!(
                    "demo estimate: {RESIDENTS_PER_LSOA} residents per 2011 LSOA, spread evenly over its cells"
                ),
                grid: &grid,
            },
        )
        .await?;
    let names: Vec<String> = services
        .places
        .area
        .districts
        .iter()
        .map(|d| d.name.clone())
        .collect();
    let region = audiences
        .create_region(
            &demo,
            RegionRequest {
                name: "Fenland".into(),
                resolution: None,
                source: RegionSource::Districts { names },
                exclude: vec![],
            },
        )
        .await?;
    audiences
        .set_shares(
            &demo,
            region.id,
            &[crate::audience::languages::CommunityShare {
                locale: "lt".into(),
                share: DEMO_LITHUANIAN_SHARE,
                source:
                    "demo figure, not a measurement: replace with ONS Census 2021 TS024 (main language)"
                        .into(),
            }],
        )
        .await?;
    audiences
        .create_audience(
            &demo,
            crate::audience::sizing::AudienceSpec {
                name: "Fenland: adults in English and Lithuanian".into(),
                region_id: region.id,
                locales: vec!["en".into(), "lt".into()],
                age_bands: ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
                    .map(String::from)
                    .to_vec(),
                genders: vec![],
            },
            &["en".to_string(), "lt".to_string()],
        )
        .await
        .map(|a| a.audience.id)
        .map_err(Into::into)
}

/// The Fenland campaign, as the charity ran it: the Fenland audience frozen, the first creative approved
/// in English and Lithuanian, on the sandbox platform (which simulates delivery), scheduled to start a
/// minute after the demo is seeded and run for four weeks, with an e-mail to the demo's list (into the
/// `.eml` outbox) between 08:00 and 21:00 in each volunteer's zone. The job worker launches it on time.
async fn seed_campaign(services: &Services, audience_id: i64, list_id: i64) -> anyhow::Result<()> {
    use crate::campaign::lifecycle::Action;
    use crate::campaign::model::{CampaignInput, ChannelInput, EmailInput, ScheduleInput};
    let demo = Actor::System("demo");
    let locales = ["en".to_string(), "lt".to_string()];
    let snapshot = services
        .audiences()
        .freeze(&demo, audience_id, "the Fenland campaign", &locales)
        .await?;
    let creative = services
        .creatives()
        .list(&demo)
        .await?
        .into_iter()
        .find(|c| c.message_id == DEMO_CREATIVES[0].1)
        .ok_or_else(|| anyhow::anyhow!("the demo's first creative is missing"))?;
    for l in &locales {
        services.creatives().approve(&demo, creative.id, l).await?;
    }
    let now = services.clock.now();
    let at = |t: time::OffsetDateTime| {
        t.replace_nanosecond(0)
            .unwrap_or(t)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let input = CampaignInput {
        name: "Fenland: know your rights at work".into(),
        objective: "awareness".into(),
        landing_url: None,
        snapshot_id: snapshot.id,
        creative_id: creative.id,
        locales: locales.to_vec(),
        time_zone: "Europe/London".into(),
        starts_at: at(now + time::Duration::minutes(1)),
        ends_at: at(now + time::Duration::days(28)),
        channels: vec![ChannelInput {
            channel: "sandbox".into(),
            budget_minor: 5_000,
            currency: "GBP".into(),
            budget_kind: "daily".into(),
            send_window: None,
        }],
        schedules: vec![ScheduleInput {
            channel: "sandbox".into(),
            locale: Some("lt".into()),
            cron: "0 18 * * FRI".into(),
            time_zone: Some("Europe/Vilnius".into()),
        }],
        email: Some(EmailInput {
            lists: vec![list_id],
            send_window: Some("08:00-21:00".into()),
        }),
    };
    let campaigns = services.campaigns();
    let c = campaigns.create(&demo, input).await?;
    for action in [Action::Approve, Action::Schedule] {
        campaigns.act(&demo, c.id, action, None).await?;
    }
    Ok(())
}

/// The demo survey's synthetic cells: (wave, group, answers, share who would act differently, share who
/// saw the message).
const DEMO_SURVEY_CELLS: [(&str, &str, u64, f64, f64); 4] = [
    ("baseline", "fenland", 420, 0.31, 0.08),
    ("follow-up", "fenland", 410, 0.45, 0.52),
    ("baseline", "breckland", 300, 0.30, 0.06),
    ("follow-up", "breckland", 310, 0.33, 0.09),
];

/// The Fenland follow-up survey: a baseline wave before the campaign (closed) and a follow-up open now,
/// in the campaign's region and in Breckland, a comparison region it did not target, with **synthetic**
/// answers (a fixed seed; labelled as such by the import's name), so the results and the impact report
/// show every computation.
async fn seed_survey(services: &Services, demo: &Actor) -> anyhow::Result<()> {
    use crate::services::surveys::{GroupInput, ResponseInput, SurveyInput, WaveInput};
    let surveys = services.surveys();
    let campaign_id = services.campaigns().list(demo).await?.first().map(|c| c.id);
    let definition: crate::measure::survey::Definition =
        serde_json::from_str(crate::web::surveys::EXAMPLE_DEFINITION)?;
    let survey = surveys
        .create(
            demo,
            &SurveyInput {
                key: "fenland".into(),
                name: "Fenland: know your rights at work (follow-up)".into(),
                campaign_id,
                free_text: false,
                definition: definition.clone(),
            },
        )
        .await?;
    let today = services.clock.now().date();
    let day = |d: i64| (today + time::Duration::days(d)).to_string();
    for (key, phase, opens, closes) in [
        ("baseline", "before", day(-40), day(-1)),
        ("follow-up", "after", day(0), day(90)),
    ] {
        let wave = WaveInput {
            key: key.into(),
            phase: phase.into(),
            opens_on: opens,
            closes_on: closes,
        };
        surveys.add_wave(demo, survey.id, &wave).await?;
    }
    // The target group is the Fenland region, so the packs for it link to this survey.
    let fenland = fenland_region(services, demo).await?;
    for (key, role, name, region_id) in [
        ("fenland", "target", "Fenland", Some(fenland)),
        ("breckland", "comparison", "Breckland", None),
    ] {
        let group = GroupInput {
            key: key.into(),
            role: role.into(),
            name: name.into(),
            region_id,
        };
        surveys.add_group(demo, survey.id, &group).await?;
    }
    // A fixed-seed generator (SplitMix64), so every demo has the same answers.
    let mut state: u64 = 0x5EED_F3A1;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut rows = Vec::new();
    for (wave, group, n, act, seen) in DEMO_SURVEY_CELLS {
        let days = if wave == "baseline" { -30 } else { 0 };
        for i in 0..n {
            let acts = next() < act;
            let saw = next() < seen;
            let confident =
                1 + ((next() * 3.0) as i64) + i64::from(acts) + i64::from(saw && next() < 0.5);
            let mut pairs = vec![
                ("act", if acts { "yes" } else { "no" }.to_string()),
                (
                    "seen",
                    if saw {
                        "yes"
                    } else if next() < 0.2 {
                        "not-sure"
                    } else {
                        "no"
                    }
                    .to_string(),
                ),
                ("confident", confident.min(5).to_string()),
            ];
            if acts {
                pairs.push((
                    "first",
                    if next() < 0.6 { "helpline" } else { "someone" }.to_string(),
                ));
            }
            let (answers, free_text) = definition
                .read_answers(pairs.iter().map(|(k, v)| (*k, v.as_str())), &[])
                .map_err(|p| anyhow::anyhow!("demo survey answers: {p:?}"))?;
            let channel = match (wave, i % 4) {
                ("baseline", _) => "direct",
                (_, 0) => "email",
                (_, 1) => "qr",
                _ => "sandbox",
            };
            rows.push(ResponseInput {
                line: rows.len() as u64 + 2,
                wave: wave.into(),
                group: group.into(),
                locale: if i % 3 == 0 { "lt" } else { "en" }.into(),
                channel: channel.into(),
                submitted_on: Some(day(days - (i as i64 % 7))),
                answers,
                free_text,
                flagged: false,
            });
        }
    }
    surveys
        .record_batch(
            demo,
            survey.id,
            "demo: synthetic answers (not real people)",
            "demo",
            &rows,
        )
        .await?;
    Ok(())
}

/// A synthetic, clearly labelled set of Fenland incidents so that the maps have something to show.
///
/// **These are not real cases.** They are generated from a fixed seed with `data_source = "synthetic"`:
/// labour-exploitation clusters around Wisbech, Boston, Spalding, King's Lynn and Peterborough (the pattern
/// the Fenland campaign describes: agriculture and food processing, Lithuanian, Romanian, Polish, Bulgarian
/// and Latvian victims), a cluster near March that grows over the last twelve months (so the emerging-hotspot
/// view has something emerging), and a thin background over the whole area.
pub fn synthetic_incidents() -> Vec<crate::identify::incidents::NewIncident> {
    use crate::identify::incidents::{
        CountryCode, Demographics, GeoPoint, NewIncident, Place, date::PartialDate,
    };
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x0bea_c0de);
    let shipped = Places::shipped();
    let area: &CampaignArea = &shipped.area;
    let town = |name: &str| {
        area.towns
            .iter()
            .find(|t| t.name == name)
            .map(|t| (t.lat, t.lon))
    };
    // (centre, cases per year, spread in km, growing?)
    let mut clusters: Vec<((f64, f64), u32, f64, bool)> = Vec::new();
    for (name, per_year) in [
        ("Wisbech", 28),
        ("Boston", 24),
        ("Spalding", 18),
        ("King's Lynn", 10),
        ("Peterborough", 14),
    ] {
        if let Some(c) = town(name) {
            clusters.push((c, per_year, 2.5, false));
        }
    }
    if let Some(c) = town("March") {
        clusters.push((c, 2, 2.0, true));
    }
    let gb = CountryCode::parse("GB").ok();
    let nationalities = ["LT", "LT", "LT", "RO", "RO", "PL", "BG", "LV", "GB"];
    let subtypes = [
        "agriculture",
        "agriculture",
        "food-processing",
        "car-wash",
        "construction",
        "hospitality",
    ];
    let (min_lon, min_lat, max_lon, max_lat) = area.bounds().unwrap_or((-0.5, 52.2, 0.6, 53.1));
    let mut out = Vec::new();
    let mut push = |rng: &mut rand::rngs::StdRng, lat: f64, lon: f64, year: i32, month: u8| {
        let nationality =
            CountryCode::parse(nationalities[rng.gen_range(0..nationalities.len())]).ok();
        let labour = rng.gen_bool(0.8);
        let Ok(point) = GeoPoint::new(lat, lon) else {
            return;
        };
        let Ok(date) = PartialDate::year_month(year, month) else {
            return;
        };
        out.push(NewIncident {
            external_id: Some(format!("synthetic-{}", out.len() + 1)),
            date,
            source: Place {
                country: nationality,
                point: None,
            },
            transit: Place::default(),
            destination: Place {
                country: gb,
                point: Some(point),
            },
            recruitment: Some(
                if rng.gen_bool(0.6) {
                    "job-offer"
                } else {
                    "friend-acquaintance"
                }
                .to_string(),
            ),
            control_methods: if rng.gen_bool(0.5) {
                vec!["debt-bondage".into(), "withholds-documents".into()]
            } else {
                vec!["takes-earnings".into()]
            },
            transport: Some("land".into()),
            exploitation_type: Some(if labour { "forced-labour" } else { "sexual" }.to_string()),
            exploitation_subtype: labour
                .then(|| subtypes[rng.gen_range(0..subtypes.len())].to_string()),
            victim: Demographics {
                age_band: Some(
                    ["18-20", "21-23", "24-26", "27-29", "30-38", "39-47"][rng.gen_range(0..6)]
                        .to_string(),
                ),
                gender: Some(
                    if labour && rng.gen_bool(0.7) {
                        "male"
                    } else {
                        "female"
                    }
                    .to_string(),
                ),
                nationality,
            },
            offender: Demographics::default(),
            data_source: "synthetic".into(),
            confidence: [0.6, 0.8, 1.0][rng.gen_range(0..3)],
        });
    };
    let km_to_deg = |km: f64, lat: f64| (km / 111.0, km / (111.0 * lat.to_radians().cos()));
    for year in 2019..=2024 {
        for month in 1..=12u8 {
            let months_from_end = (2024 - year) * 12 + (12 - i32::from(month));
            for ((lat, lon), per_year, spread, growing) in &clusters {
                // Seasonal: more cases in the picking and packing months (May to October).
                let season = if (5..=10).contains(&month) { 1.4 } else { 0.6 };
                let mut expected = f64::from(*per_year) / 12.0 * season;
                if *growing && months_from_end < 12 {
                    expected += 2.5 * f64::from(12 - months_from_end as u32) / 12.0;
                }
                let n = (expected + rng.gen_range(-0.5..0.5)).round().max(0.0) as u32;
                for _ in 0..n {
                    let (dlat, dlon) = km_to_deg(*spread, *lat);
                    let (u, v): (f64, f64) = (rng.gen_range(-1.0..1.0), rng.gen_range(-1.0..1.0));
                    push(&mut rng, lat + u * dlat, lon + v * dlon, year, month);
                }
            }
            if rng.gen_bool(0.5) {
                let lat = rng.gen_range(min_lat..max_lat);
                let lon = rng.gen_range(min_lon..max_lon);
                if area
                    .districts
                    .iter()
                    .any(|d| d.shape.contains(&Point::new(lon, lat)))
                {
                    push(&mut rng, lat, lon, year, month);
                }
            }
        }
    }
    out
}

/// The demo's mailing list: synthetic, clearly labelled subscribers (addresses at `example.org`, a domain
/// reserved for examples) in English and Lithuanian, in Fenland's cells, their consent recorded as given
/// through a partner.
pub const DEMO_LIST: &str = "Demo: Fenland volunteers (synthetic, not real people)";

async fn seed_list(services: &Services, demo: &Actor) -> anyhow::Result<i64> {
    let list = services.subscribers().create_list(demo, DEMO_LIST).await?;
    let mut csv = String::from(
        "email,locale,time_zone,consent_source,consent_at,consent_version,latitude,longitude\n",
    );
    let towns = [
        (52.6662, 0.1596),
        (52.5510, 0.0880),
        (52.9780, -0.0260),
        (52.7870, -0.1530),
    ];
    for i in 0..12 {
        let locale = if i % 3 == 0 { "en" } else { "lt" };
        let (lat, lon) = towns[i % towns.len()];
        csv.push_str(&format!(
            "demo-volunteer-{}@example.org,{locale},Europe/London,partner,2026-01-{:02}T10:00:00Z,demo-partner-form,{lat},{lon}\n",
            i + 1,
            i + 1
        ));
    }
    services
        .subscribers()
        .import(demo, list.id, csv.into_bytes(), "demo-volunteers.csv")
        .await?
        .map_err(|r| anyhow::anyhow!("demo list: {r}"))?;
    Ok(list.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_names_one_made_up_local_contact_for_fenland() {
        let mut config = crate::config::Config::load_from(&Default::default(), &[]).unwrap();
        local_contacts(&mut config);
        local_contacts(&mut config);
        let fenland: Vec<_> = config
            .packs
            .local_contacts
            .iter()
            .filter(|c| c.region == "Fenland")
            .collect();
        assert_eq!(fenland.len(), 1);
        assert!(fenland[0].name.contains("not a real service"));
    }

    #[test]
    fn synthetic_incidents_are_labelled_deterministic_and_valid() {
        let a = synthetic_incidents();
        let b = synthetic_incidents();
        assert_eq!(a, b);
        assert!(a.len() > 500, "{}", a.len());
        let vocabulary = crate::config::Vocabulary::default();
        for mut i in a {
            assert_eq!(i.data_source, "synthetic");
            i.validate(&vocabulary).unwrap();
        }
    }

    #[test]
    fn area_has_six_districts_391_lsoas_and_the_fenland_towns() {
        let shipped = Places::shipped();
        let area: &CampaignArea = &shipped.area;
        assert_eq!(area.districts.len(), 6);
        assert_eq!(area.districts.iter().map(|d| d.lsoas).sum::<usize>(), 391);
        assert_eq!(area.cells.iter().map(|c| c.1).sum::<f64>(), 391.0);
        let names: Vec<&str> = area.towns.iter().map(|t| t.name.as_str()).collect();
        for town in [
            "Wisbech",
            "Spalding",
            "March",
            "Boston",
            "Peterborough",
            "Ely",
        ] {
            assert!(names.contains(&town), "{town} missing from {names:?}");
        }
        let wisbech = area.towns.iter().find(|t| t.name == "Wisbech").unwrap();
        assert_eq!(wisbech.population, 32_489);
        assert_eq!(wisbech.district, "Fenland");
        let (min_lon, min_lat, max_lon, max_lat) = area.bounds().unwrap();
        assert!(min_lon > -1.0 && max_lon < 1.0 && min_lat > 52.0 && max_lat < 53.2);
    }
}
