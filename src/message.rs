//! Words the domain has for people, kept as a Fluent message id and its arguments until the page or the API
//! knows the reader's language: evidence, notes and check results are built in Rust, but every word of them
//! comes from the locale files (`Locales::render`).

use serde::{Deserialize, Serialize};

/// A Fluent message (or `message.attribute`) with its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The message id in the locale files, stable across languages.
    pub id: String,
    /// The arguments by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Arg)>,
}

/// An argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// A number, for Fluent's plural rules and number formatting.
    Number(f64),
    /// Text that is not translated: a name, a code, a number already formatted.
    Text(String),
    /// Messages rendered one by one and joined as a list.
    List(Vec<Message>),
}

impl Message {
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_string(),
            args: Vec::new(),
        }
    }

    /// Adds a number argument.
    pub fn number(mut self, name: &str, value: impl Into<f64>) -> Self {
        self.args
            .push((name.to_string(), Arg::Number(value.into())));
        self
    }

    /// Adds a text argument (shown as given, in every language).
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.args.push((name.to_string(), Arg::Text(value.into())));
        self
    }

    /// Adds a list of messages, rendered and joined.
    pub fn list(mut self, name: &str, items: Vec<Message>) -> Self {
        self.args.push((name.to_string(), Arg::List(items)));
        self
    }

    /// Adds a message rendered in place.
    pub fn message(self, name: &str, inner: Message) -> Self {
        self.list(name, vec![inner])
    }

    /// The argument called `name`.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    /// A percentage (0 to 1) as a number with one decimal, for `{ NUMBER($x, minimumFractionDigits: 1) } %`.
    pub fn percent(self, name: &str, fraction: f64) -> Self {
        self.number(name, (fraction * 1000.0).round() / 10.0)
    }
}

/// Why something was refused. `Worded` comes from the locale files and is shown in the reader's language;
/// `Plain` is text shown as it is: a reason not yet worded in the locale files, or one already rendered.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    Worded(Message),
    Plain(String),
}

impl std::fmt::Display for Reason {
    /// The reason in English, for the command line, logs and the API's `detail`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Worded(m) => f.write_str(&english(m)),
            Reason::Plain(t) => f.write_str(t),
        }
    }
}

impl From<Message> for Reason {
    fn from(m: Message) -> Self {
        Reason::Worded(m)
    }
}

impl From<String> for Reason {
    fn from(t: String) -> Self {
        Reason::Plain(t)
    }
}

impl From<&str> for Reason {
    fn from(t: &str) -> Self {
        Reason::Plain(t.to_string())
    }
}

/// A message in English, from the reference locale's files as shipped with the binary (`ui.ftl` and
/// `check.ftl`): for the command line, logs and the API, which need no locale folder and can report on a
/// broken one. An unknown id is returned as it is.
/// A message id without arguments in English, as [`english`] gives it.
pub fn english_id(id: &str) -> String {
    english(&Message::new(id))
}

pub fn english(message: &Message) -> String {
    use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
    static BUNDLE: std::sync::LazyLock<fluent_bundle::concurrent::FluentBundle<FluentResource>> =
        std::sync::LazyLock::new(|| {
            let mut bundle = fluent_bundle::concurrent::FluentBundle::new_concurrent(vec![
                "en".parse().expect("en is a language tag"),
            ]);
            bundle.set_use_isolating(false);
            for text in [
                include_str!("../locales/en/ui.ftl"),
                include_str!("../locales/en/check.ftl"),
                include_str!("../locales/en/survey.ftl"),
                include_str!("../locales/en/report.ftl"),
            ] {
                let resource =
                    FluentResource::try_new(text.to_string()).expect("the shipped en files parse");
                bundle
                    .add_resource(resource)
                    .expect("the shipped en files have no duplicate ids");
            }
            bundle
        });
    let mut args = FluentArgs::new();
    for (name, arg) in &message.args {
        let value = match arg {
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Text(t) => FluentValue::from(t.clone()),
            Arg::List(items) => {
                FluentValue::from(items.iter().map(english).collect::<Vec<_>>().join(", "))
            }
        };
        args.set(name.clone(), value);
    }
    let (id, attribute) = match message.id.split_once('.') {
        Some((id, attribute)) => (id, Some(attribute)),
        None => (message.id.as_str(), None),
    };
    let Some(found) = BUNDLE.get_message(id) else {
        return message.id.clone();
    };
    let pattern = match attribute {
        Some(a) => found.get_attribute(a).map(|a| a.value()),
        None => found.value(),
    };
    let Some(pattern) = pattern else {
        return message.id.clone();
    };
    let mut errors = Vec::new();
    BUNDLE
        .format_pattern(pattern, Some(&args), &mut errors)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_serialize_with_their_arguments() {
        let m = Message::new("evidence-share")
            .percent("share", 0.0312)
            .text("source", "ONS")
            .list("from", vec![Message::new("x")]);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"id": "evidence-share", "args": [["share", 3.1], ["source", "ONS"], ["from", [{"id": "x"}]]]})
        );
        assert_eq!(serde_json::from_value::<Message>(json).unwrap(), m);
    }

    #[test]
    fn english_comes_from_the_shipped_reference_files() {
        assert_eq!(
            english(&Message::new("check-empty-value")),
            "the value is empty"
        );
        assert_eq!(
            english(&Message::new("check-too-deep").number("limit", 64)),
            "placeables nested more than 64 deep: Beacon reads no deeper (real files nest three or four)"
        );
        assert_eq!(english(&Message::new("no-such-message")), "no-such-message");
        assert_eq!(
            Reason::from(Message::new("check-empty-value")).to_string(),
            "the value is empty"
        );
        assert_eq!(Reason::from("as it is").to_string(), "as it is");
    }
}
