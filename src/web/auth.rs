//! Who is asking: a session cookie (pages, and the API from a logged-in browser) or a bearer token
//! (scripts). Extractors reject with 401 for the API and a redirect to the login page for pages.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use super::AppState;
use super::error::ApiError;
use crate::accounts::User;
use crate::accounts::{Permission, constant_time_eq};
use crate::services::Actor;

pub const SESSION_COOKIE: &str = "beacon_session";
pub const LOGIN_CSRF_COOKIE: &str = "beacon_login_csrf";

/// A signed-in staff member, and how they signed in.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user: User,
    pub session: Option<SessionInfo>,
}

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub token: String,
    pub csrf: String,
}

impl Authenticated {
    /// The user as the application layer sees who asks.
    pub fn actor(&self) -> Actor {
        Actor::Staff {
            user_id: self.user.id,
            role: self.user.role,
            partner_id: self.user.partner_id,
        }
    }

    /// 403 unless the user's role may do `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.user.role.can(permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "the {} role cannot do this",
                self.user.role
            )))
        }
    }

    /// 403 unless the form carries this session's CSRF token.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), ApiError> {
        match &self.session {
            Some(s) if constant_time_eq(&s.csrf, submitted) => Ok(()),
            _ => Err(ApiError::Forbidden(
                "the form has expired or did not come from Beacon; reload the page and try again"
                    .into(),
            )),
        }
    }

    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf.as_str())
    }
}

/// Looks up the session cookie or bearer token. Disabled accounts are not signed in.
pub(crate) async fn authenticate(
    headers: &HeaderMap,
    state: &AppState,
) -> Result<Option<Authenticated>, ApiError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let text = value.to_str().unwrap_or("");
        let Some(token) = text.strip_prefix("Bearer ") else {
            return Ok(None);
        };
        let Some(user_id) = state.store.user_id_for_token(token.trim()).await? else {
            return Ok(None);
        };
        let user = state.store.user_by_id(user_id).await?;
        return Ok(user.filter(|u| !u.disabled).map(|user| Authenticated {
            user,
            session: None,
        }));
    }
    let jar = CookieJar::from_headers(headers);
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let token = cookie.value().to_string();
    let Some(session) = state.store.session(&token).await? else {
        return Ok(None);
    };
    let user = state.store.user_by_id(session.user_id).await?;
    Ok(user.filter(|u| !u.disabled).map(|user| Authenticated {
        user,
        session: Some(SessionInfo {
            token,
            csrf: session.csrf_token,
        }),
    }))
}

/// A signed-in user of the JSON API.
pub struct ApiUser(pub Authenticated);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // The route's access check found the user already.
        if let Some(auth) = parts.extensions.get::<Authenticated>() {
            return Ok(ApiUser(auth.clone()));
        }
        let auth = authenticate(&parts.headers, state)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        if auth.session.is_some() {
            check_api_csrf(parts, state, &auth)?;
        }
        if auth.session.is_some() && auth.user.must_change_password {
            return Err(ApiError::Forbidden(
                "choose a new password first (the one-time password only opens the password page)"
                    .into(),
            ));
        }
        Ok(ApiUser(auth))
    }
}

/// The header a browser script sends the session's CSRF token in, when it calls the API with the session
/// cookie instead of a bearer token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A cookie-authenticated API request that changes state must carry the session's CSRF token in
/// [`CSRF_HEADER`], and an `Origin`, where the browser sends one, equal to `server.public_url`'s.
/// `SameSite=Strict` alone is not the defence. Bearer tokens need neither: a browser never attaches them.
fn check_api_csrf(parts: &Parts, state: &AppState, auth: &Authenticated) -> Result<(), ApiError> {
    use axum::http::Method;
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let sent = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !constant_time_eq(auth.csrf(), sent) {
        return Err(ApiError::Forbidden(format!(
            "a request signed in with the session cookie must send the page's CSRF token in {CSRF_HEADER} (or use a bearer token)"
        )));
    }
    if let Some(origin) = parts.headers.get(header::ORIGIN) {
        let expected = url::Url::parse(&state.config.server.public_url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        if origin.to_str().ok() != Some(expected.as_str()) {
            return Err(ApiError::Forbidden(
                "the request came from another site".into(),
            ));
        }
    }
    Ok(())
}

/// A signed-in user of the pages.
pub struct PageUser(pub Authenticated);

/// Why a page cannot be shown to this visitor.
pub enum PageRejection {
    Login(String),
    ChangePassword,
    Error(ApiError),
}

impl IntoResponse for PageRejection {
    fn into_response(self) -> Response {
        match self {
            PageRejection::Login(next) => {
                let target = format!("/login?next={}", urlencode(&next));
                Redirect::to(&target).into_response()
            }
            PageRejection::ChangePassword => Redirect::to("/account/password").into_response(),
            PageRejection::Error(e) => super::error::PageError(e).into_response(),
        }
    }
}

/// Pages a user with a one-time password may still open.
const OPEN_WITH_ONE_TIME_PASSWORD: &[&str] = &["/account/password", "/logout"];

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // The page's access check found the user already.
        if let Some(auth) = parts.extensions.get::<Authenticated>() {
            return Ok(PageUser(auth.clone()));
        }
        let path = parts.uri.path().to_string();
        let auth = authenticate(&parts.headers, state)
            .await
            .map_err(PageRejection::Error)?;
        let Some(auth) = auth else {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            return Err(PageRejection::Login(next));
        };
        if auth.user.must_change_password && !OPEN_WITH_ONE_TIME_PASSWORD.contains(&path.as_str()) {
            return Err(PageRejection::ChangePassword);
        }
        Ok(PageUser(auth))
    }
}

/// The signed-in user if there is one, for pages anyone may see (the login page).
pub struct MaybeUser(pub Option<Authenticated>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = PageRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(&parts.headers, state)
            .await
            .map(MaybeUser)
            .map_err(PageRejection::Error)
    }
}

/// The session cookie: HttpOnly, SameSite=Strict, Secure when Beacon is served over TLS.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    let mut cookie = Cookie::new(SESSION_COOKIE, token);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_secure(state.config.cookies_secure());
    cookie.set_path("/");
    cookie.set_max_age(time::Duration::hours(i64::from(
        state.config.auth.session_hours,
    )));
    cookie
}

/// The cookie half of the login form's double-submit CSRF token.
pub fn login_csrf_cookie(state: &AppState, token: String) -> Cookie<'static> {
    let mut cookie = Cookie::new(LOGIN_CSRF_COOKIE, token);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_secure(state.config.cookies_secure());
    cookie.set_path("/login");
    cookie
}

/// A cookie that removes `name` from the browser.
pub fn removal(name: &'static str, path: &'static str) -> Cookie<'static> {
    let mut cookie = Cookie::new(name, "");
    cookie.set_path(path);
    cookie.set_max_age(time::Duration::ZERO);
    cookie
}

/// Only local paths are followed after login (never another site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next(Some("/map")), "/map");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
