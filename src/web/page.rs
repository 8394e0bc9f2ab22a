//! The small page framework every feature's pages share: the locale of a page, the navigation a role
//! sees, rendering with the shared layout, localised error pages, the stylesheet and the 404.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum_extra::extract::CookieJar;
use minijinja::context;
use serde::Serialize;

use super::AppState;
use super::access::Access;
use super::auth::{Authenticated, PageUser};
use super::error::{ApiError, PageError, PageErrorDetail, PageResult};
use crate::accounts::Permission;
use crate::accounts::User;
use crate::content::i18n::LocaleId;

/// Remembers a visitor's language choice on pages without an account.
const LANG_COOKIE: &str = "beacon_lang";

/// The framework's own routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assets/beacon.css", get(stylesheet))
        .route("/assets/picker.js", get(picker_script))
}

/// One page route and who may use it, as it was mounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

/// Mounts pages with their access rule, as [`super::access::mount`] does for the API: a visitor who is not
/// signed in is sent to the login form, a role the rule leaves out gets the 403 page, before any form is
/// read. The table of routes is kept, so that the role-matrix test is generated from it.
pub struct Pages {
    state: AppState,
    router: Router<AppState>,
    routes: Vec<PageRoute>,
}

impl Pages {
    pub fn new(state: &AppState) -> Self {
        Self {
            state: state.clone(),
            router: Router::new(),
            routes: Vec::new(),
        }
    }

    pub fn get<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", path, access, axum::routing::get(handler))
    }

    pub fn post<H, T>(self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: axum::handler::Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, access, axum::routing::post(handler))
    }

    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        access: Access,
        method_router: axum::routing::MethodRouter<AppState>,
    ) -> Self {
        self.routes.push(PageRoute {
            method,
            path,
            access,
        });
        let method_router = if access == Access::Public {
            method_router
        } else {
            method_router.route_layer(axum::middleware::from_fn_with_state(
                self.state.clone(),
                move |State(state): State<AppState>, request: Request, next: Next| {
                    check_page(access, state, request, next)
                },
            ))
        };
        self.router = self.router.route(path, method_router);
        self
    }

    /// Adds another feature's pages.
    pub fn merge(mut self, other: Pages) -> Self {
        self.router = self.router.merge(other.router);
        self.routes.extend(other.routes);
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<PageRoute>) {
        (self.router, self.routes)
    }
}

async fn check_page(access: Access, state: AppState, request: Request, next: Next) -> Response {
    use axum::extract::FromRequestParts;
    let (mut parts, body) = request.into_parts();
    let user = match PageUser::from_request_parts(&mut parts, &state).await {
        Ok(PageUser(user)) => user,
        Err(rejection) => return rejection.into_response(),
    };
    if !access.allows(user.user.role) {
        return PageError(ApiError::Forbidden(format!(
            "the {} role cannot do this",
            user.user.role
        )))
        .into_response();
    }
    parts.extensions.insert(user);
    next.run(Request::from_parts(parts, body)).await
}

/// Renders `error.html` for responses that carry a page error.
pub async fn render_page_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let Some(detail) = response.extensions().get::<PageErrorDetail>().cloned() else {
        return response;
    };
    // Signed-in people keep their navigation on an error page, so they are never stranded.
    let auth = crate::web::auth::authenticate(&headers, &state)
        .await
        .ok()
        .flatten();
    let user = auth.as_ref().map(|a| &a.user);
    let locale = page_locale(&state, &headers, user);
    let title_id = match detail.status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::TOO_MANY_REQUESTS => "error-too-many",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
        s if s.is_server_error() => "error-internal",
        _ => "error-bad-request",
    };
    // The reason is shown where it helps to fix the input; elsewhere the localised title says it all.
    let shows_reason = matches!(
        detail.status,
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT
    );
    let (field, shown_detail) = match (shows_reason, detail.reason) {
        (false, _) => (None, String::new()),
        (true, Some((field, reason))) => (
            field.filter(|f| !f.is_empty()),
            state.locales.reason(&locale, &reason),
        ),
        (true, None) => (None, detail.detail),
    };
    let ctx = context! {
        locale => locale.as_str(),
        user => auth.as_ref().map(|a| UserView { email: a.user.email.clone(), role: a.user.role.to_string() }),
        nav => auth.as_ref().map(|a| navigation(&a.user, "")).unwrap_or_default(),
        csrf => auth.as_ref().map(|a| a.csrf().to_string()).unwrap_or_default(),
        locales => state.locales.available().map(|l| l.as_str().to_string()).collect::<Vec<_>>(),
        title_id,
        detail => shown_detail,
        field,
        status => detail.status.as_u16(),
    };
    match state.templates.render("error.html", ctx) {
        Ok(html) => (detail.status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %crate::web::render::describe(&e), "cannot render error.html");
            detail.status.into_response()
        }
    }
}

/// A refusal shown on the form that caused it, in the reader's language: the field at fault, then why.
pub fn refusal(
    state: &AppState,
    headers: &HeaderMap,
    auth: &crate::web::auth::Authenticated,
    e: &crate::services::ServiceError,
) -> String {
    use crate::services::ServiceError;
    let locale = page_locale(state, headers, Some(&auth.user));
    match e {
        ServiceError::Invalid { field, reason } => format!(
            "{}: {}",
            state
                .locales
                .format_traced(&locale, &format!("field-{field}"), None)
                .map_or_else(|| field.clone(), |t| t.text),
            state.locales.reason(&locale, reason)
        ),
        ServiceError::Conflict(reason) => state.locales.reason(&locale, reason),
        other => other.to_string(),
    }
}

/// A visitor's `?lang=` choice on pages without an account: remembered in a cookie, and applied to
/// the request being answered (by adding the cookie to its headers).
pub fn remember_language(
    state: &AppState,
    jar: CookieJar,
    mut headers: HeaderMap,
    lang: Option<&str>,
) -> (CookieJar, HeaderMap) {
    let Some(locale) = lang.and_then(|c| state.locales.get(c)) else {
        return (jar, headers);
    };
    let mut cookie =
        axum_extra::extract::cookie::Cookie::new(LANG_COOKIE, locale.as_str().to_string());
    cookie.set_path("/");
    cookie.set_same_site(axum_extra::extract::cookie::SameSite::Lax);
    if let Ok(value) = format!("{LANG_COOKIE}={}", locale.as_str()).parse() {
        headers.insert(header::COOKIE, value);
    }
    (jar.add(cookie), headers)
}

/// The locale for a page: the user's setting, a visitor's choice, then `Accept-Language`.
pub fn page_locale(state: &AppState, headers: &HeaderMap, user: Option<&User>) -> LocaleId {
    if let Some(l) = user
        .and_then(|u| u.locale.as_deref())
        .and_then(|c| state.locales.get(c))
    {
        return l;
    }
    let jar = CookieJar::from_headers(headers);
    if let Some(l) = jar
        .get(LANG_COOKIE)
        .and_then(|c| state.locales.get(c.value()))
    {
        return l;
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    state.locales.negotiate(accept)
}

#[derive(Debug, Serialize)]
pub(crate) struct UserView {
    email: String,
    role: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct NavItem {
    href: String,
    label: &'static str,
    current: bool,
}

/// The navigation a role sees: only the pages it may open.
fn navigation(user: &User, current: &str) -> Vec<NavItem> {
    let mut items: Vec<(String, &'static str)> = vec![("/".into(), "nav-home")];
    let role = user.role;
    if role.can(Permission::ViewMaps) {
        items.push(("/map".into(), "nav-map"));
    }
    if role.can(Permission::Analyse) {
        items.push(("/analysis/hotspots".into(), "nav-hotspots"));
        items.push(("/analysis/emerging".into(), "nav-emerging"));
        items.push(("/analysis/forecast".into(), "nav-forecast"));
        items.push(("/analysis/routes".into(), "nav-routes"));
    }
    if role.can(Permission::ModerateReports) {
        items.push(("/analysis/reports".into(), "nav-reports"));
    }
    if role.can(Permission::ReadAudiences) {
        items.push(("/audiences".into(), "nav-audiences"));
    }
    if role.can(Permission::ReadCreatives) {
        items.push(("/creatives".into(), "nav-creatives"));
    }
    if role.can(Permission::ReadCampaigns) {
        items.push(("/campaigns".into(), "nav-campaigns"));
        items.push(("/lists".into(), "nav-lists"));
    }
    if role.can(Permission::CheckTranslations) {
        items.push(("/translate".into(), "nav-translations"));
    }
    if role.can(Permission::ListPartners) {
        items.push(("/partners".into(), "nav-partners"));
    }
    if role.can(Permission::ReadImpact) {
        items.push(("/surveys".into(), "nav-surveys"));
        items.push(("/impact".into(), "nav-impact"));
    }
    if let (true, Some(id)) = (role.can(Permission::ViewOwnPartner), user.partner_id) {
        items.push((format!("/partners/{id}"), "nav-my-organisation"));
    }
    if role.can(Permission::ManageUsers) {
        items.push(("/admin/users".into(), "nav-users"));
    }
    if role.can(Permission::ReadAudit) {
        items.push(("/admin/audit".into(), "nav-audit"));
    }
    if role.can(Permission::ManageJobs) {
        items.push(("/admin/jobs".into(), "nav-jobs"));
    }
    items.push(("/account".into(), "nav-account"));
    items
        .into_iter()
        .map(|(href, label)| NavItem {
            current: href == current,
            href,
            label,
        })
        .collect()
}

/// Renders a page for a signed-in user with the shared layout's context.
pub(crate) fn render_page(
    state: &AppState,
    headers: &HeaderMap,
    auth: &Authenticated,
    current: &str,
    template: &str,
    page: minijinja::Value,
) -> PageResult {
    render_with_status(
        state,
        headers,
        auth,
        current,
        template,
        page,
        StatusCode::OK,
    )
}

pub(crate) fn render_with_status(
    state: &AppState,
    headers: &HeaderMap,
    auth: &Authenticated,
    current: &str,
    template: &str,
    page: minijinja::Value,
    status: StatusCode,
) -> PageResult {
    let locale = page_locale(state, headers, Some(&auth.user));
    let base = context! {
        locale => locale.as_str(),
        user => UserView { email: auth.user.email.clone(), role: auth.user.role.to_string() },
        nav => navigation(&auth.user, current),
        csrf => auth.csrf(),
        locales => state.locales.available().map(|l| l.as_str().to_string()).collect::<Vec<_>>(),
    };
    let ctx = context! { ..page, ..base };
    let html = state
        .templates
        .render(template, ctx)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!(crate::web::render::describe(&e))))?;
    Ok((status, Html(html)).into_response())
}

async fn stylesheet(State(state): State<AppState>) -> Response {
    shared_asset(&state, "beacon.css", "text/css; charset=utf-8")
}

/// The audience builder's cell picker (the only script; pages work without it).
async fn picker_script(State(state): State<AppState>) -> Response {
    shared_asset(&state, "picker.js", "text/javascript; charset=utf-8")
}

/// A file from `templates/` that every page shares, cacheable for five minutes.
fn shared_asset(state: &AppState, name: &str, content_type: &'static str) -> Response {
    match state.templates.render(name, context! {}) {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            text,
        )
            .into_response(),
        Err(e) => PageError(ApiError::Internal(anyhow::anyhow!(
            crate::web::render::describe(&e)
        )))
        .into_response(),
    }
}

/// Any path no route claims: problem+json under /api, a page elsewhere.
pub async fn not_found(request: Request) -> Response {
    if request.uri().path().starts_with("/api") {
        ApiError::NotFound(format!("no such resource: {}", request.uri().path())).into_response()
    } else {
        PageError(ApiError::NotFound("no such page".into())).into_response()
    }
}
