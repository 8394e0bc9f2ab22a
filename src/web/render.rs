//! Server-rendered pages: minijinja templates read from `templates/` at start-up, with a `t()` function
//! that looks words up in the Fluent bundles for the page's locale.

use std::path::Path;
use std::sync::Arc;

use minijinja::value::{Kwargs, Value, ViaDeserialize};
use minijinja::{Environment, Error, ErrorKind, State};

use crate::content::i18n::{ArgValue, LocaleId, Locales};
use crate::message::Message;

/// The loaded templates.
pub struct Templates {
    env: Environment<'static>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("templates in {dir}: {reason}")]
pub struct TemplateError {
    dir: String,
    reason: String,
}

/// Templates every page needs; start-up fails if one is missing or does not parse.
const REQUIRED: &[&str] = &["layout.html", "error.html", "login.html", "home.html"];

impl Templates {
    /// Loads templates from `dir`; `t(id, name=value…)` formats Fluent message `id` in the
    /// context's `locale`, and `msg(m)` a [`Message`] the domain built.
    pub fn load(dir: &Path, locales: Arc<Locales>) -> Result<Self, TemplateError> {
        let fail = |reason: String| TemplateError {
            dir: dir.display().to_string(),
            reason,
        };
        if !dir.is_dir() {
            return Err(fail("not a folder".into()));
        }
        let mut env = Environment::new();
        env.set_loader(minijinja::path_loader(dir));
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let l = locales.clone();
        env.add_function(
            "t",
            move |state: &State, id: &str, kwargs: Kwargs| -> Result<String, Error> {
                let locale = current_locale(state, &l);
                let mut args = Vec::new();
                for key in kwargs.args() {
                    let value: Value = kwargs.get(key)?;
                    let arg = match value.as_i64() {
                        Some(n) if value.is_number() => ArgValue::Number(n as f64),
                        _ => match f64::try_from(value.clone()) {
                            Ok(f) if value.is_number() => ArgValue::Number(f),
                            _ => ArgValue::Text(value.to_string()),
                        },
                    };
                    args.push((key, arg));
                }
                kwargs.assert_all_used()?;
                Ok(l.format_with(&locale, id, &args))
            },
        );
        let l = locales.clone();
        env.add_function(
            "msg",
            move |state: &State, message: ViaDeserialize<Message>| -> String {
                l.render(&current_locale(state, &l), &message)
            },
        );
        let l = locales.clone();
        env.add_filter("num", move |state: &State, value: Value| -> String {
            let format = crate::content::numbers::NumberFormat::for_locale(
                current_locale(state, &l).as_str(),
            );
            match value.as_i64() {
                Some(n) if value.is_number() => format.format(n as f64, 0, 0, true),
                _ => format.localise(&value.to_string()),
            }
        });
        env.add_function("text_dir", |locale: &str| -> String {
            crate::content::i18n::direction(locale).to_string()
        });
        env.add_filter("datetime", |ts: i64| -> String {
            time::OffsetDateTime::from_unix_timestamp(ts)
                .ok()
                .and_then(|t| {
                    t.format(time::macros::format_description!(
                        "[year]-[month]-[day] [hour]:[minute] UTC"
                    ))
                    .ok()
                })
                .unwrap_or_default()
        });
        for name in REQUIRED {
            env.get_template(name)
                .map_err(|e| fail(format!("{name}: {}", describe(&e))))?;
        }
        Ok(Self { env })
    }

    /// Renders a template with a context.
    pub fn render(&self, name: &str, context: Value) -> Result<String, Error> {
        self.env.get_template(name)?.render(context)
    }
}

fn current_locale(state: &State, locales: &Locales) -> LocaleId {
    state
        .lookup("locale")
        .and_then(|v| v.as_str().and_then(|s| locales.get(s)))
        .unwrap_or_else(|| locales.default_locale().clone())
}

/// A template error with its file and line.
pub fn describe(e: &Error) -> String {
    let mut text = e.to_string();
    if let (Some(name), Some(line)) = (e.name(), e.line()) {
        text = format!("{name}:{line}: {text}");
    }
    if e.kind() == ErrorKind::TemplateNotFound {
        text.push_str(" (not found)");
    }
    text
}
