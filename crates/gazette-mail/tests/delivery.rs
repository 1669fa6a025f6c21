//! Mail sent through a real SMTP server on loopback, and what happens when it cannot be.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_mail::{MailConfig, Mailer, OutgoingMail, SendError};
use gazette_test_support::smtp::SmtpServer;
use std::net::{Ipv4Addr, TcpListener};

const FROM: &str = "The Wrenfield Ledger <news@example.org>";

fn mailer(smtp_url: String) -> Mailer {
    Mailer::new(&MailConfig {
        smtp_url,
        from: FROM.into(),
    })
    .unwrap()
}

fn mail() -> OutgoingMail {
    OutgoingMail {
        to_name: "Zoë “Reader” 📰".into(),
        to_address: "zoe@example.com".into(),
        subject: "Zoë’s “weekly” digest 📰".into(),
        text: "Hello Zoë,\n\nthe week in Wrenfield — with “quotes” and 📰.\n.\nThe end.\n".into(),
        unsubscribe_url: Some("https://news.example.org/unsubscribe?token=t0k3n".into()),
    }
}

#[tokio::test]
async fn delivers_a_plain_text_mail() {
    let server = SmtpServer::start();
    mailer(server.url()).send(&mail()).await.unwrap();

    let received = server.wait_for_messages(1);
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(mail.to, ["zoe@example.com"]);
    assert_eq!(mail.header("X-RcptTo"), Some("zoe@example.com"));
    assert_eq!(mail.header("X-MailFrom"), Some("news@example.org"));
    assert_eq!(
        mail.header("From"),
        Some("\"The Wrenfield Ledger\" <news@example.org>")
    );
    assert!(mail.header("To").unwrap().contains("Zoë “Reader” 📰"));
    assert_eq!(mail.subject, "Zoë’s “weekly” digest 📰");
    assert_eq!(
        mail.text.replace("\r\n", "\n"),
        "Hello Zoë,\n\nthe week in Wrenfield — with “quotes” and 📰.\n.\nThe end.\n"
    );
    assert_eq!(
        mail.header("List-Unsubscribe"),
        Some("<https://news.example.org/unsubscribe?token=t0k3n>")
    );
    assert_eq!(
        mail.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
}

#[tokio::test]
async fn line_breaks_in_a_name_or_subject_add_no_recipient() {
    let server = SmtpServer::start();
    let mailer = mailer(server.url());
    mailer
        .send(&OutgoingMail {
            to_name: "Eve\r\nBcc: victim@example.com".into(),
            subject: "Hi\r\nBcc: victim@example.com".into(),
            unsubscribe_url: None,
            ..mail()
        })
        .await
        .unwrap();
    mailer.send(&mail()).await.unwrap();

    let received = server.wait_for_messages(2);
    let hostile = &received[0];
    assert_eq!(hostile.to, ["zoe@example.com"]);
    assert_eq!(hostile.header("X-RcptTo"), Some("zoe@example.com"));
    assert_eq!(hostile.header("Bcc"), None);
    assert_eq!(hostile.subject, "Hi  Bcc: victim@example.com");
    assert_eq!(hostile.header("List-Unsubscribe"), None);
    assert_eq!(received[1].subject, mail().subject, "oldest first");
}

#[tokio::test]
async fn a_server_that_is_not_listening_is_a_transient_failure() {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = mailer(format!("smtp://127.0.0.1:{port}"))
        .send(&mail())
        .await
        .unwrap_err();
    assert!(matches!(error, SendError::Transient(_)), "{error:?}");
    assert!(error.to_string().contains("check the SMTP URL"), "{error}");
}

#[tokio::test]
async fn a_malformed_address_is_a_permanent_failure() {
    let server = SmtpServer::start();
    let error = mailer(server.url())
        .send(&OutgoingMail {
            to_address: "zoe at example.com".into(),
            ..mail()
        })
        .await
        .unwrap_err();
    assert!(error.is_permanent(), "{error:?}");
    assert!(server.messages().is_empty());
}

#[test]
fn a_bad_configuration_names_the_part_that_is_wrong() {
    let error = Mailer::new(&MailConfig {
        smtp_url: "smtp://127.0.0.1:2525".into(),
        from: "The Wrenfield Ledger".into(),
    })
    .unwrap_err();
    assert!(error.to_string().contains("From address"), "{error}");
    let error = Mailer::new(&MailConfig {
        smtp_url: "imap://mail.example.org".into(),
        from: FROM.into(),
    })
    .unwrap_err();
    assert!(error.to_string().contains("SMTP URL"), "{error}");
}
