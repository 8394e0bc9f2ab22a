//! Partner contact files: a CSV header, then one person a row, all or nothing as subscriber files are
//! read (every bad row named by file, line, column and why). Columns, in any order and any case: `name`,
//! `email` (a work address), `role` (what they do there: "Branch manager") and `locale` (a language Beacon
//! has), all required.

use std::collections::HashMap;

use csv::ByteRecord;

use crate::message::Message;
use crate::subscribers::import::{ImportRefusal, next_row, read_header, table_options};
use crate::subscribers::normalise_address;
use crate::tabular::{self, TableReader};

/// The longest name or role kept.
pub const MAX_TEXT: usize = 200;

/// One contact as a file or a form gives them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ContactRow {
    pub line: u64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub locale: String,
}

const COLUMNS: [&str; 4] = ["name", "email", "role", "locale"];

/// What is wrong with a contact: each problem with its column.
pub type Problems = Vec<(&'static str, Message)>;

/// Checks one contact's fields: the contact as kept (its `line` 0), or the problems.
pub fn check(
    name: &str,
    email: &str,
    role: &str,
    locale: &str,
    locales: &[String],
) -> Result<ContactRow, Problems> {
    let mut problems = Vec::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_TEXT {
        problems.push((
            "name",
            Message::new("refused-name-length").number("max", MAX_TEXT as f64),
        ));
    }
    let role = role.trim();
    if role.is_empty() || role.chars().count() > MAX_TEXT {
        problems.push((
            "role",
            Message::new("refused-name-length").number("max", MAX_TEXT as f64),
        ));
    }
    let email = match normalise_address(email) {
        Ok(e) => Some(e),
        Err(m) => {
            problems.push(("email", m));
            None
        }
    };
    let locale = locale.trim();
    let locale = match locales.iter().find(|l| l.eq_ignore_ascii_case(locale)) {
        Some(l) => Some(l.clone()),
        None => {
            problems.push((
                "locale",
                Message::new("subscriber-import-locale")
                    .text("value", locale)
                    .text("locales", locales.join(", ")),
            ));
            None
        }
    };
    match (email, locale) {
        (Some(email), Some(locale)) if problems.is_empty() => Ok(ContactRow {
            line: 0,
            name: name.to_string(),
            email,
            role: role.to_string(),
            locale,
        }),
        _ => Err(problems),
    }
}

/// Reads a contacts file; `locales` are the languages Beacon has.
pub fn parse(
    bytes: &[u8],
    file: &str,
    locales: &[String],
) -> Result<Vec<ContactRow>, ImportRefusal> {
    let mut refusal = ImportRefusal::new(file);
    let mut table = TableReader::new(bytes, table_options());
    let mut record = ByteRecord::new();
    let Some((_, at)) = read_header(&mut table, &mut record, &mut refusal, &COLUMNS, &COLUMNS)
    else {
        return Err(refusal);
    };
    let mut rows = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    loop {
        let line = match next_row(&mut table, &mut record, &mut refusal) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(()) => return Err(refusal),
        };
        let cell = |c: &str| at.get(c).map(|&i| tabular::text(&record, i)).unwrap_or("");
        // An address twice in the file is named whatever else is wrong with either row.
        let mut duplicate = false;
        if let Ok(email) = normalise_address(cell("email")) {
            if let Some(first) = seen.get(&email) {
                refusal.push(
                    line,
                    Some("email"),
                    Message::new("subscriber-import-duplicate").number("first", *first as f64),
                );
                duplicate = true;
            } else {
                seen.insert(email, line);
            }
        }
        match check(
            cell("name"),
            cell("email"),
            cell("role"),
            cell("locale"),
            locales,
        ) {
            Ok(contact) if !duplicate => rows.push(ContactRow { line, ..contact }),
            Ok(_) => {}
            Err(problems) => {
                for (column, reason) in problems {
                    refusal.push(line, Some(column), reason);
                }
            }
        }
    }
    if refusal.total > 0 {
        return Err(refusal);
    }
    if rows.is_empty() {
        refusal.push(2, None, Message::new("subscriber-import-no-rows"));
        return Err(refusal);
    }
    Ok(rows)
}

/// Contacts as a CSV file, in the columns [`parse`] reads (so an export imports again).
pub fn to_csv(rows: &[(String, String, String, String)]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(COLUMNS);
    for (name, email, role, locale) in rows {
        let _ = w.write_record([
            tabular_safe(name),
            tabular_safe(email),
            tabular_safe(role),
            tabular_safe(locale),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

use crate::tabular::formula_safe as tabular_safe;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::english;

    fn locales() -> Vec<String> {
        ["en", "lt", "ar"].map(String::from).to_vec()
    }

    #[test]
    fn a_good_file_reads_every_contact() {
        let file = "Name,Email,Role,Locale\nAsta Petrauskienė,asta@bank.example,Branch manager,lt\n\nJo Smith, JO@Bank.example ,Cashier,EN\n";
        let rows = parse(file.as_bytes(), "contacts.csv", &locales()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Asta Petrauskienė");
        assert_eq!(rows[1].email, "jo@bank.example");
        assert_eq!(rows[1].locale, "en");
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn every_bad_row_is_named_and_nothing_is_read() {
        let file = "name,email,role,locale\nA,not-an-address,Cashier,en\nB,b@bank.example,Cashier,xx\nC,b@bank.example,Cashier,en\n,d@bank.example,,en\n";
        let refusal = parse(file.as_bytes(), "contacts.csv", &locales()).unwrap_err();
        let lines: Vec<(u64, Option<&str>)> = refusal
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_deref()))
            .collect();
        assert_eq!(
            lines,
            [
                (2, Some("email")),
                (3, Some("locale")),
                (4, Some("email")),
                (5, Some("name")),
                (5, Some("role"))
            ]
        );
        let text = refusal.to_string();
        assert!(text.starts_with("contacts.csv has 5 problems"), "{text}");
        assert!(
            english(&refusal.problems[1].message("contacts.csv")).contains("“xx”"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_or_unknown_column_is_refused_at_the_header() {
        let refusal = parse(b"name,email,locale,phone\n", "c.csv", &locales()).unwrap_err();
        let columns: Vec<_> = refusal
            .problems
            .iter()
            .map(|p| p.column.clone().unwrap_or_default())
            .collect();
        assert_eq!(columns, ["phone", "role"]);
    }

    #[test]
    fn an_export_reads_back_and_never_starts_a_formula() {
        let rows = vec![(
            "=HYPERLINK(\"x\")".to_string(),
            "a@bank.example".to_string(),
            "Cashier, counter".to_string(),
            "lt".to_string(),
        )];
        let csv = to_csv(&rows);
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.contains("'=HYPERLINK"), "{text}");
        let back = parse(&csv, "export.csv", &locales()).unwrap();
        assert_eq!(back[0].role, "Cashier, counter");
    }
}
