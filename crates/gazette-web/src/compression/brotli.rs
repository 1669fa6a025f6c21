//! Brotli (RFC 7932), whole or around a gap.
//!
//! Brotli streams cannot simply be put end to end: a stream opens with its window size and
//! closes with an empty last meta-block, and a compressed meta-block leans on what came
//! before it (the last distances used, the last two bytes as context for literals, the
//! static dictionary, whose references are numbered from the current position). The
//! `brotli` crate can make streams that may be joined all the same — the first
//! *appendable* (ended by a separate empty last meta-block), the others *catable* (their
//! first two bytes uncompressed, no dictionary, no distance that reaches before their
//! start) — and joins them with `BroCatli`, which drops the first stream's ending and the
//! next one's window size and shifts the bits where they meet. So a page is compressed
//! once as two streams, and each response joins them around a third, the gap, written as
//! uncompressed meta-blocks, which need no context at all.

use brotli::concat::{BroCatli, BroCatliResult};
use brotli::enc::BrotliEncoderParams;
use brotli::enc::backward_references::BrotliEncoderMode;
use bytes::Bytes;
use std::io;

/// The largest window a stream asks decoders for: 16 MiB.
const LARGEST_WINDOW_BITS: u32 = 24;
/// The smallest window a stream is compressed with, 128 KiB: with 16 bits or fewer, the
/// encoder picks hashers that take tens of milliseconds at qualities 5 to 9 (measured on a
/// 15 kB page: 25 ms against 0.7 ms with 17 bits), for a smaller window nobody needs.
const SMALLEST_WINDOW_BITS: u32 = 17;
/// The smallest window brotli has, 1 KiB, which the gap's uncompressed stream declares:
/// a joined stream's window is its first part's, and no later part may ask for more.
const GAP_WINDOW_BITS: u8 = 10;
/// The most bytes an uncompressed meta-block with four length nibbles holds.
const UNCOMPRESSED_BLOCK_BYTES: usize = 1 << 16;

/// How a stream is made.
#[derive(Clone, Copy)]
enum Joining {
    /// A stream on its own.
    Alone,
    /// The first of streams to be joined: another may follow.
    First,
    /// A stream joined after another.
    Later,
}

/// `data` compressed at `quality` (0 to 11) as one stream.
pub fn compress(data: &[u8], quality: u32) -> io::Result<Vec<u8>> {
    compress_with(data, quality, window_bits_for(data.len()), Joining::Alone)
}

/// A body compressed as two brotli streams, to be joined around a gap.
#[derive(Debug)]
pub struct AroundGap {
    /// The part before the gap, appendable.
    head: Bytes,
    /// The part after the gap, catable.
    tail: Bytes,
}

impl AroundGap {
    /// Compresses `before` and `after` at `quality`.
    pub fn new(before: &[u8], after: &[u8], quality: u32) -> io::Result<Self> {
        // A window that holds the whole body, gap aside; the tail asks for no more than
        // the head, as joining requires.
        let window_bits = window_bits_for(before.len() + after.len());
        Ok(Self {
            head: Bytes::from(compress_with(before, quality, window_bits, Joining::First)?),
            tail: Bytes::from(compress_with(after, quality, window_bits, Joining::Later)?),
        })
    }

    /// The whole stream with `gap` between the two parts.
    pub fn filled(&self, gap: &[u8]) -> io::Result<Bytes> {
        let gap_stream = uncompressed_stream(gap);
        let parts: [&[u8]; 3] = [&self.head, &gap_stream, &self.tail];
        // Joining adds at most a few bytes where streams meet.
        let mut out = vec![0; parts.iter().map(|part| part.len()).sum::<usize>() + 16];
        let mut written = 0;
        let mut joiner = BroCatli::new();
        for part in parts.into_iter().filter(|part| !part.is_empty()) {
            joiner.new_brotli_file();
            let mut read = 0;
            loop {
                match joiner.stream(part, &mut read, &mut out, &mut written) {
                    BroCatliResult::NeedsMoreInput => break,
                    BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
                    failure => return Err(join_error(failure)),
                }
            }
        }
        loop {
            match joiner.finish(&mut out, &mut written) {
                BroCatliResult::Success => break,
                BroCatliResult::NeedsMoreOutput => out.resize(out.len() * 2, 0),
                failure => return Err(join_error(failure)),
            }
        }
        out.truncate(written);
        Ok(Bytes::from(out))
    }

    /// The bytes kept.
    pub fn kept_bytes(&self) -> usize {
        self.head.len() + self.tail.len()
    }
}

fn join_error(result: BroCatliResult) -> io::Error {
    io::Error::other(format!("joining brotli streams failed: {result:?}"))
}

/// The smallest window (in bits, 17 to 24) that holds `length` bytes; brotli's window is
/// 16 bytes short of the power of two.
fn window_bits_for(length: usize) -> u32 {
    (SMALLEST_WINDOW_BITS..LARGEST_WINDOW_BITS)
        .find(|bits| (1_usize << bits) - 16 >= length)
        .unwrap_or(LARGEST_WINDOW_BITS)
}

fn compress_with(
    data: &[u8],
    quality: u32,
    window_bits: u32,
    joining: Joining,
) -> io::Result<Vec<u8>> {
    let params = BrotliEncoderParams {
        quality: i32::try_from(quality).unwrap_or(11),
        lgwin: i32::try_from(window_bits).unwrap_or(22),
        mode: BrotliEncoderMode::BROTLI_MODE_TEXT,
        size_hint: data.len(),
        appendable: matches!(joining, Joining::First),
        catable: matches!(joining, Joining::Later),
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::with_capacity(data.len() / 4 + 64);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

/// `data` as a catable stream of uncompressed meta-blocks (RFC 7932, 9.2): the window
/// size; for each block ISLAST 0, four length nibbles, the length less one, ISUNCOMPRESSED
/// 1, padding to a byte, the bytes; then ISLAST 1, ISLASTEMPTY 1. Empty for no data.
fn uncompressed_stream(data: &[u8]) -> Vec<u8> {
    if data.is_empty() {
        return Vec::new();
    }
    let blocks = data.len().div_ceil(UNCOMPRESSED_BLOCK_BYTES);
    let mut out = Bits::with_capacity(data.len() + 4 * blocks + 2);
    // Window sizes of 10 to 15 bits: a 1, three 0s, then the size less 8 in three bits.
    out.write(1 | ((u64::from(GAP_WINDOW_BITS) - 8) << 4), 7);
    for block in data.chunks(UNCOMPRESSED_BLOCK_BYTES) {
        out.write(0, 1); // ISLAST
        out.write(0, 2); // MNIBBLES: 0 stands for four
        out.write(block.len() as u64 - 1, 16); // MLEN - 1
        out.write(1, 1); // ISUNCOMPRESSED
        out.align();
        out.bytes.extend_from_slice(block);
    }
    out.write(0b11, 2); // ISLAST, ISLASTEMPTY
    out.align();
    out.bytes
}

/// Bits written least significant first, as brotli reads them.
struct Bits {
    bytes: Vec<u8>,
    /// Bits not yet making a whole byte, and how many.
    pending: u64,
    pending_count: u32,
}

impl Bits {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(capacity),
            pending: 0,
            pending_count: 0,
        }
    }

    fn write(&mut self, value: u64, bits: u32) {
        self.pending |= value << self.pending_count;
        self.pending_count += bits;
        while self.pending_count >= 8 {
            self.bytes.push(self.pending.to_le_bytes()[0]);
            self.pending >>= 8;
            self.pending_count -= 8;
        }
    }

    /// Pads with zero bits to the next byte boundary.
    fn align(&mut self) {
        if self.pending_count > 0 {
            self.write(0, 8 - self.pending_count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(bytes, 4096)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn page(size: usize) -> Vec<u8> {
        (0..size)
            .map(|index| b"<p>The council met on Tuesday.</p>\n"[index % 35])
            .collect()
    }

    #[test]
    fn a_whole_body_comes_back_unchanged() {
        for size in [0, 1, 100, 100_000] {
            let body = page(size);
            assert_eq!(unbrotli(&compress(&body, 5).unwrap()), body, "{size} bytes");
        }
    }

    #[test]
    fn the_pieces_joined_around_any_gap_make_one_valid_stream() {
        let before = page(20_000);
        let after = page(3_000);
        let long_gap: Vec<u8> = (0..150_000_u32)
            .map(|n| u8::try_from(n % 251).unwrap())
            .collect();
        for quality in [1, 5, 9, 11] {
            let split = AroundGap::new(&before, &after, quality).unwrap();
            for gap in [&b""[..], b"t", b"a1b2c3.signed-token", &long_gap] {
                let joined = split.filled(gap).unwrap();
                let expected = [&before[..], gap, &after[..]].concat();
                assert!(
                    unbrotli(&joined) == expected,
                    "quality {quality}, a gap of {} bytes",
                    gap.len()
                );
            }
        }
        for (before, after) in [(&b""[..], &b"after"[..]), (b"before", b""), (b"", b"")] {
            let split = AroundGap::new(before, after, 9).unwrap();
            assert_eq!(
                unbrotli(&split.filled(b"gap").unwrap()),
                [before, b"gap", after].concat()
            );
        }
    }

    #[test]
    fn joining_costs_little_more_than_compressing_the_whole() {
        let before = page(30_000);
        let after = page(2_000);
        let whole = compress(&[&before[..], b"token", &after[..]].concat(), 9).unwrap();
        let joined = AroundGap::new(&before, &after, 9)
            .unwrap()
            .filled(b"token")
            .unwrap();
        assert!(
            joined.len() < whole.len() + 100,
            "{} bytes joined, {} whole",
            joined.len(),
            whole.len()
        );
    }

    #[test]
    fn windows_hold_the_body() {
        assert_eq!(window_bits_for(0), 17);
        assert_eq!(window_bits_for(131_056), 17);
        assert_eq!(window_bits_for(131_057), 18);
        assert_eq!(window_bits_for(usize::MAX), 24);
    }
}
