//! Checks of Fluent locale files against the reference (`en`), as `beacon locales check` runs them.
//!
//! Errors block a file; warnings do not. Per file: bytes that are not UTF-8, a byte-order mark, Windows line
//! endings, U+FFFD (the mark of text that went through a broken encoding), syntax errors with the parser's
//! message, duplicate ids, empty values, plural selectors without the categories the locale needs, and every
//! message formatted with sample arguments (any resolver error is an error). Against the reference: messages,
//! terms and attributes missing or obsolete, variables missing or invented, and message and term references that
//! differ.
//!
//! Over 1,000 lines on purpose: one short function per check, mirroring compare-locales, plus their tests;
//! splitting them would scatter one reading of a file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast;
use serde::Serialize;
use unic_langid::LanguageIdentifier;

use super::adtext::{AdField, AdLimits, CAMPAIGN_FILE, measure};
use super::i18n::line_column;
use super::nesting::Unparsable;
use crate::message::{Message, english};

/// The reference locale every translation is compared with.
pub const REFERENCE: &str = "en";

/// The most attributes a message or term may have. Real ones have a handful; the resolver finds an
/// attribute by walking the list, so one message of thousands of attributes that refer to each other
/// took seconds to format per thousand (a 200 KB file, 9 s), growing with their square.
pub const MAX_ATTRIBUTES: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, placed as precisely as the file allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub locale: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: &'static str,
    /// What is wrong, in English (the command line prints it; `check.ftl` of `en` words it).
    pub message: String,
    /// The same, as a Fluent message, for pages in the reader's language.
    pub text: Message,
    /// The message (or `-term`) id, when the finding is about one.
    pub id: Option<String>,
}

impl Finding {
    #[allow(clippy::too_many_arguments)]
    fn new(
        locale: &str,
        file: &str,
        (line, column): (usize, usize),
        severity: Severity,
        code: &'static str,
        text: Message,
        id: Option<String>,
    ) -> Self {
        Self {
            locale: locale.into(),
            file: file.into(),
            line,
            column,
            severity,
            code,
            message: english(&text),
            text,
            id,
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{}:{}:{}: {}[{}]: {}",
            self.locale,
            self.file,
            self.line,
            self.column,
            match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            self.code,
            self.message
        )?;
        if let Some(id) = &self.id {
            write!(f, " ({id})")?;
        }
        Ok(())
    }
}

/// What a message or term holds, for comparison.
#[derive(Debug, Clone, Default)]
struct EntryFacts {
    line: usize,
    empty: bool,
    attributes: BTreeSet<String>,
    variables: BTreeSet<String>,
    /// Variables used as selectors (they get numbers when formatting samples).
    selectors: BTreeSet<String>,
    message_refs: BTreeSet<String>,
    term_refs: BTreeSet<String>,
    /// For each plural-like select: the variant keys that are words (CLDR categories or others).
    plural_keys: Vec<BTreeSet<String>>,
}

/// A parsed file: its entries by id (`-term` for terms) and the findings on the file itself.
#[derive(Debug, Default)]
pub struct FileFacts {
    entries: BTreeMap<String, EntryFacts>,
    source: String,
}

/// A message's shape, for previews: its id, its attributes and its variables (with whether each one selects a
/// variant, and so wants a number).
#[derive(Debug, Clone, PartialEq)]
pub struct MessageShape {
    pub id: String,
    pub has_value: bool,
    pub attributes: Vec<String>,
    pub variables: Vec<(String, bool)>,
    pub line: usize,
}

impl FileFacts {
    /// The messages (not terms), in the order of their lines.
    pub fn messages(&self) -> Vec<MessageShape> {
        let mut out: Vec<MessageShape> = self
            .entries
            .iter()
            .filter(|(id, _)| !id.starts_with('-'))
            .map(|(id, f)| MessageShape {
                id: id.clone(),
                has_value: !f.empty,
                attributes: f.attributes.iter().cloned().collect(),
                variables: f
                    .variables
                    .iter()
                    .map(|v| (v.clone(), f.selectors.contains(v)))
                    .collect(),
                line: f.line,
            })
            .collect();
        out.sort_by_key(|m| m.line);
        out
    }
}

/// Checks one locale file's bytes. `reference` is the same file of the reference locale, when there is one.
pub fn check_file(
    locale: &str,
    file: &str,
    bytes: &[u8],
    reference: Option<&FileFacts>,
) -> (Option<FileFacts>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut add =
        |line: usize, column: usize, severity, code, text: Message, id: Option<String>| {
            findings.push(Finding::new(
                locale,
                file,
                (line, column),
                severity,
                code,
                text,
                id,
            ))
        };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = line_column_bytes(bytes, e.valid_up_to());
            add(
                line,
                column,
                Severity::Error,
                "encoding",
                Message::new("check-encoding").number("byte", e.valid_up_to() as f64),
                None,
            );
            return (None, findings);
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            add(
                1,
                1,
                Severity::Error,
                "byte-order-mark",
                Message::new("check-byte-order-mark"),
                None,
            );
            rest
        }
        None => text,
    };
    if let Some(pos) = text.find("\r\n") {
        let (line, _) = line_column(text, pos);
        add(
            line,
            1,
            Severity::Error,
            "line-endings",
            Message::new("check-line-endings"),
            None,
        );
    }
    let normalised = text.replace("\r\n", "\n");
    for (i, l) in normalised.lines().enumerate() {
        if let Some(col) = l.find('\u{fffd}') {
            add(
                i + 1,
                l[..col].chars().count() + 1,
                Severity::Error,
                "replacement-character",
                Message::new("check-replacement-character"),
                None,
            );
        }
    }
    // Checked before the parser sees it: the parser recurses once per level and a deep enough file
    // would overflow the stack and take the whole process down; some bad escapes make it panic.
    match super::nesting::check(&normalised) {
        Ok(()) => {}
        Err(Unparsable::TooDeep(deep)) => {
            add(
                deep.line,
                deep.column,
                Severity::Error,
                "too-deep",
                Message::new("check-too-deep").number("limit", deep.limit as f64),
                None,
            );
            return (None, findings);
        }
        Err(bad @ Unparsable::BadEscape(_)) => {
            let (line, column) = bad.line_column();
            add(
                line,
                column,
                Severity::Error,
                "syntax",
                Message::new("check-syntax-bad-escape"),
                None,
            );
            return (None, findings);
        }
    }
    let resource = match fluent_syntax::parser::parse(normalised.as_str()) {
        Ok(r) => r,
        Err((r, errors)) => {
            // A broken file has an error per entry: placing each by counting lines from the start took
            // a minute for a 512 KiB file of 40,000 broken entries.
            let lines = Lines::new(&normalised);
            for e in errors {
                let (line, column) = lines.line_column(e.pos.start);
                // When the parser only noticed on a later line (an unclosed placeable, say), point at the
                // entry it could not read, and say where it stopped.
                let entry_start = e
                    .slice
                    .as_ref()
                    .map(|s| lines.line_column(skip_blank_lines(&normalised, s.start)));
                match entry_start {
                    Some((entry_line, _)) if entry_line < line => add(
                        entry_line,
                        1,
                        Severity::Error,
                        "syntax",
                        Message::new("check-syntax-stopped")
                            .message("problem", syntax_problem(&e.kind))
                            .number("line", line as f64)
                            .number("column", column as f64),
                        None,
                    ),
                    _ => add(
                        line,
                        column,
                        Severity::Error,
                        "syntax",
                        syntax_problem(&e.kind),
                        None,
                    ),
                }
            }
            r
        }
    };
    let lines = entry_lines(&normalised);
    let mut facts = FileFacts {
        source: normalised.clone(),
        ..Default::default()
    };
    let mut seen_lines: BTreeMap<String, usize> = BTreeMap::new();
    let mut too_many_attributes = false;
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            _ => continue,
        };
        let occurrence = seen_lines.entry(id.clone()).or_insert(0);
        let line = lines
            .get(&id)
            .and_then(|l| l.get(*occurrence))
            .copied()
            .unwrap_or(0);
        *occurrence += 1;
        if facts.entries.contains_key(&id) {
            add(
                line,
                1,
                Severity::Error,
                "duplicate-id",
                Message::new("check-duplicate-id"),
                Some(id.clone()),
            );
            continue;
        }
        if attributes.len() > MAX_ATTRIBUTES {
            too_many_attributes = true;
            add(
                line,
                1,
                Severity::Error,
                "too-many-attributes",
                Message::new("check-too-many-attributes")
                    .number("count", attributes.len() as f64)
                    .number("limit", MAX_ATTRIBUTES as f64),
                Some(id.clone()),
            );
            continue;
        }
        let mut f = EntryFacts {
            line,
            ..Default::default()
        };
        if let Some(v) = value {
            walk_pattern(v, &mut f);
            f.empty = pattern_is_empty(v);
        }
        for a in attributes {
            f.attributes.insert(a.id.name.to_string());
            walk_pattern(&a.value, &mut f);
            if pattern_is_empty(&a.value) {
                add(
                    line,
                    1,
                    Severity::Error,
                    "empty-value",
                    Message::new("check-empty-attribute").text("attribute", a.id.name),
                    Some(id.clone()),
                );
            }
        }
        if f.empty {
            add(
                line,
                1,
                Severity::Error,
                "empty-value",
                Message::new("check-empty-value"),
                Some(id.clone()),
            );
        }
        facts.entries.insert(id, f);
    }
    if too_many_attributes {
        // Not formatted, nor compared: the refusal is enough.
        return (None, findings);
    }
    // Plural categories the locale needs.
    if let Some(needed) = plural_categories(locale) {
        for (id, f) in &facts.entries {
            for keys in &f.plural_keys {
                let missing: Vec<&str> = needed
                    .iter()
                    .filter(|c| !keys.contains(**c))
                    .copied()
                    .collect();
                if !missing.is_empty() {
                    add(
                        f.line,
                        1,
                        Severity::Warning,
                        "plural-categories",
                        Message::new("check-plural-categories")
                            .text("locale", locale)
                            .text("needed", needed.join(", "))
                            .text("missing", missing.join(", ")),
                        Some(id.clone()),
                    );
                }
            }
        }
    }
    if let Some(reference) = reference {
        compare(&facts, reference, &mut add);
    }
    (Some(facts), findings)
}

fn compare(
    facts: &FileFacts,
    reference: &FileFacts,
    add: &mut impl FnMut(usize, usize, Severity, &'static str, Message, Option<String>),
) {
    for (id, r) in &reference.entries {
        let Some(t) = facts.entries.get(id) else {
            add(
                0,
                0,
                Severity::Warning,
                "missing",
                Message::new("check-missing"),
                Some(id.clone()),
            );
            continue;
        };
        for a in r.attributes.difference(&t.attributes) {
            add(
                t.line,
                1,
                Severity::Warning,
                "missing-attribute",
                Message::new("check-missing-attribute").text("attribute", a.clone()),
                Some(id.clone()),
            );
        }
        for a in t.attributes.difference(&r.attributes) {
            add(
                t.line,
                1,
                Severity::Warning,
                "obsolete-attribute",
                Message::new("check-obsolete-attribute").text("attribute", a.clone()),
                Some(id.clone()),
            );
        }
        for v in r.variables.difference(&t.variables) {
            add(
                t.line,
                1,
                Severity::Error,
                "missing-variable",
                Message::new("check-missing-variable").text("variable", v.clone()),
                Some(id.clone()),
            );
        }
        for v in t.variables.difference(&r.variables) {
            add(
                t.line,
                1,
                Severity::Error,
                "unknown-variable",
                Message::new("check-unknown-variable").text("variable", v.clone()),
                Some(id.clone()),
            );
        }
        if r.message_refs != t.message_refs || r.term_refs != t.term_refs {
            let show = |m: &BTreeSet<String>, terms: &BTreeSet<String>| {
                let all: Vec<String> = m
                    .iter()
                    .map(|x| format!("{{ {x} }}"))
                    .chain(terms.iter().map(|x| format!("{{ -{x} }}")))
                    .collect();
                if all.is_empty() {
                    vec![Message::new("check-references-none")]
                } else {
                    vec![Message::new("check-code").text("code", all.join(", "))]
                }
            };
            add(
                t.line,
                1,
                Severity::Warning,
                "references-differ",
                Message::new("check-references-differ")
                    .list("found", show(&t.message_refs, &t.term_refs))
                    .list("expected", show(&r.message_refs, &r.term_refs)),
                Some(id.clone()),
            );
        }
    }
    for (id, t) in &facts.entries {
        if !reference.entries.contains_key(id) {
            add(
                t.line,
                1,
                Severity::Warning,
                "obsolete",
                Message::new("check-obsolete"),
                Some(id.clone()),
            );
        }
    }
}

fn obsolete_file(file: &str) -> Message {
    Message::new("check-obsolete-file")
        .text("reference", REFERENCE)
        .text("file", file)
}

/// The parser's reason, in words the locale files give.
fn syntax_problem(kind: &fluent_syntax::parser::ErrorKind) -> Message {
    use fluent_syntax::parser::ErrorKind as K;
    match kind {
        K::ExpectedToken(c) => {
            Message::new("check-syntax-expected-token").text("token", c.to_string())
        }
        K::ExpectedCharRange { range } => {
            Message::new("check-syntax-expected-range").text("range", range.clone())
        }
        K::ExpectedMessageField { entry_id } => {
            Message::new("check-syntax-expected-message-field").text("id", entry_id.clone())
        }
        K::ExpectedTermField { entry_id } => {
            Message::new("check-syntax-expected-term-field").text("id", entry_id.clone())
        }
        K::ForbiddenCallee => Message::new("check-syntax-forbidden-callee"),
        K::MissingDefaultVariant => Message::new("check-syntax-missing-default-variant"),
        K::MissingValue => Message::new("check-syntax-missing-value"),
        K::MultipleDefaultVariants => Message::new("check-syntax-multiple-default-variants"),
        K::MessageReferenceAsSelector => Message::new("check-syntax-message-reference-as-selector"),
        K::TermReferenceAsSelector => Message::new("check-syntax-term-reference-as-selector"),
        K::MessageAttributeAsSelector => Message::new("check-syntax-message-attribute-as-selector"),
        K::TermAttributeAsPlaceable => Message::new("check-syntax-term-attribute-as-placeable"),
        K::UnterminatedStringLiteral => Message::new("check-syntax-unterminated-string"),
        K::PositionalArgumentFollowsNamed => Message::new("check-syntax-positional-after-named"),
        K::DuplicatedNamedArgument(name) => {
            Message::new("check-syntax-duplicated-argument").text("name", name.clone())
        }
        K::UnknownEscapeSequence(s) => {
            Message::new("check-syntax-unknown-escape").text("sequence", s.clone())
        }
        K::InvalidUnicodeEscapeSequence(s) => {
            Message::new("check-syntax-invalid-unicode-escape").text("sequence", s.clone())
        }
        K::UnbalancedClosingBrace => Message::new("check-syntax-unbalanced-brace"),
        K::ExpectedInlineExpression => Message::new("check-syntax-expected-inline-expression"),
        K::ExpectedSimpleExpressionAsSelector => {
            Message::new("check-syntax-expected-simple-selector")
        }
        K::ExpectedLiteral => Message::new("check-syntax-expected-literal"),
        #[allow(unreachable_patterns)]
        _ => Message::new("check-syntax-other"),
    }
}

/// The resolver's reason, in words the locale files give.
fn resolver_problem(error: &fluent_bundle::FluentError) -> Message {
    use fluent_bundle::FluentError;
    use fluent_bundle::resolver::{ResolverError, errors::ReferenceKind};
    match error {
        FluentError::ResolverError(r) => match r {
            ResolverError::Reference(ReferenceKind::Function { id }) => {
                Message::new("check-resolver-unknown-function").text("id", id.clone())
            }
            ResolverError::Reference(ReferenceKind::Message { id, attribute }) => {
                Message::new("check-resolver-unknown-message").text("id", dotted(id, attribute))
            }
            ResolverError::Reference(ReferenceKind::Term { id, attribute }) => {
                Message::new("check-resolver-unknown-term")
                    .text("id", format!("-{}", dotted(id, attribute)))
            }
            ResolverError::Reference(ReferenceKind::Variable { id }) => {
                Message::new("check-resolver-unknown-variable").text("id", id.clone())
            }
            ResolverError::NoValue(id) => {
                Message::new("check-resolver-no-value").text("id", id.clone())
            }
            ResolverError::MissingDefault => Message::new("check-resolver-missing-default"),
            ResolverError::Cyclic => Message::new("check-resolver-cyclic"),
            ResolverError::TooManyPlaceables => Message::new("check-resolver-too-many-placeables"),
        },
        _ => Message::new("check-resolver-other"),
    }
}

fn dotted(id: &str, attribute: &Option<String>) -> String {
    match attribute {
        Some(a) => format!("{id}.{a}"),
        None => id.to_string(),
    }
}

fn walk_pattern(p: &ast::Pattern<&str>, f: &mut EntryFacts) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            walk_expression(expression, f);
        }
    }
}

fn walk_expression(e: &ast::Expression<&str>, f: &mut EntryFacts) {
    match e {
        ast::Expression::Inline(i) => walk_inline(i, f),
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, f);
            let numeric = match selector {
                ast::InlineExpression::VariableReference { id } => {
                    f.selectors.insert(id.name.to_string());
                    true
                }
                ast::InlineExpression::FunctionReference { id, .. } => id.name == "NUMBER",
                _ => false,
            };
            let mut keys = BTreeSet::new();
            for v in variants {
                if let ast::VariantKey::Identifier { name } = &v.key {
                    keys.insert(name.to_string());
                }
                walk_pattern(&v.value, f);
            }
            const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
            if numeric && keys.iter().any(|k| CATEGORIES.contains(&k.as_str())) {
                f.plural_keys.push(keys);
            }
        }
    }
}

fn walk_inline(i: &ast::InlineExpression<&str>, f: &mut EntryFacts) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            f.variables.insert(id.name.to_string());
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            f.message_refs.insert(id.name.to_string());
        }
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            f.term_refs.insert(id.name.to_string());
            if let Some(args) = arguments {
                for a in &args.positional {
                    walk_inline(a, f);
                }
                for n in &args.named {
                    walk_inline(&n.value, f);
                }
            }
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                walk_inline(a, f);
            }
            for n in &arguments.named {
                walk_inline(&n.value, f);
            }
        }
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, f),
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

fn pattern_is_empty(p: &ast::Pattern<&str>) -> bool {
    p.elements.iter().all(|e| match e {
        ast::PatternElement::TextElement { value } => value.trim().is_empty(),
        ast::PatternElement::Placeable {
            expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }),
        } => value.trim().is_empty(),
        _ => false,
    })
}

/// The offset of the first character after any blank lines starting at `offset`.
fn skip_blank_lines(text: &str, offset: usize) -> usize {
    let rest = &text[offset.min(text.len())..];
    let trimmed = rest.trim_start_matches(['\n', ' ']);
    let skipped = rest.len() - trimmed.len();
    // Back to the start of that line.
    offset + rest[..skipped].rfind('\n').map(|p| p + 1).unwrap_or(0)
}

/// Where each line of a text starts, to place many offsets in it without counting lines each time.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// The 1-based line and column (in characters) of a byte offset, as [`line_column`] counts them.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

fn line_column_bytes(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    (line, offset - start + 1)
}

/// The 1-based lines where each id (`-term` for terms) is defined, in order.
fn entry_lines(text: &str) -> BTreeMap<String, Vec<usize>> {
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        if !(first.is_ascii_alphabetic() || first == '-') {
            continue;
        }
        let id: String = line
            .chars()
            .enumerate()
            .take_while(|(j, c)| {
                c.is_ascii_alphanumeric() || *c == '_' || *c == '-' && (*j > 0 || first == '-')
            })
            .map(|(_, c)| c)
            .collect();
        let rest = line[id.len()..].trim_start();
        if !id.is_empty() && rest.starts_with('=') {
            out.entry(id).or_default().push(i + 1);
        }
    }
    out
}

/// The CLDR plural categories a locale's cardinal numbers use, found by asking the plural rules about a
/// spread of numbers (integers and decimals); `None` for a locale CLDR has no rules for.
pub fn plural_categories(locale: &str) -> Option<Vec<&'static str>> {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let langid: LanguageIdentifier = locale.parse().ok()?;
    let rules = PluralRules::create(langid, PluralRuleType::CARDINAL).ok()?;
    // PluralCategory is neither Ord nor Hash.
    let mut seen: Vec<PluralCategory> = Vec::new();
    let mut note = |c: PluralCategory| {
        if !seen.contains(&c) {
            seen.push(c);
        }
    };
    for n in 0..=1000u32 {
        if let Ok(c) = rules.select(n) {
            note(c);
        }
    }
    for n in 0..=200u32 {
        let x = f64::from(n) + 0.5;
        if let Ok(c) = rules.select(x) {
            note(c);
        }
    }
    for n in [1_000_000u64, 2_000_000, 10_000_000] {
        if let Ok(c) = rules.select(n) {
            note(c);
        }
    }
    let order = [
        (PluralCategory::ZERO, "zero"),
        (PluralCategory::ONE, "one"),
        (PluralCategory::TWO, "two"),
        (PluralCategory::FEW, "few"),
        (PluralCategory::MANY, "many"),
        (PluralCategory::OTHER, "other"),
    ];
    Some(
        order
            .iter()
            .filter(|(c, _)| seen.contains(c))
            .map(|(_, n)| *n)
            .collect(),
    )
}

/// Formats every message and attribute of a locale with sample arguments: a number for variables used as
/// selectors, a word for the others. Returns resolver errors as findings.
pub fn format_samples(
    locale: &str,
    files: &[(String, FileFacts)],
    limits: &AdLimits,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Ok(langid) = locale.parse::<LanguageIdentifier>() else {
        return findings;
    };
    let mut bundle = FluentBundle::new(vec![langid]);
    bundle.set_use_isolating(false);
    // As Beacon's own bundles: NUMBER() and DATETIME() are available.
    let _ = bundle.add_builtins();
    for (_, facts) in files {
        if let Ok(resource) = FluentResource::try_new(facts.source.clone()) {
            // Duplicates are reported per file already.
            let _ = bundle.add_resource(resource);
        }
    }
    for (file, facts) in files {
        for (id, f) in &facts.entries {
            if id.starts_with('-') {
                continue;
            }
            let Some(message) = bundle.get_message(id) else {
                continue;
            };
            let mut args = FluentArgs::new();
            for v in &f.variables {
                if f.selectors.contains(v) {
                    args.set(v.clone(), FluentValue::from(3));
                } else {
                    args.set(v.clone(), FluentValue::from("Sample"));
                }
            }
            let mut patterns = Vec::new();
            if let Some(p) = message.value() {
                patterns.push((None, p));
            }
            for a in message.attributes() {
                patterns.push((Some(a.id()), a.value()));
            }
            for (attribute, pattern) in patterns {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                if file == CAMPAIGN_FILE
                    && let Some(field) = attribute.and_then(AdField::from_attribute)
                {
                    for m in measure(limits, field, &text)
                        .into_iter()
                        .filter(|m| m.over())
                    {
                        findings.push(Finding::new(
                            locale,
                            file,
                            (f.line, 1),
                            Severity::Error,
                            "ad-text-too-long",
                            Message::new("check-ad-text-too-long")
                                .text("attribute", field.attribute())
                                .number("length", m.length as f64)
                                .text("platform", m.platform.to_string())
                                .number("limit", m.limit as f64),
                            Some(id.clone()),
                        ));
                    }
                }
                for e in errors {
                    let text = match attribute {
                        Some(a) => Message::new("check-resolver-attribute").text("attribute", a),
                        None => Message::new("check-resolver"),
                    };
                    findings.push(Finding::new(
                        locale,
                        file,
                        (f.line, 1),
                        Severity::Error,
                        "resolver",
                        text.message("problem", resolver_problem(&e)),
                        Some(id.clone()),
                    ));
                }
            }
        }
    }
    findings
}

/// Why a locale folder cannot be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{path}: {reason}")]
    Read { path: String, reason: String },
    #[error("{0}: no `en` folder: en is the reference every translation is compared with")]
    NoReference(String),
    #[error("no locale {0:?} in the folder")]
    NoSuchLocale(String),
    #[error(
        "{0:?} is not a locale file name: use lower-case letters, digits, - or _, ending in .ftl"
    )]
    BadFileName(String),
    #[error("{0:?} is not a locale code CLDR knows (BCP 47, e.g. lt, pl, pt-BR)")]
    BadLocale(String),
}

impl CheckError {
    /// The refusal in words the locale files give.
    pub fn message(&self) -> Message {
        match self {
            CheckError::Read { path, .. } => {
                Message::new("upload-unreadable").text("path", path.clone())
            }
            CheckError::NoReference(dir) => {
                Message::new("upload-no-reference").text("dir", dir.clone())
            }
            CheckError::NoSuchLocale(code) => {
                Message::new("upload-no-such-locale").text("code", code.clone())
            }
            CheckError::BadFileName(name) => {
                Message::new("upload-bad-file-name").text("name", name.clone())
            }
            CheckError::BadLocale(code) => {
                Message::new("check-not-a-locale").text("locale", code.clone())
            }
        }
    }
}

/// Checks `dir/<locale>/*.ftl` against `dir/en`. With `only`, checks that locale (and the reference's own
/// files when `only` is `en`).
pub fn check_dir(
    dir: &Path,
    only: Option<&str>,
    limits: &AdLimits,
) -> Result<Vec<Finding>, CheckError> {
    let read_err = |path: &Path, e: std::io::Error| CheckError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut locales: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| read_err(dir, e))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    locales.sort();
    if !locales.iter().any(|l| l == REFERENCE) {
        return Err(CheckError::NoReference(dir.display().to_string()));
    }
    if let Some(o) = only
        && !locales.iter().any(|l| l == o)
    {
        return Err(CheckError::NoSuchLocale(o.to_string()));
    }
    let ftl_files = |locale: &str| -> Result<Vec<(String, Vec<u8>)>, CheckError> {
        let folder = dir.join(locale);
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .map_err(|e| read_err(&folder, e))?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".ftl"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let path = folder.join(&n);
                std::fs::read(&path)
                    .map(|b| (n, b))
                    .map_err(|e| read_err(&path, e))
            })
            .collect()
    };
    let mut findings = Vec::new();
    // The reference first: its facts are what translations are compared with.
    let mut reference: BTreeMap<String, FileFacts> = BTreeMap::new();
    let mut reference_parsed = Vec::new();
    for (name, bytes) in ftl_files(REFERENCE)? {
        let (facts, f) = check_file(REFERENCE, &name, &bytes, None);
        if only.is_none() || only == Some(REFERENCE) {
            findings.extend(f);
        }
        if let Some(facts) = facts {
            reference_parsed.push(name.clone());
            reference.insert(name, facts);
        }
    }
    if only.is_none() || only == Some(REFERENCE) {
        let files: Vec<(String, FileFacts)> = std::mem::take(&mut reference).into_iter().collect();
        findings.extend(format_samples(REFERENCE, &files, limits));
        reference = files.into_iter().collect();
    }
    for locale in &locales {
        if locale == REFERENCE || only.is_some_and(|o| o != locale) {
            continue;
        }
        if locale.parse::<LanguageIdentifier>().is_err() {
            findings.push(Finding::new(
                locale,
                "",
                (0, 0),
                Severity::Error,
                "unknown-locale",
                Message::new("check-not-a-locale").text("locale", locale.clone()),
                None,
            ));
            continue;
        }
        if plural_categories(locale).is_none() {
            findings.push(Finding::new(
                locale,
                "",
                (0, 0),
                Severity::Warning,
                "unknown-locale",
                Message::new("check-no-plural-rules").text("locale", locale.clone()),
                None,
            ));
        }
        let mut parsed = Vec::new();
        let files = ftl_files(locale)?;
        for (name, bytes) in &files {
            let reference_file = reference.get(name);
            if reference_file.is_none() && !reference_parsed.contains(name) {
                findings.push(Finding::new(
                    locale,
                    name,
                    (0, 0),
                    Severity::Warning,
                    "obsolete-file",
                    obsolete_file(name),
                    None,
                ));
            }
            let (facts, f) = check_file(locale, name, bytes, reference_file);
            findings.extend(f);
            if let Some(facts) = facts {
                parsed.push((name.clone(), facts));
            }
        }
        for name in reference.keys() {
            if !files.iter().any(|(n, _)| n == name) {
                findings.push(Finding::new(
                    locale,
                    name,
                    (0, 0),
                    Severity::Warning,
                    "missing-file",
                    Message::new("check-missing-file")
                        .text("file", name.clone())
                        .number("count", reference[name].entries.len() as f64),
                    None,
                ));
            }
        }
        findings.extend(format_samples(locale, &parsed, limits));
    }
    findings.sort_by(|a, b| {
        (
            a.locale.as_str(),
            a.file.as_str(),
            a.line,
            a.severity,
            a.code,
        )
            .cmp(&(
                b.locale.as_str(),
                b.file.as_str(),
                b.line,
                b.severity,
                b.code,
            ))
    });
    Ok(findings)
}

/// Whether a name can be a locale file: lower-case letters, digits, `-` and `_`, ending in `.ftl`.
pub fn valid_file_name(file: &str) -> bool {
    file.len() > 4
        && file.len() <= 64
        && file.ends_with(".ftl")
        && file[..file.len() - 4]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Whether Beacon can check a locale code: BCP 47 with CLDR plural rules.
pub fn valid_locale(locale: &str) -> bool {
    locale.parse::<LanguageIdentifier>().is_ok() && plural_categories(locale).is_some()
}

/// Checks one uploaded file of `locale` against `reference` (the reference locale's file of the same name, if
/// it has one), formatting its messages together with `others` (the locale's other files, by name). Nothing is
/// written.
pub fn check_texts(
    locale: &str,
    file: &str,
    bytes: &[u8],
    reference: Option<&str>,
    others: &BTreeMap<String, String>,
    limits: &AdLimits,
) -> Result<Vec<Finding>, CheckError> {
    if !valid_file_name(file) {
        return Err(CheckError::BadFileName(file.to_string()));
    }
    if !valid_locale(locale) {
        return Err(CheckError::BadLocale(locale.to_string()));
    }
    let reference = reference.and_then(|r| check_file(REFERENCE, file, r.as_bytes(), None).0);
    let (facts, mut findings) = check_file(locale, file, bytes, reference.as_ref());
    if reference.is_none() && locale != REFERENCE {
        findings.push(Finding::new(
            locale,
            file,
            (0, 0),
            Severity::Warning,
            "obsolete-file",
            obsolete_file(file),
            None,
        ));
    }
    if let Some(facts) = facts {
        let mut files = vec![(file.to_string(), facts)];
        for (name, text) in others {
            if name != file
                && let (Some(other), _) = check_file(locale, name, text.as_bytes(), None)
            {
                files.push((name.clone(), other));
            }
        }
        findings.extend(
            format_samples(locale, &files, limits)
                .into_iter()
                .filter(|f| f.file == file),
        );
    }
    findings.sort_by(|a, b| (a.line, a.severity, a.code).cmp(&(b.line, b.severity, b.code)));
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> FileFacts {
        check_file("en", "t.ftl", text.as_bytes(), None).0.unwrap()
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn variables_missing_and_invented_are_errors() {
        let en = facts(
            "greeting = Hello, { $name }!\nitems = { $count ->\n    [one] one item\n   *[other] { $count } items\n}\n",
        );
        let (_, f) = check_file(
            "lt",
            "t.ftl",
            "greeting = Labas, { $vardas }!\nitems = { $count ->\n    [one] { $count } daiktas\n    [few] { $count } daiktai\n   *[other] { $count } daiktų\n}\n".as_bytes(),
            Some(&en),
        );
        let missing = f.iter().find(|x| x.code == "missing-variable").unwrap();
        assert_eq!((missing.line, missing.id.as_deref()), (1, Some("greeting")));
        assert!(missing.message.contains("$name"));
        assert!(
            f.iter()
                .any(|x| x.code == "unknown-variable" && x.message.contains("$vardas"))
        );
        // Lithuanian needs one, few, many and other: "many" is missing (a warning).
        let plural = f.iter().find(|x| x.code == "plural-categories").unwrap();
        assert_eq!(plural.severity, Severity::Warning);
        assert!(
            plural.message.contains("missing: many"),
            "{}",
            plural.message
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let (_, f) = check_file(
            "lt",
            "t.ftl",
            b"ok = Gerai\nbroken = A { $x ] B\nnext = Toliau\n",
            None,
        );
        let s = f.iter().find(|x| x.code == "syntax").unwrap();
        assert_eq!((s.line, s.column), (2, 17), "{s}");
        assert_eq!(s.severity, Severity::Error);
    }

    #[test]
    fn missing_obsolete_duplicates_empty_and_encoding() {
        let en = facts("a = A\nb = B\n    .title = T\n");
        let (_, f) = check_file(
            "lt",
            "t.ftl",
            "\u{feff}a = A\r\na = Again\r\nc = C \u{fffd}\r\nb = { \"\" }\r\n".as_bytes(),
            Some(&en),
        );
        let c = codes(&f);
        for code in [
            "byte-order-mark",
            "line-endings",
            "duplicate-id",
            "replacement-character",
            "empty-value",
            "obsolete",
            "missing-attribute",
        ] {
            assert!(c.contains(&code), "{code} not in {c:?}");
        }
        let dup = f.iter().find(|x| x.code == "duplicate-id").unwrap();
        assert_eq!(dup.line, 2);
        let (_, f) = check_file("lt", "t.ftl", b"a = \xff\xfe", Some(&en));
        assert_eq!(codes(&f), vec!["encoding"]);
        let (_, f) = check_file("lt", "t.ftl", b"x = X\n", Some(&en));
        assert_eq!(f.iter().filter(|x| x.code == "missing").count(), 2);
    }

    #[test]
    fn an_escape_the_parser_panics_on_is_a_syntax_error() {
        // Found by fuzzing: `\U` whose hex digits stop at a character of several bytes made the parser
        // panic, failing the upload (and `beacon locales check`) instead of naming the line.
        let text = "ok = Gerai\nbad = { \"\\Uffé\" }\n";
        let (facts, findings) = check_file("lt", "t.ftl", text.as_bytes(), None);
        assert!(facts.is_none());
        assert_eq!(codes(&findings), ["syntax"]);
        assert_eq!((findings[0].line, findings[0].column), (2, 10));
        assert!(
            findings[0].message.contains("a \\U escape six"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn many_syntax_errors_are_placed_in_one_pass() {
        // 43,690 broken entries in 512 KiB: a minute when each error counted the lines before it.
        let text = "a = {\n".repeat(512 * 1024 / 6);
        let started = std::time::Instant::now();
        let (_, findings) = check_file("lt", "t.ftl", text.as_bytes(), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // One error per two lines (the second `a = {` is read inside the first placeable).
        assert_eq!(findings.len(), 43_691);
        assert!(findings.iter().all(|f| f.code == "syntax"));
        assert_eq!(findings.last().unwrap().line, 87_381);
        // The same places as counting from the start, multi-byte characters included.
        let text = "ą = {\n\nžodis = { $x ] ė\n  ē\n\nb = ok\n-č\n";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                lines.line_column(offset),
                line_column(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn a_message_with_too_many_attributes_is_refused_before_formatting() {
        // Every attribute refers to the next: formatting them all took 9 s for 8,000 attributes.
        let chain: String = std::iter::once("a = x\n".to_string())
            .chain((0..8_000).map(|i| format!("    .a{i} = {{ a.a{} }}\n", i + 1)))
            .collect();
        let started = std::time::Instant::now();
        let findings = check_texts(
            "lt",
            "t.ftl",
            chain.as_bytes(),
            None,
            &BTreeMap::new(),
            &AdLimits::default(),
        )
        .unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(codes(&findings), ["obsolete-file", "too-many-attributes"]);
        let refused = &findings[1];
        assert_eq!((refused.line, refused.id.as_deref()), (1, Some("a")));
        assert!(
            refused
                .message
                .contains("8000 attributes; Beacon reads at most 50")
        );
        let (facts, findings) = check_file("lt", "t.ftl", chain.as_bytes(), None);
        assert!(facts.is_none() && findings.len() == 1);
        // Fifty are fine.
        let fifty: String = std::iter::once("-t = x\n".to_string())
            .chain((0..MAX_ATTRIBUTES).map(|i| format!("    .a{i} = y\n")))
            .collect();
        let (facts, findings) = check_file("lt", "t.ftl", fifty.as_bytes(), None);
        assert!(facts.is_some() && findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn references_that_differ_are_named() {
        let en = facts("-brand = Beacon\nabout = About { -brand }\n");
        let (_, f) = check_file(
            "lt",
            "t.ftl",
            b"-brand = Beacon\nabout = Apie Beacon\n",
            Some(&en),
        );
        let r = f.iter().find(|x| x.code == "references-differ").unwrap();
        assert!(r.message.contains("{ -brand }"), "{}", r.message);
    }

    #[test]
    fn samples_are_formatted() {
        let (_, f) = check_file("en", "t.ftl", b"a = { missing-message }\n", None);
        assert!(f.is_empty());
        let facts =
            facts("a = { missing-message }\nb = { NUMBER($n, minimumFractionDigits: 2) }\n");
        let found = format_samples("en", &[("t.ftl".into(), facts)], &AdLimits::default());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "resolver");
        assert_eq!(found[0].id.as_deref(), Some("a"));
    }

    #[test]
    fn ad_texts_over_a_platform_limit_are_errors_in_campaign_files_only() {
        // 31 characters: within Meta's 40 for a headline, over Google's 30.
        let text = "ad = Ad\n    .headline = Know your rights at work, today\n    .primary-text = Call us\n    .description = Free\n";
        let (facts, _) = check_file("lt", CAMPAIGN_FILE, text.as_bytes(), None);
        let found = format_samples(
            "lt",
            &[(CAMPAIGN_FILE.into(), facts.unwrap())],
            &AdLimits::default(),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].code, found[0].severity),
            ("ad-text-too-long", Severity::Error)
        );
        assert!(
            found[0].message.contains("google") && found[0].message.contains("31"),
            "{}",
            found[0].message
        );
        let (facts, _) = check_file("lt", "ui.ftl", text.as_bytes(), None);
        assert!(
            format_samples(
                "lt",
                &[("ui.ftl".into(), facts.unwrap())],
                &AdLimits::default()
            )
            .is_empty()
        );
    }

    #[test]
    fn plural_categories_come_from_cldr() {
        assert_eq!(plural_categories("en").unwrap(), vec!["one", "other"]);
        assert_eq!(
            plural_categories("lt").unwrap(),
            vec!["one", "few", "many", "other"]
        );
        assert_eq!(
            plural_categories("pl").unwrap(),
            vec!["one", "few", "many", "other"]
        );
        assert_eq!(
            plural_categories("ro").unwrap(),
            vec!["one", "few", "other"]
        );
    }

    #[test]
    fn the_shipped_locales_have_no_errors() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        if !dir.exists() {
            return;
        }
        let findings = check_dir(&dir, None, &AdLimits::default()).unwrap();
        let errors: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}
