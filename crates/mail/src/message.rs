//! The mail the application composes, and how it becomes a MIME message on the wire.

use std::time::SystemTime;

use jiff::Timestamp;
use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use urbis_domain::html::escape;
use urbis_domain::{Id, Lang};
use urbis_store::{Attachment, OutgoingMail, QueuedMail, Store};

use crate::error::{MailError, Result};

/// A mail to one recipient, written in that recipient's language, with a plain-text and an
/// HTML version. It is not sent directly: [`Mail::enqueue`] puts it into the outbox of the
/// store, from which the worker sends it, so that no mail is lost to a restart or an outage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The recipient's address (`name@example.org` or `Name <name@example.org>`).
    pub to: String,
    /// The language the mail is written in.
    pub language: Lang,
    /// The subject line.
    pub subject: String,
    /// The plain-text version.
    pub text: String,
    /// The HTML version.
    pub html: String,
    /// Files sent along (an `.ics` invitation, say).
    pub attachments: Vec<Attachment>,
    /// Names the mail so that it is queued once only ("reminder for registration X").
    pub dedupe_key: Option<String>,
    /// The forum the mail is sent for.
    pub forum: Option<Id>,
    /// Not sent before this time (None: at once).
    pub not_before: Option<Timestamp>,
}

impl Mail {
    /// A mail with both versions of its body written by the caller.
    pub fn new(
        to: impl Into<String>,
        language: Lang,
        subject: impl Into<String>,
        text: impl Into<String>,
        html: impl Into<String>,
    ) -> Self {
        Mail {
            to: to.into(),
            language,
            subject: subject.into(),
            text: text.into(),
            html: html.into(),
            attachments: Vec::new(),
            dedupe_key: None,
            forum: None,
            not_before: None,
        }
    }

    /// A mail written as plain text; its HTML version shows the same paragraphs (blank-line
    /// separated), escaped, in a document that names its language for screen readers.
    pub fn from_text(
        to: impl Into<String>,
        language: Lang,
        subject: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        let subject = subject.into();
        let text = text.into();
        let paragraphs: String = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>\n", escape(p).replace('\n', "<br>\n")))
            .collect();
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n{paragraphs}</body>\n</html>\n",
            language.code(),
            escape(&subject),
        );
        Mail::new(to, language, subject, text, html)
    }

    /// Adds a file.
    pub fn attach(
        mut self,
        name: impl Into<String>,
        media_type: impl Into<String>,
        content: impl Into<Vec<u8>>,
    ) -> Self {
        self.attachments.push(Attachment {
            name: name.into(),
            media_type: media_type.into(),
            content: content.into(),
        });
        self
    }

    /// Names the mail so that queuing it a second time does nothing.
    pub fn dedupe_key(mut self, key: impl Into<String>) -> Self {
        self.dedupe_key = Some(key.into());
        self
    }

    /// Marks the mail as sent for a forum.
    pub fn forum(mut self, forum: Id) -> Self {
        self.forum = Some(forum);
        self
    }

    /// Holds the mail back until `time`.
    pub fn not_before(mut self, time: Timestamp) -> Self {
        self.not_before = Some(time);
        self
    }

    /// Checks what can be checked before queuing: the address, the subject, the attachments.
    pub fn validate(&self) -> Result<()> {
        let invalid = |field: &str, message: String| MailError::Invalid {
            field: field.to_owned(),
            message,
        };
        self.to.parse::<Mailbox>().map_err(|e| {
            invalid(
                "to",
                format!("`{}` is not a usable mail address ({e})", self.to),
            )
        })?;
        if self.subject.trim().is_empty() {
            return Err(invalid("subject", "a mail needs a subject".to_owned()));
        }
        for (i, attachment) in self.attachments.iter().enumerate() {
            if attachment.name.trim().is_empty() {
                return Err(invalid(
                    &format!("attachments[{i}].name"),
                    "an attachment needs a file name".to_owned(),
                ));
            }
            if ContentType::parse(&attachment.media_type).is_err() {
                return Err(invalid(
                    &format!("attachments[{i}].media_type"),
                    format!("`{}` is not a media type", attachment.media_type),
                ));
            }
        }
        Ok(())
    }

    /// Puts the mail into the outbox. Returns its id, or None when a mail with the same dedupe
    /// key was queued before (and this one is not).
    pub async fn enqueue(&self, store: &Store) -> Result<Option<Id>> {
        let outgoing = self.outgoing()?;
        Ok(store.enqueue_mail(&outgoing).await?.then_some(outgoing.id))
    }

    /// The mail as the outbox keeps it (checked), for a caller that queues it in the
    /// transaction of the write it tells about.
    pub fn outgoing(&self) -> Result<OutgoingMail> {
        self.validate()?;
        Ok(OutgoingMail {
            id: Id::new(),
            forum: self.forum.clone(),
            recipient: self.to.clone(),
            language: self.language,
            subject: self.subject.clone(),
            text_body: self.text.clone(),
            html_body: self.html.clone(),
            attachments: self.attachments.clone(),
            dedupe_key: self.dedupe_key.clone(),
            not_before: self.not_before,
        })
    }
}

/// The `Content-Language` header: tells mail clients (and screen readers) the mail's language.
#[derive(Debug, Clone)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(text.trim().to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// Builds the MIME message of a queued mail: `multipart/alternative` (text, then HTML), inside
/// `multipart/mixed` with the attachments when there are any. The Message-ID is made from the
/// outbox id, so a mail sent twice after a crash is recognisably the same mail; the Date is
/// when the mail was queued.
pub(crate) fn build(from: &Mailbox, queued: &QueuedMail) -> Result<Message> {
    let mail = &queued.mail;
    let to: Mailbox = mail.recipient.parse().map_err(|e| {
        MailError::Rejected(format!(
            "`{}` is not a usable mail address ({e})",
            mail.recipient
        ))
    })?;
    let domain = from.email.domain();
    let date = SystemTime::try_from(queued.created_at).unwrap_or_else(|_| SystemTime::now());
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .date(date)
        .message_id(Some(format!("<{}@{domain}>", mail.id)))
        .header(ContentLanguage(mail.language.code().to_owned()));
    let alternative =
        MultiPart::alternative_plain_html(mail.text_body.clone(), mail.html_body.clone());
    let message = if mail.attachments.is_empty() {
        builder.multipart(alternative)
    } else {
        let mut mixed = MultiPart::mixed().multipart(alternative);
        for attachment in &mail.attachments {
            // Checked when queued; a type that no longer parses goes as plain bytes.
            let media_type = ContentType::parse(&attachment.media_type)
                .or_else(|_| ContentType::parse("application/octet-stream"))
                .map_err(|e| MailError::Rejected(format!("attachment media type: {e}")))?;
            let part: SinglePart = lettre::message::Attachment::new(attachment.name.clone())
                .body(attachment.content.clone(), media_type);
            mixed = mixed.singlepart(part);
        }
        builder.multipart(mixed)
    };
    message.map_err(|e| MailError::Rejected(format!("the message cannot be built: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_mails_get_an_escaped_html_version_in_their_language() {
        let mail = Mail::from_text(
            "a@example.org",
            Lang::De,
            "Einladung <Werkstatt>",
            "Hallo & willkommen,\nzweite Zeile\n\nZweiter Absatz",
        );
        assert!(mail.html.contains("<html lang=\"de\">"), "{}", mail.html);
        assert!(
            mail.html
                .contains("<p>Hallo &#38; willkommen,<br>\nzweite Zeile</p>")
        );
        assert!(mail.html.contains("<p>Zweiter Absatz</p>"));
        assert!(
            mail.html
                .contains("<title>Einladung &#60;Werkstatt&#62;</title>")
        );
    }

    #[test]
    fn bad_mails_are_refused_before_queuing() {
        let ok = Mail::from_text("Ann Example <ann@example.org>", Lang::En, "Hi", "Text");
        assert!(ok.validate().is_ok());
        let err = Mail::from_text("not an address", Lang::En, "Hi", "Text")
            .validate()
            .unwrap_err();
        assert!(
            matches!(err, MailError::Invalid { ref field, .. } if field == "to"),
            "{err}"
        );
        let err = Mail::from_text("a@example.org", Lang::En, " ", "Text")
            .validate()
            .unwrap_err();
        assert!(err.to_string().starts_with("subject:"), "{err}");
        let err = Mail::from_text("a@example.org", Lang::En, "Hi", "Text")
            .attach("x.ics", "not a type", b"x".to_vec())
            .validate()
            .unwrap_err();
        assert!(
            err.to_string().contains("attachments[0].media_type"),
            "{err}"
        );
    }
}
