//! One plain-text mail for one reader, and how it becomes an RFC 5322 message.
//!
//! Names and subjects come from people, so every control character in them (CR and LF
//! above all) becomes a space before they reach a header: a name such as
//! `"Eve\r\nBcc: victim@example.com"` stays a name and never adds a header. Non-ASCII text
//! is written as RFC 2047 encoded words; the body is sent as UTF-8 with whichever of
//! 7bit, quoted-printable or base64 fits it.

use crate::SendError;
use lettre::message::Mailbox;
use lettre::message::header::{self, ContentType, HeaderName, HeaderValue};
use lettre::{Address, Message};
use url::Url;

/// The `List-Unsubscribe` header of RFC 2369.
const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
/// The `List-Unsubscribe-Post` header of RFC 8058.
const LIST_UNSUBSCRIBE_POST: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe-Post");
/// The only value RFC 8058 allows in `List-Unsubscribe-Post`.
const ONE_CLICK: &str = "List-Unsubscribe=One-Click";

/// A plain-text mail to one reader.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutgoingMail {
    /// The reader's name, shown in the `To` header; may be empty.
    pub to_name: String,
    /// The reader's address.
    pub to_address: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body. Lines may end with `\n` or `\r\n`; readers get CRLF line
    /// ends, and a final line break when the text lacks one.
    pub text: String,
    /// Where one click unsubscribes the reader, an `https` (or `http`) URL. When set, the
    /// mail carries `List-Unsubscribe: <url>` and
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), and mail programs
    /// offer an unsubscribe button that posts to it.
    pub unsubscribe_url: Option<String>,
}

/// Builds the message for `mail` from `from`, with a `Date` of now and a fresh
/// `Message-ID`. Fails with [`SendError::Permanent`] when the recipient address or the
/// unsubscribe URL is not valid, since sending again would fail the same way.
pub fn build_message(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, SendError> {
    let address: Address = mail.to_address.trim().parse().map_err(|error| {
        SendError::Permanent(format!(
            "the recipient address {:?} is not valid ({}); correct it before sending again",
            mail.to_address,
            lowercase(&error)
        ))
    })?;
    let name = single_line(&mail.to_name);
    let recipient = Mailbox::new((!name.is_empty()).then_some(name), address);
    let mut builder = Message::builder()
        .from(from.clone())
        .to(recipient)
        .subject(single_line(&mail.subject))
        .message_id(None);
    if let Some(unsubscribe_url) = &mail.unsubscribe_url {
        let unsubscribe_url = checked_unsubscribe_url(unsubscribe_url)?;
        builder = builder
            .raw_header(HeaderValue::new(
                LIST_UNSUBSCRIBE,
                format!("<{unsubscribe_url}>"),
            ))
            .raw_header(HeaderValue::new(
                LIST_UNSUBSCRIBE_POST,
                ONE_CLICK.to_owned(),
            ));
    }
    builder
        .header(header::MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN)
        .body(without_final_line_break(&mail.text).to_owned())
        .map_err(|error| {
            SendError::Permanent(format!(
                "the mail cannot be put together ({}); this is a bug in Gazette",
                lowercase(&error)
            ))
        })
}

/// `text` on one line: each control character (CR, LF, tab, NUL…) becomes a space, and
/// the ends are trimmed.
fn single_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|character| {
            if character.is_control() {
                ' '
            } else {
                character
            }
        })
        .collect();
    spaced.trim().to_owned()
}

/// `text` without one final line break. The SMTP transport always ends the data with a
/// line break of its own before the closing dot, so a text that ends with one would
/// arrive with an extra empty line.
fn without_final_line_break(text: &str) -> &str {
    text.strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text)
}

/// The unsubscribe URL in its ASCII form, which has no spaces, angle brackets or control
/// characters and so cannot break out of `<…>`.
fn checked_unsubscribe_url(unsubscribe_url: &str) -> Result<String, SendError> {
    let refuse = |reason: String| {
        SendError::Permanent(format!(
            "the unsubscribe URL {unsubscribe_url:?} cannot be used ({reason}); give an \
             absolute https:// URL"
        ))
    };
    let url = Url::parse(unsubscribe_url).map_err(|error| refuse(error.to_string()))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(refuse(format!("its scheme is {}", url.scheme())));
    }
    Ok(url.into())
}

/// An error's message starting in lower case, to sit inside a sentence.
fn lowercase(error: &impl std::fmt::Display) -> String {
    error.to_string().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sender() -> Mailbox {
        "The Wrenfield Ledger <news@example.org>".parse().unwrap()
    }

    fn mail() -> OutgoingMail {
        OutgoingMail {
            to_name: "Ada Reader".into(),
            to_address: "ada@example.com".into(),
            subject: "This week".into(),
            text: "Hello Ada.\n".into(),
            unsubscribe_url: None,
        }
    }

    /// The formatted message, parsed back: its raw header lines (unfolded) and the
    /// decoded headers and body.
    struct Formatted {
        header_lines: Vec<String>,
        parsed: Vec<(String, String)>,
        recipients: Vec<mailparse::SingleInfo>,
        body: String,
    }

    fn format(mail: &OutgoingMail) -> Formatted {
        let bytes = build_message(&sender(), mail).unwrap().formatted();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let (header_block, _) = text.split_once("\r\n\r\n").unwrap();
        let header_lines = header_block
            .replace("\r\n ", " ")
            .replace("\r\n\t", "\t")
            .split("\r\n")
            .map(str::to_owned)
            .collect();
        let parsed_mail = mailparse::parse_mail(&bytes).unwrap();
        let to_header = parsed_mail
            .headers
            .iter()
            .find(|header| header.get_key_ref() == "To")
            .unwrap();
        let recipients = mailparse::addrparse_header(to_header)
            .unwrap()
            .iter()
            .map(|entry| match entry {
                mailparse::MailAddr::Single(single) => single.clone(),
                mailparse::MailAddr::Group(group) => panic!("unexpected group {group:?}"),
            })
            .collect();
        Formatted {
            header_lines,
            recipients,
            parsed: parsed_mail
                .headers
                .iter()
                .map(|header| (header.get_key(), header.get_value()))
                .collect(),
            body: parsed_mail.get_body().unwrap(),
        }
    }

    impl Formatted {
        fn names(&self) -> Vec<String> {
            self.parsed
                .iter()
                .map(|(name, _)| name.to_ascii_lowercase())
                .collect()
        }

        fn value(&self, name: &str) -> &str {
            let mut values = self
                .parsed
                .iter()
                .filter(|(key, _)| key.eq_ignore_ascii_case(name));
            let (_, value) = values.next().unwrap();
            assert!(values.next().is_none(), "{name} appears twice");
            value
        }
    }

    #[test]
    fn writes_the_usual_headers_and_a_utf8_text_body() {
        let formatted = format(&mail());
        assert_eq!(
            formatted.value("From"),
            "\"The Wrenfield Ledger\" <news@example.org>"
        );
        assert_eq!(formatted.value("To"), "\"Ada Reader\" <ada@example.com>");
        assert_eq!(formatted.value("Subject"), "This week");
        assert_eq!(formatted.value("MIME-Version"), "1.0");
        assert_eq!(formatted.value("Content-Type"), "text/plain; charset=utf-8");
        assert!(formatted.value("Message-ID").starts_with('<'));
        assert!(!formatted.value("Date").is_empty());
        assert_eq!(formatted.body, "Hello Ada.");
        assert!(!formatted.names().contains(&"list-unsubscribe".to_owned()));
    }

    #[test]
    fn a_mail_without_a_name_goes_to_the_bare_address() {
        let formatted = format(&OutgoingMail {
            to_name: " \r\n ".into(),
            ..mail()
        });
        assert_eq!(formatted.value("To"), "ada@example.com");
    }

    #[test]
    fn encodes_non_ascii_names_subjects_and_bodies() {
        let formatted = format(&OutgoingMail {
            to_name: "Zoë “Reader”, Jr. 📰".into(),
            subject: "Zoë’s “weekly” digest 📰".into(),
            text: "Grüße, Zoë — “quoted” 📰\n".into(),
            ..mail()
        });
        for line in &formatted.header_lines {
            assert!(line.is_ascii(), "{line}");
        }
        assert_eq!(formatted.value("Subject"), "Zoë’s “weekly” digest 📰");
        let [recipient] = formatted.recipients.as_slice() else {
            panic!("one recipient expected, got {:?}", formatted.recipients);
        };
        assert_eq!(
            recipient.display_name.as_deref(),
            Some("Zoë “Reader”, Jr. 📰")
        );
        assert_eq!(recipient.addr, "ada@example.com");
        assert_eq!(formatted.body, "Grüße, Zoë — “quoted” 📰");
    }

    #[test]
    fn line_breaks_in_names_and_subjects_add_no_header() {
        let formatted = format(&OutgoingMail {
            to_name: "Eve\r\nBcc: victim@example.com".into(),
            subject: "Hi\r\nBcc: x@example.com\nX-Injected: yes\r\n\r\nfake body".into(),
            ..mail()
        });
        let names = formatted.names();
        for name in ["bcc", "x-injected"] {
            assert!(!names.contains(&name.to_owned()), "{names:?}");
        }
        for line in &formatted.header_lines {
            let lower = line.to_ascii_lowercase();
            assert!(
                !lower.starts_with("bcc:") && !lower.starts_with("x-injected:"),
                "{line}"
            );
        }
        assert_eq!(
            formatted.value("Subject"),
            "Hi  Bcc: x@example.com X-Injected: yes    fake body"
        );
        let [recipient] = formatted.recipients.as_slice() else {
            panic!("one recipient expected, got {:?}", formatted.recipients);
        };
        assert_eq!(recipient.addr, "ada@example.com");
        assert_eq!(
            recipient.display_name.as_deref(),
            Some("Eve  Bcc: victim@example.com")
        );
        assert_eq!(formatted.body, "Hello Ada.");
    }

    #[test]
    fn adds_one_click_unsubscribe_headers() {
        let formatted = format(&OutgoingMail {
            unsubscribe_url: Some("https://news.example.org/unsubscribe?token=a b>c".into()),
            ..mail()
        });
        assert_eq!(
            formatted.value("List-Unsubscribe"),
            "<https://news.example.org/unsubscribe?token=a%20b%3Ec>"
        );
        assert_eq!(
            formatted.value("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click"
        );
    }

    #[test]
    fn refuses_what_is_not_an_address_for_good() {
        for address in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example.com\r\nBcc: victim@example.com",
            "ada@example.com, eve@example.com",
            "Ada <ada@example.com>",
        ] {
            let error = build_message(
                &sender(),
                &OutgoingMail {
                    to_address: address.into(),
                    ..mail()
                },
            )
            .unwrap_err();
            assert!(error.is_permanent(), "{address:?}: {error}");
            assert!(error.to_string().contains("correct it"), "{error}");
        }
    }

    #[test]
    fn refuses_an_unsubscribe_url_that_is_not_a_web_address() {
        for unsubscribe_url in ["/unsubscribe", "mailto:leave@example.org", "javascript:x"] {
            let error = build_message(
                &sender(),
                &OutgoingMail {
                    unsubscribe_url: Some(unsubscribe_url.into()),
                    ..mail()
                },
            )
            .unwrap_err();
            assert!(error.is_permanent(), "{unsubscribe_url}: {error}");
            assert!(error.to_string().contains("https://"), "{error}");
        }
    }
}
