//! Reading a JSON document value by value, so that a big FeatureCollection
//! never sits in memory whole.
//!
//! The input is read in chunks. Each value is parsed by `serde_json` from
//! the chunk, borrowing from it; when the chunk ends inside the value
//! ("EOF while parsing"), more is read and the value is parsed again. That
//! costs one extra partial parse per chunk, where scanning every byte for
//! the value's end first cost a third more load time, and reading through
//! `serde_json::Deserializer::from_reader` nearly doubled it.
//!
//! Positions are 1-based lines and 1-based byte columns, as `serde_json`
//! reports them, so an error inside a value reads like one in the file.

use std::io::{self, Read};

use serde::Deserialize;

/// How much is read at once.
const CHUNK: usize = 1 << 20;

/// Why scanning stopped.
#[derive(Debug)]
pub(crate) enum ScanError {
    Io(io::Error),
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
}

/// A line and column in the whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// Where a position reported by `serde_json` inside a value that starts
    /// at `self` lies in the whole document.
    pub fn offset(self, line: usize, column: usize) -> Position {
        if line <= 1 {
            Position {
                line: self.line,
                column: self.column + column.saturating_sub(1),
            }
        } else {
            Position {
                line: self.line + line - 1,
                column,
            }
        }
    }
}

pub(crate) struct Scanner<R> {
    reader: R,
    buf: Vec<u8>,
    /// The next byte not consumed yet; everything before it may be dropped.
    pos: usize,
    eof: bool,
    /// Absolute offset of `buf[0]`.
    base: u64,
    /// Newlines before `buf[0]`, and the absolute offset of the last one.
    lines: usize,
    last_newline: Option<u64>,
}

impl<R: Read> Scanner<R> {
    pub fn new(reader: R) -> Self {
        Scanner {
            reader,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            eof: false,
            base: 0,
            lines: 0,
            last_newline: None,
        }
    }

    /// Reads more input, first dropping what was consumed: at least a
    /// chunk, and as much as is buffered already (so a value much bigger
    /// than a chunk is parsed a few times, not once per chunk). Returns
    /// `false` at the end of the input.
    fn fill(&mut self) -> Result<bool, ScanError> {
        if self.eof {
            return Ok(false);
        }
        let shift = self.pos;
        if shift > 0 {
            let dropped = &self.buf[..shift];
            self.lines += memchr::memchr_iter(b'\n', dropped).count();
            if let Some(i) = memchr::memrchr(b'\n', dropped) {
                self.last_newline = Some(self.base + i as u64);
            }
            self.buf.drain(..shift);
            self.base += shift as u64;
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + old.max(CHUNK), 0);
        let read = loop {
            match self.reader.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(ScanError::Io(e));
                }
            }
        };
        self.buf.truncate(old + read);
        if read == 0 {
            self.eof = true;
        }
        Ok(read > 0)
    }

    /// The position of buffer index `i`.
    pub fn position(&self, i: usize) -> Position {
        let before = &self.buf[..i.min(self.buf.len())];
        let line = self.lines + memchr::memchr_iter(b'\n', before).count() + 1;
        let line_start = match memchr::memrchr(b'\n', before) {
            Some(nl) => self.base + nl as u64 + 1,
            None => self.last_newline.map_or(0, |nl| nl + 1),
        };
        let column = (self.base + i as u64 - line_start) as usize + 1;
        Position { line, column }
    }

    pub fn error(&self, i: usize, reason: impl Into<String>) -> ScanError {
        let Position { line, column } = self.position(i);
        ScanError::Syntax {
            line,
            column,
            reason: reason.into(),
        }
    }

    /// Skips a UTF-8 byte order mark at the very start: it is not JSON, but
    /// editors write it.
    pub fn skip_bom(&mut self) -> Result<(), ScanError> {
        while self.base == 0 && self.buf.len() < 3 && self.fill()? {}
        if self.base == 0 && self.pos == 0 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.pos = 3;
        }
        Ok(())
    }

    /// Skips whitespace and returns the next byte without consuming it
    /// (`None` at the end of the input).
    pub fn peek(&mut self) -> Result<Option<u8>, ScanError> {
        loop {
            while let Some(&b) = self.buf.get(self.pos) {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Consumes the next byte, which must be one of `expected` (after
    /// whitespace); returns it.
    pub fn expect(&mut self, expected: &[u8], what: &str) -> Result<u8, ScanError> {
        match self.peek()? {
            Some(b) if expected.contains(&b) => {
                self.pos += 1;
                Ok(b)
            }
            Some(_) => Err(self.error(self.pos, format!("expected {what}"))),
            None => Err(self.error(self.pos, format!("EOF while parsing: expected {what}"))),
        }
    }

    /// Parses the next value (after whitespace) with `parse`, which gets
    /// the unread input and whether the input ends there, and gives back
    /// what it made of the value (see [`parse_one`]). Returns the buffer
    /// index the value started at, for positions in later errors.
    pub fn next_value<O>(
        &mut self,
        mut parse: impl FnMut(&[u8], bool) -> Parsed<O>,
    ) -> Result<(usize, O), ScanError> {
        if self.peek()?.is_none() {
            return Err(self.error(self.pos, "EOF while parsing a value"));
        }
        loop {
            match parse(&self.buf[self.pos..], self.eof) {
                Parsed::Value(len, out) => {
                    let at = self.pos;
                    self.pos += len;
                    return Ok((at, out));
                }
                // At the end of the input `eof` is set and the next call
                // settles it.
                Parsed::NeedMore => {
                    self.fill()?;
                }
                Parsed::Invalid(e) => {
                    let p = self.position(self.pos).offset(e.line(), e.column());
                    return Err(ScanError::Syntax {
                        line: p.line,
                        column: p.column,
                        reason: reason(&e),
                    });
                }
            }
        }
    }

    /// The next value as an owned `T` (see [`Scanner::next_value`]).
    pub fn next_owned<T: serde::de::DeserializeOwned>(&mut self) -> Result<(usize, T), ScanError> {
        self.next_value(|input, eof| parse_one::<T>(input, eof))
    }

    /// Whether anything but whitespace is left.
    pub fn at_end(&mut self) -> Result<bool, ScanError> {
        Ok(self.peek()?.is_none())
    }

    /// The buffer index of the next byte (for an error's position).
    pub fn pos(&self) -> usize {
        self.pos
    }
}

/// What became of parsing a value at the start of the unread input.
pub(crate) enum Parsed<O> {
    /// The value took this many bytes.
    Value(usize, O),
    /// The input ran out inside the value.
    NeedMore,
    Invalid(serde_json::Error),
}

impl<O> Parsed<O> {
    pub fn map<P>(self, f: impl FnOnce(O) -> P) -> Parsed<P> {
        match self {
            Parsed::Value(len, o) => Parsed::Value(len, f(o)),
            Parsed::NeedMore => Parsed::NeedMore,
            Parsed::Invalid(e) => Parsed::Invalid(e),
        }
    }
}

/// Parses one value at the start of `input`; `eof` says nothing follows.
pub(crate) fn parse_one<'a, T: Deserialize<'a>>(input: &'a [u8], eof: bool) -> Parsed<T> {
    // A number or literal that reaches the end of the input may go on in
    // the next chunk; an object, array or string ends at its own bracket.
    let closed = matches!(input.first(), Some(b'{' | b'[' | b'"'));
    let mut stream = serde_json::Deserializer::from_slice(input).into_iter::<T>();
    match stream.next() {
        Some(Ok(_)) if !closed && !eof && stream.byte_offset() == input.len() => Parsed::NeedMore,
        Some(Ok(v)) => Parsed::Value(stream.byte_offset(), v),
        Some(Err(e)) if !eof && (e.is_eof() || at_end(input, &e)) => Parsed::NeedMore,
        Some(Err(e)) => Parsed::Invalid(e),
        None if eof => Parsed::Invalid(<serde_json::Error as serde::de::Error>::custom(
            "EOF while parsing a value",
        )),
        None => Parsed::NeedMore,
    }
}

/// Whether an error lies at the very end of the input: a number cut by the
/// end of a chunk (`-`, `1.`, `2e`) is reported as an invalid number, not
/// as the end of the input.
fn at_end(input: &[u8], e: &serde_json::Error) -> bool {
    let line_start = if e.line() <= 1 {
        Some(0)
    } else {
        memchr::memchr_iter(b'\n', input)
            .nth(e.line() - 2)
            .map(|nl| nl + 1)
    };
    line_start.is_some_and(|start| start + e.column() + 1 >= input.len())
}

/// A `serde_json` error's reason without its " at line L column C".
pub(crate) fn reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.rsplit_once(" at line ")
        .map(|(r, _)| r.to_string())
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte at a time, to cross every refill.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn json(s: &mut Scanner<Trickle>) -> (usize, serde_json::Value) {
        s.next_owned::<serde_json::Value>().unwrap()
    }

    fn values(text: &str) -> Vec<String> {
        let mut s = Scanner::new(Trickle(text.as_bytes()));
        let mut out = Vec::new();
        while !s.at_end().unwrap() {
            out.push(json(&mut s).1.to_string());
            if s.peek().unwrap() == Some(b',') {
                s.expect(b",", "`,`").unwrap();
            }
        }
        out
    }

    #[test]
    fn values_are_read_whole_across_refills() {
        // One byte per read: every value, scalars too, straddles refills.
        assert_eq!(
            values(r#" {"a":"}]\"{"} , [1,[2.5e-1]],"x\\",35e1 ,true,null,-0.25"#),
            [
                r#"{"a":"}]\"{"}"#,
                "[1,[0.25]]",
                r#""x\\""#,
                "350.0",
                "true",
                "null",
                "-0.25"
            ]
        );
    }

    #[test]
    fn positions_count_lines_and_columns_across_refills() {
        let text = "[1,\n  {\"a\":\n 2}, 3]";
        let mut s = Scanner::new(Trickle(text.as_bytes()));
        s.expect(b"[", "`[`").unwrap();
        let (at, _) = json(&mut s);
        assert_eq!(s.position(at), Position { line: 1, column: 2 });
        s.expect(b",", "`,`").unwrap();
        let (at, v) = json(&mut s);
        assert_eq!(v, serde_json::json!({"a": 2}));
        assert_eq!(s.position(at), Position { line: 2, column: 3 });
        s.expect(b",", "`,`").unwrap();
        let (at, _) = json(&mut s);
        assert_eq!(s.position(at), Position { line: 3, column: 6 });
        assert_eq!(
            Position { line: 2, column: 3 }.offset(1, 4),
            Position { line: 2, column: 6 }
        );
        assert_eq!(
            Position { line: 2, column: 3 }.offset(2, 4),
            Position { line: 3, column: 4 }
        );
    }

    #[test]
    fn an_unclosed_value_is_an_error_at_the_end() {
        let mut s = Scanner::new(Trickle(b"{\"a\": [1, 2"));
        match s.next_owned::<serde_json::Value>() {
            Err(ScanError::Syntax {
                line,
                column,
                reason,
            }) => {
                assert_eq!((line, column), (1, 11));
                assert!(reason.contains("EOF"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }
}
