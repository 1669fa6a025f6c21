//! The contexts of the desk's article pages: the list, the editor, the preview, the
//! history and the comparison of two versions. Field names are the contract with the
//! `desk/article_*.html` templates.

use crate::form::FormFields;
use crate::views::DateView;
use gazette_app::{DeskArticleList, EditorData};
use gazette_domain::permalink::Permalinks;
use gazette_domain::{Article, ArticleStatus, FieldErrors, SiteSettings};
use serde::Serialize;
use std::collections::BTreeMap;

/// A `<select>` option.
#[derive(Debug, Serialize)]
pub struct OptionView {
    pub value: String,
    pub label: String,
}

/// A link that keeps the list's other filters.
#[derive(Debug, Serialize)]
pub struct StatusLinkView {
    pub label: &'static str,
    pub count: i64,
    pub url: String,
    pub current: bool,
}

/// The list's filters as the reader set them.
#[derive(Debug, Default, Serialize)]
pub struct ListFilters {
    pub status: String,
    pub author: String,
    pub category: String,
    pub search: String,
    /// `post`, `page`, or empty for both.
    pub kind: String,
}

impl ListFilters {
    /// The list's address with these filters, on `page` (and another status if given).
    pub fn url(&self, status: Option<&str>, page: u32) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        let status = status.unwrap_or(&self.status);
        for (name, value) in [
            ("status", status),
            ("author", &self.author),
            ("category", &self.category),
            ("s", &self.search),
            ("kind", &self.kind),
        ] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            "/desk/articles/".to_owned()
        } else {
            format!("/desk/articles/?{query}")
        }
    }
}

/// One row of the list.
#[derive(Debug, Serialize)]
pub struct ArticleRowView {
    pub id: i64,
    pub title: String,
    pub edit_url: Option<String>,
    pub preview_url: String,
    pub public_url: Option<String>,
    pub author: String,
    pub categories: String,
    pub tags: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub when_label: &'static str,
    pub when: Option<DateView>,
    pub comment_count: i64,
    pub pending_comment_count: i64,
    pub credit: Option<String>,
    pub kind_badge: Option<&'static str>,
    pub may_delete: bool,
    pub trashed: bool,
}

impl ArticleRowView {
    fn new(
        item: &gazette_app::DeskArticleListItem,
        settings: &SiteSettings,
        permalinks: &Permalinks,
    ) -> Self {
        let row = &item.row;
        let trashed = row.trashed_at.is_some();
        let (when_label, when) = if trashed {
            ("Trashed", row.trashed_at)
        } else {
            match row.status {
                ArticleStatus::Published => ("Published", row.published_at),
                ArticleStatus::Scheduled => ("Scheduled for", row.published_at),
                ArticleStatus::Draft | ArticleStatus::Pending => {
                    ("Last saved", Some(row.updated_at))
                }
            }
        };
        ArticleRowView {
            id: row.id.get(),
            title: row.title.clone(),
            edit_url: item
                .may_edit
                .then(|| format!("/desk/articles/{}/edit", row.id)),
            preview_url: format!("/desk/articles/{}/preview", row.id),
            public_url: (row.status == ArticleStatus::Published && !trashed)
                .then_some(row.published_at)
                .flatten()
                .map(|published| {
                    let first_category = item.categories.iter().map(|category| category.id).min();
                    permalinks.path(row.id, &row.slug, published, first_category)
                }),
            author: row.author_name.clone().unwrap_or_default(),
            categories: item
                .categories
                .iter()
                .map(|category| category.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            tags: item
                .tags
                .iter()
                .map(|tag| tag.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            status: if trashed {
                "trash"
            } else {
                row.status.as_str()
            },
            status_label: if trashed {
                "In the trash"
            } else {
                status_label(row.status)
            },
            when_label,
            when: when.map(|moment| DateView::with_time(moment, settings)),
            comment_count: row.comment_count,
            pending_comment_count: row.pending_comment_count,
            credit: row.source_name.clone(),
            kind_badge: if row.kind == gazette_domain::ArticleKind::Page {
                Some("Page")
            } else if row.sticky {
                Some("Featured")
            } else {
                None
            },
            may_delete: item.may_delete,
            trashed,
        }
    }
}

/// The article list.
#[derive(Debug, Serialize)]
pub struct ArticleListPage {
    pub status_links: Vec<StatusLinkView>,
    pub filters: ListFilters,
    pub authors: Vec<OptionView>,
    pub categories: Vec<OptionView>,
    pub rows: Vec<ArticleRowView>,
    pub total: i64,
    pub page: u32,
    pub total_pages: u32,
    pub newer_url: Option<String>,
    pub older_url: Option<String>,
    pub in_trash: bool,
    /// Where bulk actions send the reader back to.
    pub return_to: String,
    /// Whether the signed-in user may write pages (the "New page" button).
    pub may_write_pages: bool,
}

/// How a status is named on the desk.
pub fn status_label(status: ArticleStatus) -> &'static str {
    match status {
        ArticleStatus::Draft => "Draft",
        ArticleStatus::Pending => "Pending review",
        ArticleStatus::Scheduled => "Scheduled",
        ArticleStatus::Published => "Published",
    }
}

impl ArticleListPage {
    pub fn new(list: &DeskArticleList, filters: ListFilters, settings: &SiteSettings) -> Self {
        let links = [
            ("all", "All"),
            ("draft", "Drafts"),
            ("pending", "Pending review"),
            ("scheduled", "Scheduled"),
            ("published", "Published"),
            ("trash", "Trash"),
        ];
        let current = if filters.status.is_empty() {
            "all"
        } else {
            filters.status.as_str()
        };
        let status_links = links
            .into_iter()
            .map(|(status, label)| StatusLinkView {
                label,
                count: list.counts.get(status).copied().unwrap_or(0),
                url: filters.url(Some(if status == "all" { "" } else { status }), 1),
                current: status == current,
            })
            .collect();
        let permalinks = Permalinks::new(
            &settings.permalink_pattern,
            &settings.time_zone,
            list.categories.iter().map(|(category, _)| category),
        );
        let rows = list
            .items
            .iter()
            .map(|item| ArticleRowView::new(item, settings, &permalinks))
            .collect();
        let mut authors = vec![OptionView {
            value: String::new(),
            label: "All authors".to_owned(),
        }];
        authors.extend(list.authors.iter().map(|user| OptionView {
            value: user.id.to_string(),
            label: user.display_name.clone(),
        }));
        let mut categories = vec![OptionView {
            value: String::new(),
            label: "All categories".to_owned(),
        }];
        categories.extend(list.categories.iter().map(|(category, depth)| OptionView {
            value: category.id.to_string(),
            label: format!("{}{}", "— ".repeat(*depth), category.name),
        }));
        Self {
            status_links,
            authors,
            categories,
            rows,
            total: list.total,
            page: list.page,
            total_pages: list.total_pages,
            newer_url: (list.page > 1).then(|| filters.url(None, list.page - 1)),
            older_url: (list.page < list.total_pages).then(|| filters.url(None, list.page + 1)),
            in_trash: filters.status == "trash",
            return_to: filters.url(None, list.page),
            may_write_pages: false,
            filters,
        }
    }
}

/// The editor's fields as shown: the article's, or what was typed.
#[derive(Debug, Default, Serialize)]
pub struct EditorValues {
    pub title: String,
    pub body: String,
    pub slug: String,
    pub excerpt: String,
    pub seo_title: String,
    pub meta_description: String,
    pub publish_at: String,
    pub tags: String,
    pub new_category: String,
    pub new_category_parent: String,
    pub parent_page: String,
    pub source_name: String,
    pub source_url: String,
    pub source_published: String,
    pub source_author: String,
    pub source_licence: String,
    pub source_canonical: bool,
    pub comments_open: bool,
    pub sticky: bool,
    pub featured_media: String,
    pub featured_alt: String,
    pub featured_caption: String,
    pub author: String,
    pub based_on: String,
}

/// `2024-04-24T09:30` in the site's zone, as a `datetime-local` field wants it.
pub fn local_input(moment: gazette_domain::Timestamp, settings: &SiteSettings) -> String {
    moment
        .in_zone(&settings.time_zone)
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

impl EditorValues {
    /// The fields of `article`, or a new article's defaults.
    pub fn of_article(
        article: Option<&Article>,
        data: &EditorData,
        settings: &SiteSettings,
    ) -> Self {
        let Some(article) = article else {
            return Self {
                comments_open: settings.comments_open_by_default,
                source_canonical: true,
                ..Self::default()
            };
        };
        let source = article.source.as_ref();
        let featured = article.featured_image.as_ref();
        Self {
            title: article.title.clone(),
            body: article.body_markdown.clone(),
            slug: article.slug.to_string(),
            excerpt: article.manual_excerpt().to_owned(),
            seo_title: article.seo_title.clone(),
            meta_description: article.meta_description.clone(),
            publish_at: article
                .published_at
                .map(|moment| local_input(moment, settings))
                .unwrap_or_default(),
            tags: data
                .tags
                .iter()
                .map(|tag| tag.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            new_category: String::new(),
            new_category_parent: String::new(),
            parent_page: data
                .parent_page
                .map(|parent| parent.to_string())
                .unwrap_or_default(),
            source_name: source.map(|source| source.name.clone()).unwrap_or_default(),
            source_url: source.map(|source| source.url.clone()).unwrap_or_default(),
            source_published: source
                .and_then(|source| source.published_at)
                .map(|moment| local_input(moment, settings))
                .unwrap_or_default(),
            source_author: source
                .and_then(|source| source.author.clone())
                .unwrap_or_default(),
            source_licence: source
                .and_then(|source| source.licence.clone())
                .unwrap_or_default(),
            source_canonical: source.is_none_or(|source| source.canonical),
            comments_open: article.comments_open,
            sticky: article.sticky,
            featured_media: featured
                .map(|image| image.media_id.to_string())
                .unwrap_or_default(),
            featured_alt: featured.map(|image| image.alt.clone()).unwrap_or_default(),
            featured_caption: featured
                .map(|image| image.caption.clone())
                .unwrap_or_default(),
            author: article
                .author_id
                .map(|author| author.to_string())
                .unwrap_or_default(),
            based_on: article.updated_at.as_microseconds().to_string(),
        }
    }

    /// The fields as the editor typed them.
    pub fn typed(form: &FormFields) -> Self {
        Self {
            title: form.text("title"),
            body: form.text("body"),
            slug: form.text("slug"),
            excerpt: form.text("excerpt"),
            seo_title: form.text("seo_title"),
            meta_description: form.text("meta_description"),
            publish_at: form.text("publish_at"),
            tags: form.text("tags"),
            new_category: form.text("new_category"),
            new_category_parent: form.text("new_category_parent"),
            parent_page: form.text("parent_page"),
            source_name: form.text("source_name"),
            source_url: form.text("source_url"),
            source_published: form.text("source_published"),
            source_author: form.text("source_author"),
            source_licence: form.text("source_licence"),
            source_canonical: form.ticked("source_canonical"),
            comments_open: form.ticked("comments_open"),
            sticky: form.ticked("sticky"),
            featured_media: form.text("featured_media"),
            featured_alt: form.text("featured_alt"),
            featured_caption: form.text("featured_caption"),
            author: form.text("author"),
            based_on: form.text("based_on"),
        }
    }
}

/// A category checkbox.
#[derive(Debug, Serialize)]
pub struct CategoryChoice {
    pub id: i64,
    pub name: String,
    pub depth: usize,
    pub checked: bool,
}

/// A submit button of the editor.
#[derive(Debug, Serialize)]
pub struct EditorButton {
    pub intent: &'static str,
    pub label: &'static str,
    pub primary: bool,
}

/// A correction or update on the editor page.
#[derive(Debug, Serialize)]
pub struct CorrectionView {
    pub id: i64,
    pub label: &'static str,
    pub note_html: String,
    pub added: DateView,
}

/// The autosave waiting to be restored.
#[derive(Debug, Serialize)]
pub struct AutosaveView {
    pub saved: DateView,
    pub restore_url: String,
    pub discard_url: String,
}

/// The editor page.
#[derive(Debug, Serialize)]
pub struct EditorPage {
    pub is_new: bool,
    /// A page (About, Contact…) rather than news: placed under a parent page, not filed.
    pub is_page: bool,
    /// For a page: the pages it may sit under, and the top of the tree.
    pub parent_page_options: Vec<OptionView>,
    pub article_id: Option<i64>,
    pub action: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub public_url: Option<String>,
    pub values: EditorValues,
    pub errors: BTreeMap<&'static str, String>,
    /// A refusal that belongs to no one field (someone else saved; not allowed).
    pub problem: Option<String>,
    pub categories: Vec<CategoryChoice>,
    pub parent_options: Vec<OptionView>,
    pub suggested_tags: Vec<String>,
    pub authors: Vec<OptionView>,
    pub buttons: Vec<EditorButton>,
    pub may: EditorPermissions,
    pub autosave: Option<AutosaveView>,
    pub restored_autosave: bool,
    pub revision_count: usize,
    pub corrections: Vec<CorrectionView>,
    pub correction_values: CorrectionValues,
    pub correction_errors: BTreeMap<&'static str, String>,
    pub time_zone: String,
    pub featured_image: Option<FeaturedImageView>,
}

/// What the signed-in user may do in the editor.
#[derive(Debug, Serialize)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "five independent permissions, each showing or hiding one part of the editor"
)]
pub struct EditorPermissions {
    pub publish: bool,
    pub change_author: bool,
    pub add_categories: bool,
    pub trash: bool,
    /// Keeping the article at the top of the home page (editors and administrators, for
    /// news).
    pub make_sticky: bool,
}

/// The featured image on the editor page.
#[derive(Debug, Serialize)]
pub struct FeaturedImageView {
    pub media_id: i64,
    pub src: String,
    pub edit_url: String,
}

/// The correction form as typed.
#[derive(Debug, Default, Serialize)]
pub struct CorrectionValues {
    pub kind: String,
    pub note: String,
}

/// Turns field errors into the map templates look messages up in.
pub fn errors_by_field(errors: &FieldErrors) -> BTreeMap<&'static str, String> {
    errors
        .iter()
        .map(|error| (error.field, error.message.clone()))
        .collect()
}

/// The buttons that fit an article's status and the user's permissions.
pub fn editor_buttons(status: Option<ArticleStatus>, may_publish: bool) -> Vec<EditorButton> {
    let button = |intent, label, primary| EditorButton {
        intent,
        label,
        primary,
    };
    match status {
        None | Some(ArticleStatus::Draft) => {
            let mut buttons = vec![button("draft", "Save draft", false)];
            if may_publish {
                buttons.push(button("publish", "Publish", true));
            } else {
                buttons.push(button("review", "Submit for review", true));
            }
            buttons
        }
        Some(ArticleStatus::Pending) => {
            let mut buttons = vec![
                button("draft", "Switch to draft", false),
                button("keep", "Save", !may_publish),
            ];
            if may_publish {
                buttons.push(button("publish", "Publish", true));
            }
            buttons
        }
        Some(ArticleStatus::Scheduled | ArticleStatus::Published) => {
            if may_publish {
                vec![
                    button("draft", "Switch to draft", false),
                    button("keep", "Update", true),
                ]
            } else {
                Vec::new()
            }
        }
    }
}

/// An article as the preview shows it.
#[derive(Debug, Serialize)]
pub struct PreviewPage {
    pub title: String,
    pub body_html: String,
    pub excerpt: String,
    pub credit: Option<crate::views::CreditView>,
    pub original_published: Option<DateView>,
    pub published: Option<DateView>,
    pub status_label: &'static str,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub edit_url: Option<String>,
    pub unsaved: bool,
}

/// One version in the history list.
#[derive(Debug, Serialize)]
pub struct RevisionRowView {
    pub id: i64,
    pub saved: DateView,
    pub saved_by: String,
    pub title: String,
    pub status_label: &'static str,
    pub note: String,
    pub lines_added: usize,
    pub lines_removed: usize,
    pub compare_url: String,
    pub current: bool,
}

/// The history page.
#[derive(Debug, Serialize)]
pub struct HistoryPage {
    pub article_id: i64,
    pub title: String,
    pub edit_url: String,
    pub revisions: Vec<RevisionRowView>,
}

/// The comparison page.
#[derive(Debug, Serialize)]
pub struct ComparisonPage {
    pub article_id: i64,
    pub title: String,
    pub edit_url: String,
    pub history_url: String,
    pub older: Option<RevisionHeading>,
    pub newer: RevisionHeading,
    pub fields: Vec<gazette_domain::revision_diff::FieldChange>,
    pub lines: Vec<gazette_domain::revision_diff::DiffLine>,
    pub identical: bool,
    pub restore_url: String,
    pub may_restore: bool,
    pub is_current: bool,
}

/// Which version a side of the comparison is.
#[derive(Debug, Serialize)]
pub struct RevisionHeading {
    pub id: i64,
    pub saved: DateView,
    pub saved_by: String,
}
