//! The image files under the data folder's `media/`.
//!
//! Gazette names every file itself: `2024/04/harbour-at-dawn-1a2b3c4d5e.jpg` — the month
//! of the upload, a slug made from the uploaded name (letters and digits only, so nothing a
//! person typed can reach the path), and the start of the file's SHA-256; its copies add
//! their width: `…-1a2b3c4d5e.w480.jpg`. Names are never given to different content, which
//! is what lets them be cached for a year.
//!
//! A file is written to a hidden temporary file in its folder, flushed to disk, and then
//! renamed into place, so a crash leaves either the whole file or none (and temporary files
//! are never served). Every name is checked against the form Gazette gives names before it
//! touches the file system, so no name — least of all one from a request — leads outside
//! the media folder.

use crate::cleaning::CleanImage;
use crate::error::MediaError;
use crate::format::ImageKind;
use gazette_domain::{Slug, Timestamp};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How many characters of the uploaded name's slug a file name keeps.
const NAME_SLUG_LENGTH: usize = 60;
/// How many hex digits of the SHA-256 a file name carries.
const HASH_DIGITS: usize = 10;
/// How many numbered names are tried when the same image is uploaded again under the same
/// name in the same month.
const MAX_DUPLICATES: u32 = 1000;

/// The media folder.
#[derive(Clone, Debug)]
pub struct MediaStorage {
    root: PathBuf,
}

/// A file written to the media folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// Its name inside the media folder, such as `2024/04/harbour-1a2b3c4d5e.jpg`; also
    /// its address under `/media/`.
    pub file_name: String,
}

impl MediaStorage {
    /// The media folder at `root` (created when the first file is written).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Where the folder is.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes a cleaned upload under a new name made from `original_name` and the month of
    /// `now`.
    pub fn store_original(
        &self,
        original_name: &str,
        image: &CleanImage,
        now: Timestamp,
    ) -> Result<StoredFile, MediaError> {
        let month = now.in_zone(&jiff::tz::TimeZone::UTC);
        let folder = format!("{:04}/{:02}", month.year(), month.month());
        let stem = format!(
            "{}-{}",
            name_slug(original_name),
            &image.sha256[..HASH_DIGITS.min(image.sha256.len())]
        );
        let extension = image.kind.extension();
        for number in 1..=MAX_DUPLICATES {
            let file_name = if number == 1 {
                format!("{folder}/{stem}.{extension}")
            } else {
                format!("{folder}/{stem}-{number}.{extension}")
            };
            match self.write(&file_name, &image.bytes, Replace::Never) {
                Ok(()) => return Ok(StoredFile { file_name }),
                Err(MediaError::Storage { source, .. })
                    if source.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(error),
            }
        }
        Err(MediaError::Storage {
            path: self.root.join(folder).display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{MAX_DUPLICATES} files named {stem} already exist"),
            ),
        })
    }

    /// Writes the copy of `original` that is `width` pixels wide; writing it again replaces
    /// it (a copy is always made the same way from the same original).
    pub fn store_variant(
        &self,
        original: &str,
        width: u32,
        bytes: &[u8],
    ) -> Result<StoredFile, MediaError> {
        let file_name = variant_name(original, width)?;
        self.write(&file_name, bytes, Replace::Allowed)?;
        Ok(StoredFile { file_name })
    }

    /// Reads a stored file.
    pub fn read(&self, file_name: &str) -> Result<Vec<u8>, MediaError> {
        let path = self.path_of(file_name)?;
        std::fs::read(&path).map_err(|source| storage_error(&path, source))
    }

    /// Removes a stored file; one already gone is no error.
    pub fn remove(&self, file_name: &str) -> Result<(), MediaError> {
        let path = self.path_of(file_name)?;
        match std::fs::remove_file(&path) {
            Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
                Err(storage_error(&path, source))
            }
            _ => Ok(()),
        }
    }

    /// The path and format of the file at `name` (a stored name, or the rest of a
    /// `/media/…` address), or `None` when `name` is not one Gazette makes — which refuses
    /// `..`, absolute paths, hidden and temporary files, folders and foreign extensions.
    pub fn locate(&self, name: &str) -> Option<(PathBuf, ImageKind)> {
        let kind = kind_of_name(name)?;
        Some((self.root.join(name), kind))
    }

    fn path_of(&self, file_name: &str) -> Result<PathBuf, MediaError> {
        self.locate(file_name)
            .map(|(path, _)| path)
            .ok_or_else(|| MediaError::InvalidFileName(file_name.to_owned()))
    }

    /// Writes `bytes` at `file_name` through a temporary file and a rename.
    fn write(&self, file_name: &str, bytes: &[u8], replace: Replace) -> Result<(), MediaError> {
        let path = self.path_of(file_name)?;
        let folder = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(folder).map_err(|source| storage_error(folder, source))?;
        let mut temporary = tempfile::Builder::new()
            .prefix(".upload-")
            .suffix(".tmp")
            .tempfile_in(folder)
            .map_err(|source| storage_error(folder, source))?;
        temporary
            .write_all(bytes)
            .and_then(|()| temporary.as_file().sync_all())
            .map_err(|source| storage_error(temporary.path(), source))?;
        match replace {
            Replace::Never => temporary
                .persist_noclobber(&path)
                .map_err(|error| storage_error(&path, error.error))?,
            Replace::Allowed => temporary
                .persist(&path)
                .map_err(|error| storage_error(&path, error.error))?,
        };
        // The rename is durable once the folder itself is flushed.
        std::fs::File::open(folder)
            .and_then(|directory| directory.sync_all())
            .map_err(|source| storage_error(folder, source))
    }
}

/// Whether a write may replace a file already there.
#[derive(Clone, Copy)]
enum Replace {
    Never,
    Allowed,
}

/// The name of the copy of `original` that is `width` pixels wide.
pub fn variant_name(original: &str, width: u32) -> Result<String, MediaError> {
    let kind = kind_of_name(original)
        .filter(|_| original.matches('.').count() == 1)
        .ok_or_else(|| MediaError::InvalidFileName(original.to_owned()))?;
    let stem = &original[..original.len() - kind.extension().len() - 1];
    Ok(format!("{stem}.w{width}.{}", kind.extension()))
}

/// The format of a name of the form Gazette gives files: `YYYY/MM/name.ext` or
/// `YYYY/MM/name.wWIDTH.ext`, the name made of `a-z`, `0-9` and inner hyphens.
fn kind_of_name(name: &str) -> Option<ImageKind> {
    let mut segments = name.split('/');
    let (year, month, file) = (segments.next()?, segments.next()?, segments.next()?);
    if segments.next().is_some()
        || year.len() != 4
        || month.len() != 2
        || !year
            .bytes()
            .chain(month.bytes())
            .all(|byte| byte.is_ascii_digit())
    {
        return None;
    }
    let parts: Vec<&str> = file.split('.').collect();
    let (base, width, extension) = match parts.as_slice() {
        [base, extension] => (*base, None, *extension),
        [base, width, extension] => (*base, Some(*width), *extension),
        _ => return None,
    };
    let base_is_slug = Slug::parse(base).is_ok();
    let width_is_number = width.is_none_or(|width| {
        width
            .strip_prefix('w')
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
    });
    if base_is_slug && width_is_number {
        ImageKind::from_extension(extension)
    } else {
        None
    }
}

/// A slug made from an uploaded file's name, without its folders and extension.
fn name_slug(original_name: &str) -> String {
    let base = original_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(original_name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let slug = Slug::from_title(stem, "image");
    let mut text = slug.as_str().to_owned();
    if text.len() > NAME_SLUG_LENGTH {
        let cut = text[..NAME_SLUG_LENGTH]
            .rfind('-')
            .unwrap_or(NAME_SLUG_LENGTH);
        text.truncate(cut);
    }
    text
}

fn storage_error(path: &Path, source: std::io::Error) -> MediaError {
    MediaError::Storage {
        path: path.display().to_string(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(bytes: &[u8]) -> CleanImage {
        CleanImage {
            kind: ImageKind::Png,
            width: 1,
            height: 1,
            bytes: bytes.to_vec(),
            sha256: "0123456789abcdef".to_owned(),
        }
    }

    fn april() -> Timestamp {
        "2024-04-24T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn names_come_from_the_month_a_clean_slug_and_the_hash() {
        let folder = tempfile::tempdir().unwrap();
        let storage = MediaStorage::new(folder.path());
        let stored = storage
            .store_original(
                "C:\\fakepath\\../../Harbour at Dawn (1).JPG",
                &image(b"one"),
                april(),
            )
            .unwrap();
        assert_eq!(stored.file_name, "2024/04/harbour-at-dawn-1-0123456789.png");
        assert_eq!(storage.read(&stored.file_name).unwrap(), b"one");
        let again = storage
            .store_original("harbour at dawn 1.png", &image(b"one"), april())
            .unwrap();
        assert_eq!(
            again.file_name,
            "2024/04/harbour-at-dawn-1-0123456789-2.png"
        );
        let hostile = storage
            .store_original("<script>.svg", &image(b"x"), april())
            .unwrap();
        assert_eq!(hostile.file_name, "2024/04/script-0123456789.png");
        let nameless = storage
            .store_original("...", &image(b"x"), april())
            .unwrap();
        assert_eq!(nameless.file_name, "2024/04/image-0123456789.png");
        let leftovers: Vec<_> = std::fs::read_dir(folder.path().join("2024/04"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(
            leftovers.is_empty(),
            "no temporary file is left: {leftovers:?}"
        );
    }

    #[test]
    fn variants_carry_their_width_and_replace_themselves() {
        let folder = tempfile::tempdir().unwrap();
        let storage = MediaStorage::new(folder.path());
        let original = "2024/04/harbour-0123456789.jpg";
        let first = storage.store_variant(original, 480, b"first").unwrap();
        assert_eq!(first.file_name, "2024/04/harbour-0123456789.w480.jpg");
        storage.store_variant(original, 480, b"second").unwrap();
        assert_eq!(storage.read(&first.file_name).unwrap(), b"second");
        storage.remove(&first.file_name).unwrap();
        storage.remove(&first.file_name).unwrap();
        assert!(
            variant_name(&first.file_name, 480).is_err(),
            "no copy of a copy"
        );
    }

    #[test]
    fn only_names_gazette_makes_are_located() {
        let storage = MediaStorage::new("/srv/media");
        let (path, kind) = storage
            .locate("2024/04/harbour-0123456789.w960.webp")
            .unwrap();
        assert_eq!(
            path,
            Path::new("/srv/media/2024/04/harbour-0123456789.w960.webp")
        );
        assert_eq!(kind, ImageKind::Webp);
        for hostile in [
            "../../etc/passwd",
            "2024/04/../../../etc/passwd",
            "2024/../04/a.jpg",
            "/etc/passwd",
            "/2024/04/a.jpg",
            "2024/04/.upload-abc.tmp",
            "2024/04/a.svg",
            "2024/04/a.html",
            "2024/04/a.jpg/",
            "2024/04",
            "2024/04/",
            "2024/04/a..jpg",
            "2024/04/A.jpg",
            "2024/04/a b.jpg",
            "2024/04/a\\..\\b.jpg",
            "2024/04/a.x480.jpg",
            "2024/04/a.w.jpg",
            "24/04/a.jpg",
            "2024/04/extra/a.jpg",
            "",
        ] {
            assert!(storage.locate(hostile).is_none(), "{hostile} was located");
        }
        assert!(matches!(
            storage.read("../secret.jpg"),
            Err(MediaError::InvalidFileName(_))
        ));
    }
}
