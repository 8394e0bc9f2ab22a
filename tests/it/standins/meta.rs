//! A Graph API stand-in for the Marketing API calls Beacon makes: `/{v}/act_{id}/{campaigns,adsets,
//! adcreatives,ads}` (GET with `filtering` on name, POST to create), `/{v}/{id}` (GET fields, POST updates),
//! `/{v}/{id}/insights` (daily rows with `time_increment=1`, `breakdowns`, cursor paging whose `next`
//! carries `access_token` as Meta's does; without `time_increment`, or with `all_days`, one row over the
//! whole `time_range` whose reach counts each person once, so it is less than the days' sum). Errors are
//! Graph error objects.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Fault, HANG, Log, Shared, record, serve};

pub const VERSION: &str = "v21.0";
pub const ACCOUNT: &str = "act_4242";
pub const TOKEN: &str = "EAAB-standin-secret-token-123";

#[derive(Debug, Clone)]
pub enum MetaFault {
    /// HTTP 400, code 17 (user request limit), with usage headers saying 7 minutes.
    RateLimit,
    /// HTTP 400, code 80004 (ads management business use case), with `x-ad-account-usage` saying 90 s.
    BusinessRateLimit,
    /// HTTP 500 with an HTML body.
    ServerError,
    /// Waits longer than the client's timeout, then answers.
    Hang,
    /// Carries out the request (a create makes its object), then waits longer than the client's timeout:
    /// the reply is lost.
    LoseReply,
    /// Code 2, `is_transient: true`.
    Transient,
    /// Code 190: the token has expired (the message echoes the token, as a careless server might).
    TokenExpired,
    /// Code 100 with a user-facing policy message.
    Policy,
}

#[derive(Debug, Clone)]
pub struct Object {
    pub id: String,
    pub edge: String,
    pub name: String,
    pub fields: BTreeMap<String, String>,
}

impl Object {
    pub fn field(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
}

#[derive(Debug)]
pub struct State {
    pub log: Log<MetaFault>,
    pub objects: Vec<Object>,
    /// The ad account's currency and `account_status` (1: active, 2: disabled...).
    pub currency: String,
    pub account_status: i64,
    next_id: u64,
    base: String,
}

pub struct MetaStandin {
    pub url: String,
    pub state: Shared<State>,
}

impl MetaStandin {
    pub async fn start() -> Self {
        let state: Shared<State> = Shared::new(std::sync::Mutex::new(State {
            log: Log::new(),
            objects: Vec::new(),
            currency: "GBP".into(),
            account_status: 1,
            next_id: 120_000,
            base: String::new(),
        }));
        let s = state.clone();
        let router = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let s = s.clone();
                async move { handle(s, method, uri, headers, body).await }
            },
        );
        let url = serve(router).await;
        state.lock().unwrap().base = url.clone();
        Self { url, state }
    }

    pub fn fault(&self, on: &str, kind: MetaFault) {
        self.state.lock().unwrap().log.faults.push(Fault {
            on: on.to_string(),
            kind,
        });
    }

    pub fn objects(&self, edge: &str) -> Vec<Object> {
        let s = self.state.lock().unwrap();
        s.objects
            .iter()
            .filter(|o| o.edge == edge)
            .cloned()
            .collect()
    }

    pub fn requests(&self) -> Vec<super::Recorded> {
        self.state.lock().unwrap().log.requests.clone()
    }
}

fn graph_error(status: StatusCode, error: Value) -> Response {
    (status, axum::Json(json!({ "error": error }))).into_response()
}

fn invalid(message: &str) -> Response {
    graph_error(
        StatusCode::BAD_REQUEST,
        json!({"message": format!("Invalid parameter: {message}"), "type": "OAuthException",
            "code": 100, "fbtrace_id": "AbcStandin"}),
    )
}

fn fault_response(kind: &MetaFault) -> Response {
    match kind {
        MetaFault::RateLimit => {
            let mut r = graph_error(
                StatusCode::BAD_REQUEST,
                json!({"message": "(#17) User request limit reached", "type": "OAuthException",
                    "code": 17, "error_subcode": 2446079, "is_transient": true, "fbtrace_id": "RL1"}),
            );
            r.headers_mut().insert(
                "x-business-use-case-usage",
                HeaderValue::from_static(
                    r#"{"4242":[{"type":"ads_management","call_count":100,"total_cputime":35,"total_time":40,"estimated_time_to_regain_access":7}]}"#,
                ),
            );
            r
        }
        MetaFault::BusinessRateLimit => {
            let mut r = graph_error(
                StatusCode::BAD_REQUEST,
                json!({"message": "(#80004) There have been too many calls to this ad-account.",
                    "type": "OAuthException", "code": 80004, "error_subcode": 2446079, "fbtrace_id": "RL2"}),
            );
            r.headers_mut().insert(
                "x-ad-account-usage",
                HeaderValue::from_static(r#"{"acc_id_util_pct":100,"reset_time_duration":90,"ads_api_access_tier":"development_access"}"#),
            );
            r
        }
        MetaFault::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "<html><body>Sorry, something went wrong.</body></html>",
        )
            .into_response(),
        MetaFault::Transient => graph_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"message": "An unexpected error has occurred. Please retry your request later.",
                "type": "OAuthException", "code": 2, "is_transient": true, "fbtrace_id": "TR1"}),
        ),
        MetaFault::TokenExpired => graph_error(
            StatusCode::BAD_REQUEST,
            json!({"message": format!("Error validating access token: Session has expired (token {TOKEN})"),
                "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "AU1"}),
        ),
        MetaFault::Policy => graph_error(
            StatusCode::BAD_REQUEST,
            json!({"message": "Invalid parameter", "type": "OAuthException", "code": 100,
                "error_subcode": 1487390, "is_transient": false,
                "error_user_title": "Ad Rejected",
                "error_user_msg": "Your ad wasn't approved because it doesn't follow our Advertising Policies.",
                "error_data": {"blame_field_specs": [["object_story_spec", "link_data", "message"]]},
                "fbtrace_id": "PO1"}),
        ),
        MetaFault::Hang | MetaFault::LoseReply => unreachable!("handled by waiting"),
    }
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
    match &fault {
        Some(MetaFault::Hang) => {
            tokio::time::sleep(HANG).await;
        }
        Some(MetaFault::LoseReply) | None => {}
        Some(other) => return fault_response(other),
    }
    // The token: as a bearer header, or as Meta's access_token parameter.
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let q = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    if bearer.or_else(|| q("access_token")).as_deref() != Some(TOKEN) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            json!({"message": "Invalid OAuth access token - Cannot parse access token",
                "type": "OAuthException", "code": 190, "fbtrace_id": "AU2"}),
        );
    }
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let response = route(&state, &method, uri.path(), &q, &form);
    if matches!(fault, Some(MetaFault::LoseReply)) {
        tokio::time::sleep(HANG).await;
    }
    response
}

fn route(
    state: &Shared<State>,
    method: &Method,
    path: &str,
    q: &dyn Fn(&str) -> Option<String>,
    form: &[(String, String)],
) -> Response {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if parts.first() != Some(&VERSION) {
        return invalid("unknown API version");
    }
    let f = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut s = state.lock().unwrap();
    match (method.as_str(), &parts[1..]) {
        ("GET", [account, edge]) if *account == ACCOUNT => {
            let Some(filter) = q("filtering") else {
                return invalid("filtering");
            };
            let filter: Value = serde_json::from_str(&filter).unwrap_or(Value::Null);
            let name = filter[0]["value"].as_str().unwrap_or("").to_string();
            if filter[0]["field"] != "name" || filter[0]["operator"] != "EQUAL" {
                return invalid("filtering");
            }
            let data: Vec<Value> = s
                .objects
                .iter()
                .filter(|o| o.edge == *edge && o.name == name)
                .map(|o| json!({"id": o.id, "name": o.name}))
                .collect();
            axum::Json(json!({"data": data, "paging": {"cursors": {"before": "b", "after": "a"}}}))
                .into_response()
        }
        ("POST", [account, edge]) if *account == ACCOUNT => {
            let Some(name) = f("name") else {
                return invalid("name is required");
            };
            let required: &[&str] = match *edge {
                "campaigns" => &["objective", "status", "special_ad_categories"],
                "adsets" => &[
                    "campaign_id",
                    "billing_event",
                    "optimization_goal",
                    "targeting",
                    "start_time",
                    "status",
                ],
                "adcreatives" => &["object_story_spec"],
                "ads" => &["adset_id", "creative", "status"],
                _ => return invalid("unknown edge"),
            };
            for r in required {
                if f(r).is_none() {
                    return invalid(&format!("{r} is required"));
                }
            }
            for json_field in [
                "targeting",
                "object_story_spec",
                "creative",
                "special_ad_categories",
            ] {
                if let Some(v) = f(json_field)
                    && serde_json::from_str::<Value>(&v).is_err()
                {
                    return invalid(&format!("{json_field} must be JSON"));
                }
            }
            let parent_ok = |field: &str, parent: &str| {
                f(field).is_none_or(|id| s.objects.iter().any(|o| o.id == id && o.edge == parent))
            };
            if !parent_ok("campaign_id", "campaigns") || !parent_ok("adset_id", "adsets") {
                return invalid("the parent object does not exist");
            }
            if *edge == "adsets" && f("daily_budget").is_none() && f("lifetime_budget").is_none() {
                return invalid("a budget is required");
            }
            s.next_id += 1;
            let id = s.next_id.to_string();
            s.objects.push(Object {
                id: id.clone(),
                edge: edge.to_string(),
                name,
                fields: form.iter().cloned().collect(),
            });
            axum::Json(json!({"id": id})).into_response()
        }
        ("GET", [account]) if *account == ACCOUNT => {
            // The ad account node: the fields asked for, of those the stand-in knows.
            let mut out = json!({"id": ACCOUNT});
            for k in q("fields").unwrap_or_default().split(',') {
                match k {
                    "currency" => out[k] = json!(s.currency),
                    "account_status" => out[k] = json!(s.account_status),
                    "name" => out[k] = json!("Beacon test account"),
                    _ => {}
                }
            }
            axum::Json(out).into_response()
        }
        ("GET", [id, "insights"]) => insights(&s, id, q),
        ("GET", [id]) => {
            let Some(o) = s.objects.iter().find(|o| o.id == *id) else {
                return invalid("unknown object");
            };
            let mut out = json!({"id": o.id});
            for k in q("fields").unwrap_or_default().split(',') {
                if let Some(v) = o.fields.get(k) {
                    out[k] = json!(v);
                }
            }
            axum::Json(out).into_response()
        }
        ("POST", [id]) => {
            let Some(o) = s.objects.iter_mut().find(|o| o.id == *id) else {
                return invalid("unknown object");
            };
            for (k, v) in form {
                if k == "status"
                    && !["ACTIVE", "PAUSED", "ARCHIVED", "DELETED"].contains(&v.as_str())
                {
                    return invalid("status");
                }
                o.fields.insert(k.clone(), v.clone());
            }
            axum::Json(json!({"success": true})).into_response()
        }
        _ => invalid("unsupported request"),
    }
}

/// The reach over a range of `days` days, each person counted once: 800 on the first day (as the daily
/// total), then 200 new people a day; less than the days' sum (800 a day) from the second day on.
pub fn lifetime_reach(days: i64) -> i64 {
    800 + 200 * (days - 1)
}

/// The one row of a query over the whole range: the days' impressions, clicks and spend (as the daily
/// totals give them), and [`lifetime_reach`].
fn lifetime_row(since: time::Date, until: time::Date) -> Value {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let days = (until - since).whole_days() + 1;
    let reach = lifetime_reach(days);
    let impressions = 2000 * days;
    // The daily totals' spend: 10.01, 10.02, ... (the day's number, modulo 100, in pence).
    let spend: i64 = (1..=days).map(|n| 1000 + n % 100).sum();
    json!({"date_start": since.format(fmt).unwrap(), "date_stop": until.format(fmt).unwrap(),
        "reach": reach.to_string(), "impressions": impressions.to_string(),
        "frequency": format!("{:.6}", impressions as f64 / reach as f64),
        "clicks": (18 * days).to_string(),
        "spend": format!("{}.{:02}", spend / 100, spend % 100)})
}

/// Rows per page, small so that paging is exercised.
const PAGE: usize = 3;

fn insights(s: &State, id: &str, q: &dyn Fn(&str) -> Option<String>) -> Response {
    if !s
        .objects
        .iter()
        .any(|o| o.id == id && o.edge == "campaigns")
    {
        return invalid("unknown campaign");
    }
    let daily = match q("time_increment").as_deref() {
        Some("1") => true,
        None | Some("all_days") => false,
        Some(_) => return invalid("time_increment"),
    };
    let range: Value =
        serde_json::from_str(&q("time_range").unwrap_or_default()).unwrap_or(Value::Null);
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let (Some(since), Some(until)) = (
        range["since"]
            .as_str()
            .and_then(|d| time::Date::parse(d, fmt).ok()),
        range["until"]
            .as_str()
            .and_then(|d| time::Date::parse(d, fmt).ok()),
    ) else {
        return invalid("time_range");
    };
    let breakdown = q("breakdowns").unwrap_or_default();
    if !daily {
        if !breakdown.is_empty() {
            return invalid("the stand-in answers the whole range without breakdowns only");
        }
        if until < since {
            return invalid("time_range");
        }
        return axum::Json(json!({"data": [lifetime_row(since, until)],
            "paging": {"cursors": {"before": "MAZDZD", "after": "MAZDZD"}}}))
        .into_response();
    }
    let groups: Vec<&str> = match breakdown.as_str() {
        "" => vec![""],
        "age" => vec!["18-24", "25-34"],
        "gender" => vec!["female", "male"],
        "region" => vec!["England"],
        _ => return invalid("breakdowns"),
    };
    let mut rows = Vec::new();
    let mut d = since;
    let mut n = 0i64;
    while d <= until {
        for g in &groups {
            n += 1;
            let share = if g.is_empty() { 2 } else { 1 };
            let mut row = json!({"date_start": d.format(fmt).unwrap(), "date_stop": d.format(fmt).unwrap(),
                "reach": (400 * share).to_string(), "impressions": (1000 * share).to_string(),
                "frequency": "2.5", "clicks": (9 * share).to_string(),
                "spend": format!("{}.{:02}", 5 * share, n % 100)});
            if !g.is_empty() {
                row[breakdown.as_str()] = json!(g);
            }
            rows.push(row);
        }
        d = d.next_day().unwrap();
    }
    let after: usize = q("after").and_then(|a| a.parse().ok()).unwrap_or(0);
    let page: Vec<Value> = rows.iter().skip(after).take(PAGE).cloned().collect();
    let mut body = json!({"data": page, "paging": {"cursors": {"before": after.to_string(),
        "after": (after + PAGE).to_string()}}});
    if after + PAGE < rows.len() {
        // As Meta does: the next page's full address, the token in it.
        let mut next = url::Url::parse(&format!("{}/{VERSION}/{id}/insights", s.base)).unwrap();
        {
            let mut qp = next.query_pairs_mut();
            for k in [
                "fields",
                "level",
                "time_increment",
                "time_range",
                "limit",
                "breakdowns",
            ] {
                if let Some(v) = q(k) {
                    qp.append_pair(k, &v);
                }
            }
            qp.append_pair("access_token", TOKEN);
            qp.append_pair("after", &(after + PAGE).to_string());
        }
        body["paging"]["next"] = json!(next.to_string());
    }
    axum::Json(body).into_response()
}
