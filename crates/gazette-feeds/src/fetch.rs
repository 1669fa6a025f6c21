//! Fetching other outlets' feeds: Gazette's one outbound HTTP client.
//!
//! A [`FeedClient`], built once with its [`FetchLimits`], turns a [`FetchRequest`] (the
//! feed's address, the validators of the last fetch, whether private addresses are
//! allowed) into a [`FetchOutcome`]: the feed, "not modified", "gone", "come back at", or
//! a [`FetchError`] that says in one sentence what went wrong and whether waiting helps.
//! [`Pacing`] says when to try again. Scheduling the fetches and storing what they bring
//! belong to the caller; reading the bytes as a feed belongs to the parser.
//!
//! - [`client`]: the HTTP client, conditional GET and redirects.
//! - [`request`], [`outcome`] and [`error`]: what is asked, and what a fetch comes to.
//! - [`limits`]: the timeouts and sizes every fetch keeps to (see [Limits](#limits)).
//! - [`address`]: the kinds of IP address, which the guard refuses all but one of (see
//!   [The guard](#the-guard)).
//! - [`pacing`]: jitter for the schedule, backoff after failures.
//!
//! # The guard
//!
//! Whoever adds a source chooses its address, and its server chooses where to redirect,
//! so either could aim Gazette at machines only it can reach (the host itself, the office
//! network, a cloud metadata service). Only http and https are fetched; every address a
//! connection is made to, the first and each redirect's, is checked once the name is
//! resolved, and anything but a public address is refused unless the request allows
//! private addresses.
//!
//! # Limits
//!
//! Every fetch, redirects and body included, ends within the total timeout; a body that
//! passes the size limit, as sent or once decompressed, is refused as soon as it does.
//! A server that never answers, drips its body byte by byte or sends a gzip bomb costs
//! one bounded fetch, and other fetches run meanwhile.

pub mod address;
pub mod client;
pub mod error;
pub mod limits;
pub mod outcome;
pub mod pacing;
pub mod request;

mod body;
mod guard;
mod retry_after;

pub use address::{AddressClass, classify};
pub use client::{FeedClient, FeedClientBuilder, USER_AGENT};
pub use error::{AddressRefused, ClientSetupError, FetchError};
pub use limits::FetchLimits;
pub use outcome::{FetchOutcome, FetchedFeed};
pub use pacing::{FIRST_BACKOFF, LONGEST_BACKOFF, Pacing, RandomSource};
pub use request::FetchRequest;
