//! Who may call an API route, declared where the route is mounted: [`mount`] records the rule in the
//! OpenAPI document (`x-beacon-access` on each operation, from which the role-matrix test is generated)
//! and checks it before any extractor runs, so a role without access gets 403 whatever the body says.
//! Handlers and services check again; this is the route's declared contract.

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::extensions::Extensions;
use utoipa_axum::router::{UtoipaMethodRouter, UtoipaMethodRouterExt};

use super::AppState;
use super::auth::ApiUser;
use super::error::ApiError;
use crate::accounts::{Permission, Role};

/// The OpenAPI extension that names a route's access rule.
pub const ACCESS_EXTENSION: &str = "x-beacon-access";

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without an account (the public's anonymous reports).
    Public,
    /// Any signed-in member of staff; what they get may still depend on who they are.
    SignedIn,
    /// Roles that have this permission.
    Can(Permission),
    /// Roles that have any of these permissions (a partner's own organisation beside the planners').
    Any(&'static [Permission]),
}

impl Access {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Access::Public | Access::SignedIn => true,
            Access::Can(p) => role.can(p),
            Access::Any(ps) => ps.iter().any(|p| role.can(*p)),
        }
    }

    /// How the OpenAPI document says it: `public`, `signed-in`, or permissions joined by `|`.
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public".into(),
            Access::SignedIn => "signed-in".into(),
            Access::Can(p) => p.as_str().into(),
            Access::Any(ps) => ps.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("|"),
        }
    }
}

/// Mounts handlers with their access rule: recorded in the OpenAPI document and checked first.
pub fn mount(
    state: &AppState,
    access: Access,
    routes: UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    let (schemas, mut paths, method_router) = routes;
    for item in paths.paths.values_mut() {
        for operation in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            let extensions = operation.extensions.get_or_insert_with(Extensions::default);
            extensions.insert(
                ACCESS_EXTENSION.to_string(),
                serde_json::Value::String(access.describe()),
            );
        }
    }
    let routes: UtoipaMethodRouter<AppState> = (schemas, paths, method_router);
    if access == Access::Public {
        return routes;
    }
    routes.map(|method_router| {
        method_router.route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            move |State(state): State<AppState>, request: Request, next: Next| {
                check(access, state, request, next)
            },
        ))
    })
}

/// 401 without credentials, 403 for a role the rule leaves out; otherwise the signed-in user travels on
/// in the request for the handler's own extractor.
async fn check(access: Access, state: AppState, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let user = match ApiUser::from_request_parts(&mut parts, &state).await {
        Ok(ApiUser(user)) => user,
        Err(e) => return e.into_response(),
    };
    if !access.allows(user.user.role) {
        return ApiError::Forbidden(format!("the {} role cannot do this", user.user.role))
            .into_response();
    }
    parts.extensions.insert(user);
    next.run(Request::from_parts(parts, body)).await
}
