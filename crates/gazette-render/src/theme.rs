//! The theme engine.
//!
//! The default theme (`themes/default`: `templates/` and `static/`) is compiled into the
//! binary. A theme folder given at start-up with the same layout overrides it file by file:
//! a `templates/article.html` there replaces the default article template and nothing else;
//! files the default theme lacks (extra partials, images) are added. Every template is
//! compiled at start, so a syntax error stops the server with the file and line instead of
//! failing on the first request.
//!
//! Templates address the theme's static files through `static_url("style.css")`, which
//! gives the file's *fingerprinted* address (`/static/style.1a2b3c4d5e.css`): the name with
//! the start of the SHA-256 of the bytes served, theme overrides included, so the address
//! changes whenever the file does and browsers may keep each one for good.

mod embedded;

use minijinja::value::Serde;
use minijinja::{
    AutoEscape, Environment, Error, ErrorKind, Output, State, UndefinedBehavior, Value,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How to build a [`Theme`].
#[derive(Clone, Debug, Default)]
pub struct ThemeOptions {
    /// A folder whose `templates/` and `static/` files override the default theme.
    pub override_dir: Option<PathBuf>,
    /// Whether a template that prints, loops over or looks into a name missing from its
    /// context fails instead of printing nothing (testing a missing name in `if` stays
    /// allowed). Tests turn this on to catch template mistakes.
    pub strict_undefined: bool,
}

/// A static file of the theme, ready to serve.
#[derive(Clone, Debug)]
pub struct StaticAsset {
    /// The file's bytes.
    pub bytes: Cow<'static, [u8]>,
    /// Its media type.
    pub content_type: &'static str,
    /// A strong validator for conditional requests.
    pub etag: String,
    /// The name with its fingerprint before the extension (`style.1a2b3c4d5e.css`), the
    /// name `static_url` gives templates.
    pub fingerprinted_name: String,
}

/// What can go wrong loading or using a theme.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The theme folder cannot be read.
    #[error("cannot read the theme folder {path}: {source}")]
    Unreadable {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The theme folder has neither `templates/` nor `static/`.
    #[error(
        "the theme folder {0} has neither a templates/ nor a static/ folder; copy the layout of themes/default"
    )]
    NotATheme(PathBuf),
    /// A template file is not valid UTF-8.
    #[error("the template {0} is not UTF-8 text")]
    NotText(PathBuf),
    /// A template does not compile or failed to render.
    #[error("template error: {0}")]
    Template(#[from] Error),
}

/// The loaded theme: compiled templates and static files.
#[derive(Debug)]
pub struct Theme {
    environment: Environment<'static>,
    assets: HashMap<String, StaticAsset>,
}

impl Theme {
    /// Loads the default theme with the overrides in `options`.
    pub fn load(options: &ThemeOptions) -> Result<Self, ThemeError> {
        let mut environment = Environment::new();
        environment.set_undefined_behavior(if options.strict_undefined {
            UndefinedBehavior::SemiStrict
        } else {
            UndefinedBehavior::Lenient
        });
        environment.set_auto_escape_callback(|name| {
            let extension = Path::new(name)
                .extension()
                .and_then(|extension| extension.to_str())
                .unwrap_or_default()
                .to_ascii_lowercase();
            if extension == "html" || extension == "xml" {
                AutoEscape::Custom(Cow::Borrowed(HTML_ESCAPING))
            } else {
                AutoEscape::None
            }
        });
        environment.set_formatter(write_escaped);
        let mut names: Vec<String> = Vec::new();
        for (name, source) in embedded::TEMPLATES {
            environment.add_template(name, source)?;
            names.push((*name).to_owned());
        }
        let mut assets: HashMap<String, StaticAsset> = embedded::STATIC_FILES
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), asset(name, Cow::Borrowed(*bytes))))
            .collect();

        if let Some(folder) = &options.override_dir {
            let templates = folder.join("templates");
            let statics = folder.join("static");
            if !templates.is_dir() && !statics.is_dir() {
                return Err(ThemeError::NotATheme(folder.clone()));
            }
            for (name, path) in files_below(&templates)? {
                let bytes = read(&path)?;
                let source =
                    String::from_utf8(bytes).map_err(|_| ThemeError::NotText(path.clone()))?;
                environment.add_template_owned(name.clone(), source)?;
                names.push(name);
            }
            for (name, path) in files_below(&statics)? {
                let bytes = read(&path)?;
                assets.insert(name.clone(), asset(&name, Cow::Owned(bytes)));
            }
        }
        for name in &names {
            environment.get_template(name)?;
        }
        add_static_url_function(&mut environment, &assets, options.strict_undefined);
        Ok(Self {
            environment,
            assets,
        })
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String, ThemeError> {
        let template = self.environment.get_template(name)?;
        Ok(template.render(Value::from(Serde(context)))?)
    }

    /// The static file at `path` (relative to `static/`), if the theme has one.
    pub fn static_asset(&self, path: &str) -> Option<&StaticAsset> {
        self.assets.get(path)
    }

    /// Every static file with its name (relative to `static/`).
    pub fn static_assets(&self) -> impl Iterator<Item = (&str, &StaticAsset)> {
        self.assets
            .iter()
            .map(|(name, asset)| (name.as_str(), asset))
    }

    /// The names of every template, sorted.
    pub fn template_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .environment
            .templates()
            .map(|(name, _)| name.to_owned())
            .collect();
        names.sort();
        names
    }
}

/// The name of Gazette's HTML escaping. It escapes what HTML needs (`< > & " '`) and,
/// unlike minijinja's built-in mode, leaves `/` alone, so that addresses stay readable.
const HTML_ESCAPING: &str = "html";

/// Prints a value into a template: safe strings as they are, nothing for `none` and
/// undefined values, everything else escaped for HTML where the template is HTML.
fn write_escaped(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_safe()
        || !matches!(state.auto_escape(), AutoEscape::Custom(name) if name == HTML_ESCAPING)
    {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_none() || value.is_undefined() {
        return Ok(());
    }
    let text = match value.as_str() {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(value.to_string()),
    };
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[start..index])?;
        out.write_str(entity)?;
        start = index + 1;
    }
    out.write_str(&text[start..])?;
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, ThemeError> {
    std::fs::read(path).map_err(|source| ThemeError::Unreadable {
        path: path.to_path_buf(),
        source,
    })
}

/// Every file below `root` as (`a/b.html`, full path); nothing when `root` does not exist.
fn files_below(root: &Path) -> Result<Vec<(String, PathBuf)>, ThemeError> {
    let mut found = Vec::new();
    if !root.is_dir() {
        return Ok(found);
    }
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|source| ThemeError::Unreadable {
            path: folder.clone(),
            source,
        })?;
        for entry in entries {
            let path = entry
                .map_err(|source| ThemeError::Unreadable {
                    path: folder.clone(),
                    source,
                })?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                let name = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if !name.starts_with('.') {
                    found.push((name, path));
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

fn asset(name: &str, bytes: Cow<'static, [u8]>) -> StaticAsset {
    let digest = hex::encode(Sha256::digest(&bytes));
    StaticAsset {
        content_type: content_type_of(name),
        etag: format!("\"{}\"", &digest[..24]),
        fingerprinted_name: with_fingerprint(name, &digest[..FINGERPRINT_DIGITS]),
        bytes,
    }
}

/// How many hex digits of a static file's SHA-256 its fingerprinted name carries.
const FINGERPRINT_DIGITS: usize = 10;

/// `name` with `fingerprint` before its extension (`style.css` → `style.<fingerprint>.css`),
/// or after it when the file name has none.
fn with_fingerprint(name: &str, fingerprint: &str) -> String {
    let file_start = name.rfind('/').map_or(0, |slash| slash + 1);
    match name[file_start..].rfind('.').filter(|dot| *dot > 0) {
        Some(dot) => {
            let (stem, extension) = name.split_at(file_start + dot);
            format!("{stem}.{fingerprint}{extension}")
        }
        None => format!("{name}.{fingerprint}"),
    }
}

/// The name a fingerprinted name was made from, whatever its fingerprint:
/// `style.0123456789.css` → `style.css`; `None` when `name` carries no fingerprint.
pub fn without_fingerprint(name: &str) -> Option<String> {
    let file_start = name.rfind('/').map_or(0, |slash| slash + 1);
    let file = &name[file_start..];
    let mut parts: Vec<&str> = file.split('.').collect();
    let position = parts.iter().skip(1).position(|part| is_fingerprint(part))? + 1;
    parts.remove(position);
    Some(format!("{}{}", &name[..file_start], parts.join(".")))
}

fn is_fingerprint(part: &str) -> bool {
    part.len() == FINGERPRINT_DIGITS
        && part
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// Gives templates `static_url(name)`: the fingerprinted address of the static file `name`.
/// A name the theme has no file for is a template error when undefined names are
/// (`strict`); otherwise it gives the plain address, which answers 404 where the browser
/// shows it.
fn add_static_url_function(
    environment: &mut Environment<'static>,
    assets: &HashMap<String, StaticAsset>,
    strict: bool,
) {
    let addresses: HashMap<String, String> = assets
        .iter()
        .map(|(name, asset)| {
            (
                name.clone(),
                format!("/static/{}", asset.fingerprinted_name),
            )
        })
        .collect();
    environment.add_function("static_url", move |name: &str| -> Result<String, Error> {
        match addresses.get(name) {
            Some(address) => Ok(address.clone()),
            None if strict => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("static_url: the theme has no static file named {name}"),
            )),
            None => Ok(format!("/static/{name}")),
        }
    });
}

fn content_type_of(name: &str) -> &'static str {
    match name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .as_deref()
    {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_compiles_and_has_its_stylesheet() {
        let theme = Theme::load(&ThemeOptions::default()).unwrap();
        for name in ["base.html", "home.html", "article.html", "error.html"] {
            assert!(theme.template_names().contains(&name.to_owned()), "{name}");
        }
        let css = theme.static_asset("style.css").unwrap();
        assert_eq!(css.content_type, "text/css; charset=utf-8");
        assert!(css.etag.starts_with('"'));
    }

    #[test]
    fn every_default_theme_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default");
        let templates: Vec<String> = files_below(&root.join("templates"))
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let embedded: Vec<String> = embedded::TEMPLATES
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect();
        assert_eq!(
            sorted(templates),
            sorted(embedded),
            "list every template of themes/default in theme/embedded.rs"
        );
        let statics: Vec<String> = files_below(&root.join("static"))
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let embedded: Vec<String> = embedded::STATIC_FILES
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect();
        assert_eq!(
            sorted(statics),
            sorted(embedded),
            "list every static file of themes/default in theme/embedded.rs"
        );
    }

    fn sorted(mut names: Vec<String>) -> Vec<String> {
        names.sort();
        names
    }

    #[test]
    fn a_folder_overrides_file_by_file() {
        let folder =
            std::env::temp_dir().join(format!("gazette-theme-test-{}", std::process::id()));
        std::fs::create_dir_all(folder.join("templates/partials")).unwrap();
        std::fs::create_dir_all(folder.join("static")).unwrap();
        std::fs::write(
            folder.join("templates/error.html"),
            "Custom {{ error.title }}",
        )
        .unwrap();
        std::fs::write(folder.join("templates/partials/extra.html"), "extra").unwrap();
        std::fs::write(folder.join("static/logo.svg"), "<svg/>").unwrap();
        std::fs::write(folder.join("static/style.css"), "body { color: navy; }").unwrap();
        let theme = Theme::load(&ThemeOptions {
            override_dir: Some(folder.clone()),
            strict_undefined: true,
        })
        .unwrap();
        let own_style = theme.static_asset("style.css").unwrap();
        assert_eq!(&*own_style.bytes, b"body { color: navy; }");
        let digest = hex::encode(Sha256::digest(b"body { color: navy; }"));
        assert_eq!(
            own_style.fingerprinted_name,
            format!("style.{}.css", &digest[..10]),
            "the fingerprint is of the file served, the theme's own"
        );
        let context = serde_json::json!({"error": {"title": "Gone"}});
        assert_eq!(theme.render("error.html", &context).unwrap(), "Custom Gone");
        assert!(
            theme
                .template_names()
                .contains(&"partials/extra.html".to_owned())
        );
        assert!(
            theme.template_names().contains(&"article.html".to_owned()),
            "untouched templates stay"
        );
        assert_eq!(
            theme.static_asset("logo.svg").unwrap().content_type,
            "image/svg+xml"
        );
        assert!(theme.static_asset("style.css").is_some());

        std::fs::write(folder.join("templates/error.html"), "{% if %}").unwrap();
        let error = Theme::load(&ThemeOptions {
            override_dir: Some(folder.clone()),
            strict_undefined: false,
        })
        .unwrap_err()
        .to_string();
        assert!(error.contains("error.html"), "{error}");
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn escapes_for_html_but_keeps_slashes() {
        let theme = Theme::load(&ThemeOptions::default()).unwrap();
        let context = serde_json::json!({
            "site": {"title": "A <b>&</b> \"B\" 'C' /d/", "tagline": "", "language": "en", "home_url": "/", "date_line": null},
            "error": {"status": 404, "title": "T", "message": "M", "kept_text": null}
        });
        let html = theme.render("error.html", &context).unwrap();
        assert!(
            html.contains("A &lt;b&gt;&amp;&lt;/b&gt; &quot;B&quot; &#39;C&#39; /d/"),
            "{html}"
        );
        let stylesheet = &theme.static_asset("style.css").unwrap().fingerprinted_name;
        assert!(
            html.contains(&format!(r#"href="/static/{stylesheet}""#)),
            "{html}"
        );
        assert!(!html.contains("none"), "none prints nothing: {html}");
    }

    #[test]
    fn static_files_are_addressed_by_their_fingerprint() {
        let theme = Theme::load(&ThemeOptions {
            override_dir: None,
            strict_undefined: true,
        })
        .unwrap();
        let css = theme.static_asset("style.css").unwrap();
        let digest = hex::encode(Sha256::digest(&css.bytes));
        assert_eq!(
            css.fingerprinted_name,
            format!("style.{}.css", &digest[..10])
        );
        let mut environment = theme.environment.clone();
        environment
            .add_template("probe.html", r#"{{ static_url("style.css") }}"#)
            .unwrap();
        let rendered = environment
            .get_template("probe.html")
            .unwrap()
            .render(())
            .unwrap();
        assert_eq!(rendered, format!("/static/{}", css.fingerprinted_name));
        environment
            .add_template("missing.html", r#"{{ static_url("nope.css") }}"#)
            .unwrap();
        let error = environment
            .get_template("missing.html")
            .unwrap()
            .render(())
            .unwrap_err();
        assert!(error.to_string().contains("nope.css"), "{error}");
    }

    #[test]
    fn fingerprints_go_before_the_extension_and_come_out_again() {
        assert_eq!(
            with_fingerprint("style.css", "0123456789"),
            "style.0123456789.css"
        );
        assert_eq!(
            with_fingerprint("img/logo.min.svg", "abcdef0123"),
            "img/logo.min.abcdef0123.svg"
        );
        assert_eq!(
            with_fingerprint("LICENSE", "0123456789"),
            "LICENSE.0123456789"
        );
        assert_eq!(
            with_fingerprint(".well/x", "0123456789"),
            ".well/x.0123456789"
        );
        for name in ["style.css", "img/logo.min.svg", "LICENSE"] {
            let fingerprinted = with_fingerprint(name, "9876543210");
            assert_eq!(without_fingerprint(&fingerprinted).as_deref(), Some(name));
        }
        assert_eq!(without_fingerprint("style.css"), None);
        assert_eq!(
            without_fingerprint("style.0123456789a.css"),
            None,
            "eleven digits"
        );
        assert_eq!(
            without_fingerprint("style.ABCDEF0123.css"),
            None,
            "lower case only"
        );
        assert_eq!(
            without_fingerprint("0123456789.css"),
            None,
            "not the stem itself"
        );
    }

    #[test]
    fn a_folder_that_is_not_a_theme_is_refused() {
        let error = Theme::load(&ThemeOptions {
            override_dir: Some(PathBuf::from("/nonexistent/theme")),
            strict_undefined: false,
        })
        .unwrap_err();
        assert!(matches!(error, ThemeError::NotATheme(_)));
    }
}
