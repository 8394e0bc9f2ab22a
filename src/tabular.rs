//! The one CSV table reader: a header line, then rows, each with the 1-based line it starts on (a
//! quoted cell may span lines). Incident imports, point files and population files read through it;
//! each names its own problems, in its own words, from the errors here.

use std::io;

use csv::{ByteRecord, Position};

/// How a table is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Trim spaces around every cell (and header name) while reading.
    pub trim: bool,
    /// Rows may have another number of cells than the header; otherwise such a row is a read error.
    pub flexible: bool,
    /// Remove a UTF-8 byte-order mark from the first header name (the reader already skips one at the
    /// very start of the input).
    pub strip_bom: bool,
    /// Skip blank lines and lines whose cells are all empty before the header.
    pub skip_blank_before_header: bool,
}

/// A header: the names as written (trimmed), and the line they are on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub names: Vec<String>,
    pub line: u64,
}

impl Header {
    /// The name of the column at `index`, as written.
    pub fn column(&self, index: usize) -> Option<String> {
        self.names.get(index).cloned()
    }

    /// The first column named `name`, ignoring ASCII case.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n.eq_ignore_ascii_case(name))
    }

    /// When the header is one column holding a `;`, a tab or a `|` (in that order), that separator: the
    /// file was not written with commas.
    pub fn single_column_separator(&self) -> Option<char> {
        let [only] = self.names.as_slice() else {
            return None;
        };
        [';', '\t', '|'].into_iter().find(|&s| only.contains(s))
    }
}

/// Why there is no header.
#[derive(Debug)]
pub enum HeaderError {
    /// The input holds no record.
    Empty,
    /// The reader failed; `line_hint` is the line it had reached, for errors without a position.
    Read { line_hint: u64, error: csv::Error },
    /// A header name is not UTF-8: `column` counts from 0.
    NotUtf8 { line: u64, column: usize },
}

/// A row the reader could not read; `line_hint` is the line it had reached, for errors without a
/// position.
#[derive(Debug)]
pub struct ReadError {
    pub line_hint: u64,
    pub error: csv::Error,
}

/// Reads a CSV table one reused [`ByteRecord`] at a time.
pub struct TableReader<R> {
    reader: csv::Reader<R>,
    options: Options,
}

impl<R: io::Read> TableReader<R> {
    pub fn new(input: R, options: Options) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(options.flexible)
            .trim(if options.trim {
                csv::Trim::All
            } else {
                csv::Trim::None
            })
            .from_reader(input);
        Self { reader, options }
    }

    /// Reads the header (the first record, or the first non-blank one with
    /// [`Options::skip_blank_before_header`]).
    pub fn header(&mut self, record: &mut ByteRecord) -> Result<Header, HeaderError> {
        let line = loop {
            match self.next_row(record) {
                Ok(None) => return Err(HeaderError::Empty),
                Ok(Some(line)) => {
                    if !(self.options.skip_blank_before_header && is_blank(record)) {
                        break line;
                    }
                }
                Err(ReadError { line_hint, error }) => {
                    return Err(HeaderError::Read { line_hint, error });
                }
            }
        };
        let mut names = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            let raw = if i == 0 && self.options.strip_bom {
                raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
            } else {
                raw
            };
            match std::str::from_utf8(raw) {
                Ok(name) => names.push(name.trim().to_owned()),
                Err(_) => return Err(HeaderError::NotUtf8 { line, column: i }),
            }
        }
        Ok(Header { names, line })
    }

    /// Reads the next row into `record`: its line, or `None` at the end.
    pub fn next_row(&mut self, record: &mut ByteRecord) -> Result<Option<u64>, ReadError> {
        let line_hint = self.reader.position().line();
        match self.reader.read_byte_record(record) {
            Ok(false) => Ok(None),
            Ok(true) => Ok(Some(record.position().map_or(line_hint, Position::line))),
            Err(error) => Err(ReadError { line_hint, error }),
        }
    }

    /// How many bytes of the input have been read.
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }
}

/// Whether every cell of a record is empty or spaces.
pub fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|f| f.trim_ascii().is_empty())
}

/// A cell as text: `""` when missing or not UTF-8.
pub fn text(record: &ByteRecord, index: usize) -> &str {
    record
        .get(index)
        .and_then(|f| std::str::from_utf8(f).ok())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(text: &str, options: Options) -> TableReader<&[u8]> {
        TableReader::new(text.as_bytes(), options)
    }

    #[test]
    fn reads_a_header_and_rows_with_their_lines() {
        let mut table = reader(" A ,b\n1,\"two\nlines\"\n3,4\n", Options::default());
        let mut record = ByteRecord::new();
        let header = table.header(&mut record).unwrap();
        assert_eq!(header.names, ["A", "b"]);
        assert_eq!((header.line, header.position("a")), (1, Some(0)));
        assert_eq!(table.next_row(&mut record).unwrap(), Some(2));
        assert_eq!(text(&record, 1), "two\nlines");
        assert_eq!(table.next_row(&mut record).unwrap(), Some(4));
        assert_eq!(table.next_row(&mut record).unwrap(), None);
    }

    #[test]
    fn blank_lines_before_the_header_may_be_skipped() {
        let options = Options {
            trim: true,
            flexible: true,
            skip_blank_before_header: true,
            strip_bom: true,
        };
        let mut table = reader(",,\n\u{feff}lat;lon\n", options);
        let header = table.header(&mut ByteRecord::new()).unwrap();
        assert_eq!(
            (header.line, header.single_column_separator()),
            (2, Some(';'))
        );
    }

    #[test]
    fn errors_say_what_went_wrong() {
        let mut record = ByteRecord::new();
        let empty = reader("", Options::default()).header(&mut record);
        assert!(matches!(empty, Err(HeaderError::Empty)));
        let mut table = TableReader::new(&b"a,\xff\n"[..], Options::default());
        assert!(matches!(
            table.header(&mut record),
            Err(HeaderError::NotUtf8 { line: 1, column: 1 })
        ));
        let mut table = reader("a,b\n1,2,3\n", Options::default());
        table.header(&mut record).unwrap();
        let error = table.next_row(&mut record).unwrap_err();
        assert_eq!(error.error.position().map(Position::line), Some(2));
        assert!(is_blank(&ByteRecord::from(vec![" ", ""])));
    }
}
