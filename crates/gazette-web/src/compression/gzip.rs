//! gzip (RFC 1952 around DEFLATE, RFC 1951), whole or around a gap.
//!
//! A DEFLATE stream is a series of blocks, each free to start where the last ended. So a
//! body can be compressed in two pieces that are joined around bytes known only later:
//!
//! ```text
//! gzip header | before, compressed, ended by a sync flush | the gap, in stored blocks
//!             | after, compressed on its own, with the final block | CRC-32 | length
//! ```
//!
//! The sync flush ends `before` on a byte boundary without ending the stream, so a stored
//! block (a byte of header, the length and its complement, the bytes as they are) can
//! follow, and `after`'s blocks after it; `after` refers back to nothing outside itself, so
//! it decodes the same wherever it stands. The trailer's CRC-32 is combined from the three
//! parts' checksums, so a response's cost is the gap's checksum and a copy.

use bytes::{BufMut, Bytes, BytesMut};
use crc32fast::Hasher;
use flate2::{Compress, Compression, FlushCompress, Status};
use std::io;

/// The gzip header: the magic bytes, DEFLATE, no flags, no modification time, no extra
/// flags, an unknown operating system.
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// The most bytes a stored block holds.
const STORED_BLOCK_BYTES: usize = 0xffff;

/// `data` compressed at `level` (0 to 9) as one gzip member.
pub fn compress(data: &[u8], level: u32) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(HEADER.len() + data.len() / 3 + 64);
    out.extend_from_slice(&HEADER);
    deflate(data, level, FlushCompress::Finish, &mut out)?;
    let checksum = Checksum::of(data);
    out.extend_from_slice(&checksum.trailer());
    Ok(out)
}

/// A body compressed as gzip in two pieces, to be joined around a gap.
#[derive(Debug)]
pub struct AroundGap {
    /// The header and the part before the gap, ended by a sync flush.
    head: Bytes,
    /// The part after the gap, ending with the stream's final block (no trailer).
    tail: Bytes,
    before: Checksum,
    after: Checksum,
}

impl AroundGap {
    /// Compresses `before` and `after` at `level`.
    pub fn new(before: &[u8], after: &[u8], level: u32) -> io::Result<Self> {
        let mut head = Vec::with_capacity(HEADER.len() + before.len() / 3 + 64);
        head.extend_from_slice(&HEADER);
        deflate(before, level, FlushCompress::Sync, &mut head)?;
        let mut tail = Vec::with_capacity(after.len() / 3 + 64);
        deflate(after, level, FlushCompress::Finish, &mut tail)?;
        Ok(Self {
            head: Bytes::from(head),
            tail: Bytes::from(tail),
            before: Checksum::of(before),
            after: Checksum::of(after),
        })
    }

    /// The whole gzip stream with `gap` between the two parts.
    pub fn filled(&self, gap: &[u8]) -> Bytes {
        let blocks = gap.len().div_ceil(STORED_BLOCK_BYTES);
        let mut out =
            BytesMut::with_capacity(self.head.len() + gap.len() + 5 * blocks + self.tail.len() + 8);
        out.extend_from_slice(&self.head);
        for chunk in gap.chunks(STORED_BLOCK_BYTES) {
            // BFINAL 0, BTYPE 00 (stored), then padding to the byte boundary.
            out.put_u8(0);
            let length = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
            out.put_u16_le(length);
            out.put_u16_le(!length);
            out.extend_from_slice(chunk);
        }
        out.extend_from_slice(&self.tail);
        let checksum = self
            .before
            .followed_by(Checksum::of(gap))
            .followed_by(self.after);
        out.extend_from_slice(&checksum.trailer());
        out.freeze()
    }

    /// The bytes kept.
    pub fn kept_bytes(&self) -> usize {
        self.head.len() + self.tail.len()
    }
}

/// The CRC-32 and length of some bytes, which can be joined with those of the bytes that
/// follow them.
#[derive(Clone, Copy, Debug)]
struct Checksum {
    crc: u32,
    length: u64,
}

impl Checksum {
    fn of(data: &[u8]) -> Self {
        let mut hasher = Hasher::new();
        hasher.update(data);
        Self {
            crc: hasher.finalize(),
            length: data.len() as u64,
        }
    }

    fn followed_by(self, next: Self) -> Self {
        let mut hasher = Hasher::new_with_initial_len(self.crc, self.length);
        hasher.combine(&Hasher::new_with_initial_len(next.crc, next.length));
        Self {
            crc: hasher.finalize(),
            length: self.length + next.length,
        }
    }

    /// The gzip trailer: the CRC-32, then the length modulo 2³², both little-endian.
    fn trailer(self) -> [u8; 8] {
        let mut trailer = [0; 8];
        trailer[..4].copy_from_slice(&self.crc.to_le_bytes());
        #[expect(
            clippy::cast_possible_truncation,
            reason = "gzip keeps the length modulo 2³²"
        )]
        let length = self.length as u32;
        trailer[4..].copy_from_slice(&length.to_le_bytes());
        trailer
    }
}

/// Appends `data` compressed at `level` as raw DEFLATE to `out`, ending with `flush`:
/// `Sync` to stop on a byte boundary with the stream still open, `Finish` to end it.
fn deflate(data: &[u8], level: u32, flush: FlushCompress, out: &mut Vec<u8>) -> io::Result<()> {
    let mut compressor = Compress::new(Compression::new(level), false);
    loop {
        let consumed = usize::try_from(compressor.total_in()).unwrap_or(data.len());
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        let status = compressor
            .compress_vec(&data[consumed.min(data.len())..], out, flush)
            .map_err(io::Error::other)?;
        let all_read = usize::try_from(compressor.total_in()).unwrap_or(0) == data.len();
        let room_left = out.len() < out.capacity();
        let done = match flush {
            FlushCompress::Finish => status == Status::StreamEnd,
            _ => all_read && room_left,
        };
        if done {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read as _;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut decoder = GzDecoder::new(bytes);
        let mut out = Vec::new();
        decoder.read_to_end(&mut out).unwrap();
        assert!(
            decoder.into_inner().is_empty(),
            "nothing follows the member"
        );
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
            assert_eq!(gunzip(&compress(&body, 6).unwrap()), body, "{size} bytes");
        }
    }

    #[test]
    fn the_pieces_joined_around_any_gap_make_one_valid_stream() {
        let before = page(20_000);
        let after = page(3_000);
        let split = AroundGap::new(&before, &after, 9).unwrap();
        let long_gap: Vec<u8> = (0..150_000_u32).map(|n| (n % 251) as u8).collect();
        for gap in [&b""[..], b"t", b"a1b2c3.signed-token", &long_gap] {
            let joined = split.filled(gap);
            let expected = [&before[..], gap, &after[..]].concat();
            assert_eq!(gunzip(&joined), expected, "a gap of {} bytes", gap.len());
        }
        let empty_sides = AroundGap::new(b"", b"", 1).unwrap();
        assert_eq!(
            gunzip(&empty_sides.filled(b"only the gap")),
            b"only the gap"
        );
    }

    #[test]
    fn joining_costs_little_more_than_compressing_the_whole() {
        let before = page(30_000);
        let after = page(2_000);
        let whole = compress(&[&before[..], b"token", &after[..]].concat(), 9).unwrap();
        let joined = AroundGap::new(&before, &after, 9).unwrap().filled(b"token");
        assert!(
            joined.len() < whole.len() + 100,
            "{} bytes joined, {} whole",
            joined.len(),
            whole.len()
        );
    }
}
