//! Gazette's outgoing email.
//!
//! This crate owns turning a plain-text mail for one reader into an RFC 5322 message and
//! handing it to an SMTP server. [`MailConfig`] names the server and the sender,
//! [`Mailer`] sends, and [`SendError`] says whether a failed mail is worth trying again.
//!
//! Every text that ends up in a header is made single-line first, so no name or subject
//! can add a header of its own. TLS uses rustls with the aws-lc-rs provider and Mozilla's
//! root certificates.

mod config;
mod error;
mod mailer;
mod message;

pub use config::{MailConfig, MailConfigError};
pub use error::SendError;
pub use mailer::Mailer;
pub use message::{OutgoingMail, build_message};
