//! Why a mail was not sent, sorted by whether trying again can help.

/// Why a mail was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Trying again will fail the same way: the server answered with a 5xx code, or the
    /// mail itself is malformed (such as a recipient address that is not an address).
    #[error("{0}")]
    Permanent(String),
    /// Trying again later may work: the server answered with a 4xx code, could not be
    /// reached, or did not answer in time.
    #[error("{0}")]
    Transient(String),
}

impl SendError {
    /// Whether trying again is pointless.
    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::Permanent(_))
    }

    /// Sorts a failure of the SMTP conversation. Only a 5xx answer is permanent; anything
    /// else, including TLS and authentication set-up problems that a corrected
    /// configuration fixes, is worth another try.
    pub(crate) fn from_smtp(error: &lettre::transport::smtp::Error) -> Self {
        if error.is_permanent() {
            Self::Permanent(format!(
                "the mail server refused the mail ({error}); sending it again will not help"
            ))
        } else if error.is_transient() {
            Self::Transient(format!(
                "the mail server cannot take the mail now ({error}); try again later"
            ))
        } else if error.is_timeout() {
            Self::Transient(format!(
                "the mail server did not answer in time ({error}); try again later"
            ))
        } else {
            Self::Transient(format!(
                "cannot hand the mail to the mail server ({error}); check the SMTP URL and \
                 that the server is running, then try again"
            ))
        }
    }
}
