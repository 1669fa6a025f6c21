//! Where mail goes and whom it comes from: the SMTP address and the From mailbox, checked
//! once when the mailer is made so that a typo shows at start-up, not at the first send.

use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use std::fmt;
use url::Url;

/// How Gazette sends mail.
#[derive(Clone, PartialEq, Eq)]
pub struct MailConfig {
    /// The SMTP server, as a URL. The forms understood are:
    ///
    /// - `smtp://127.0.0.1:2525`: plain SMTP without encryption, for a relay on the same
    ///   machine or network (port 25 when left out);
    /// - `smtp://user:password@mail.example.org:587?tls=required`: STARTTLS, refusing to go
    ///   on unencrypted (port 587 when left out);
    /// - `smtp://mail.example.org:587?tls=opportunistic`: STARTTLS when the server offers
    ///   it, plain otherwise;
    /// - `smtps://user:password@mail.example.org:465`: TLS from the first byte (port 465
    ///   when left out).
    ///
    /// The user name and password are percent-encoded (`@` is `%40`) and are only accepted
    /// with `tls=required` or `smtps`. A path, as in `smtp://relay.example.org/news.example.org`,
    /// is the name Gazette gives in its `EHLO`; without it, the machine's host name is used.
    /// Server certificates are checked against Mozilla's root certificates.
    pub smtp_url: String,
    /// The sender readers see, such as `The Wrenfield Ledger <news@example.org>` or just
    /// `news@example.org`. It is also the envelope sender, where bounces go.
    pub from: String,
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("MailConfig")
            .field("smtp_url", &without_password(&self.smtp_url))
            .field("from", &self.from)
            .finish()
    }
}

/// Why a [`MailConfig`] cannot be used. A password in the SMTP URL is never shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailConfigError {
    /// The SMTP URL is malformed or asks for something unsupported.
    #[error(
        "the SMTP URL {url} cannot be used: {reason}; write it like smtp://127.0.0.1:25, \
         smtp://user:password@mail.example.org:587?tls=required or \
         smtps://user:password@mail.example.org:465"
    )]
    SmtpUrl {
        /// The URL, with any password hidden.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The From address is not a mailbox.
    #[error(
        "the From address {from:?} is not a mailbox ({reason}); write it like \
         \"The Wrenfield Ledger <news@example.org>\" or news@example.org"
    )]
    From {
        /// The text given.
        from: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Parses the From mailbox.
pub(crate) fn sender(from: &str) -> Result<Mailbox, MailConfigError> {
    from.trim().parse().map_err(
        |error: lettre::address::AddressError| MailConfigError::From {
            from: from.to_owned(),
            reason: error.to_string().to_lowercase(),
        },
    )
}

/// Checks the SMTP URL and turns it into a transport builder. Building the transport
/// itself needs a Tokio runtime; this step does not.
pub(crate) fn transport_builder(
    smtp_url: &str,
) -> Result<AsyncSmtpTransportBuilder, MailConfigError> {
    let refuse = |reason: &str| MailConfigError::SmtpUrl {
        url: without_password(smtp_url),
        reason: reason.to_owned(),
    };
    let url =
        Url::parse(smtp_url).map_err(|error| refuse(&format!("it is not a URL ({error})")))?;
    let tls = url
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    let encrypted = match (url.scheme(), tls.as_deref()) {
        ("smtps", None) | ("smtp", Some("required")) => true,
        ("smtp", None | Some("opportunistic")) => false,
        ("smtp" | "smtps", Some(_)) => {
            return Err(refuse(
                "the tls parameter must be required or opportunistic, and only with smtp://",
            ));
        }
        _ => return Err(refuse("the scheme must be smtp or smtps")),
    };
    if !url.username().is_empty() && url.password().is_none() {
        return Err(refuse(
            "it has a user name but no password; give both as user:password@",
        ));
    }
    if url.password().is_some() && !encrypted {
        return Err(refuse(
            "the password would travel unencrypted; add ?tls=required or use smtps://",
        ));
    }
    AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
        .map_err(|error| refuse(&error.to_string()))
}

/// The URL as it may appear in logs and messages: with its password replaced.
fn without_password(smtp_url: &str) -> String {
    if let Ok(mut url) = Url::parse(smtp_url)
        && url.has_authority()
    {
        if url.password().is_some() {
            // Setting a password only fails for URLs that cannot have one.
            let _ = url.set_password(Some("hidden"));
        }
        return url.to_string();
    }
    // Not a URL with a host: keep only what follows the last `@`, in case a password
    // precedes it.
    match smtp_url.rsplit_once('@') {
        Some((_, host)) => format!("…@{host}"),
        None => smtp_url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(smtp_url: &str) -> String {
        match transport_builder(smtp_url) {
            Ok(_) => panic!("{smtp_url} should be refused"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn accepts_the_documented_forms() {
        for smtp_url in [
            "smtp://127.0.0.1:2525",
            "smtp://mail.example.org",
            "smtp://user:secret@mail.example.org:587?tls=required",
            "smtp://mail.example.org:587?tls=opportunistic",
            "smtps://user%40example.org:secret@mail.example.org:465",
            "smtp://relay.example.org/news.example.org",
        ] {
            assert!(transport_builder(smtp_url).is_ok(), "{smtp_url}");
        }
    }

    #[test]
    fn names_what_is_wrong_with_the_url() {
        assert!(refusal("mail.example.org").contains("it is not a URL"));
        assert!(refusal("http://mail.example.org").contains("scheme must be smtp or smtps"));
        assert!(refusal("smtp://mail.example.org?tls=always").contains("tls parameter"));
        assert!(refusal("smtp://user@mail.example.org?tls=required").contains("no password"));
        assert!(refusal("smtp://user:secret@mail.example.org").contains("unencrypted"));
        assert!(
            refusal("smtp://user:secret@mail.example.org?tls=opportunistic")
                .contains("unencrypted")
        );
    }

    #[test]
    fn never_shows_the_password() {
        for smtp_url in [
            "smtp://user:secret@mail.example.org:25",
            "ftp://user:secret@mail.example.org",
            "user:secret@mail.example.org",
            "smtp://user:sec/ret@mail.example.org",
        ] {
            let message = refusal(smtp_url);
            assert!(!message.contains("secret"), "{message}");
        }
        let config = MailConfig {
            smtp_url: "smtps://user:secret@mail.example.org".into(),
            from: "news@example.org".into(),
        };
        assert!(!format!("{config:?}").contains("secret"));
    }

    #[test]
    fn parses_the_sender() {
        let mailbox = sender("The Wrenfield Ledger <news@example.org>").unwrap();
        assert_eq!(mailbox.name.as_deref(), Some("The Wrenfield Ledger"));
        assert_eq!(mailbox.email.to_string(), "news@example.org");
        assert!(sender(" news@example.org ").is_ok());
    }

    #[test]
    fn names_what_is_wrong_with_the_sender() {
        let message = sender("The Wrenfield Ledger").unwrap_err().to_string();
        assert!(message.contains("\"The Wrenfield Ledger\""), "{message}");
        assert!(message.contains("write it like"), "{message}");
    }
}
