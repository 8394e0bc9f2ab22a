//! Writing XML (SVG maps, KML exports): text and attribute values escaped, and the characters XML 1.0
//! forbids left out, so that whatever a user typed never breaks the document.

use std::borrow::Cow;

/// XML-escapes text for element content and attribute values (`&`, `<`, `>`, `"` and `'`). Control
/// characters that XML 1.0 does not allow (all below U+0020 except tab, newline and carriage return)
/// and U+FFFE, U+FFFF are dropped.
pub fn escape(text: &str) -> Cow<'_, str> {
    let needs_work = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || is_forbidden(c);
    if !text.contains(needs_work) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            c if is_forbidden(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Characters that may not appear in an XML 1.0 document at all.
pub fn is_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape(r#"Tom & Jerry's <"place">"#),
            "Tom &amp; Jerry&apos;s &lt;&quot;place&quot;&gt;"
        );
    }

    #[test]
    fn forbidden_control_characters_are_not_written() {
        assert_eq!(escape("a\u{1}b\u{8}c\u{1b}d\u{FFFF}"), "abcd");
        assert_eq!(escape("tab\tnew\nline\r"), "tab\tnew\nline\r");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("Wisbech 2024"), Cow::Borrowed(_)));
    }
}
