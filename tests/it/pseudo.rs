//! Every word from Fluent: each page of each role, on the demo's data, in the pseudo-locale `en-XA`. Any
//! visible text that is not pseudo-localised was written in a template or built in Rust, and would show in
//! English on a Lithuanian page.

use beacon::accounts::Role;
use beacon::web::access::Access;

use crate::once;
use crate::support::{Db, TestApp, hidden_field};

const ROLES: [Role; 6] = [
    Role::Admin,
    Role::Analyst,
    Role::Campaigner,
    Role::Translator,
    Role::Evaluator,
    Role::Partner,
];

/// Words that are right to show untranslated, each with its reason. Everything else with a Latin letter must
/// be pseudo-localised.
const NOT_TRANSLATED: &[(&str, &str)] = &[
    ("UTC", "the time zone's code, in every language"),
    ("km²", "a unit symbol"),
    ("km", "a unit symbol"),
    ("H3", "the name of the cell grid"),
    ("GeoJSON", "a file format's name"),
    ("KML", "a file format's name"),
    ("CSV", "a file format's name"),
    ("Meta", "a platform's name"),
    ("Google", "a platform's name"),
    ("Fluent", "the name of the translation format"),
    ("Gi*", "the statistic's name"),
    ("CTDC", "the Counter-Trafficking Data Collaborative's name"),
    ("JSON", "a file format's name"),
];

/// The text a person sees on a page in `lang`: text nodes outside `script`, `style` and comments, plus the
/// `title`, `alt`, `placeholder` and `aria-label` attributes; entities decoded; each piece whitespace-trimmed.
/// Left out, because they are not the page's words: elements marked as another language (`lang`: ads and
/// locale files being translated) and `code` (message ids, file names, locale codes).
fn visible_text(html: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut push = |text: &str| {
        let text = decode(text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push(text);
        }
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push(rest);
            break;
        };
        push(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        // A tag: its name, then attributes (quoted values may hold '>').
        let (tag, len) = read_tag(rest);
        let other_language = tag
            .attributes
            .iter()
            .any(|(name, value)| name == "lang" && value != lang);
        if !tag.closing && (other_language || tag.name == "code") && tag.name != "html" {
            rest = skip_element(&rest[len..], &tag.name);
            continue;
        }
        for (name, value) in &tag.attributes {
            if matches!(
                name.as_str(),
                "title" | "alt" | "placeholder" | "aria-label"
            ) {
                push(value);
            }
        }
        rest = &rest[len..];
        if !tag.closing && matches!(tag.name.as_str(), "script" | "style") {
            let close = format!("</{}", tag.name);
            let lower = rest.to_ascii_lowercase();
            rest = lower.find(&close).map_or("", |i| &rest[i..]);
        }
    }
    out
}

/// What follows the element whose start tag was just read: everything up to its matching end tag skipped.
fn skip_element<'a>(mut rest: &'a str, name: &str) -> &'a str {
    let mut depth = 1;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let (tag, len) = read_tag(rest);
        rest = &rest[len..];
        if tag.name == name {
            depth += if tag.closing { -1 } else { 1 };
            if depth == 0 {
                return rest;
            }
        }
    }
    rest
}

struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, String)>,
}

/// Reads the tag at the start of `text` (which begins with '<'); returns it and its length in bytes.
fn read_tag(text: &str) -> (Tag, usize) {
    let bytes = text.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/'
    {
        i += 1;
    }
    let name = text[start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attr = text[name_start..i].to_ascii_lowercase();
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = text[i + 1..]
                        .find(q as char)
                        .map_or(text.len(), |e| i + 1 + e);
                    value = text[i + 1..end].to_string();
                    i = (end + 1).min(text.len());
                }
                _ => {
                    let s = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = text[s..i].to_string();
                }
            }
        }
        attributes.push((attr, value));
    }
    (
        Tag {
            name,
            closing,
            attributes,
        },
        i,
    )
}

fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some((semi, _)) = rest.char_indices().take(12).find(|(_, c)| *c == ';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What is left of a text node that should have been pseudo-localised: the node with the seeded data, the
/// whitelisted words, H3 cell ids, e-mail addresses and locale codes taken out; `None` when no Latin letter
/// is left.
fn untranslated(text: &str, data: &[String]) -> Option<String> {
    let mut left = text.to_string();
    for d in data {
        if !d.is_empty() {
            left = left.replace(d.as_str(), " ");
        }
    }
    for (word, _) in NOT_TRANSLATED {
        left = left.replace(word, " ");
    }
    let kept: Vec<&str> = left
        .split(|c: char| c.is_whitespace() || ",;()[]{}\"“”«»·—–:".contains(c))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        // Identifiers in data, not words: H3 cells (15 hex digits), e-mail addresses, file names and paths,
        // numbers (1.07e-2), ISO 3166 country codes as the incident data gives them (routes, nationalities).
        .filter(|w| !(w.len() == 15 && w.chars().all(|c| c.is_ascii_hexdigit())))
        // Hashes (an approved creative's content hash, a report's fingerprint as its footer shortens it).
        .filter(|w| !(w.len() >= 12 && w.chars().all(|c| c.is_ascii_hexdigit())))
        .filter(|w| !w.contains('@'))
        .filter(|w| !w.contains('/') && !w.ends_with(".ftl"))
        .filter(|w| w.parse::<f64>().is_err())
        .filter(|w| !(w.len() == 2 && w.chars().all(|c| c.is_ascii_uppercase())))
        .filter(|w| !is_locale_code(w))
        .collect();
    // A text that is a language tag and nothing else is a code (the locale column of a table).
    if kept.len() == 1 && is_language_tag(kept[0]) && text.trim() == kept[0] {
        return None;
    }
    (!kept.is_empty()).then(|| kept.join(" "))
}

fn is_language_tag(word: &str) -> bool {
    let mut parts = word.split('-');
    let language = parts.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_locale_code(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    matches!(word, "en" | "lt" | "ar" | "bg" | "pl" | "ro" | "en-XA")
}

/// A Lithuanian file with one of each problem the translators' check finds in a file by itself and against
/// the reference.
const FLAWED: &str = "translate-column = stulpelis { $nobody }\n\
twice = Vienas\n\
twice = Du\n\
empty-one =\n    .title = Pavadinimas\n\
broken = { $x ->\n    [one] vienas\n}\n\
plural = { $count ->\n    [one] vienas\n   *[other] daug\n}\n";

/// The finding codes [`FLAWED`] must give.
const FLAWED_CODES: &[&str] = &[
    "unknown-variable",
    "missing-variable",
    "duplicate-id",
    "syntax",
    "plural-categories",
    "obsolete",
];

/// A form post that must be refused: the path, the fields, and whether the error page names the field.
type Refusal<'a> = (&'a str, Vec<(&'a str, &'a str)>, bool);

/// A multipart post that must be refused: the path, the text fields, and the file (field, name, content).
type FileRefusal<'a> = (
    &'a str,
    Vec<(&'a str, &'a str)>,
    (&'a str, &'a str, &'a str),
);

async fn upload(
    client: &reqwest::Client,
    url: &str,
    csrf: &str,
    name: &str,
    text: &str,
) -> reqwest::Response {
    upload_with(client, url, &[("csrf", csrf)], ("file", name, text)).await
}

/// A multipart form post: its text fields and one file (field, file name, content).
async fn upload_with(
    client: &reqwest::Client,
    url: &str,
    fields: &[(&str, &str)],
    (field, name, text): (&str, &str, &str),
) -> reqwest::Response {
    let boundary = "beaconboundary";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
         Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n"
    ));
    client
        .post(url)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn every_page_of_every_role_is_pseudo_localised(db: Db) {
    let app = TestApp::spawn(db).await;
    let services = &app.state.services;
    beacon::demo::seed(services)
        .await
        .unwrap()
        .expect("an empty database is seeded");
    let store = app.store();
    let partners = store.list_partners().await.unwrap();
    let own_partner = partners[0].id;
    for role in ROLES {
        let partner = (role == Role::Partner).then_some(own_partner);
        app.user(&format!("{role}@test.example"), role, partner)
            .await;
    }
    // The ids that fill path parameters, and the data the demo (as its users would) typed in, which stays as
    // typed in every language.
    let regions = store.list_regions().await.unwrap();
    let audiences = store.list_audiences().await.unwrap();
    let creatives = store.creatives().await.unwrap();
    let campaigns = store.campaigns().await.unwrap();
    let lists = store.mailing_lists().await.unwrap();
    let layers = store.list_population_layers().await.unwrap();
    let mut data: Vec<String> = Vec::new();
    data.extend(partners.iter().map(|p| p.name.clone()));
    data.extend(regions.iter().map(|r| r.name.clone()));
    data.extend(audiences.iter().map(|a| a.name.clone()));
    data.extend(
        creatives
            .iter()
            .flat_map(|c| [c.name.clone(), c.message_id.clone(), c.image_ref.clone()]),
    );
    data.extend(
        layers
            .iter()
            .flat_map(|l| [l.name.clone(), l.method.clone(), l.source_name.clone()]),
    );
    for r in &regions {
        let shares = store.community_shares(r.id).await.unwrap();
        data.extend(shares.into_iter().map(|s| s.source));
    }
    data.push(services.config.audience.demographics_source.clone());
    // What the refused files below hold and are called: their names, a column named in a header and a
    // value from a cell, a place in a GeoJSON document. Each is shown as the file has it.
    data.extend(
        [
            "grid.csv",
            "towns.csv",
            "bowtie.geojson",
            "nope",
            "h3:",
            "population:",
            "geometry,",
            "the Fenland campaign",
            "GBP",
            "Fenland: know your rights at work",
            beacon::demo::DEMO_LIST,
            "Europe/London",
            "demo-partner-form",
            "list-1.csv",
            "demo-volunteers.csv",
        ]
        .map(String::from),
    );
    data.extend(services.places.area.towns.iter().map(|t| t.name.clone()));
    // The partners' contacts: names and roles as staff typed them.
    for p in &partners {
        for c in store.partner_contacts(p.id).await.unwrap() {
            data.push(c.name);
            data.push(c.role);
        }
    }
    data.extend(
        services
            .places
            .area
            .districts
            .iter()
            .map(|d| d.name.clone()),
    );
    // Message ids, which findings name: identifiers, like the cells' ids (those with a hyphen, so that no
    // English word is taken for one).
    for file in ["ui.ftl", "public.ftl", "campaign.ftl", "check.ftl"] {
        let text = std::fs::read_to_string(format!("locales/en/{file}")).unwrap();
        data.extend(
            text.lines()
                .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim_start_matches('-')))
                .filter(|id| id.contains('-') && !id.starts_with(['#', ' ']))
                .map(str::to_string),
        );
    }
    data.extend(["broken", "twice", "plural"].map(String::from));
    // The demo survey: its name, its groups' names and its waves' and groups' keys, as staff typed them.
    let survey = store.survey_by_key("fenland").await.unwrap().unwrap();
    data.push(survey.name.clone());
    for g in store.survey_groups(survey.id).await.unwrap() {
        data.push(g.name);
        data.push(g.key);
    }
    for w in store.survey_waves(survey.id).await.unwrap() {
        data.push(w.key);
    }
    // The names the demo gave its imports, as a person names the source of a file.
    data.extend(
        [
            "demo: synthetic Fenland incidents (not real cases)",
            "CTDC global dataset 2020 subset (Source: Counter-Trafficking Data Collaborative)",
        ]
        .map(String::from),
    );
    // The impact report's files, named as they are saved; each language by its own name (its autonym).
    data.extend(
        beacon::report::impact::files::FILES
            .iter()
            .map(|(name, _)| name.to_string()),
    );
    data.extend(
        services
            .locales
            .available()
            .map(|l| beacon::packs::autonym(l.as_str())),
    );
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    let fill = |path: &str| -> String {
        let mut out = String::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').unwrap() + start;
            let value = match &rest[start + 1..end] {
                "id" if path.starts_with("/partners/") => own_partner.to_string(),
                "id" if path.starts_with("/audiences/regions/") => regions[0].id.to_string(),
                "id" if path.starts_with("/audiences/") => audiences[0].id.to_string(),
                "id" if path.starts_with("/creatives/") => creatives[0].id.to_string(),
                "id" if path.starts_with("/campaigns/") => campaigns[0].id.to_string(),
                "id" if path.starts_with("/surveys/") => survey.id.to_string(),
                "key" if path.starts_with("/s/") => survey.key.clone(),
                "id" if path.starts_with("/lists/") || path.starts_with("/subscribe/") => {
                    lists[0].id.to_string()
                }
                "locale" => "lt".into(),
                "file" => "ui.ftl".into(),
                other => panic!("no seeded value for {{{other}}} in {path}"),
            };
            out.push_str(&value);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    };
    // A subscriber's own pages take their link's token; the data download and a pack's download link
    // are files, not pages.
    let first_subscriber = store
        .search_subscribers(lists[0].id, "", 1, 0)
        .await
        .unwrap()[0]
        .id;
    let link = services
        .subscribers()
        .manage_token(first_subscriber)
        .await
        .unwrap();
    data.extend(
        store
            .search_subscribers(lists[0].id, "", 100, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.email),
    );
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    let confirm = services.subscribers().keys().await.unwrap().sign(
        beacon::subscribers::Purpose::Confirm,
        first_subscriber,
        i64::MAX / 2,
    );
    let query = |path: &str| {
        if path.starts_with("/subscription") {
            format!("{path}?lang=en-XA&t={link}")
        } else if path.starts_with("/s/") {
            format!("{path}?lang=en-XA&w=follow-up&g=fenland&ch=qr")
        } else if path == "/subscribe/confirm" {
            format!("{path}?lang=en-XA&t={confirm}")
        } else {
            format!("{path}?lang=en-XA")
        }
    };
    let routes: Vec<_> = beacon::web::page_routes(&app.state)
        .into_iter()
        .filter(|r| {
            // Files to save, not pages: the subscriber's data, a pack, the impact report's PDF and data.
            r.method == "GET"
                && r.path != "/subscription/data"
                && r.path != "/packs/d/{token}"
                && r.path != "/impact/report.pdf"
                && !r.path.starts_with("/impact/data")
        })
        .collect();
    let mut failures = Vec::new();
    let mut pages = 0;
    let mut check = |who: &str, path: &str, status: u16, html: &str| {
        pages += 1;
        for text in visible_text(html, "en-XA") {
            if let Some(left) = untranslated(&text, &data) {
                failures.push(format!("{who} {path} ({status}): {left:?} in {text:?}"));
            }
        }
    };
    // Signed in: the language chosen on the login form is remembered for the session.
    for role in ROLES {
        let email = format!("{role}@test.example");
        let client = TestApp::client();
        let login = client
            .get(app.url("/login?lang=en-XA"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden_field(&login, "csrf").unwrap();
        let r = client
            .post(app.url("/login"))
            .form(&[
                ("email", email.as_str()),
                ("password", &format!("pw-{email}-long-enough")),
                ("csrf", &csrf),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{role} signs in");
        for route in &routes {
            if route.access != Access::Public && !route.access.allows(role) {
                continue;
            }
            let path = fill(route.path);
            let r = client.get(app.url(&query(&path))).send().await.unwrap();
            let status = r.status().as_u16();
            let html = r.text().await.unwrap();
            if status == 303 {
                continue;
            }
            assert_eq!(status, 200, "{role} opens {path}");
            check(role.as_str(), &path, status, &html);
        }
        // What the translators' check says, on the page that shows an upload's findings.
        if role == Role::Translator {
            let csrf =
                crate::support::page_csrf(&client, &app.url("/translate/lt?lang=en-XA")).await;
            let path = "/translate/lt/upload";
            let r = upload(
                &client,
                &app.url(&format!("{path}?lang=en-XA")),
                &csrf,
                "ui.ftl",
                FLAWED,
            )
            .await;
            let status = r.status().as_u16();
            let html = r.text().await.unwrap();
            assert_eq!(status, 422, "{role} uploads a flawed file: {html}");
            for code in FLAWED_CODES {
                assert!(
                    html.contains(&format!("data-code=\"{code}\"")),
                    "{code} is found in {:?}",
                    html.match_indices("data-code=")
                        .map(|(i, _)| &html[i..i + 40])
                        .collect::<Vec<_>>()
                );
            }
            check(role.as_str(), path, status, &html);
        }
        // Refusals, worded on the page that shows them: a form's inline error (users, partners) or the error
        // page, which also names the field at fault.
        let taken = format!("{role}@test.example");
        let freeze = format!("/audiences/{}/freeze", audiences[0].id);
        let refusals: Vec<Refusal> = match role {
            Role::Admin => vec![
                (
                    "/admin/users",
                    vec![("email", &taken), ("role", "analyst"), ("partner_id", "")],
                    false,
                ),
                (
                    "/admin/users",
                    vec![
                        ("email", "no-at-sign"),
                        ("role", "analyst"),
                        ("partner_id", ""),
                    ],
                    false,
                ),
                (
                    "/partners",
                    vec![("name", &partners[0].name), ("sector", "bank")],
                    false,
                ),
                (
                    "/partners",
                    vec![("name", "New partner"), ("sector", "shop")],
                    false,
                ),
            ],
            Role::Campaigner => vec![
                (&freeze, vec![("reason", " ")], true),
                (
                    "/audiences/new",
                    vec![("name", "Nowhere"), ("region_id", "")],
                    true,
                ),
            ],
            _ => Vec::new(),
        };
        if !refusals.is_empty() {
            let csrf = crate::support::page_csrf(&client, &app.url("/?lang=en-XA")).await;
            for (path, mut form, names_field) in refusals {
                form.push(("csrf", &csrf));
                let r = client
                    .post(app.url(&format!("{path}?lang=en-XA")))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                let html = r.text().await.unwrap();
                assert_eq!(status, 422, "{path} {form:?} is refused: {html}");
                if names_field {
                    assert!(
                        html.contains("<code>"),
                        "the field at fault is named: {html}"
                    );
                }
                check(role.as_str(), path, status, &html);
            }
        }
        // Refusals of files: a population layer with a bad cell, a region of hand-picked cells with a bad
        // one, and a GeoJSON region that crosses itself.
        if role == Role::Campaigner {
            let csrf = crate::support::page_csrf(&client, &app.url("/?lang=en-XA")).await;
            let bowtie =
                r#"{"type":"Polygon","coordinates":[[[0,52],[1,53],[1,52],[0,53],[0,52]]]}"#;
            let files: [FileRefusal; 4] = [
                (
                    "/audiences/population",
                    vec![("name", "Bad grid"), ("format", "grid")],
                    (
                        "file",
                        "grid.csv",
                        "h3,population\n881f1d4881fffff,12\nnope,3\n",
                    ),
                ),
                (
                    "/audiences/population",
                    vec![("name", "Bad towns"), ("format", "geonames")],
                    (
                        "file",
                        "towns.csv",
                        "name,latitude,longitude,population\nA,52,0,-4\n",
                    ),
                ),
                (
                    "/audiences/regions",
                    vec![
                        ("name", "Bad cells"),
                        ("kind", "cells"),
                        ("resolution", "7"),
                        ("cells", "871f1d489ffffff nope"),
                    ],
                    ("geojson", "", ""),
                ),
                (
                    "/audiences/regions",
                    vec![
                        ("name", "Bow tie"),
                        ("kind", "geojson"),
                        ("resolution", "7"),
                    ],
                    ("geojson", "bowtie.geojson", bowtie),
                ),
            ];
            for (path, mut fields, file) in files {
                fields.push(("csrf", &csrf));
                let r = upload_with(
                    &client,
                    &app.url(&format!("{path}?lang=en-XA")),
                    &fields,
                    file,
                )
                .await;
                let status = r.status().as_u16();
                let html = r.text().await.unwrap();
                assert_eq!(status, 422, "{path} {fields:?} is refused: {html}");
                assert!(
                    html.contains("<code>"),
                    "the field at fault is named: {html}"
                );
                check(role.as_str(), path, status, &html);
            }
        }
        // A page it may not open, and one that does not exist.
        for path in ["/admin/users", "/no-such-page"] {
            let r = client
                .get(app.url(&format!("{path}?lang=en-XA")))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            check(role.as_str(), path, status, &r.text().await.unwrap());
        }
    }
    // The public pages, for a visitor.
    let visitor = TestApp::client();
    for route in routes.iter().filter(|r| r.access == Access::Public) {
        let path = fill(route.path);
        let r = visitor.get(app.url(&query(&path))).send().await.unwrap();
        let status = r.status().as_u16();
        check("visitor", &path, status, &r.text().await.unwrap());
    }
    assert!(pages > 60, "only {pages} pages checked");
    failures.sort();
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{} texts not from Fluent:\n{}",
        failures.len(),
        failures.join("\n")
    );
    app.stop().await.unwrap();
}
once!(every_page_of_every_role_is_pseudo_localised);

#[test]
fn visible_text_skips_scripts_styles_comments_and_tags() {
    let html = r#"<!doctype html><html><head><title>Tîŧĺé</title><style>p { color: red }</style>
        <script src="/a.js"></script><script>var x = "<p>no</p>";</script></head>
        <body><!-- a comment --><p class="x" data-y='a > b'>Ĥéĺĺö &amp; <b>wörld</b></p>
        <img alt="Àĺŧ" src="x.png"><input placeholder="Plain"></body></html>"#;
    assert_eq!(
        visible_text(html, "en-XA"),
        ["Tîŧĺé", "Ĥéĺĺö &", "wörld", "Àĺŧ", "Plain"]
    );
    let html = r#"<p>Ŧéẋŧ <code>message-id</code> <span lang="lt">Tekstas <span>vidus</span></span> <b lang="en-XA">Ýéš</b></p>"#;
    assert_eq!(visible_text(html, "en-XA"), ["Ŧéẋŧ", "Ýéš"]);
    assert_eq!(
        untranslated("Ĥéĺĺö 12.5% Fenland", &["Fenland".into()]),
        None
    );
    assert_eq!(
        untranslated("8 target circles", &[]),
        Some("target circles".into())
    );
    assert_eq!(untranslated("871958ae9ffffff · UTC", &[]), None);
}
