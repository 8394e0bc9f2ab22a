//! How deep a Fluent file nests, measured before any parser sees it.
//!
//! Fluent's parser and resolver recurse once per nested placeable (`{ { { … } } }`) and per nested call
//! (`F(F(F(…)))`); a 44 KB file nested 5,000 deep overflows a worker thread's stack and aborts the whole
//! process. Real files nest three or four deep, so every Fluent text Beacon reads from a user (uploads,
//! checks, creatives, the files it loads) is measured here first and refused past [`MAX_DEPTH`].

/// The deepest nesting of placeables and call arguments accepted.
pub const MAX_DEPTH: usize = 64;

/// Where a text nests too deep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// 1-based line and column of the bracket that went past the limit.
    pub line: usize,
    pub column: usize,
    pub limit: usize,
}

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: placeables nested more than {} deep",
            self.line, self.column, self.limit
        )
    }
}

/// Checks that no placeable or call nests deeper than `limit`, in one pass over the text.
///
/// Brackets inside string literals do not count, nor do comment lines. An entry starting at the beginning of a
/// line starts from depth 0 again, as the parser does when it recovers from a broken entry.
pub fn check_depth(text: &str, limit: usize) -> Result<(), TooDeep> {
    let mut depth = 0usize;
    let mut in_string = false;
    for (index, line) in text.lines().enumerate() {
        match line.chars().next() {
            Some('#') => continue,
            Some(c) if !c.is_whitespace() && !matches!(c, '}' | '[' | '*' | '.' | ')') => {
                // A new entry: the parser starts over here.
                depth = 0;
                in_string = false;
            }
            _ => {}
        }
        let mut escaped = false;
        for (column, c) in line.chars().enumerate() {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' if depth > 0 => in_string = true,
                '{' | '(' => {
                    depth += 1;
                    if depth > limit {
                        return Err(TooDeep {
                            line: index + 1,
                            column: column + 1,
                            limit,
                        });
                    }
                }
                '}' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        // A string literal never spans lines.
        in_string = false;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("deep = {}\"x\"{}\n", "{ ".repeat(n), " }".repeat(n))
    }

    #[test]
    fn ordinary_files_pass() {
        let ftl = "# A comment with { unbalanced ( brackets\n\
                   hello = Hello, { $name }!\n\
                   emails = { $n ->\n    [one] one e-mail { \"{\" }\n   *[other] { NUMBER($n, minimumFractionDigits: 0) } e-mails\n}\n\
                   -brand = Beacon\n";
        assert_eq!(check_depth(ftl, MAX_DEPTH), Ok(()));
        assert_eq!(check_depth(&nested(MAX_DEPTH), MAX_DEPTH), Ok(()));
    }

    #[test]
    fn deep_placeables_and_calls_are_refused_with_their_place() {
        let err = check_depth(&nested(5_000), MAX_DEPTH).unwrap_err();
        assert_eq!(err.line, 1);
        assert_eq!(err.column, 8 + 2 * MAX_DEPTH);
        assert_eq!(err.limit, MAX_DEPTH);
        let calls = format!("f = {{ {}1{} }}\n", "F(".repeat(100), ")".repeat(100));
        assert!(check_depth(&calls, MAX_DEPTH).is_err());
    }

    #[test]
    fn brackets_in_strings_and_broken_entries_do_not_add_up() {
        let strings = format!("s = {{ \"{}\" }}\n", "{".repeat(500));
        assert_eq!(check_depth(&strings, MAX_DEPTH), Ok(()));
        // Unclosed placeables in many entries: each entry starts from zero.
        let broken: String = (0..200).map(|i| format!("m{i} = {{ {{\n")).collect();
        assert_eq!(check_depth(&broken, MAX_DEPTH), Ok(()));
    }

    #[test]
    fn the_limit_keeps_the_parser_and_resolver_within_a_small_stack() {
        // The deepest accepted file parses and formats on a 256 KiB stack (a tokio worker has 2 MiB).
        let text = nested(MAX_DEPTH);
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let resource = fluent_bundle::FluentResource::try_new(text).expect("parses");
                let mut bundle = fluent_bundle::FluentBundle::new(vec!["en".parse().expect("en")]);
                bundle.set_use_isolating(false);
                bundle.add_resource(resource).expect("adds");
                let message = bundle.get_message("deep").expect("message");
                let mut errors = Vec::new();
                bundle
                    .format_pattern(message.value().expect("value"), None, &mut errors)
                    .to_string()
            })
            .expect("thread");
        assert_eq!(handle.join().expect("no overflow"), "x");
    }
}
