//! The translators' pages under `/translate`: completeness per locale and file, a file's history with its
//! messages as the locale renders them, uploads shown line by line with their findings, rollback and
//! confirming stale translations.

use crate::web::access::Access;
use crate::web::page::Pages;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::accounts::Permission;
use crate::content::catalog::Status;
use crate::content::check::{Finding, Severity};
use crate::content::i18n::{ArgValue, REFERENCE_LOCALE};
use crate::content::uploads::ContentError;
use crate::services::translations::{FileHistory, TranslationError, may_write, require_write};
use crate::web::AppState;
use crate::web::auth::PageUser;
use crate::web::error::{ApiError, PageError};
use crate::web::page::{render_page, render_with_status};

/// Routes with ordinary bodies.
pub fn pages(state: &AppState) -> Pages {
    let translate = Access::Can(Permission::CheckTranslations);
    Pages::new(state)
        .get("/translate", translate, index_page)
        .get("/translate/{locale}", translate, locale_page)
        .get("/translate/{locale}/{file}", translate, file_page)
        .post(
            "/translate/{locale}/{file}/rollback",
            translate,
            rollback_form,
        )
        .post(
            "/translate/{locale}/{file}/confirm",
            translate,
            confirm_form,
        )
}

/// The upload form, with the import body limit.
pub fn upload_pages(state: &AppState) -> Pages {
    Pages::new(state).post(
        "/translate/{locale}/upload",
        Access::Can(Permission::CheckTranslations),
        upload_form,
    )
}

async fn index_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> Result<Response, PageError> {
    let (summaries, reference) = state
        .services
        .translations()
        .overview(&auth.actor())
        .await?;
    render_page(
        &state,
        &headers,
        &auth,
        "/translate",
        "translate.html",
        context! { summaries, reference, can_edit_reference => auth.user.role.can(Permission::EditReference) },
    )
}

async fn locale_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(locale): Path<String>,
) -> Result<Response, PageError> {
    let actor = auth.actor();
    let completeness = state
        .services
        .translations()
        .completeness(&actor, &locale)
        .await?;
    let can_upload = may_write(&actor, &locale);
    let stale = completeness
        .files
        .iter()
        .flat_map(|f| &f.to_do)
        .filter(|m| m.status == Status::Stale)
        .count();
    render_page(
        &state,
        &headers,
        &auth,
        "/translate",
        "translate_locale.html",
        context! { completeness, can_upload, stale, is_reference => locale == REFERENCE_LOCALE,
        dir => crate::content::i18n::direction(&locale) },
    )
}

async fn file_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path((locale, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let actor = auth.actor();
    let FileHistory {
        locale,
        text,
        shipped,
        versions,
    } = state
        .services
        .translations()
        .file_history(&actor, &locale, &file)
        .await?;
    let preview = preview_rows(&state, &locale, &file);
    if text.is_none() && versions.is_empty() && preview.is_empty() {
        return Err(ApiError::NotFound(format!("{locale} has no {file}")).into());
    }
    render_page(
        &state,
        &headers,
        &auth,
        "/translate",
        "translate_file.html",
        context! { target => &locale, file, shipped, versions, preview, can_upload => may_write(&actor, &locale),
        lines => text.as_deref().map(|t| t.lines().map(str::to_string).collect::<Vec<_>>()),
        dir => crate::content::i18n::direction(&locale) },
    )
}

/// One message (or attribute) of a file as the locale renders it now.
#[derive(Debug, Serialize)]
struct PreviewRow {
    id: String,
    text: String,
    /// The locale the text came from; not the page's when a fallback filled in.
    from: String,
    fallback: bool,
}

/// Every message of the reference's `file`, formatted in `locale` with sample arguments (‹name› for text,
/// 3 for numbers that select a variant), marked where a fallback locale filled in.
fn preview_rows(state: &AppState, locale: &str, file: &str) -> Vec<PreviewRow> {
    let Some(id) = state.locales.get(locale) else {
        return Vec::new();
    };
    let files = state.locales.files();
    let Some(reference) = files.get(REFERENCE_LOCALE).and_then(|f| f.get(file)) else {
        return Vec::new();
    };
    let Some(facts) =
        crate::content::check::check_file(REFERENCE_LOCALE, file, reference.as_bytes(), None).0
    else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for m in facts.messages() {
        let args: Vec<(&str, ArgValue)> = m
            .variables
            .iter()
            .map(|(name, selects)| {
                let value = if *selects {
                    ArgValue::Number(3.0)
                } else {
                    ArgValue::Text(format!("‹{name}›"))
                };
                (name.as_str(), value)
            })
            .collect();
        let keys = std::iter::once(m.id.clone())
            .filter(|_| m.has_value)
            .chain(m.attributes.iter().map(|a| format!("{}.{a}", m.id)));
        for key in keys {
            if let Some(t) = state.locales.format_with_traced(&id, &key, &args) {
                rows.push(PreviewRow {
                    fallback: t.from != id,
                    from: t.from.as_str().to_string(),
                    text: t.text,
                    id: key,
                });
            }
        }
    }
    rows
}

/// One uploaded file shown line by line with its findings under the lines they are about.
#[derive(Debug, Serialize)]
struct ShownFile {
    name: String,
    lines: Vec<ShownLine>,
    /// Findings about the whole file (line 0).
    general: Vec<Finding>,
}

#[derive(Debug, Serialize)]
struct ShownLine {
    number: usize,
    text: String,
    findings: Vec<Finding>,
}

fn show(name: &str, bytes: &[u8], findings: &[Finding]) -> ShownFile {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mine: Vec<&Finding> = findings.iter().filter(|f| f.file == name).collect();
    let mut lines: Vec<ShownLine> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| ShownLine {
            number: i + 1,
            text: l.trim_end_matches('\r').to_string(),
            findings: Vec::new(),
        })
        .collect();
    if lines.last().is_some_and(|l| l.text.is_empty()) {
        lines.pop();
    }
    let mut general = Vec::new();
    for f in mine {
        match lines.get_mut(f.line.wrapping_sub(1)) {
            Some(l) if f.line > 0 => l.findings.push(f.clone()),
            _ => general.push(f.clone()),
        }
    }
    ShownFile {
        name: name.to_string(),
        lines,
        general,
    }
}

/// The upload form: one `.ftl` file or a zip of the locale.
async fn upload_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(locale): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (fields, file) = crate::web::read_multipart_bytes(&mut multipart, "file").await?;
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    let actor = auth.actor();
    require_write(&actor, &locale)?;
    let translations = state.services.translations();
    let Some((name, bytes)) = file else {
        return Err(
            ApiError::invalid("file", crate::message::Message::new("refused-choose-ftl")).into(),
        );
    };
    let is_zip = name.to_ascii_lowercase().ends_with(".zip") || bytes.starts_with(b"PK\x03\x04");
    // The files as uploaded, to show them line by line.
    let (uploaded, result) = if is_zip {
        match translations.read_zip(&locale, &bytes) {
            Ok(files) => {
                let result = translations.upload(&actor, &locale, files.clone()).await;
                (files, result)
            }
            Err(e) => (Vec::new(), Err(TranslationError::Content(e))),
        }
    } else {
        // A browser sends the name the file had on the translator's machine; the file it replaces is named by
        // the form's choice when the name is not a locale file's (ui (1).ftl, say).
        let chosen = fields
            .iter()
            .find(|(k, _)| k == "target")
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty());
        let name = match chosen {
            Some(c) => c,
            None => name.rsplit(['/', '\\']).next().unwrap_or(&name).to_string(),
        };
        let files = vec![(name, bytes.to_vec())];
        let result = translations.upload(&actor, &locale, files.clone()).await;
        (files, result)
    };
    let (status, findings, accepted, error) = match result {
        Ok(a) => (StatusCode::OK, a.findings.clone(), Some(a), None),
        Err(TranslationError::Content(ContentError::Rejected { findings, .. })) => {
            (StatusCode::UNPROCESSABLE_ENTITY, findings, None, None)
        }
        Err(TranslationError::Refused(e)) => return Err(ApiError::from(e).into()),
        Err(TranslationError::Content(e)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Vec::new(),
            None,
            Some(e.message()),
        ),
    };
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let shown: Vec<ShownFile> = uploaded
        .iter()
        .map(|(n, b)| show(n, b, &findings))
        .collect();
    render_with_status(
        &state,
        &headers,
        &auth,
        "/translate",
        "translate_result.html",
        context! { target => &locale, shown, accepted, error, errors, warnings => findings.len() - errors,
        dir => crate::content::i18n::direction(&locale) },
        status,
    )
}

#[derive(Debug, Deserialize)]
struct RollbackForm {
    csrf: String,
    version: i64,
}

async fn rollback_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path((locale, file)): Path<(String, String)>,
    axum::Form(form): axum::Form<RollbackForm>,
) -> Result<Response, PageError> {
    auth.check_csrf(&form.csrf)?;
    match state
        .services
        .translations()
        .rollback(&auth.actor(), &locale, &file, form.version)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/translate/{locale}/{file}")).into_response()),
        Err(TranslationError::Content(ContentError::Rejected { findings, .. })) => {
            let errors = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| {
                    crate::message::Message::new("finding-at")
                        .text("file", format!("{}/{}", f.locale, f.file))
                        .number("line", f.line as f64)
                        .number("column", f.column as f64)
                        .message("problem", f.text.clone())
                })
                .collect();
            Err(ApiError::invalid(
                "version",
                crate::message::Message::new("refused-rollback").list("findings", errors),
            )
            .into())
        }
        Err(e) => Err(ApiError::from(e).into()),
    }
}

async fn confirm_form(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path((locale, file)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
        .map_err(|_| ApiError::invalid("form", crate::message::Message::new("refused-form")))?;
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    auth.check_csrf(csrf)?;
    let actor = auth.actor();
    require_write(&actor, &locale)?;
    let ids: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "id")
        .map(|(_, v)| v)
        .collect();
    if ids.is_empty() {
        return Err(ApiError::invalid(
            "ids",
            crate::message::Message::new("refused-tick-translations"),
        )
        .into());
    }
    state
        .services
        .translations()
        .confirm(&actor, &locale, &file, &ids)
        .await
        .map_err(ApiError::from)?;
    Ok(Redirect::to(&format!("/translate/{locale}")).into_response())
}
