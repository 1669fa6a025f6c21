//! Every template of the default theme renders, with strict checking of undefined values,
//! on the pages of the tour; and every template is documented in docs/THEMES.md.
//!
//! The test router loads the theme in its strict mode: a template that prints, loops over
//! or looks inside a value its page was not given fails the page with a 500 instead of
//! printing nothing. Testing an optional value with `{% if %}` stays allowed: that is how
//! templates ask whether a value is there.

use crate::page_tour::every_kind_of_page;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

#[tokio::test]
async fn the_tour_renders_every_template_of_the_default_theme_strictly() {
    let templates = default_templates();
    let pages = every_kind_of_page().await;
    for page in &pages {
        assert!(
            page.status < 500,
            "{} (rendered by {}) failed with {}:\n{}",
            page.file,
            page.template,
            page.status,
            page.body
        );
    }
    let mut rendered = BTreeSet::new();
    let mut waiting: Vec<&str> = pages.iter().map(|page| page.template).collect();
    while let Some(name) = waiting.pop() {
        let source = templates
            .get(name)
            .unwrap_or_else(|| panic!("the tour names {name}, which the default theme lacks"));
        if rendered.insert(name.to_owned()) {
            waiting.extend(templates_used_by(source));
        }
    }
    let missing: Vec<&String> = templates
        .keys()
        .filter(|name| !rendered.contains(*name))
        .collect();
    assert!(
        missing.is_empty(),
        "no page of the tour renders {missing:?}: add a page that does to page_tour.rs"
    );
}

#[test]
fn every_template_is_documented() {
    let guide = std::fs::read_to_string(repository().join("docs/THEMES.md"))
        .expect("docs/THEMES.md is readable");
    let undocumented: Vec<String> = default_templates()
        .into_keys()
        .filter(|name| !guide.contains(name.as_str()))
        .collect();
    assert!(
        undocumented.is_empty(),
        "docs/THEMES.md does not describe {undocumented:?}"
    );
}

#[test]
fn template_references_are_found_in_tags_only() {
    let source = r#"{% extends "base.html" %}{%- include "partials/a.html" -%}
        {% import "desk/macros.html" as forms %}{% from 'partials/b.html' import x %}
        <p>{{ "include" }} "partials/not-a-reference.html"</p>"#;
    assert_eq!(
        templates_used_by(source),
        vec![
            "base.html",
            "partials/a.html",
            "desk/macros.html",
            "partials/b.html"
        ]
    );
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The default theme's templates by name (`partials/comment.html`), with their source.
fn default_templates() -> BTreeMap<String, String> {
    let theme = gazette_render::Theme::load(&gazette_render::ThemeOptions::default())
        .expect("the default theme loads");
    let folder = repository().join("themes/default/templates");
    theme
        .template_names()
        .into_iter()
        .map(|name| {
            let source = std::fs::read_to_string(folder.join(&name))
                .unwrap_or_else(|error| panic!("reading template {name}: {error}"));
            (name, source)
        })
        .collect()
}

/// The templates `source` extends, includes or imports, in order.
fn templates_used_by(source: &str) -> Vec<&str> {
    source
        .split("{%")
        .skip(1)
        .filter_map(|tag| {
            let tag = tag.split("%}").next()?.trim_start_matches('-').trim_start();
            let keyword = tag.split_whitespace().next()?;
            if !["extends", "include", "import", "from"].contains(&keyword) {
                return None;
            }
            let rest = tag[keyword.len()..].trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            rest[1..].split(quote).next()
        })
        .collect()
}
