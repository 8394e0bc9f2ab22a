//! The one CSV table reader: a header line, then rows, each with the 1-based line it starts on (a
//! quoted cell may span lines). Incident imports, point files and population files read through it;
//! each names its own problems, in its own words, from the errors here.
//!
//! No row is held whole before it is known to be short enough: a row longer than
//! [`MAX_ROW_BYTES`] or a cell longer than [`MAX_CELL_BYTES`] (a quote left open makes the rest of
//! the file one cell) is a read error naming the line it starts on and the limit, raised while the
//! input streams past ([`too_long`] finds it in a [`csv::Error`]).

use std::fmt;
use std::io;

use csv::{ByteRecord, Position};

/// The longest row (its cells' bytes, the header too) a table may have.
pub const MAX_ROW_BYTES: usize = 1 << 20;
/// The longest cell a table may have.
pub const MAX_CELL_BYTES: usize = 64 << 10;

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

/// A row or a cell over its limit: where it starts and what the limit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    /// The line the row (or the cell) starts on.
    pub line: u64,
    /// `true` for a cell, `false` for a whole row.
    pub cell: bool,
    /// The limit in bytes.
    pub limit: usize,
}

impl TooLong {
    /// What is wrong, without the line: "a cell is longer than 64 KiB, …".
    pub fn reason(&self) -> String {
        let what = if self.cell { "a cell" } else { "a row" };
        let limit = match self.limit {
            n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
            n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
            n => format!("{n} bytes"),
        };
        format!(
            "{what} is longer than {limit}, the most Beacon reads; nothing past it was read (is a quote \
             left open?)"
        )
    }
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason())
    }
}

impl std::error::Error for TooLong {}

/// The [`TooLong`] behind a read error, if that is what stopped the reader.
pub fn too_long(error: &csv::Error) -> Option<&TooLong> {
    match error.kind() {
        csv::ErrorKind::Io(e) => e.get_ref()?.downcast_ref::<TooLong>(),
        _ => None,
    }
}

/// Why the CSV reader stopped, in words the locale files give (without the line, which the caller names).
pub fn read_error_message(error: &csv::Error) -> crate::message::Message {
    use crate::message::Message;
    if let Some(long) = too_long(error) {
        return Message::new(if long.cell {
            "csv-cell-too-long"
        } else {
            "csv-row-too-long"
        })
        .number("kib", (long.limit / 1024) as f64);
    }
    match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            Message::new("csv-not-utf8").number("column", (err.field() + 1) as f64)
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Message::new("csv-unequal-lengths")
            .number("expected", *expected_len as f64)
            .number("found", *len as f64),
        _ => Message::new("csv-unreadable"),
    }
}

/// Passes the input through, splitting it into rows and cells as the CSV reader will (the same
/// tokenizer, `csv_core`, with the same settings), and fails with [`TooLong`] as soon as a row or a
/// cell passes its limit: the reader behind it never holds more than the limit and one buffer.
struct Limited<R> {
    inner: R,
    core: csv_core::Reader,
    /// Bytes of the current row's cells so far, and where its current cell started in them.
    row_bytes: usize,
    cell_start: usize,
    /// The lines the current row and cell start on.
    row_line: u64,
    cell_line: u64,
    max_row: usize,
    max_cell: usize,
    /// The lines of the rows tokenized but not yet read, in order: the CSV reader counts a line
    /// ending in `\r\n` with the row after it, so the lines come from here.
    starts: std::collections::VecDeque<u64>,
    out: Box<[u8]>,
    ends: [usize; 256],
}

impl<R> Limited<R> {
    fn new(inner: R, max_row: usize, max_cell: usize) -> Self {
        Self {
            inner,
            core: csv_core::Reader::new(),
            row_bytes: 0,
            cell_start: 0,
            row_line: 1,
            cell_line: 1,
            max_row,
            max_cell,
            starts: std::collections::VecDeque::new(),
            out: vec![0; 16 << 10].into_boxed_slice(),
            ends: [0; 256],
        }
    }

    /// Follows `input` through the tokenizer a line at a time, so that a row or a cell starting in
    /// a piece starts on the line the piece is on.
    fn scan(&mut self, input: &[u8]) -> Result<(), TooLong> {
        if input.is_empty() {
            return self.scan_piece(input);
        }
        for piece in input.split_inclusive(|&b| b == b'\n') {
            self.scan_piece(piece)?;
        }
        Ok(())
    }

    fn scan_piece(&mut self, mut piece: &[u8]) -> Result<(), TooLong> {
        use csv_core::ReadRecordResult::*;
        // Every byte of the piece but a final newline is on this line.
        let line = self.core.line();
        loop {
            let (result, nin, nout, nend) =
                self.core.read_record(piece, &mut self.out, &mut self.ends);
            piece = &piece[nin..];
            if self.row_bytes == 0 && self.cell_start == 0 && (nout > 0 || nend > 0) {
                self.row_line = line;
                self.cell_line = line;
            }
            for &end in &self.ends[..nend] {
                if end - self.cell_start > self.max_cell {
                    return Err(self.too_long(true));
                }
                self.cell_start = end;
                self.cell_line = line;
            }
            self.row_bytes += nout;
            if self.row_bytes - self.cell_start > self.max_cell {
                return Err(self.too_long(true));
            }
            if self.row_bytes > self.max_row {
                return Err(self.too_long(false));
            }
            match result {
                InputEmpty | End => return Ok(()),
                OutputFull | OutputEndsFull => {}
                Record => {
                    self.starts.push_back(self.row_line);
                    self.row_bytes = 0;
                    self.cell_start = 0;
                }
            }
        }
    }

    fn too_long(&self, cell: bool) -> TooLong {
        TooLong {
            line: if cell { self.cell_line } else { self.row_line },
            cell,
            limit: if cell { self.max_cell } else { self.max_row },
        }
    }
}

impl<R: io::Read> io::Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // An empty read is the end of the input, which ends the row it was in.
        self.scan(&buf[..n])
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok(n)
    }
}

/// Reads a CSV table one reused [`ByteRecord`] at a time.
pub struct TableReader<R> {
    reader: csv::Reader<Limited<R>>,
    options: Options,
}

impl<R: io::Read> TableReader<R> {
    pub fn new(input: R, options: Options) -> Self {
        Self::with_limits(input, options, MAX_ROW_BYTES, MAX_CELL_BYTES)
    }

    /// A reader with other limits than [`MAX_ROW_BYTES`] and [`MAX_CELL_BYTES`].
    pub fn with_limits(input: R, options: Options, max_row: usize, max_cell: usize) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(options.flexible)
            .trim(if options.trim {
                csv::Trim::All
            } else {
                csv::Trim::None
            })
            .from_reader(Limited::new(input, max_row, max_cell));
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
            Ok(true) => {
                let line = self.reader.get_mut().starts.pop_front();
                Ok(Some(line.unwrap_or_else(|| {
                    record.position().map_or(line_hint, Position::line)
                })))
            }
            Err(error) => Err(ReadError { line_hint, error }),
        }
    }

    /// How many bytes of the input have been read.
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }
}

/// A text cell a spreadsheet will not run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return at
/// the start get a `'`), for every CSV file Beacon writes for people to open.
pub fn formula_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
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

    fn limited(text: &str) -> Result<Vec<u64>, TooLong> {
        let mut table = TableReader::with_limits(text.as_bytes(), Options::default(), 40, 10);
        let mut record = ByteRecord::new();
        let mut lines = Vec::new();
        loop {
            match table.next_row(&mut record) {
                Ok(Some(line)) => lines.push(line),
                Ok(None) => return Ok(lines),
                Err(e) => return Err(too_long(&e.error).expect("a limit").clone()),
            }
        }
    }

    #[test]
    fn rows_and_cells_over_their_limits_are_refused_naming_where_they_start() {
        assert_eq!(
            limited("a,b\r\n1234567890,2\r\n\r\n3,4\n"),
            Ok(vec![1, 2, 4])
        );
        let cell = limited("a,b\n1,2\n\n3,12345678901\n").unwrap_err();
        assert_eq!((cell.line, cell.cell, cell.limit), (4, true, 10));
        // A quote left open makes the rest of the file one cell: refused where the quote opens.
        let open = limited("a,b\r\n1,\"2\r\n3,4\r\n5,6\r\n7,8\r\n").unwrap_err();
        assert_eq!((open.line, open.cell), (2, true));
        let row =
            limited("a,b\n1,2\n123456789,123456789,123456789,123456789,123456789\n").unwrap_err();
        assert_eq!((row.line, row.cell, row.limit), (3, false, 40));
        assert!(
            row.to_string()
                .starts_with("line 3: a row is longer than 40 bytes"),
            "{row}"
        );
        let real = TooLong {
            line: 9,
            cell: true,
            limit: MAX_CELL_BYTES,
        };
        assert!(
            real.to_string().contains("a cell is longer than 64 KiB"),
            "{real}"
        );
    }
}
