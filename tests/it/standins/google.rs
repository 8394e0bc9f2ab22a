//! A Google Ads REST stand-in: the OAuth token endpoint (`/token`, grant_type=refresh_token), and under
//! `/{v}/customers/{cid}/`: `campaignBudgets:mutate`, `campaigns:mutate`, `campaignCriteria:mutate` (with
//! `partialFailure`) and `googleAds:search` for the GAQL Beacon sends (look-ups by name or resource name,
//! criteria of a campaign, daily metrics with page tokens, and with `segments.date` in WHERE but not in
//! SELECT one row over the whole range with `uniqueUsers`, refused over more than 92 days as Google does).
//! Errors are google.rpc.Status objects with a `GoogleAdsFailure` in their details.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Fault, HANG, Log, Shared, record, serve};

pub const VERSION: &str = "v17";
pub const CUSTOMER: &str = "1234567890";
pub const LOGIN_CUSTOMER: &str = "9998887777";
pub const DEVELOPER_TOKEN: &str = "dev-standin-secret-456";
pub const CLIENT_SECRET: &str = "client-standin-secret-789";
pub const REFRESH_TOKEN: &str = "1//refresh-standin-secret-000";
pub const ACCESS_TOKEN: &str = "ya29.access-standin-secret";

#[derive(Debug, Clone)]
pub enum GoogleFault {
    /// HTTP 429 RESOURCE_EXHAUSTED with a retryDelay of 30 s.
    Quota,
    /// HTTP 401 UNAUTHENTICATED.
    Unauthenticated,
    /// HTTP 503 UNAVAILABLE.
    Unavailable,
    /// Waits longer than the client's timeout.
    Hang,
    /// Carries out the request (a create makes its objects), then waits longer than the client's timeout:
    /// the reply is lost.
    LoseReply,
    /// HTTP 400 INVALID_ARGUMENT naming a field.
    Invalid,
    /// The criteria mutate fails its operation at this index (a bad radius); the others are applied.
    PartialFailure(usize),
    /// The token endpoint refuses the refresh token (revoked).
    InvalidGrant,
}

#[derive(Debug, Clone)]
pub struct Object {
    pub resource_name: String,
    pub kind: String,
    pub fields: Value,
}

#[derive(Debug)]
pub struct State {
    pub log: Log<GoogleFault>,
    pub objects: Vec<Object>,
    /// The customer's currency and status (`ENABLED`, `SUSPENDED`, `CANCELED`...).
    pub currency: String,
    pub customer_status: String,
    pub token_exchanges: usize,
    /// Whether campaigns have unique users (Display does); `false`: as a Search campaign, the metric is
    /// left out of the reply.
    pub unique_users: bool,
    next_id: u64,
}

pub struct GoogleStandin {
    pub url: String,
    pub state: Shared<State>,
}

impl GoogleStandin {
    pub async fn start() -> Self {
        let state: Shared<State> = Shared::new(std::sync::Mutex::new(State {
            log: Log::new(),
            objects: Vec::new(),
            currency: "GBP".into(),
            customer_status: "ENABLED".into(),
            token_exchanges: 0,
            unique_users: true,
            next_id: 500,
        }));
        let s = state.clone();
        let router = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let s = s.clone();
                async move { handle(s, method, uri, headers, body).await }
            },
        );
        let url = serve(router).await;
        Self { url, state }
    }

    pub fn fault(&self, on: &str, kind: GoogleFault) {
        self.state.lock().unwrap().log.faults.push(Fault {
            on: on.to_string(),
            kind,
        });
    }

    pub fn objects(&self, kind: &str) -> Vec<Object> {
        let s = self.state.lock().unwrap();
        s.objects
            .iter()
            .filter(|o| o.kind == kind)
            .cloned()
            .collect()
    }

    pub fn requests(&self) -> Vec<super::Recorded> {
        self.state.lock().unwrap().log.requests.clone()
    }

    pub fn token_exchanges(&self) -> usize {
        self.state.lock().unwrap().token_exchanges
    }
}

fn failure(status: StatusCode, grpc: &str, message: &str, errors: Value) -> Response {
    (
        status,
        axum::Json(json!({"error": {"code": status.as_u16(), "message": message, "status": grpc,
            "details": [{"@type": format!("type.googleapis.com/google.ads.googleads.{VERSION}.errors.GoogleAdsFailure"),
                "errors": errors, "requestId": "standin-req-1"}]}})),
    )
        .into_response()
}

fn invalid(message: &str, field: &str) -> Response {
    failure(
        StatusCode::BAD_REQUEST,
        "INVALID_ARGUMENT",
        "Request contains an invalid argument.",
        json!([{"errorCode": {"fieldError": "REQUIRED"}, "message": message,
            "location": {"fieldPathElements": [{"fieldName": "operations", "index": 0},
                {"fieldName": "create"}, {"fieldName": field}]}}]),
    )
}

fn fault_response(kind: &GoogleFault) -> Option<Response> {
    Some(match kind {
        GoogleFault::Quota => failure(
            StatusCode::TOO_MANY_REQUESTS,
            "RESOURCE_EXHAUSTED",
            "Resource has been exhausted (e.g. check quota).",
            json!([{"errorCode": {"quotaError": "RESOURCE_TEMPORARILY_EXHAUSTED"},
                "message": "Too many requests. Retry in 30 seconds.",
                "details": {"quotaErrorDetails": {"rateScope": "DEVELOPER", "rateName": "Number of operations for basic access",
                    "retryDelay": "30s"}}}]),
        ),
        GoogleFault::Unauthenticated => (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error": {"code": 401,
                "message": "Request is missing required authentication credential. Expected OAuth 2 access token.",
                "status": "UNAUTHENTICATED"}})),
        )
            .into_response(),
        GoogleFault::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"error": {"code": 503, "message": "The service is currently unavailable.",
                "status": "UNAVAILABLE"}})),
        )
            .into_response(),
        GoogleFault::Invalid => failure(
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
            "Request contains an invalid argument.",
            json!([{"errorCode": {"policyFindingError": "POLICY_FINDING"},
                "message": "The resource has been disapproved since the policy summary includes policy topics of type PROHIBITED.",
                "location": {"fieldPathElements": [{"fieldName": "operations", "index": 0}, {"fieldName": "create"},
                    {"fieldName": "name"}]}}]),
        ),
        GoogleFault::InvalidGrant => (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "invalid_grant", "error_description": "Token has been expired or revoked."})),
        )
            .into_response(),
        GoogleFault::Hang | GoogleFault::LoseReply | GoogleFault::PartialFailure(_) => return None,
    })
}

async fn handle(
    state: Shared<State>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fault = state
        .lock()
        .unwrap()
        .log
        .arrive(record(&method, &uri, &headers, &body));
    if let Some(f) = &fault {
        if matches!(f, GoogleFault::Hang) {
            tokio::time::sleep(HANG).await;
        }
        if let Some(r) = fault_response(f) {
            return r;
        }
    }
    let path = uri.path().to_string();
    if path == "/token" {
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
        let f = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        if f("grant_type") != Some("refresh_token")
            || f("refresh_token") != Some(REFRESH_TOKEN)
            || f("client_secret") != Some(CLIENT_SECRET)
        {
            return (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({"error": "invalid_grant", "error_description": "Bad Request"})),
            )
                .into_response();
        }
        state.lock().unwrap().token_exchanges += 1;
        return axum::Json(json!({"access_token": ACCESS_TOKEN, "expires_in": 3599,
            "scope": "https://www.googleapis.com/auth/adwords", "token_type": "Bearer"}))
        .into_response();
    }
    let h = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or("");
    if h("authorization") != format!("Bearer {ACCESS_TOKEN}") {
        return fault_response(&GoogleFault::Unauthenticated).unwrap();
    }
    if h("developer-token") != DEVELOPER_TOKEN {
        return failure(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "The developer token is not valid.",
            json!([{"errorCode": {"authenticationError": "DEVELOPER_TOKEN_INVALID"}, "message": "The developer token is not valid."}]),
        );
    }
    if h("login-customer-id") != LOGIN_CUSTOMER {
        return failure(
            StatusCode::FORBIDDEN,
            "PERMISSION_DENIED",
            "The caller does not have permission",
            json!([{"errorCode": {"authorizationError": "USER_PERMISSION_DENIED"}, "message": "User doesn't have permission to access customer."}]),
        );
    }
    let prefix = format!("/{VERSION}/customers/{CUSTOMER}/");
    let Some(service) = path.strip_prefix(&prefix) else {
        return invalid("unknown customer", "customer_id");
    };
    let Ok(body): Result<Value, _> = serde_json::from_slice(&body) else {
        return invalid("the body is not JSON", "body");
    };
    let partial = match fault {
        Some(GoogleFault::PartialFailure(i)) => Some(i),
        _ => None,
    };
    let response = reply(&state, service, &body, partial);
    if matches!(fault, Some(GoogleFault::LoseReply)) {
        tokio::time::sleep(HANG).await;
    }
    response
}

fn reply(state: &Shared<State>, service: &str, body: &Value, partial: Option<usize>) -> Response {
    let mut s = state.lock().unwrap();
    match service {
        "googleAds:search" => search(
            &s,
            body["query"].as_str().unwrap_or(""),
            body["pageToken"].as_str(),
        ),
        "campaignBudgets:mutate" => mutate(&mut s, "campaignBudgets", "campaignBudget", body, None),
        "campaigns:mutate" => mutate(&mut s, "campaigns", "campaign", body, None),
        "campaignCriteria:mutate" => {
            if body["partialFailure"] != json!(true) {
                return invalid("Beacon always asks for partial failure", "partial_failure");
            }
            mutate(
                &mut s,
                "campaignCriteria",
                "campaignCriterion",
                body,
                partial,
            )
        }
        _ => invalid("unknown service", "service"),
    }
}

fn mutate(
    s: &mut State,
    collection: &str,
    kind: &str,
    body: &Value,
    fail_at: Option<usize>,
) -> Response {
    let Some(ops) = body["operations"].as_array() else {
        return invalid("operations are required", "operations");
    };
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        if let Some(create) = op.get("create") {
            if fail_at == Some(i) {
                errors.push(
                    json!({"errorCode": {"criterionError": "INVALID_PROXIMITY_RADIUS"},
                    "message": "The proximity radius is invalid.",
                    "location": {"fieldPathElements": [{"fieldName": "operations", "index": i},
                        {"fieldName": "create"}, {"fieldName": "proximity"}]}}),
                );
                results.push(json!({}));
                continue;
            }
            let required: &[&str] = match kind {
                "campaignBudget" => &["name"],
                "campaign" => &["name", "status", "advertisingChannelType", "campaignBudget"],
                _ => &["campaign"],
            };
            for r in required {
                if create.get(*r).is_none() {
                    return invalid(&format!("{r} is required"), r);
                }
            }
            if kind == "campaignBudget"
                && create.get("amountMicros").is_none()
                && create.get("totalAmountMicros").is_none()
            {
                return invalid("an amount is required", "amount_micros");
            }
            if kind == "campaignCriterion"
                && create.get("proximity").is_none()
                && create.get("language").is_none()
            {
                return invalid("a criterion is required", "criterion");
            }
            s.next_id += 1;
            let name = if kind == "campaignCriterion" {
                let campaign_id = create["campaign"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                format!(
                    "customers/{CUSTOMER}/{collection}/{campaign_id}~{}",
                    s.next_id
                )
            } else {
                format!("customers/{CUSTOMER}/{collection}/{}", s.next_id)
            };
            let mut fields = create.clone();
            fields["resourceName"] = json!(name);
            s.objects.push(Object {
                resource_name: name.clone(),
                kind: kind.to_string(),
                fields,
            });
            results.push(json!({"resourceName": name}));
        } else if let Some(update) = op.get("update") {
            let name = update["resourceName"].as_str().unwrap_or("");
            let Some(o) = s.objects.iter_mut().find(|o| o.resource_name == name) else {
                return invalid("unknown resource", "resource_name");
            };
            if op["updateMask"].as_str().is_none() {
                return invalid("update_mask is required", "update_mask");
            }
            for (k, v) in update.as_object().unwrap() {
                o.fields[k] = v.clone();
            }
            results.push(json!({"resourceName": name}));
        } else if let Some(name) = op.get("remove").and_then(Value::as_str) {
            let Some(o) = s.objects.iter_mut().find(|o| o.resource_name == name) else {
                return invalid("unknown resource", "resource_name");
            };
            o.fields["status"] = json!("REMOVED");
            results.push(json!({"resourceName": name}));
        }
    }
    let mut reply = json!({"results": results});
    if !errors.is_empty() {
        reply["partialFailureError"] = json!({"code": 3, "message": "Multiple errors in ‘details’. First error: The proximity radius is invalid.",
            "details": [{"@type": format!("type.googleapis.com/google.ads.googleads.{VERSION}.errors.GoogleAdsFailure"),
                "errors": errors, "requestId": "standin-req-2"}]});
    }
    axum::Json(reply).into_response()
}

/// The value of `field = '…'` in a GAQL WHERE clause.
fn equals(query: &str, field: &str) -> Option<String> {
    let at = query.find(&format!("{field} = '"))? + field.len() + 4;
    let rest = &query[at..];
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '\'' => return Some(out),
            c => out.push(c),
        }
    }
    None
}

const PAGE: usize = 2;

/// The people a campaign reached over a range of `days` days, each counted once: 1,100 on the first day,
/// then 300 new people a day.
pub fn unique_users(days: i64) -> i64 {
    1100 + 300 * (days - 1)
}

fn search(s: &State, query: &str, page_token: Option<&str>) -> Response {
    let from = query
        .split(" FROM ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or("");
    let select = query
        .strip_prefix("SELECT ")
        .and_then(|q| q.split(" FROM ").next())
        .unwrap_or("");
    let rows: Vec<Value> = match from {
        "campaign" if query.contains("segments.date") => {
            let Some(name) = equals(query, "campaign.resource_name") else {
                return invalid("a campaign is required", "query");
            };
            if !s.objects.iter().any(|o| o.resource_name == name) {
                return (StatusCode::OK, axum::Json(json!({"results": []}))).into_response();
            }
            let dates: Vec<&str> = query.split('\'').collect();
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            let (Some(a), Some(b)) = (
                dates.get(3).and_then(|d| time::Date::parse(d, fmt).ok()),
                dates.get(5).and_then(|d| time::Date::parse(d, fmt).ok()),
            ) else {
                return invalid("BETWEEN needs two dates", "query");
            };
            if !select.contains("segments.date") {
                // Not segmented by date: one row aggregated over the range.
                let days = (b - a).whole_days() + 1;
                if select.contains("metrics.unique_users") && days > 92 {
                    return failure(
                        StatusCode::BAD_REQUEST,
                        "INVALID_ARGUMENT",
                        "Request contains an invalid argument.",
                        json!([{"errorCode": {"queryError": "DATE_RANGE_TOO_WIDE"},
                            "message": "Unique users can only be requested for date ranges of 92 days or less."}]),
                    );
                }
                let impressions = 2000 * days;
                let mut metrics = json!({"impressions": impressions.to_string(),
                    "clicks": (18 * days).to_string(),
                    "costMicros": (10_500_000 * days).to_string()});
                if s.unique_users && select.contains("metrics.unique_users") {
                    let users = unique_users(days);
                    metrics["uniqueUsers"] = json!(users.to_string());
                    metrics["averageImpressionFrequencyPerUser"] =
                        json!(impressions as f64 / users as f64);
                }
                return axum::Json(json!({"results": [{"campaign": {"resourceName": name},
                    "metrics": metrics}], "fieldMask": "x"}))
                .into_response();
            }
            let mut out = Vec::new();
            let mut d = a;
            while d <= b {
                out.push(json!({"campaign": {"resourceName": name}, "segments": {"date": d.format(fmt).unwrap()},
                    "metrics": {"impressions": "2000", "clicks": "18", "costMicros": "10500000"}}));
                d = d.next_day().unwrap();
            }
            out
        }
        "age_range_view" | "gender_view" => Vec::new(),
        "customer" => vec![json!({"customer": {
            "resourceName": "customers/1234567890",
            "currencyCode": s.currency,
            "status": s.customer_status,
        }})],
        "campaign" | "campaign_budget" => {
            let camel = if from == "campaign" {
                "campaign"
            } else {
                "campaignBudget"
            };
            let by_name = equals(query, &format!("{from}.name"));
            let by_resource = equals(query, &format!("{from}.resource_name"));
            s.objects
                .iter()
                .filter(|o| o.kind == camel && o.fields["status"] != "REMOVED")
                .filter(|o| {
                    by_name.as_deref().is_none_or(|n| o.fields["name"] == n)
                        && by_resource.as_deref().is_none_or(|r| o.resource_name == r)
                })
                .map(|o| {
                    let mut f = o.fields.clone();
                    f["id"] = json!(o.resource_name.rsplit('/').next().unwrap());
                    json!({ camel: f })
                })
                .collect()
        }
        "campaign_criterion" => {
            let Some(campaign) = equals(query, "campaign.resource_name") else {
                return invalid("a campaign is required", "query");
            };
            s.objects
                .iter()
                .filter(|o| {
                    o.kind == "campaignCriterion" && o.fields["campaign"] == campaign.as_str()
                })
                .map(|o| {
                    // int64 fields come back as text, as the REST API writes them.
                    let mut f = o.fields.clone();
                    if let Some(g) = f.pointer_mut("/proximity/geoPoint") {
                        for k in ["latitudeInMicroDegrees", "longitudeInMicroDegrees"] {
                            g[k] = json!(g[k].to_string());
                        }
                    }
                    json!({"campaignCriterion": f})
                })
                .collect()
        }
        _ => return invalid("unsupported query", "query"),
    };
    let start: usize = page_token.and_then(|t| t.parse().ok()).unwrap_or(0);
    let page: Vec<Value> = rows.iter().skip(start).take(PAGE).cloned().collect();
    let mut reply = json!({"results": page, "fieldMask": "x"});
    if start + PAGE < rows.len() {
        reply["nextPageToken"] = json!((start + PAGE).to_string());
    }
    axum::Json(reply).into_response()
}
