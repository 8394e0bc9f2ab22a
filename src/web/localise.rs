//! The API's side of "every word from Fluent": the domain returns messages (`crate::message::Message`);
//! an API response renders them in the caller's language (their account's setting, else
//! `Accept-Language`), so the JSON keeps plain strings where it always had them.

use axum::Json;
use axum::http::HeaderMap;
use serde::Serialize;
use serde_json::Value;

use super::AppState;
use super::error::ApiError;
use crate::accounts::User;
use crate::content::i18n::{LocaleId, Locales};
use crate::message::Message;

/// The fields of API bodies that hold messages (one or a list).
const MESSAGE_FIELDS: &[&str] = &["sources", "notes", "inputs", "basis", "problems"];

/// `value` as JSON with every message in a [`MESSAGE_FIELDS`] field rendered in the caller's language.
pub fn localised<T: Serialize>(
    state: &AppState,
    headers: &HeaderMap,
    user: &User,
    value: &T,
) -> Result<Json<Value>, ApiError> {
    let locale = super::page::page_locale(state, headers, Some(user));
    let mut json = serde_json::to_value(value).map_err(|e| ApiError::Internal(e.into()))?;
    render_in(&mut json, &state.locales, &locale);
    Ok(Json(json))
}

fn render_in(value: &mut Value, locales: &Locales, locale: &LocaleId) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if MESSAGE_FIELDS.contains(&key.as_str()) {
                    render_field(v, locales, locale);
                } else {
                    render_in(v, locales, locale);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| render_in(v, locales, locale)),
        _ => {}
    }
}

fn render_field(value: &mut Value, locales: &Locales, locale: &LocaleId) {
    let render = |v: &Value| {
        serde_json::from_value::<Message>(v.clone())
            .ok()
            .map(|m| Value::String(locales.render(locale, &m)))
    };
    match value {
        Value::Array(items) => {
            for item in items.iter_mut() {
                if let Some(text) = render(item) {
                    *item = text;
                }
            }
        }
        other => {
            if let Some(text) = render(other) {
                *other = text;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_in_known_fields_are_rendered_and_the_rest_left_alone() {
        let locales = Locales::load(
            &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("locales"),
            "en",
        )
        .unwrap();
        let en = locales.get("en").unwrap();
        let lt = locales.get("lt").unwrap();
        let body = serde_json::json!({
            "id": 3,
            "languages": [{"locale": "lt", "sources": [Message::new("targets-no-population")]}],
            "basis": Message::new("audience-basis-unknown"),
            "name": {"id": "not-a-message-field"},
        });
        let mut shown = body.clone();
        render_in(&mut shown, &locales, &en);
        assert_eq!(
            shown["languages"][0]["sources"][0],
            "No population layer: area stands in for people, so empty land and sea count as spill."
        );
        assert!(shown["basis"].as_str().unwrap().starts_with("no estimate"));
        assert_eq!(shown["name"], body["name"]);
        let mut shown = body;
        render_in(&mut shown, &locales, &lt);
        assert!(shown["basis"].as_str().unwrap().starts_with("nėra"));
    }
}
