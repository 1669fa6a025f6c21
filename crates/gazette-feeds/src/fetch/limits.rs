//! How long and how much one fetch may take before it is cut off.

use std::time::Duration;

/// The bounds every fetch of a [`FeedClient`](super::FeedClient) keeps to, whatever the
/// server does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchLimits {
    /// How long opening a connection may take: name lookup, TCP and TLS together.
    pub connect_timeout: Duration,
    /// How long the whole fetch may take, every redirect and the whole body included.
    pub total_timeout: Duration,
    /// How many bytes of body the server may send, as they come over the wire.
    pub max_body_bytes: u64,
    /// How many bytes a compressed body may grow to once decompressed.
    pub max_decompressed_bytes: u64,
    /// How many redirects are followed before the fetch gives up.
    pub max_redirects: usize,
}

impl Default for FetchLimits {
    /// 10 s to connect, 30 s in all, 10 MiB of body before and after decompression, and
    /// at most 5 redirects.
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_body_bytes: 10 * MIB,
            max_decompressed_bytes: 10 * MIB,
            max_redirects: 5,
        }
    }
}

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// A number of bytes as people say it: `10 MiB`, `64 KiB`, `1500 bytes`.
pub(crate) fn describe_bytes(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// A duration in seconds, as short as it can be said: `30 s`, `1.5 s`, `0.25 s`.
pub(crate) fn describe_duration(duration: Duration) -> String {
    let seconds = format!("{:.3}", duration.as_secs_f64());
    let seconds = seconds.trim_end_matches('0').trim_end_matches('.');
    format!("{seconds} s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_said_in_the_largest_whole_unit() {
        assert_eq!(describe_bytes(10 * MIB), "10 MiB");
        assert_eq!(describe_bytes(64 * KIB), "64 KiB");
        assert_eq!(describe_bytes(MIB + 1), "1048577 bytes");
        assert_eq!(describe_bytes(1500), "1500 bytes");
        assert_eq!(describe_bytes(0), "0 bytes");
    }

    #[test]
    fn durations_are_said_in_seconds() {
        assert_eq!(describe_duration(Duration::from_secs(30)), "30 s");
        assert_eq!(describe_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(describe_duration(Duration::from_millis(250)), "0.25 s");
        assert_eq!(describe_duration(Duration::from_secs(10)), "10 s");
    }

    #[test]
    fn the_defaults_are_the_documented_ones() {
        let limits = FetchLimits::default();
        assert_eq!(describe_duration(limits.connect_timeout), "10 s");
        assert_eq!(describe_duration(limits.total_timeout), "30 s");
        assert_eq!(describe_bytes(limits.max_body_bytes), "10 MiB");
        assert_eq!(describe_bytes(limits.max_decompressed_bytes), "10 MiB");
        assert_eq!(limits.max_redirects, 5);
    }
}
