//! WordPress's uploaded files and the copies it makes of an image: resized ones named
//! after the original with their size (`photo-300x200.jpg`), and, for a large photo, a
//! scaled-down one (`photo-scaled.jpg`) that is then the attachment's own address. A body
//! shows any of them; moving an image elsewhere means finding them all.

use regex::Regex;

/// An uploaded file and every copy WordPress may have made of it.
#[derive(Clone, Debug)]
pub struct UploadCopies {
    pattern: Regex,
    stem: String,
}

impl UploadCopies {
    /// The copies of the file at `url`; `None` for an address without an extension.
    pub fn of(url: &str) -> Option<Self> {
        let path_end = url.find(['?', '#']).unwrap_or(url.len());
        let (stem, extension) = url[..path_end].rsplit_once('.')?;
        if extension.is_empty() || extension.contains('/') {
            return None;
        }
        let stem = stem.strip_suffix("-scaled").unwrap_or(stem);
        let pattern = format!(
            r"{}(?:-\d+x\d+|-scaled)?\.{}",
            regex::escape(stem),
            regex::escape(extension)
        );
        Some(Self {
            pattern: Regex::new(&pattern).ok()?,
            stem: stem.to_owned(),
        })
    }

    /// What the address of every copy starts with: a cheap first test of whether a text
    /// may show the file.
    pub fn stem(&self) -> &str {
        &self.stem
    }

    /// `text` with the address of every copy replaced by `replacement`.
    pub fn replace_all(&self, text: &str, replacement: &str) -> String {
        self.pattern
            .replace_all(text, regex::NoExpand(replacement))
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_file_and_its_copies() {
        let copies =
            UploadCopies::of("https://old.example/wp-content/uploads/2024/03/dawn-scaled.jpg")
                .unwrap();
        assert_eq!(
            copies.stem(),
            "https://old.example/wp-content/uploads/2024/03/dawn"
        );
        let body = "<img src=\"https://old.example/wp-content/uploads/2024/03/dawn-300x200.jpg\"> \
                    <a href=\"https://old.example/wp-content/uploads/2024/03/dawn.jpg\">big</a> \
                    <img src=\"https://old.example/wp-content/uploads/2024/03/dawning.jpg\">";
        assert_eq!(
            copies.replace_all(body, "/media/x$1.jpg"),
            "<img src=\"/media/x$1.jpg\"> <a href=\"/media/x$1.jpg\">big</a> \
             <img src=\"https://old.example/wp-content/uploads/2024/03/dawning.jpg\">"
        );
        assert!(UploadCopies::of("https://old.example/file").is_none());
    }
}
