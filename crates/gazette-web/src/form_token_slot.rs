//! The comment form's signed token in pages that are cached and shared by every reader.
//!
//! Templates write [`MARKER`] where the token goes. Once a page is rendered the marker is
//! cut out and its place remembered; every copy of the page then gets a token made for
//! that response, so the time trap measures from when this reader was shown the form,
//! not from when the page was first rendered. The page's compressed forms are kept in two
//! pieces around the same place (see `compression`).

use bytes::{Bytes, BytesMut};

/// What templates write where the token belongs (`{{ form.token }}`).
pub const MARKER: &str = "gazette-form-token-slot";

/// A rendered page with the token's place cut out.
#[derive(Clone, Debug)]
pub struct PageWithSlot {
    /// The page without the marker.
    pub body: Bytes,
    /// Where the token goes, if the page has a form.
    pub slot: Option<usize>,
}

impl PageWithSlot {
    /// Cuts the marker out of `html`.
    pub fn new(mut html: String) -> Self {
        let slot = html.find(MARKER);
        if let Some(at) = slot {
            html.replace_range(at..at + MARKER.len(), "");
        }
        Self {
            body: Bytes::from(html),
            slot,
        }
    }
}

/// `body` with `token` put in at `slot`.
pub fn fill(body: &Bytes, slot: Option<usize>, token: &str) -> Bytes {
    match slot {
        Some(at) if at <= body.len() => {
            let mut filled = BytesMut::with_capacity(body.len() + token.len());
            filled.extend_from_slice(&body[..at]);
            filled.extend_from_slice(token.as_bytes());
            filled.extend_from_slice(&body[at..]);
            filled.freeze()
        }
        _ => body.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_copy_gets_its_own_token() {
        let page = PageWithSlot::new(format!("<input value=\"{MARKER}\">"));
        assert_eq!(page.slot, Some(14));
        assert_eq!(fill(&page.body, page.slot, "one"), "<input value=\"one\">");
        assert_eq!(fill(&page.body, page.slot, "two"), "<input value=\"two\">");
        let plain = PageWithSlot::new("<p>no form</p>".to_owned());
        assert_eq!(fill(&plain.body, plain.slot, "x"), "<p>no form</p>");
    }
}
