//! Why a fetch failed, in a sentence an editor can act on, and whether waiting helps.

use super::address::AddressClass;
use super::limits::{describe_bytes, describe_duration};
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

/// Why a fetch failed.
///
/// Each error reads as one sentence meant for the source's page ("the server did not
/// answer within 30 s"). [`is_transient`](Self::is_transient) says whether the same fetch
/// may work later without anyone changing anything.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The address is not an http or https one.
    #[error("refused: {url} is not an http or https address, the only kinds Gazette fetches")]
    UnsupportedScheme {
        /// The address, as given or as a redirect named it.
        url: String,
    },
    /// The address is not public and the source was not allowed private addresses.
    #[error(transparent)]
    Refused(#[from] AddressRefused),
    /// The host name could not be looked up.
    #[error("{host} could not be found ({reason}); check the address")]
    NameNotFound {
        /// The host name.
        host: String,
        /// What the lookup said.
        reason: String,
    },
    /// No connection could be opened.
    #[error("could not connect to {host} ({reason})")]
    Connect {
        /// The host.
        host: String,
        /// What the system said.
        reason: String,
    },
    /// Opening the connection took longer than allowed.
    #[error("could not connect to {host} within {}", describe_duration(*limit))]
    ConnectTimeout {
        /// The host.
        host: String,
        /// The connect timeout in force.
        limit: Duration,
    },
    /// The whole fetch took longer than allowed: a server that does not answer, or sends
    /// its body too slowly or without end.
    #[error("the server did not answer within {}", describe_duration(*limit))]
    Timeout {
        /// The total timeout in force.
        limit: Duration,
    },
    /// The connection broke before the answer was complete.
    #[error("the connection to {host} broke before the answer was complete ({reason})")]
    Interrupted {
        /// The host.
        host: String,
        /// What broke.
        reason: String,
    },
    /// The server answered with an error status (other than 410, and 429 or 503 with a
    /// `Retry-After`, which are outcomes of their own).
    #[error("the server answered {}", describe_status(*status))]
    Status {
        /// The HTTP status code.
        status: u16,
    },
    /// The body, as sent, was longer than allowed.
    #[error("the body passed the {} limit", describe_bytes(*limit))]
    BodyTooLarge {
        /// The body limit in force, in bytes.
        limit: u64,
    },
    /// The body grew past the limit while it was decompressed.
    #[error(
        "the body passed the {} limit once decompressed (a compression bomb?)",
        describe_bytes(*limit)
    )]
    DecompressedTooLarge {
        /// The decompressed limit in force, in bytes.
        limit: u64,
    },
    /// The server compressed the body in a way Gazette does not read.
    #[error("the server sent the body encoded as {encoding}, which Gazette cannot read")]
    UnsupportedEncoding {
        /// The `Content-Encoding` the server named.
        encoding: String,
    },
    /// The compressed body could not be decompressed.
    #[error("the body is not valid {encoding} data ({reason})")]
    Corrupt {
        /// The `Content-Encoding` the server named.
        encoding: String,
        /// What the decompressor said.
        reason: String,
    },
    /// A redirect led back to an address already visited in the same fetch.
    #[error("the redirects go round in a loop: {url} was reached twice")]
    RedirectLoop {
        /// The address reached twice.
        url: String,
    },
    /// The redirects went on past the limit.
    #[error("the server redirected more than {limit} times")]
    TooManyRedirects {
        /// The redirect limit in force.
        limit: usize,
    },
    /// A redirect said where to go in a way that cannot be followed.
    #[error("the server answered {} without a usable Location", describe_status(*status))]
    BadRedirect {
        /// The redirect's status code.
        status: u16,
    },
}

impl FetchError {
    /// Whether the same fetch may work later without anyone changing anything, so that
    /// trying again after a backoff is worthwhile: the network, a timeout, a 5xx answer
    /// and the 4xx answers that mean "not now" (408, 425, 429). The other errors need the
    /// source's address, its settings or the server to change.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::NameNotFound { .. }
            | Self::Connect { .. }
            | Self::ConnectTimeout { .. }
            | Self::Timeout { .. }
            | Self::Interrupted { .. } => true,
            Self::Status { status } => *status >= 500 || matches!(status, 408 | 425 | 429),
            Self::UnsupportedScheme { .. }
            | Self::Refused(_)
            | Self::BodyTooLarge { .. }
            | Self::DecompressedTooLarge { .. }
            | Self::UnsupportedEncoding { .. }
            | Self::Corrupt { .. }
            | Self::RedirectLoop { .. }
            | Self::TooManyRedirects { .. }
            | Self::BadRedirect { .. } => false,
        }
    }
}

/// A host refused because the address it resolves to is not public.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct AddressRefused {
    /// The host name, or the address itself when the URL names no host.
    pub host: String,
    /// The address refused.
    pub address: IpAddr,
    /// Why it is not public.
    pub class: AddressClass,
}

impl fmt::Display for AddressRefused {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            host,
            address,
            class,
        } = self;
        if *host == address.to_string() {
            write!(formatter, "refused: {address} is {class}")?;
        } else {
            write!(formatter, "refused: {host} resolves to {address}, {class}")?;
        }
        formatter.write_str("; add the source with --allow-private-addresses to allow it")
    }
}

/// The feed client could not be built: its TLS set-up failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the feed client could not be set up ({0})")]
pub struct ClientSetupError(pub(crate) String);

/// What the deepest cause of `error` says: the system's or the protocol's own words,
/// without the layers of "error sending request" around them.
pub(crate) fn innermost_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut deepest = error;
    while let Some(cause) = deepest.source() {
        deepest = cause;
    }
    deepest.to_string()
}

/// A status code with its reason phrase, `404 Not Found`, or the bare code when it has
/// none.
fn describe_status(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .map_or_else(|| status.to_string(), |reason| format!("{status} {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_name_says_what_it_resolved_to_and_how_to_allow_it() {
        let error = FetchError::from(AddressRefused {
            host: "example.internal".to_owned(),
            address: "10.0.0.5".parse().unwrap(),
            class: AddressClass::Private,
        });
        assert_eq!(
            error.to_string(),
            "refused: example.internal resolves to 10.0.0.5, a private address; add the \
             source with --allow-private-addresses to allow it"
        );
        assert!(!error.is_transient());
    }

    #[test]
    fn a_refused_address_literal_is_not_said_to_resolve_to_itself() {
        let refused = |host: &str, address: &str, class| AddressRefused {
            host: host.to_owned(),
            address: address.parse().unwrap(),
            class,
        };
        assert_eq!(
            refused("127.0.0.1", "127.0.0.1", AddressClass::Loopback).to_string(),
            "refused: 127.0.0.1 is a loopback address; add the source with \
             --allow-private-addresses to allow it"
        );
        assert!(
            refused("::1", "::1", AddressClass::Loopback)
                .to_string()
                .starts_with("refused: ::1 is a loopback address;")
        );
    }

    #[test]
    fn limits_are_named_in_the_sentences() {
        let timeout = FetchError::Timeout {
            limit: Duration::from_secs(30),
        };
        assert_eq!(timeout.to_string(), "the server did not answer within 30 s");
        let body = FetchError::BodyTooLarge {
            limit: 10 * 1024 * 1024,
        };
        assert_eq!(body.to_string(), "the body passed the 10 MiB limit");
        let status = FetchError::Status { status: 404 };
        assert_eq!(status.to_string(), "the server answered 404 Not Found");
        let unknown = FetchError::Status { status: 599 };
        assert_eq!(unknown.to_string(), "the server answered 599");
    }

    #[test]
    fn network_trouble_and_server_errors_are_transient_and_client_errors_are_not() {
        let status = |status| FetchError::Status { status };
        for code in [408, 425, 429, 500, 502, 503, 504] {
            assert!(status(code).is_transient(), "{code}");
        }
        for code in [400, 401, 403, 404, 405, 406, 451] {
            assert!(!status(code).is_transient(), "{code}");
        }
        let timeout = FetchError::Timeout {
            limit: Duration::from_secs(1),
        };
        assert!(timeout.is_transient());
        assert!(!FetchError::TooManyRedirects { limit: 5 }.is_transient());
        assert!(!FetchError::DecompressedTooLarge { limit: 1 }.is_transient());
    }
}
