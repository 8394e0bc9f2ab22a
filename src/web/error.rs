//! One error type at the HTTP edge, turned into `application/problem+json` (RFC 9457) in one place.

use axum::extract::FromRequest;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::message::Reason;
use crate::services::ServiceError;
use crate::store::StoreError;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// What can go wrong in a request, as the client should hear it.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("authentication required")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The request body is not valid JSON or not of the expected shape.
    #[error("{detail}")]
    BadRequest {
        detail: String,
        field: Option<String>,
    },
    /// A field's value was understood but is not acceptable.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: Reason },
    #[error("{0}")]
    Conflict(Reason),
    #[error("too many attempts; try again in a minute")]
    TooManyRequests,
    #[error("the request body is larger than this server accepts")]
    PayloadTooLarge,
    #[error(
        "the database cannot store anything just now, so nothing was saved; please try again in a few minutes"
    )]
    Unavailable(#[source] anyhow::Error),
    #[error("an internal error occurred")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn invalid(field: &str, reason: impl Into<Reason>) -> Self {
        ApiError::Invalid {
            field: field.to_string(),
            reason: reason.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            ApiError::Invalid { field, .. } => Some(field),
            ApiError::BadRequest { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

impl ApiError {
    /// The same refusal for callers that speak the application layer's terms (pages that show a field
    /// error inline). Anything that is not about the request's content is internal.
    pub fn into_service(self) -> ServiceError {
        match self {
            ApiError::Invalid { field, reason } => ServiceError::Invalid { field, reason },
            ApiError::BadRequest { detail, field } => ServiceError::Invalid {
                field: field.unwrap_or_default(),
                reason: detail.into(),
            },
            ApiError::Forbidden(m) => ServiceError::Forbidden(m),
            ApiError::NotFound(m) => ServiceError::NotFound(m),
            ApiError::Conflict(m) => ServiceError::Conflict(m),
            ApiError::Unavailable(cause) => ServiceError::Unavailable(cause),
            other => ServiceError::Internal(anyhow::anyhow!(other.to_string())),
        }
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid { field, reason } => ApiError::Invalid { field, reason },
            ServiceError::Forbidden(m) => ApiError::Forbidden(m),
            ServiceError::NotFound(m) => ApiError::NotFound(m),
            ServiceError::Conflict(m) => ApiError::Conflict(m),
            ServiceError::Unavailable(cause) => ApiError::Unavailable(cause),
            ServiceError::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        if e.is_constraint_violation() {
            ApiError::Conflict(crate::message::Message::new("refused-conflict").into())
        } else if e.is_unavailable() {
            ApiError::Unavailable(e.into())
        } else {
            ApiError::Internal(e.into())
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

/// The RFC 9457 problem document.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` means the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A problem+json response for `status`.
pub fn problem_response(
    status: StatusCode,
    detail: Option<String>,
    field: Option<String>,
) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail,
        field,
    };
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

/// 429 as a problem document, saying when to try again (`Retry-After`, whole seconds).
pub fn too_many_requests(retry_after: std::time::Duration) -> Response {
    let mut response = ApiError::TooManyRequests.into_response();
    set_retry_after(&mut response, retry_after);
    response
}

/// Sets `Retry-After` to `retry_after`, rounded up to whole seconds (at least one).
pub fn set_retry_after(response: &mut Response, retry_after: std::time::Duration) {
    let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
}

/// Whether the client asked for a problem document (or JSON) rather than a page.
pub fn wants_problem_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(PROBLEM_JSON) || v.contains("application/json"))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let ApiError::Internal(cause) = &self {
            // The cause goes to the log (with the request ID from the span), never to the client.
            tracing::error!(error = format!("{cause:#}"), "internal error");
            return problem_response(status, None, None);
        }
        if let ApiError::Unavailable(cause) = &self {
            tracing::error!(error = format!("{cause:#}"), "database unavailable");
            let mut response = problem_response(status, Some(self.to_string()), None);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            return response;
        }
        let field = self.field().map(str::to_string);
        let mut response = problem_response(status, Some(self.to_string()), field);
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"beacon\""),
            );
        }
        response
    }
}

/// A JSON body whose errors name the field at fault.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send + 'static,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::PayloadTooLarge);
            }
            Err(rejection) => {
                return Err(ApiError::BadRequest {
                    detail: rejection.body_text(),
                    field: None,
                });
            }
        };
        // A big body (a region of many positions) takes a while to parse: off the async threads.
        if bytes.len() > BLOCKING_JSON_BYTES {
            return tokio::task::spawn_blocking(move || parse_json(&bytes))
                .await
                .map_err(|e| ApiError::Internal(e.into()))?
                .map(ApiJson);
        }
        parse_json(&bytes).map(ApiJson)
    }
}

/// JSON bodies larger than this are parsed in `spawn_blocking`.
const BLOCKING_JSON_BYTES: usize = 256 * 1024;

/// Parses JSON, naming the field at fault: 400 for malformed JSON, 422 for a missing or bad field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                return Err(ApiError::BadRequest {
                    detail: format!("malformed JSON: {inner}"),
                    field: None,
                });
            }
            let message = inner.to_string();
            // serde names a missing field in its message, with the path of the object that lacks it.
            let field = match message
                .strip_prefix("missing field `")
                .and_then(|m| m.split('`').next())
            {
                Some(missing) if path == "." => missing.to_string(),
                Some(missing) => format!("{path}.{missing}"),
                None => path,
            };
            Err(ApiError::Invalid {
                field,
                reason: strip_position(&message).into(),
            })
        }
    }
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Maps axum's own JSON rejections, for handlers that use `axum::Json` directly.
impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        ApiError::BadRequest {
            detail: r.body_text(),
            field: None,
        }
    }
}

/// An error on a page: shown as a localised HTML page with the right status.
pub struct PageError(pub ApiError);

/// What [`PageError`] leaves on its response for the error-page middleware to render.
#[derive(Clone)]
pub struct PageErrorDetail {
    pub status: StatusCode,
    pub detail: String,
    /// The field at fault and why, for the page to word in the reader's language.
    pub reason: Option<(Option<String>, Reason)>,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let detail = match &self.0 {
            ApiError::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "internal error on a page");
                String::new()
            }
            ApiError::Unavailable(cause) => {
                tracing::error!(
                    error = format!("{cause:#}"),
                    "database unavailable on a page"
                );
                String::new()
            }
            other => other.to_string(),
        };
        let reason = match &self.0 {
            ApiError::Invalid { field, reason } => Some((Some(field.clone()), reason.clone())),
            ApiError::Conflict(reason) => Some((None, reason.clone())),
            _ => None,
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(PageErrorDetail {
            status,
            detail,
            reason,
        });
        response
    }
}

impl<E: Into<ApiError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

pub type PageResult = Result<Response, PageError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // Fields exist to be deserialised.
    struct NewUser {
        email: String,
        role: String,
    }

    #[test]
    fn missing_field_is_named() {
        let err = parse_json::<NewUser>(br#"{"email": "a@b.org"}"#).unwrap_err();
        match err {
            ApiError::Invalid { field, .. } => assert_eq!(field, "role"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_type_is_named() {
        let err = parse_json::<NewUser>(br#"{"email": 3, "role": "x"}"#).unwrap_err();
        match err {
            ApiError::Invalid { field, .. } => assert_eq!(field, "email"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_json_is_400() {
        let err = parse_json::<NewUser>(br#"{"email": "#).unwrap_err();
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    }
}
