//! "Save my name, email, and website in this browser": a commenter who ticks the box gets
//! a cookie, kept for a year, from which the form is filled in next time. Unticked, the
//! cookie is removed and nothing is kept. The cookie is signed, HttpOnly, and only read by
//! the server; pages filled from it are rendered for that reader and never cached.

use crate::cookies;
use axum::http::{HeaderMap, HeaderValue};
use gazette_app::Signer;
use serde::{Deserialize, Serialize};

/// The cookie's name.
const COOKIE: &str = "gazette_commenter";
/// What the signer is told the value is for.
const PURPOSE: &str = "remembered-commenter";
/// A year, in seconds.
const ONE_YEAR: u64 = 365 * 24 * 3600;

/// The details a commenter asked the site to remember.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedCommenter {
    pub name: String,
    pub email: String,
    pub website: String,
}

impl RememberedCommenter {
    /// The details in the request's cookie, if it carries a valid one.
    pub fn from_request(headers: &HeaderMap, signer: &Signer) -> Option<Self> {
        let value = cookies::read(headers, COOKIE)?;
        let payload = signer.verify(PURPOSE, value)?;
        serde_json::from_slice(&payload).ok()
    }

    /// The `Set-Cookie` value that keeps these details for a year.
    pub fn to_cookie(&self, signer: &Signer, secure: bool) -> HeaderValue {
        let payload = serde_json::to_vec(self).unwrap_or_default();
        cookies::server_only(COOKIE, &signer.sign(PURPOSE, &payload), ONE_YEAR, secure)
    }

    /// The `Set-Cookie` value that forgets them.
    pub fn forget(secure: bool) -> HeaderValue {
        cookies::server_only(COOKIE, "", 0, secure)
    }

    /// Whether the request carries the cookie at all (valid or not).
    pub fn is_present(headers: &HeaderMap) -> bool {
        cookies::read(headers, COOKIE).is_some()
    }
}
