//! Staff pages for people and organisations: logging in and out, the account (language, password, API
//! tokens), staff accounts, the audit log and partner organisations. Every word comes from Fluent; every
//! form carries a CSRF token.

use crate::web::access::Access;
use crate::web::page::Pages;
use std::time::Duration;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect};
use axum_extra::extract::CookieJar;
use minijinja::context;
use serde::Deserialize;

use crate::accounts::PARTNER_SECTORS;
use crate::accounts::{Permission, Role, constant_time_eq, generate_secret};
use crate::content::i18n::LocaleId;
use crate::services::ServiceError;
use crate::services::audit::ACTIONS;
use crate::web::AppState;
use crate::web::auth::{
    Authenticated, LOGIN_CSRF_COOKIE, MaybeUser, PageUser, SESSION_COOKIE, login_csrf_cookie,
    removal, safe_next, session_cookie,
};
use crate::web::client::ClientAddr;
use crate::web::error::{
    ApiError, PageError, PageResult, set_retry_after, too_many_requests, wants_problem_json,
};
use crate::web::page::{
    NavItem, UserView, page_locale, remember_language, render_page, render_with_status,
};
use crate::web::people::audit::{self, AuditParams};

pub fn pages(state: &AppState) -> Pages {
    use Permission::*;
    let signed_in = Access::SignedIn;
    let users = Access::Can(ManageUsers);
    let see_partners = Access::Any(&[ListPartners, ViewOwnPartner]);
    Pages::new(state)
        .get("/login", Access::Public, login_page)
        .post("/login", Access::Public, login)
        .post("/logout", signed_in, logout)
        .get("/account", signed_in, account)
        .post("/account/language", signed_in, set_language)
        .get("/account/password", signed_in, password_page)
        .post("/account/password", signed_in, change_password)
        .post("/account/tokens", signed_in, create_token)
        .post("/account/tokens/{id}/revoke", signed_in, revoke_token)
        .get("/admin/users", users, users_page)
        .post("/admin/users", users, create_user)
        .post("/admin/users/{id}/disable", users, disable_user)
        .post("/admin/users/{id}/enable", users, enable_user)
        .post("/admin/users/{id}/reset", users, reset_user)
        .get("/admin/audit", Access::Can(ReadAudit), audit_page)
        .get("/partners", see_partners, partners_page)
        .post("/partners", Access::Can(ManagePartners), create_partner)
}

#[derive(Debug, Deserialize)]
struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
}

async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    jar: CookieJar,
    Query(q): Query<LoginQuery>,
    MaybeUser(user): MaybeUser,
) -> PageResult {
    if user.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref())).into_response());
    }
    let (jar, headers) = remember_language(&state, jar, headers, q.lang.as_deref());
    let csrf = generate_secret(24);
    let jar = jar.add(login_csrf_cookie(&state, csrf.clone()));
    let page = login_form(&state, &headers, &csrf, q.next.as_deref(), None, "")?;
    Ok((jar, page).into_response())
}

fn login_form(
    state: &AppState,
    headers: &HeaderMap,
    csrf: &str,
    next: Option<&str>,
    error_id: Option<&str>,
    email: &str,
) -> Result<Html<String>, PageError> {
    let locale = page_locale(state, headers, None);
    let ctx = context! {
        locale => locale.as_str(),
        user => None::<UserView>,
        nav => Vec::<NavItem>::new(),
        csrf,
        locales => state.locales.available().map(|l| l.as_str().to_string()).collect::<Vec<_>>(),
        next => safe_next(next),
        error_id,
        email,
    };
    state
        .templates
        .render("login.html", ctx)
        .map(Html)
        .map_err(|e| {
            PageError(ApiError::Internal(anyhow::anyhow!(
                crate::web::render::describe(&e)
            )))
        })
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let cookie_csrf = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value().to_string());
    let fresh = generate_secret(24);
    let retry = |status: StatusCode, error_id: &str, jar: CookieJar| -> PageResult {
        let jar = jar.add(login_csrf_cookie(&state, fresh.clone()));
        let page = login_form(
            &state,
            &headers,
            &fresh,
            form.next.as_deref(),
            Some(error_id),
            &form.email,
        )?;
        Ok((status, jar, page).into_response())
    };
    // Too many attempts: the form again for a browser, a problem document for a client that asks for one;
    // both say when to come back.
    let wait = |retry_after: Duration, jar: CookieJar| -> PageResult {
        let mut response = if wants_problem_json(&headers) {
            too_many_requests(retry_after)
        } else {
            retry(StatusCode::TOO_MANY_REQUESTS, "login-error-too-many", jar)?
        };
        set_retry_after(&mut response, retry_after);
        Ok(response)
    };
    match cookie_csrf {
        Some(c) if constant_time_eq(&c, &form.csrf) => {}
        _ => return retry(StatusCode::FORBIDDEN, "login-error-expired", jar),
    }
    let key = client.limit_key();
    // The attempt is counted before the password is checked, per client address and per account, so a
    // parallel burst gets at most the limits through; a successful login gives its attempt back.
    if let Err(retry_after) = state.login_failures.try_acquire(key) {
        return wait(retry_after, jar);
    }
    if let Err(retry_after) = state.account_failures.try_acquire(&form.email, key) {
        // Nothing was checked: the address's allowance is not spent.
        state.login_failures.release(key);
        return wait(retry_after, jar);
    }
    let user = state
        .services
        .accounts()
        .authenticate(&form.email, &form.password)
        .await?;
    let Some(user) = user else {
        return retry(StatusCode::UNAUTHORIZED, "login-error-wrong", jar);
    };
    state.login_failures.release(key);
    state.account_failures.succeeded(&form.email, key);
    let token = generate_secret(32);
    let csrf = generate_secret(24);
    state
        .services
        .accounts()
        .start_session(&user, &token, &csrf)
        .await?;
    let jar = jar
        .add(session_cookie(&state, token))
        .add(removal(LOGIN_CSRF_COOKIE, "/login"));
    let target = if user.must_change_password {
        "/account/password".to_string()
    } else {
        safe_next(form.next.as_deref())
    };
    Ok((jar, Redirect::to(&target)).into_response())
}

#[derive(Debug, Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    PageUser(auth): PageUser,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    if let Some(s) = &auth.session {
        state.store.delete_session(&s.token).await?;
    }
    let jar = jar.add(removal(SESSION_COOKIE, "/"));
    Ok((jar, Redirect::to("/login")).into_response())
}

async fn account(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> PageResult {
    account_with(&state, &headers, &auth, None, None).await
}

async fn account_with(
    state: &AppState,
    headers: &HeaderMap,
    auth: &Authenticated,
    new_token: Option<String>,
    error: Option<String>,
) -> PageResult {
    let tokens = state.store.tokens_of_user(auth.user.id).await?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_with_status(
        state,
        headers,
        auth,
        "/account",
        "account.html",
        context! { tokens, new_token, error, chosen_locale => auth.user.locale.clone() },
        status,
    )
}

#[derive(Debug, Deserialize)]
struct LanguageForm {
    csrf: String,
    locale: String,
}

async fn set_language(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Form(form): Form<LanguageForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let locale = if form.locale.is_empty() {
        None
    } else {
        Some(state.locales.get(&form.locale).ok_or_else(|| {
            ApiError::invalid("locale", crate::message::Message::new("refused-locale"))
        })?)
    };
    state
        .store
        .set_user_locale(auth.user.id, locale.as_ref().map(LocaleId::as_str))
        .await?;
    Ok(Redirect::to("/account").into_response())
}

async fn password_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> PageResult {
    render_page(
        &state,
        &headers,
        &auth,
        "/account",
        "password.html",
        context! { error => None::<String>, first => auth.user.must_change_password },
    )
}

#[derive(Debug, Deserialize)]
struct PasswordForm {
    csrf: String,
    current: String,
    new_password: String,
    confirm: String,
}

async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Form(form): Form<PasswordForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let again = |error: String| {
        render_with_status(
            &state,
            &headers,
            &auth,
            "/account",
            "password.html",
            context! { error, first => auth.user.must_change_password },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let outcome = state
        .services
        .accounts()
        .change_password(
            &auth.actor(),
            &auth.user,
            auth.session.as_ref().map(|s| s.token.as_str()),
            &form.current,
            &form.new_password,
            &form.confirm,
        )
        .await?;
    if let Err(refusal) = outcome {
        return again(refusal.message_id().into());
    }
    Ok(Redirect::to("/").into_response())
}

#[derive(Debug, Deserialize)]
struct TokenForm {
    csrf: String,
    name: String,
}

async fn create_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Form(form): Form<TokenForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return account_with(
            &state,
            &headers,
            &auth,
            None,
            Some("token-error-name".into()),
        )
        .await;
    }
    let created = state
        .services
        .accounts()
        .create_token(&auth.actor(), name)
        .await?;
    account_with(&state, &headers, &auth, Some(created.secret), None).await
}

async fn revoke_token(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    auth.check_csrf(&form.csrf)?;
    state
        .services
        .accounts()
        .revoke_token(&auth.actor(), id)
        .await?;
    Ok(Redirect::to("/account").into_response())
}

async fn users_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> PageResult {
    auth.require(Permission::ManageUsers)?;
    users_with(&state, &headers, &auth, None, None, StatusCode::OK).await
}

async fn users_with(
    state: &AppState,
    headers: &HeaderMap,
    auth: &Authenticated,
    created: Option<(String, String)>,
    error: Option<String>,
    status: StatusCode,
) -> PageResult {
    let users = state.store.list_users().await?;
    let partners = state.store.list_partners().await?;
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    render_with_status(
        state,
        headers,
        auth,
        "/admin/users",
        "users.html",
        context! {
            users,
            partners,
            roles,
            created_email => created.as_ref().map(|c| c.0.clone()),
            one_time_password => created.map(|c| c.1),
            error,
        },
        status,
    )
}

#[derive(Debug, Deserialize)]
struct NewUserForm {
    csrf: String,
    email: String,
    role: String,
    #[serde(default)]
    partner_id: String,
}

async fn create_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Form(form): Form<NewUserForm>,
) -> PageResult {
    auth.require(Permission::ManageUsers)?;
    auth.check_csrf(&form.csrf)?;
    let partner_id = if form.partner_id.trim().is_empty() {
        None
    } else {
        form.partner_id.trim().parse::<i64>().ok()
    };
    let input = super::api::NewUser {
        email: form.email.clone(),
        role: form.role.clone(),
        partner_id,
    };
    let created = match input.parse() {
        Ok(input) => {
            state
                .services
                .accounts()
                .create_user(&auth.actor(), input)
                .await
        }
        Err(e) => Err(e.into_service()),
    };
    match created {
        Ok(created) => {
            users_with(
                &state,
                &headers,
                &auth,
                Some((created.user.email, created.one_time_password)),
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::Conflict(_))) => {
            users_with(
                &state,
                &headers,
                &auth,
                None,
                Some(crate::web::page::refusal(&state, &headers, &auth, &e)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn disable_user(
    state: State<AppState>,
    user: PageUser,
    id: Path<i64>,
    form: Form<CsrfForm>,
) -> PageResult {
    set_disabled(state, user, id, form, true).await
}

async fn enable_user(
    state: State<AppState>,
    user: PageUser,
    id: Path<i64>,
    form: Form<CsrfForm>,
) -> PageResult {
    set_disabled(state, user, id, form, false).await
}

async fn set_disabled(
    State(state): State<AppState>,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
    disabled: bool,
) -> PageResult {
    auth.require(Permission::ManageUsers)?;
    auth.check_csrf(&form.csrf)?;
    state
        .services
        .accounts()
        .set_disabled(&auth.actor(), id, disabled)
        .await?;
    Ok(Redirect::to("/admin/users").into_response())
}

async fn reset_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> PageResult {
    auth.require(Permission::ManageUsers)?;
    auth.check_csrf(&form.csrf)?;
    let (target, otp) = state
        .services
        .accounts()
        .reset_password(&auth.actor(), id)
        .await?;
    users_with(
        &state,
        &headers,
        &auth,
        Some((target.email, otp)),
        None,
        StatusCode::OK,
    )
    .await
}

async fn audit_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Query(params): Query<AuditParams>,
) -> PageResult {
    auth.require(Permission::ReadAudit)?;
    let query = params.query()?;
    let accounts = state.services.accounts();
    let page = accounts
        .audit_log(&auth.actor(), &query, audit::PAGE_SIZE)
        .await?;
    let users = accounts.audit_users(&auth.actor()).await?;
    let (newer, older) = params.neighbours(&page);
    let locale = page_locale(&state, &headers, Some(&auth.user));
    let email = |id: Option<i64>| {
        id.and_then(|id| users.iter().find(|(u, _)| *u == id))
            .map(|(_, e)| e.clone())
    };
    let entries: Vec<audit::EntryView> = page
        .entries
        .into_iter()
        .map(|e| {
            let email = email(e.user_id);
            audit::view(&state.locales, &locale, e, email)
        })
        .collect();
    #[derive(serde::Serialize)]
    struct Choice {
        value: String,
        label: String,
    }
    let actions: Vec<Choice> = ACTIONS
        .iter()
        .map(|a| Choice {
            value: a.to_string(),
            label: state.locales.format(
                &locale,
                &format!("audit-action-{}", a.replace(['.', '_'], "-")),
                None,
            ),
        })
        .collect();
    let users: Vec<Choice> = users
        .into_iter()
        .map(|(id, email)| Choice {
            value: id.to_string(),
            label: email,
        })
        .collect();
    render_page(
        &state,
        &headers,
        &auth,
        "/admin/audit",
        "audit.html",
        context! {
            entries,
            users,
            actions,
            chosen => context! {
                user => params.user.clone().unwrap_or_default(),
                action => params.action.clone().unwrap_or_default(),
                from => params.from.clone().unwrap_or_default(),
                to => params.to.clone().unwrap_or_default(),
            },
            newer,
            older,
        },
    )
}

async fn partners_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
) -> PageResult {
    partners_with(&state, &headers, &auth, None, StatusCode::OK).await
}

async fn partners_with(
    state: &AppState,
    headers: &HeaderMap,
    auth: &Authenticated,
    error: Option<String>,
    status: StatusCode,
) -> PageResult {
    let partners = state
        .services
        .accounts()
        .visible_partners(&auth.actor())
        .await?;
    render_with_status(
        state,
        headers,
        auth,
        "/partners",
        "partners.html",
        context! {
            partners,
            sectors => PARTNER_SECTORS,
            can_create => auth.user.role.can(Permission::ManagePartners),
            staff => auth.user.role.can(Permission::ListPartners),
            error,
        },
        status,
    )
}

#[derive(Debug, Deserialize)]
struct PartnerForm {
    csrf: String,
    name: String,
    sector: String,
}

async fn create_partner(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(auth): PageUser,
    Form(form): Form<PartnerForm>,
) -> PageResult {
    auth.require(Permission::ManagePartners)?;
    auth.check_csrf(&form.csrf)?;
    match state
        .services
        .accounts()
        .create_partner(&auth.actor(), &form.name, &form.sector)
        .await
    {
        Ok(_) => Ok(Redirect::to("/partners").into_response()),
        Err(e @ (ServiceError::Invalid { .. } | ServiceError::Conflict(_))) => {
            partners_with(
                &state,
                &headers,
                &auth,
                Some(crate::web::page::refusal(&state, &headers, &auth, &e)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
