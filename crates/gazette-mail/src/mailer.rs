//! The mailer: a pool of SMTP connections and the From mailbox, shared by every send.

use crate::SendError;
use crate::config::{MailConfig, MailConfigError, sender, transport_builder};
use crate::message::{OutgoingMail, build_message};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Tokio1Executor};
use std::fmt;
use std::time::Duration;

/// How long connecting, and then each read or write of the SMTP conversation, may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Sends mail through one SMTP server. Cloning is cheap: clones share the connections,
/// which are kept open for reuse and closed after a minute of rest.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// Checks `config` and makes a mailer. Nothing is sent and no connection is opened
    /// until the first [`send`](Self::send).
    ///
    /// # Panics
    ///
    /// Outside a Tokio runtime, since the connection pool starts a task that closes idle
    /// connections.
    pub fn new(config: &MailConfig) -> Result<Self, MailConfigError> {
        let from = sender(&config.from)?;
        let transport = transport_builder(&config.smtp_url)?
            .timeout(Some(TIMEOUT))
            .build();
        Ok(Self { transport, from })
    }

    /// The sender of every mail.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// Sends `mail`. It has been accepted by the server when this returns `Ok`.
    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let message = build_message(&self.from, mail)?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|error| SendError::from_smtp(&error))
    }
}

impl fmt::Debug for Mailer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}
