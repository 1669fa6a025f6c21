//! The feed client against a misbehaving server on loopback: every bad answer a feed's
//! server can give ends in an outcome or a clear error, and none holds up the others.
//!
//! Time limits are set small where a test waits for one (a 1 s total timeout) and never
//! asserted as durations: the tests check which outcome each fetch came to.

#![expect(clippy::unwrap_used, reason = "tests fail loudly on unexpected values")]

mod bodies;
mod concurrency;
mod conditional_get;
mod fixture_server;
mod guard;
mod limits;
mod pictures;
mod redirects;
mod statuses;
mod support;
