//! What Fluent's parser cannot be given, found before it sees a text: nesting too deep, and escapes it
//! panics on.
//!
//! Fluent's parser and resolver recurse once per nested placeable (`{ { { … } } }`) and per nested call
//! (`F(F(F(…)))`); a 44 KB file nested 5,000 deep overflows a worker thread's stack and aborts the whole
//! process. Real files nest three or four deep, so every Fluent text Beacon reads from a user (uploads,
//! checks, creatives, the files it loads) is measured here first ([`check`]) and refused past
//! [`MAX_DEPTH`].
//!
//! The parser (fluent-syntax 0.12) also panics on a `\u` or `\U` escape in a string literal whose hex
//! digits stop at a character of more than one byte (`{ "\ué" }`): it slices the text inside that
//! character to quote it (projectfluent/fluent-rs#389). Such an escape is refused here as the syntax
//! error it is.

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

/// An escape the parser would panic on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEscape {
    /// 1-based line and column of the backslash.
    pub line: usize,
    pub column: usize,
}

/// Why a text is not given to the parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unparsable {
    TooDeep(TooDeep),
    BadEscape(BadEscape),
}

impl Unparsable {
    /// 1-based line and column of the problem.
    pub fn line_column(&self) -> (usize, usize) {
        match self {
            Unparsable::TooDeep(d) => (d.line, d.column),
            Unparsable::BadEscape(e) => (e.line, e.column),
        }
    }

    /// What is wrong, without the place.
    pub fn reason(&self) -> String {
        match self {
            Unparsable::TooDeep(d) => format!("placeables nested more than {} deep", d.limit),
            Unparsable::BadEscape(_) => "a \\u escape takes four hexadecimal digits and a \\U \
                                         escape six (\\u00E9, \\U01F600)"
                .to_owned(),
        }
    }
}

impl std::fmt::Display for Unparsable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (line, column) = self.line_column();
        write!(f, "line {line}, column {column}: {}", self.reason())
    }
}

/// Checks a text before it is parsed: no placeable or call nested deeper than [`MAX_DEPTH`], no escape
/// the parser panics on. The first problem in the text is returned.
pub fn check(text: &str) -> Result<(), Unparsable> {
    scan(text, MAX_DEPTH, true)
}

/// Checks that no placeable or call nests deeper than `limit`, in one pass over the text.
///
/// The count is an upper bound of how deep the parser recurses: `{` always opens a level, `(` only
/// inside a placeable (outside, it is text), and brackets inside string literals do not count. The
/// count starts from 0 again only on lines where the parser must start from 0 too: a comment line, and
/// a line that defines an entry (`id =` or `-id =` at its start), which inside an open placeable is a
/// syntax error that ends the broken entry (the parser skips the rest of that line). Any other line
/// continues the count, as the parser continues an open placeable across lines whatever they start with
/// (`{`, a function call, a literal).
pub fn check_depth(text: &str, limit: usize) -> Result<(), TooDeep> {
    match scan(text, limit, false) {
        Err(Unparsable::TooDeep(deep)) => Err(deep),
        _ => Ok(()),
    }
}

/// One pass over the text: the depth, and with `escapes` the escapes in string literals.
fn scan(text: &str, limit: usize, escapes: bool) -> Result<(), Unparsable> {
    let mut depth = 0usize;
    for (index, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            depth = 0;
            continue;
        }
        if defines_entry(line) {
            depth = 0;
        }
        // A string literal never spans lines.
        let mut in_string = false;
        let mut escaped = false;
        let mut chars = line.chars().enumerate().peekable();
        while let Some((column, c)) = chars.next() {
            if in_string {
                match c {
                    'u' | 'U' if escaped && escapes => {
                        escaped = false;
                        let digits = if c == 'u' { 4 } else { 6 };
                        let mut read = 0;
                        while read < digits
                            && chars.peek().is_some_and(|(_, h)| h.is_ascii_hexdigit())
                        {
                            chars.next();
                            read += 1;
                        }
                        if read < digits && chars.peek().is_some_and(|(_, n)| !n.is_ascii()) {
                            return Err(Unparsable::BadEscape(BadEscape {
                                line: index + 1,
                                column,
                            }));
                        }
                    }
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' if depth > 0 => in_string = true,
                // Outside a placeable, `(` is text.
                '(' if depth == 0 => {}
                '{' | '(' => {
                    depth += 1;
                    if depth > limit {
                        return Err(Unparsable::TooDeep(TooDeep {
                            line: index + 1,
                            column: column + 1,
                            limit,
                        }));
                    }
                }
                '}' | ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(())
}

/// Whether a line starts by defining a message or a term: an identifier (`-` first for a term), spaces
/// and `=`.
fn defines_entry(line: &str) -> bool {
    let rest = line.strip_prefix('-').unwrap_or(line);
    let mut chars = rest.char_indices();
    if !chars.next().is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
        return false;
    }
    let end = chars
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    rest[end..].trim_start_matches(' ').starts_with('=')
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
    fn placeables_and_calls_opened_at_the_start_of_lines_count() {
        // The parser goes on nesting whatever a line starts with: 20,000 lines of `{` overflowed a
        // worker's stack (and aborted Beacon) while the count started over at each line.
        let lines = format!(
            "a = {{\n{}\"x\"\n{}}}\n",
            "{\n".repeat(20_000),
            "}\n".repeat(20_000)
        );
        let err = check_depth(&lines, MAX_DEPTH).unwrap_err();
        assert_eq!((err.line, err.column), (MAX_DEPTH + 1, 1));
        let calls = format!("f = {{\n{}1\n}}\n", "F(\n".repeat(100));
        let err = check_depth(&calls, MAX_DEPTH).unwrap_err();
        assert_eq!((err.line, err.column), (MAX_DEPTH + 1, 2));
        let terms = format!("t = {{\n{}\n}}\n", "-term(a: {\n".repeat(40));
        assert!(check_depth(&terms, MAX_DEPTH).is_err());
        // A comment line, or a line defining an entry, is where the parser starts over.
        let broken = format!(
            "a = {{\n{}# note\nb = {{ {{\n{}",
            "{\n".repeat(60),
            "{\n".repeat(60)
        );
        assert_eq!(check_depth(&broken, MAX_DEPTH), Ok(()));
        assert!(defines_entry("-brand-name = x") && defines_entry("a_1  ="));
        assert!(!defines_entry("F(") && !defines_entry("b") && !defines_entry("1 = 2"));
    }

    #[test]
    fn escapes_the_parser_panics_on_are_refused() {
        // The parser slices the text inside the character after a short escape to quote it.
        for bad in [
            "a = { \"\\ué\" }\n",
            "a = { \"\\u0ǔ\" }\n",
            "a = { \"x\\U01F6😀\" }\n",
        ] {
            let parsed = std::panic::catch_unwind(|| fluent_syntax::parser::parse(bad));
            assert!(parsed.is_err(), "fluent-syntax no longer panics on {bad:?}");
            let err = check(bad).unwrap_err();
            assert!(matches!(err, Unparsable::BadEscape(_)), "{bad:?}");
            assert_eq!(err.line_column().0, 1);
        }
        assert_eq!(check("a = { \"\\ué\" }").unwrap_err().line_column(), (1, 8));
        // Full escapes, other escapes, and backslashes in text are the parser's to judge.
        for fine in [
            "a = { \"\\u00E9é \\U01F600😀\" }\n",
            "a = { \"\\\\ué\" }\n",
            "a = { \"\\uZé\" }\n",
            "a = C:\\ünï \\ué\n",
            "a = { \"\\\"\" } \"\\ué\n",
        ] {
            assert_eq!(check(fine), Ok(()), "{fine:?}");
            let _ = fluent_syntax::parser::parse(fine);
        }
    }

    #[test]
    fn parentheses_in_text_do_not_count() {
        let text: String = (0..100)
            .map(|i| format!("sad{i} = :( {{ $n }} (\n    more :(\n"))
            .collect();
        assert_eq!(check_depth(&text, MAX_DEPTH), Ok(()));
        let one = format!("sad = {}\n", ":( ".repeat(200));
        assert_eq!(check_depth(&one, MAX_DEPTH), Ok(()));
    }

    #[test]
    fn the_limit_keeps_the_parser_and_resolver_within_a_small_stack() {
        // The deepest accepted files, on one line or one level a line, parse and format on a 256 KiB
        // stack (a tokio worker has 2 MiB).
        let across_lines = format!(
            "deep = {{\n{}\"x\"\n{}}}\n",
            "{\n".repeat(MAX_DEPTH - 1),
            "}\n".repeat(MAX_DEPTH - 1)
        );
        for text in [nested(MAX_DEPTH), across_lines] {
            assert_eq!(check_depth(&text, MAX_DEPTH), Ok(()));
            let handle = std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let resource = fluent_bundle::FluentResource::try_new(text).expect("parses");
                    let mut bundle =
                        fluent_bundle::FluentBundle::new(vec!["en".parse().expect("en")]);
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
}
