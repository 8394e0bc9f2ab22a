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
}
