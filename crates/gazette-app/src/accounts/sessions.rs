//! Signing in and out: sessions in the database, their CSRF tokens, and sign-in throttling
//! per account and per network.

use super::{passwords, random_secret, secret_hash};
use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::moderation::network_key;
use gazette_domain::{Timestamp, User, UserId};
use gazette_store::{SessionRecord, Tx};
use std::net::IpAddr;

/// How long a session lasts.
pub const SESSION_DAYS: i64 = 14;
/// Failed sign-ins are counted in windows of this many seconds…
const FAILURE_WINDOW_SECONDS: i64 = 300;
/// …and looked at over this many seconds.
const FAILURE_SPAN_SECONDS: i64 = 900;
/// Failed sign-ins of one account within the span before it is locked for the rest of it.
const MAX_ACCOUNT_FAILURES: u32 = 5;
/// Failed sign-ins from one network within the span before it is refused.
const MAX_NETWORK_FAILURES: u32 = 30;
/// A session's last use is written at most this often.
const TOUCH_INTERVAL_SECONDS: i64 = 300;
/// What the signer is told a CSRF token is for.
const CSRF_PURPOSE: &str = "csrf";
/// The message for a wrong email or password; it never says which was wrong.
const WRONG_CREDENTIALS: &str = "The email address or the password is not right.";

/// A signed-in user and their session.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// Who.
    pub user: User,
    /// Which session (the hash of the cookie's secret).
    pub session: String,
}

/// The start of the counting window `now` falls in.
pub(super) fn window_start(now: Timestamp) -> Timestamp {
    let window = FAILURE_WINDOW_SECONDS * 1_000_000;
    let micros = now.as_microseconds();
    Timestamp::from_microseconds(micros - micros.rem_euclid(window)).unwrap_or(now)
}

fn account_subject(email: &str) -> String {
    format!("account:{}", email.to_lowercase())
}

/// Where a sign-in comes from, kept with its session so that its owner can recognise it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Browser {
    /// The client's address.
    pub ip: Option<IpAddr>,
    /// What the browser calls itself.
    pub user_agent: Option<String>,
}

/// A sign-in's subjects in the failure counts: the account, and the network it came from.
pub(super) struct SignInSubjects {
    account: String,
    network: Option<String>,
}

impl SignInSubjects {
    pub(super) fn new(email: &str, ip: Option<IpAddr>) -> Self {
        Self {
            account: account_subject(email),
            network: ip.map(|ip| format!("network:{}", network_key(ip))),
        }
    }
}

impl App {
    /// Refuses with `RateLimited` when the account or the network failed too often lately.
    pub(super) async fn check_sign_in_allowed(&self, subjects: &SignInSubjects) -> AppResult<()> {
        let since = self.clock().now().plus_seconds(-FAILURE_SPAN_SECONDS);
        let account_failures = self.db().login_failures(&subjects.account, since).await?;
        let network_failures = match &subjects.network {
            Some(network) => self.db().login_failures(network, since).await?,
            None => 0,
        };
        if account_failures >= MAX_ACCOUNT_FAILURES || network_failures >= MAX_NETWORK_FAILURES {
            return Err(AppError::RateLimited {
                message: "Too many failed sign-ins. Wait a quarter of an hour and try again, or reset your password.".to_owned(),
                retry_after_seconds: u64::try_from(FAILURE_SPAN_SECONDS).unwrap_or(900),
            });
        }
        Ok(())
    }

    /// Counts a failed sign-in (or a wrong current password) against its subjects.
    pub(super) async fn count_sign_in_failure(&self, subjects: &SignInSubjects) -> AppResult<()> {
        let window = window_start(self.clock().now());
        let mut tx = self.db().begin().await?;
        tx.count_login_failure(&subjects.account, window).await?;
        if let Some(network) = &subjects.network {
            tx.count_login_failure(network, window).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Starts a session for `user` inside `tx` (with their sign-in recorded and their
    /// account's failure count cleared); returns the cookie's secret.
    pub(super) async fn start_session(
        &self,
        tx: &mut Tx,
        user: &User,
        browser: Browser,
    ) -> AppResult<String> {
        let now = self.clock().now();
        tx.forget_login_failures(&account_subject(&user.email))
            .await?;
        let secret = random_secret()?;
        tx.insert_session(&SessionRecord {
            id_hash: secret_hash(&secret),
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            expires_at: now.plus_seconds(SESSION_DAYS * 86_400),
            ip: browser.ip.map(|ip| ip.to_string()),
            user_agent: browser
                .user_agent
                .map(|agent| agent.chars().take(512).collect()),
        })
        .await?;
        tx.record_sign_in(user.id, now).await?;
        tracing::info!(user = %user.id, "signed in");
        Ok(secret)
    }

    /// Signs a user in with email and password. Returns the new session's secret (for the
    /// cookie; a new one every time, so a session id planted before sign-in is worthless)
    /// and the user. Too many failures for the account or the network are refused with
    /// `RateLimited` before the password is even looked at.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        ip: Option<IpAddr>,
        user_agent: Option<String>,
    ) -> AppResult<(String, User)> {
        let email = gazette_domain::email::normalise(email.trim());
        let subjects = SignInSubjects::new(&email, ip);
        self.check_sign_in_allowed(&subjects).await?;
        let user = self.db().user_by_email(&email).await?;
        let hash = match &user {
            Some(user) => self.db().password_hash(user.id).await?,
            None => None,
        };
        let valid = passwords::matches(password.to_owned(), hash).await?;
        let Some(user) = user.filter(|_| valid) else {
            self.count_sign_in_failure(&subjects).await?;
            tracing::warn!(%email, "failed sign-in");
            return Err(AppError::Forbidden(WRONG_CREDENTIALS.to_owned()));
        };
        if user.disabled_at.is_some() {
            return Err(AppError::Forbidden(
                "This account is disabled. Ask an administrator to enable it.".to_owned(),
            ));
        }
        let mut tx = self.db().begin().await?;
        let secret = self
            .start_session(&mut tx, &user, Browser { ip, user_agent })
            .await?;
        tx.commit().await?;
        Ok((secret, user))
    }

    /// Forgets sessions and one-time links that ended, and failure counts older than a
    /// day: part of the housekeeping.
    pub(crate) async fn forget_expired_sign_ins(&self) -> AppResult<()> {
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        tx.forget_expired_sign_ins(now, now.plus_seconds(-86_400))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who holds the session with this cookie secret, if it is live and their account is
    /// enabled.
    pub async fn signed_in(&self, secret: &str) -> AppResult<Option<SignedIn>> {
        let now = self.clock().now();
        let hash = secret_hash(secret);
        let Some(session) = self.db().session(&hash, now).await? else {
            return Ok(None);
        };
        let Some(user) = self.db().user_by_id(session.user_id).await? else {
            return Ok(None);
        };
        if user.disabled_at.is_some() {
            return Ok(None);
        }
        if now.as_microseconds() - session.last_seen_at.as_microseconds()
            > TOUCH_INTERVAL_SECONDS * 1_000_000
        {
            let mut tx = self.db().begin().await?;
            tx.touch_session(&hash, now).await?;
            tx.commit().await?;
        }
        Ok(Some(SignedIn {
            user,
            session: hash,
        }))
    }

    /// Ends the session with this cookie secret.
    pub async fn sign_out(&self, signed_in: &SignedIn) -> AppResult<()> {
        let mut tx = self.db().begin().await?;
        tx.delete_session(&signed_in.session, signed_in.user.id)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends one of the signed-in user's other sessions, named by its hash; `false` when it
    /// was not theirs or is already gone. Their own session ends by signing out.
    pub async fn end_other_session(&self, signed_in: &SignedIn, session: &str) -> AppResult<bool> {
        if session == signed_in.session {
            return Ok(false);
        }
        let mut tx = self.db().begin().await?;
        let ended = tx.delete_session(session, signed_in.user.id).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// Ends every session of `user`: signed out everywhere.
    pub async fn sign_out_everywhere(&self, user: UserId) -> AppResult<u64> {
        let mut tx = self.db().begin().await?;
        let ended = tx.delete_sessions_of(user).await?;
        tx.commit().await?;
        tracing::info!(user = %user, sessions = ended, "signed out everywhere");
        Ok(ended)
    }

    /// `user`'s live sessions, newest first.
    pub async fn sessions_of(&self, user: UserId) -> AppResult<Vec<SessionRecord>> {
        Ok(self.db().sessions_of(user, self.clock().now()).await?)
    }

    /// The CSRF token that every state-changing form of this session must send back.
    pub fn csrf_token(&self, signed_in: &SignedIn) -> String {
        self.signer()
            .sign(CSRF_PURPOSE, signed_in.session.as_bytes())
    }

    /// Whether `token` is this session's CSRF token.
    pub fn csrf_token_matches(&self, signed_in: &SignedIn, token: &str) -> bool {
        self.signer()
            .verify(CSRF_PURPOSE, token.trim())
            .is_some_and(|payload| payload == signed_in.session.as_bytes())
    }
}
