//! The bytes of an export, read through a buffer that counts lines and columns as the XML
//! parser consumes them, so that any place in a file of any size can be named without
//! keeping the file.
//!
//! The parser reports places as byte offsets. Before each event the reader marks where it
//! starts; the bytes consumed since the mark (one event's worth) are kept, so an offset
//! inside the event — where a syntax error or a bad reference sits — is turned into a line
//! and column exactly.

use crate::model::Position;
use std::io::{self, BufRead, Read};

/// How many bytes are read from the source at a time.
const CHUNK_BYTES: usize = 64 * 1024;

/// A buffered reader that knows the line and column of every byte it has handed out.
pub(crate) struct CountingReader<R> {
    inner: R,
    buffer: Box<[u8]>,
    start: usize,
    end: usize,
    consumed: u64,
    here: Position,
    mark_offset: u64,
    mark: Position,
    since_mark: Vec<u8>,
}

impl<R: Read> CountingReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            buffer: vec![0; CHUNK_BYTES].into_boxed_slice(),
            start: 0,
            end: 0,
            consumed: 0,
            here: Position { line: 1, column: 1 },
            mark_offset: 0,
            mark: Position { line: 1, column: 1 },
            since_mark: Vec::new(),
        }
    }
}

impl<R> CountingReader<R> {
    /// How many bytes have been handed to the parser.
    pub(crate) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Notes that an event starts here.
    pub(crate) fn mark(&mut self) {
        self.mark_offset = self.consumed;
        self.mark = self.here;
        self.since_mark.clear();
    }

    /// Where the last marked event starts.
    pub(crate) fn marked(&self) -> Position {
        self.mark
    }

    /// The line and column of the byte at `offset`: exact from the last mark on, else the
    /// mark's own place (the parser never points further back than the event it read).
    pub(crate) fn position_of(&self, offset: u64) -> Position {
        let Some(distance) = offset.checked_sub(self.mark_offset) else {
            return self.mark;
        };
        let length = usize::try_from(distance)
            .unwrap_or(usize::MAX)
            .min(self.since_mark.len());
        advance(self.mark, &self.since_mark[..length])
    }
}

/// The place after `bytes`, starting at `from`. Columns count characters: UTF-8
/// continuation bytes do not move them.
#[expect(
    clippy::naive_bytecount,
    reason = "the compiler vectorises this count; a crate for it is not worth its weight"
)]
fn advance(from: Position, bytes: &[u8]) -> Position {
    let is_character_start = |byte: &&u8| (**byte & 0xC0) != 0x80;
    match bytes.iter().rposition(|byte| *byte == b'\n') {
        Some(last_newline) => {
            let newlines = bytes.iter().filter(|byte| **byte == b'\n').count();
            let tail = &bytes[last_newline + 1..];
            Position {
                line: from.line + newlines as u64,
                column: 1 + tail.iter().filter(is_character_start).count() as u64,
            }
        }
        None => Position {
            line: from.line,
            column: from.column + bytes.iter().filter(is_character_start).count() as u64,
        },
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let length = available.len().min(out.len());
        out[..length].copy_from_slice(&available[..length]);
        self.consume(length);
        Ok(length)
    }
}

impl<R: Read> BufRead for CountingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            self.start = 0;
            self.end = loop {
                match self.inner.read(&mut self.buffer) {
                    Ok(read) => break read,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            };
        }
        Ok(&self.buffer[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.end - self.start);
        let bytes = &self.buffer[self.start..self.start + amount];
        self.here = advance(self.here, bytes);
        self.since_mark.extend_from_slice(bytes);
        self.consumed += amount as u64;
        self.start += amount;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        let text = "ab\nçd\n\n€x";
        let mut reader = CountingReader::new(text.as_bytes());
        let mut all = Vec::new();
        reader.read_to_end(&mut all).unwrap();
        assert_eq!(reader.consumed(), text.len() as u64);
        assert_eq!(reader.here, Position { line: 4, column: 3 });
    }

    #[test]
    fn names_a_place_inside_the_marked_event() {
        let text = "<a>\n<b>é<c";
        let mut reader = CountingReader::new(text.as_bytes());
        let mut first = [0; 4];
        reader.read_exact(&mut first).unwrap();
        reader.mark();
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert_eq!(reader.marked(), Position { line: 2, column: 1 });
        let c = text.find("<c").unwrap() as u64;
        assert_eq!(reader.position_of(c), Position { line: 2, column: 5 });
        assert_eq!(reader.position_of(0), Position { line: 2, column: 1 });
    }
}
