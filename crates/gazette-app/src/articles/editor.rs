//! The article editor's use cases: what the editor shows, saving (with the move through
//! draft → pending review → scheduled → published that the pressed button asks for),
//! and autosaving unsaved work.
//!
//! A save is one transaction: the article, its categories and tags, the slug it leaves
//! behind (kept as an old address when it was public), a revision, the job that publishes
//! it on schedule, and the end of the saver's autosave. Permissions come from the domain's
//! matrix: the edit itself, and the move the button asks for.

use super::pages::{
    ArticlePlace, PageChoice, addresses_before_moving, check_page_place, keep_moved_page_addresses,
    kind_after, parent_choices, parent_refusal,
};
use super::slugs::choose_slug;
use crate::error::AppError;
use crate::jobs::Job;
use crate::{App, AppResult};
use gazette_domain::editing::{SaveIntent, Standing, Transition, transition};
use gazette_domain::permissions::{ArticleAction, ArticleOwnership, check_article_action};
use gazette_domain::taxonomy::{
    Category, Tag, category_slug_for, check_category_name, parse_tag_names, tag_slug_for,
};
use gazette_domain::time::parse_human_instant;
use gazette_domain::{
    Actor, Article, ArticleDraft, ArticleId, ArticleKind, ArticleStatus, CategoryId, FeaturedImage,
    FieldErrors, MediaId, Timestamp, User, UserId,
};
use gazette_render::markdown;
use gazette_store::{ArticleRecord, Autosave, CategoryRecord, NewRevision, Tx};
use std::collections::HashMap;

/// The longest alt text accepted, in characters.
const MAX_ALT_CHARACTERS: usize = 500;
/// The longest caption accepted, in characters.
const MAX_CAPTION_CHARACTERS: usize = 1_000;
/// How many tags the editor suggests.
const SUGGESTED_TAGS: u32 = 200;

/// Everything the editor form sends, as typed.
#[derive(Clone, Debug)]
pub struct ArticleEdit {
    /// The headline.
    pub title: String,
    /// The Markdown body.
    pub body_markdown: String,
    /// The slug; empty to make one from the title.
    pub slug: String,
    /// A hand-written excerpt; empty to make one from the body.
    pub excerpt: String,
    /// The title for search engines and social sites; empty to give them the headline.
    pub seo_title: String,
    /// The description for search engines and social sites; empty to give them the
    /// excerpt.
    pub meta_description: String,
    /// For republished pieces: the outlet's name.
    pub source_name: String,
    /// For republished pieces: the original's address.
    pub source_url: String,
    /// For republished pieces: when the original appeared (a date or date and time in the
    /// site's zone).
    pub source_published: String,
    /// For republished pieces: who wrote the original.
    pub source_author: String,
    /// For republished pieces: the licence or permission note.
    pub source_licence: String,
    /// For republished pieces: whether `rel=canonical` points at the original.
    pub source_canonical: bool,
    /// Whether readers may comment.
    pub comments_open: bool,
    /// Whether the article is kept at the top of the home page; `None` leaves it as it is
    /// (the form did not offer the choice).
    pub sticky: Option<bool>,
    /// What a new article is, and where a page sits; `None` when the form did not offer
    /// the choice (a new article is then news, and a page stays where it is).
    pub place: Option<ArticlePlace>,
    /// The categories ticked.
    pub categories: Vec<CategoryId>,
    /// A category to create and tick, by name.
    pub new_category: String,
    /// Where the new category sits.
    pub new_category_parent: Option<CategoryId>,
    /// The tags, separated by commas; new ones are created.
    pub tags: String,
    /// The featured image.
    pub featured_media: Option<MediaId>,
    /// The featured image's alt text on this article.
    pub featured_alt: String,
    /// The featured image's caption on this article.
    pub featured_caption: String,
    /// The "Publish at" field: empty, or a date and time in the site's zone.
    pub publish_at: String,
    /// Who the article is by; `None` keeps the current author (or the saver, for a new
    /// article).
    pub author: Option<UserId>,
    /// The button pressed.
    pub intent: SaveIntent,
    /// When the article was last saved as the editor opened it, to notice someone else's
    /// save in between.
    pub based_on: Option<Timestamp>,
}

/// What the editor page shows besides the article itself.
#[derive(Clone, Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "five independent permissions of the signed-in user, each shown or hidden on its own"
)]
pub struct EditorData {
    /// The article, unless it is a new one.
    pub article: Option<Article>,
    /// What it is: news, or a page.
    pub kind: ArticleKind,
    /// For a page: the page it sits under.
    pub parent_page: Option<ArticleId>,
    /// For a page: the pages it may sit under, in tree order.
    pub parent_choices: Vec<PageChoice>,
    /// Its categories' ids.
    pub category_ids: Vec<CategoryId>,
    /// Its tags.
    pub tags: Vec<Tag>,
    /// Every category, in tree order with depth.
    pub categories: Vec<(Category, usize)>,
    /// Tags to suggest.
    pub suggested_tags: Vec<Tag>,
    /// The people an article can be given to, when the user may change authors.
    pub authors: Vec<User>,
    /// The user's autosave, unless the article was saved since.
    pub autosave: Option<Autosave>,
    /// How many revisions the article has.
    pub revision_count: usize,
    /// The article's corrections and updates.
    pub corrections: Vec<gazette_domain::correction::Correction>,
    /// Whether the user may publish or schedule this article.
    pub may_publish: bool,
    /// Whether the user may give the article to someone else.
    pub may_change_author: bool,
    /// Whether the user may create categories.
    pub may_add_categories: bool,
    /// Whether the user may put the article in the trash.
    pub may_trash: bool,
    /// Whether the user may keep the article at the top of the home page (it is news,
    /// not a page).
    pub may_make_sticky: bool,
}

/// A save that passed every rule, ready to be checked against permissions and stored.
struct CheckedEdit {
    moved: Transition,
    valid: gazette_domain::article::ValidArticle,
    tags: Vec<String>,
    featured_alt: String,
    featured_caption: String,
    new_category: Option<String>,
}

/// What the editor's autosave sends of the work.
#[derive(Clone, Copy, Debug)]
pub struct AutosaveText<'a> {
    /// The headline.
    pub title: &'a str,
    /// The excerpt.
    pub excerpt: &'a str,
    /// The Markdown body.
    pub body_markdown: &'a str,
    /// The editor's other fields, in the desk's own form encoding, kept as they are.
    pub other_fields: &'a str,
}

/// What an autosave did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutosaveOutcome {
    /// Nothing worth keeping was typed yet.
    NothingToKeep,
    /// A new article was saved as a draft so that its work is kept; the editor continues
    /// with it.
    DraftCreated {
        /// The new draft.
        article: ArticleId,
        /// When.
        saved_at: Timestamp,
        /// The draft's last-saved time, which the editor's next save must name.
        based_on: Timestamp,
    },
    /// The work was kept for the user.
    Kept {
        /// The article.
        article: ArticleId,
        /// When.
        saved_at: Timestamp,
    },
}

/// The actor of a signed-in user, checked for being allowed on the desk at all.
fn actor_of(user: &User) -> Actor {
    Actor::from(user)
}

fn denied(error: gazette_domain::PermissionDenied) -> AppError {
    AppError::Forbidden(error.message)
}

/// Checks that `actor` may do `action` to `article`; `None` is the new article `actor` is
/// writing, which is their own draft.
pub(crate) fn check(
    actor: &Actor,
    action: ArticleAction,
    article: Option<&Article>,
) -> AppResult<()> {
    let ownership = article.map_or(
        ArticleOwnership {
            author: Some(actor.user),
            status: ArticleStatus::Draft,
        },
        ArticleOwnership::from,
    );
    check_article_action(actor, action, Some(&ownership)).map_err(denied)
}

impl App {
    /// The article `id` for `user` to work on: not found when missing, refused when they
    /// may not see it on the desk.
    pub(crate) async fn article_for_desk(&self, user: &User, id: ArticleId) -> AppResult<Article> {
        let article = self
            .db()
            .article_by_id(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("There is no article {id}.")))?;
        check(&actor_of(user), ArticleAction::ViewDraft, Some(&article))?;
        Ok(article)
    }

    /// What the editor shows for article `id` (or a new piece of news), for `user`.
    pub async fn editor_data(&self, user: &User, id: Option<ArticleId>) -> AppResult<EditorData> {
        self.editor_data_for(user, id, ArticleKind::Post).await
    }

    /// What the editor shows for article `id`, or a new article of `new_kind`, for `user`.
    pub async fn editor_data_for(
        &self,
        user: &User,
        id: Option<ArticleId>,
        new_kind: ArticleKind,
    ) -> AppResult<EditorData> {
        let actor = actor_of(user);
        let article = if let Some(id) = id {
            Some(self.article_for_desk(user, id).await?)
        } else {
            check(&actor, ArticleAction::Create, None)?;
            check_page_place(
                user,
                None,
                Some(ArticlePlace {
                    kind: new_kind,
                    parent_page: None,
                }),
            )?;
            None
        };
        let db = self.db();
        let tree = self.category_tree().await?;
        let (category_ids, tags, autosave, revision_count, corrections) = match &article {
            Some(article) => {
                let autosave = db
                    .autosave(article.id, user.id)
                    .await?
                    .filter(|autosave| autosave.saved_at >= article.updated_at);
                (
                    db.categories_of_article(article.id)
                        .await?
                        .into_iter()
                        .map(|category| category.id)
                        .collect(),
                    db.tags_of_article(article.id).await?,
                    autosave,
                    db.revisions_of(article.id).await?.len(),
                    db.corrections_of(article.id).await?,
                )
            }
            None => (Vec::new(), Vec::new(), None, 0, Vec::new()),
        };
        let may = |action| check(&actor, action, article.as_ref()).is_ok();
        let may_change_author = may(ArticleAction::ChangeAuthor);
        let authors = if may_change_author {
            db.users()
                .await?
                .into_iter()
                .filter(|candidate| candidate.disabled_at.is_none())
                .collect()
        } else {
            Vec::new()
        };
        let kind = article.as_ref().map_or(new_kind, |article| article.kind);
        let parent_choices = if kind == ArticleKind::Page {
            parent_choices(
                &db.page_titles().await?,
                article.as_ref().map(|article| article.id),
            )
        } else {
            Vec::new()
        };
        Ok(EditorData {
            kind,
            parent_page: article.as_ref().and_then(|article| article.parent_id),
            parent_choices,
            may_publish: may(ArticleAction::Publish),
            may_change_author,
            may_add_categories: user.role.can(gazette_domain::Capability::ManageCategories),
            may_trash: article.is_some() && may(ArticleAction::Delete),
            may_make_sticky: may_make_sticky(user)
                && article
                    .as_ref()
                    .is_none_or(|article| article.kind == ArticleKind::Post),
            article,
            category_ids,
            tags,
            categories: tree,
            suggested_tags: db.popular_tags(SUGGESTED_TAGS).await?,
            authors,
            autosave,
            revision_count,
            corrections,
        })
    }

    /// Saves the editor's form for `user`: a new article when `id` is `None`. Returns the
    /// saved article. Every problem with what was typed comes back at once, each with its
    /// field; nothing is stored then.
    pub async fn save_article(
        &self,
        user: &User,
        id: Option<ArticleId>,
        edit: &ArticleEdit,
    ) -> AppResult<Article> {
        let settings = self.site_settings().await?;
        let now = self.clock().now();
        let before = match id {
            Some(id) => Some(self.article_to_change(user, id, edit.based_on).await?),
            None => None,
        };
        let checked = self
            .check_edit(user, before.as_ref(), edit, &settings, now)
            .await?;
        let author_id = self
            .authorize_edit(user, before.as_ref(), edit, checked.moved.action)
            .await?;
        let saved = self
            .write_edit(user, before.as_ref(), edit, checked, author_id, now)
            .await?;
        if saved.status == ArticleStatus::Scheduled {
            self.wake_job_runner();
        }
        tracing::info!(article = %saved.id, status = %saved.status, user = %user.id, "article saved from the desk");
        Ok(saved)
    }

    /// The article `id` as `user` is about to change it: refused in the trash, and when
    /// someone saved it after `based_on` (the version the editor started from).
    async fn article_to_change(
        &self,
        user: &User,
        id: ArticleId,
        based_on: Option<Timestamp>,
    ) -> AppResult<Article> {
        let article = self.article_for_desk(user, id).await?;
        if article.trashed.is_some() {
            return Err(AppError::Conflict(
                "This article is in the trash; restore it before editing it.".to_owned(),
            ));
        }
        if based_on.is_some_and(|based_on| based_on != article.updated_at) {
            return Err(AppError::Conflict(
                "Someone saved this article after you opened it. Your text is kept below: open the article again in another tab to see their version, then save yours."
                    .to_owned(),
            ));
        }
        Ok(article)
    }

    /// Applies every rule to what was typed, reporting every problem at once.
    async fn check_edit(
        &self,
        user: &User,
        before: Option<&Article>,
        edit: &ArticleEdit,
        settings: &gazette_domain::SiteSettings,
        now: Timestamp,
    ) -> AppResult<CheckedEdit> {
        let mut errors = FieldErrors::new();
        let mut read_time = |field: &'static str, what: &str, typed: &str| match typed.trim() {
            "" => None,
            typed => parse_human_instant(typed, &settings.time_zone)
                .map_err(|reason| errors.add(field, format!("{what} {reason}.")))
                .ok(),
        };
        let chosen_time = read_time("publish_at", "The publication time", &edit.publish_at);
        let source_published_at = read_time(
            "source_published",
            "The original date",
            &edit.source_published,
        );
        let standing = before.map(|article| Standing {
            status: article.status,
            published_at: article.published_at,
        });
        let moved = transition(standing, edit.intent, chosen_time, now)
            .map_err(|problems| errors.extend(&problems))
            .ok();
        let draft = ArticleDraft {
            title: edit.title.clone(),
            body_markdown: edit.body_markdown.clone(),
            slug: Some(edit.slug.clone()),
            excerpt: Some(edit.excerpt.clone()),
            seo_title: Some(edit.seo_title.clone()),
            meta_description: Some(edit.meta_description.clone()),
            draft: moved.is_none_or(|moved| moved.status == ArticleStatus::Draft),
            source_name: Some(edit.source_name.clone()),
            source_url: Some(edit.source_url.clone()),
            source_published_at,
            source_author: Some(edit.source_author.clone()),
            source_licence: Some(edit.source_licence.clone()),
            source_canonical: Some(edit.source_canonical),
            comments_open: Some(edit.comments_open),
        };
        let valid = draft
            .validate()
            .map_err(|problems| errors.extend(&problems))
            .ok();
        let tags = parse_tag_names(&edit.tags).unwrap_or_else(|reason| {
            errors.add("tags", reason);
            Vec::new()
        });
        let (featured_alt, featured_caption) = check_image_words(edit, &mut errors);
        let new_category = check_new_category(user, edit, &mut errors);
        let known_categories = self.db().all_categories().await?;
        if edit
            .categories
            .iter()
            .chain(edit.new_category_parent.iter())
            .any(|id| !known_categories.iter().any(|category| category.id == *id))
        {
            errors.add(
                "categories",
                "One of the chosen categories no longer exists; reload the page and choose again.",
            );
        }
        if kind_after(before, edit.place) == ArticleKind::Page
            && let Some(parent) = edit.place.and_then(|place| place.parent_page)
            && let Some(reason) = parent_refusal(
                &self.db().page_titles().await?,
                before.map(|article| article.id),
                parent,
            )
        {
            errors.add("parent_page", reason);
        }
        if let Some(media) = edit.featured_media
            && self.db().media_by_id(media).await?.is_none()
        {
            errors.add(
                "featured_media",
                "That image is no longer in the media library; choose another.",
            );
        }
        match (moved, valid) {
            (Some(moved), Some(valid)) if errors.is_empty() => Ok(CheckedEdit {
                moved,
                valid,
                tags,
                featured_alt,
                featured_caption,
                new_category,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }

    /// Checks that `user` may make this save (the edit, the move it asks for, and a change
    /// of author); returns the article's author after it.
    async fn authorize_edit(
        &self,
        user: &User,
        before: Option<&Article>,
        edit: &ArticleEdit,
        move_action: ArticleAction,
    ) -> AppResult<Option<UserId>> {
        let actor = actor_of(user);
        let plain_edit = if before.is_some() {
            ArticleAction::Edit
        } else {
            ArticleAction::Create
        };
        check(&actor, plain_edit, before)?;
        if move_action != plain_edit {
            check(&actor, move_action, before)?;
        }
        check_sticky(user, before, edit)?;
        check_page_place(user, before, edit.place)?;
        let current_author = before.map_or(Some(user.id), |article| article.author_id);
        let Some(chosen) = edit.author.filter(|chosen| Some(*chosen) != current_author) else {
            return Ok(current_author);
        };
        check(&actor, ArticleAction::ChangeAuthor, before)?;
        if self.db().user_by_id(chosen).await?.is_none() {
            return Err(AppError::Validation(FieldErrors::single(
                "author",
                "That author does not exist; pick one from the list.",
            )));
        }
        Ok(Some(chosen))
    }

    /// Stores a checked and allowed save in one transaction.
    async fn write_edit(
        &self,
        user: &User,
        before: Option<&Article>,
        edit: &ArticleEdit,
        checked: CheckedEdit,
        author_id: Option<UserId>,
        now: Timestamp,
    ) -> AppResult<Article> {
        let CheckedEdit {
            moved,
            valid,
            tags,
            featured_alt,
            featured_caption,
            new_category,
        } = checked;
        let body_html = markdown::to_safe_html(&valid.body_markdown);
        let excerpt = valid
            .excerpt
            .clone()
            .unwrap_or_else(|| markdown::excerpt(&valid.body_markdown));
        let was_published =
            before.is_some_and(|article| article.status == ArticleStatus::Published);
        let readers_see_a_change = before.is_some_and(|article| {
            was_published
                && moved.status == ArticleStatus::Published
                && (article.title != valid.title
                    || article.body_markdown != valid.body_markdown
                    || article.excerpt != excerpt)
        });
        let modified_at = if readers_see_a_change {
            Some(now)
        } else {
            before.and_then(|article| article.modified_at)
        };

        let mut tx = self.db().begin().await?;
        let page_addresses_before = addresses_before_moving(&mut tx, before).await?;
        let slug = choose_slug(
            &mut tx,
            valid.slug.as_ref(),
            &valid.title,
            before.map(|article| article.id),
        )
        .await?;
        let record = ArticleRecord {
            slug: slug.clone(),
            title: valid.title.clone(),
            body_markdown: valid.body_markdown.clone(),
            body_html,
            excerpt,
            excerpt_is_manual: valid.excerpt.is_some(),
            seo_title: valid.seo_title.clone(),
            meta_description: valid.meta_description.clone(),
            status: moved.status,
            author_id,
            comments_open: valid.comments_open.unwrap_or(true),
            source: valid.source.clone(),
            featured_image: edit.featured_media.map(|media_id| FeaturedImage {
                media_id,
                alt: featured_alt,
                caption: featured_caption,
            }),
            published_at: moved.published_at,
            modified_at,
        };
        let article_id = match before {
            Some(article) => {
                tx.update_article(article.id, &record, now).await?;
                if was_published && article.slug != slug {
                    tx.remember_old_slug(&article.slug, article.id, now).await?;
                }
                article.id
            }
            None => tx.insert_article(&record, now).await?,
        };
        if let Some(sticky) = edit
            .sticky
            .filter(|sticky| *sticky != before.is_some_and(|article| article.sticky))
        {
            tx.set_article_sticky(article_id, sticky, now).await?;
        }
        tx.forget_old_slug(&slug).await?;
        file_or_place(
            &mut tx,
            before,
            &page_addresses_before,
            article_id,
            edit,
            &tags,
            new_category.as_deref(),
        )
        .await?;
        tx.insert_revision(
            &NewRevision::of(article_id, &record, Some(user.id), ""),
            now,
        )
        .await?;
        tx.delete_autosave(article_id, user.id).await?;
        self.schedule_publication(&mut tx, article_id, moved, now)
            .await?;
        let saved = tx
            .article_by_id(article_id)
            .await?
            .ok_or_else(|| AppError::internal("an article vanished inside its own transaction"))?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Queues the publication of article `id` when the save `moved` it to scheduled.
    async fn schedule_publication(
        &self,
        tx: &mut Tx,
        id: ArticleId,
        moved: Transition,
        now: Timestamp,
    ) -> AppResult<()> {
        if let (ArticleStatus::Scheduled, Some(when)) = (moved.status, moved.published_at) {
            let job = Job::PublishScheduled {
                article_id: id.get(),
            };
            self.enqueue_at(tx, &job, when, now).await?;
        }
        Ok(())
    }

    /// Keeps what `user` typed in the editor without saving the article. A new article
    /// with a title is saved as a draft first, so that its work has a place to live.
    pub async fn autosave_article(
        &self,
        user: &User,
        id: Option<ArticleId>,
        place: Option<ArticlePlace>,
        typed: &AutosaveText<'_>,
    ) -> AppResult<AutosaveOutcome> {
        let Some(id) = id else {
            return self.autosave_new_article(user, place, typed).await;
        };
        let now = self.clock().now();
        let article = self.article_for_desk(user, id).await?;
        check(&actor_of(user), ArticleAction::Edit, Some(&article))?;
        check_autosave_size(typed)?;
        self.keep_autosave(id, user, typed, now).await?;
        Ok(AutosaveOutcome::Kept {
            article: id,
            saved_at: now,
        })
    }

    /// The first autosave of a new article: a draft with its headline, excerpt and body,
    /// made when it has a headline, and the rest of the form kept beside it.
    async fn autosave_new_article(
        &self,
        user: &User,
        place: Option<ArticlePlace>,
        typed: &AutosaveText<'_>,
    ) -> AppResult<AutosaveOutcome> {
        let now = self.clock().now();
        if gazette_domain::text::clean_single_line(typed.title).is_empty() {
            return Ok(AutosaveOutcome::NothingToKeep);
        }
        check_autosave_size(typed)?;
        let draft = ArticleEdit {
            title: typed.title.to_owned(),
            body_markdown: typed.body_markdown.to_owned(),
            slug: String::new(),
            excerpt: typed.excerpt.to_owned(),
            seo_title: String::new(),
            meta_description: String::new(),
            source_name: String::new(),
            source_url: String::new(),
            source_published: String::new(),
            source_author: String::new(),
            source_licence: String::new(),
            source_canonical: true,
            comments_open: self.site_settings().await?.comments_open_by_default,
            sticky: None,
            place,
            categories: Vec::new(),
            new_category: String::new(),
            new_category_parent: None,
            tags: String::new(),
            featured_media: None,
            featured_alt: String::new(),
            featured_caption: String::new(),
            publish_at: String::new(),
            author: None,
            intent: SaveIntent::Draft,
            based_on: None,
        };
        let article = self.save_article(user, None, &draft).await?;
        if !typed.other_fields.is_empty() {
            // The draft holds what it can take without the form's checks; the rest of
            // what was typed is kept beside it, offered when the editor opens again.
            self.keep_autosave(article.id, user, typed, article.updated_at)
                .await?;
        }
        Ok(AutosaveOutcome::DraftCreated {
            article: article.id,
            saved_at: now,
            based_on: article.updated_at,
        })
    }

    /// Stores `typed` as `user`'s autosave of article `id`, saved at `saved_at`.
    async fn keep_autosave(
        &self,
        id: ArticleId,
        user: &User,
        typed: &AutosaveText<'_>,
        saved_at: Timestamp,
    ) -> AppResult<()> {
        let mut tx = self.db().begin().await?;
        tx.put_autosave(
            id,
            user.id,
            &Autosave {
                title: typed.title.to_owned(),
                excerpt: typed.excerpt.to_owned(),
                body_markdown: typed.body_markdown.to_owned(),
                other_fields: typed.other_fields.to_owned(),
                saved_at,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Throws away `user`'s autosave of article `id`.
    pub async fn discard_autosave(&self, user: &User, id: ArticleId) -> AppResult<()> {
        self.article_for_desk(user, id).await?;
        let mut tx = self.db().begin().await?;
        tx.delete_autosave(id, user.id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the featured image of article `id` to `media` (from the media library).
    pub async fn set_featured_image(
        &self,
        user: &User,
        id: ArticleId,
        media: Option<MediaId>,
    ) -> AppResult<Article> {
        let article = self.article_for_desk(user, id).await?;
        check(&actor_of(user), ArticleAction::Edit, Some(&article))?;
        if let Some(media) = media
            && self.db().media_by_id(media).await?.is_none()
        {
            return Err(AppError::NotFound(
                "That image is no longer in the media library.".to_owned(),
            ));
        }
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        tx.set_featured_media(id, media, now).await?;
        let saved = tx
            .article_by_id(id)
            .await?
            .ok_or_else(|| AppError::internal("an article vanished inside its own transaction"))?;
        tx.commit().await?;
        Ok(saved)
    }
}

/// The featured image's alt text and caption, cleaned and checked.
fn check_image_words(edit: &ArticleEdit, errors: &mut FieldErrors) -> (String, String) {
    let featured_alt = gazette_domain::text::clean_single_line(&edit.featured_alt);
    let featured_caption = gazette_domain::text::clean_single_line(&edit.featured_caption);
    if featured_alt.chars().count() > MAX_ALT_CHARACTERS {
        errors.add(
            "featured_alt",
            format!("The alt text is too long: at most {MAX_ALT_CHARACTERS} characters."),
        );
    }
    if featured_caption.chars().count() > MAX_CAPTION_CHARACTERS {
        errors.add(
            "featured_caption",
            format!("The caption is too long: at most {MAX_CAPTION_CHARACTERS} characters."),
        );
    }
    (featured_alt, featured_caption)
}

/// Whether `user` may keep articles at the top of the home page: editors and
/// administrators, as in WordPress, since it moves everyone else's news down.
pub(crate) fn may_make_sticky(user: &User) -> bool {
    user.role
        .can(gazette_domain::Capability::EditOthersArticles)
}

/// Checks a change of the article's place at the top of the home page: only editors and
/// administrators make one, and only news is listed there. Asking for the place it has
/// already is no change.
fn check_sticky(user: &User, before: Option<&Article>, edit: &ArticleEdit) -> AppResult<()> {
    let Some(sticky) = edit
        .sticky
        .filter(|sticky| *sticky != before.is_some_and(|article| article.sticky))
    else {
        return Ok(());
    };
    if !may_make_sticky(user) {
        return Err(AppError::Forbidden(
            "Only editors and administrators can keep an article at the top of the home page, or take it from there; ask an editor.".to_owned(),
        ));
    }
    if sticky && before.is_some_and(|article| article.kind == ArticleKind::Page) {
        return Err(AppError::Conflict(
            "This is a page, and pages are not listed on the home page, so it cannot be kept at its top.".to_owned(),
        ));
    }
    Ok(())
}

/// The name of the category to create with the save, if one was typed and `user` may.
fn check_new_category(user: &User, edit: &ArticleEdit, errors: &mut FieldErrors) -> Option<String> {
    match edit.new_category.trim() {
        "" => None,
        _ if !user.role.can(gazette_domain::Capability::ManageCategories) => {
            errors.add(
                "new_category",
                "Only editors and administrators can add categories; pick one of the existing ones or ask an editor.",
            );
            None
        }
        typed => check_category_name(typed)
            .map_err(|reason| errors.add("new_category", reason))
            .ok(),
    }
}

/// Files news (article `id`, `before` the save) as the edit says, or puts a page where it
/// says: pages are not filed, their place is in the tree of pages, and the addresses pages
/// had (`addresses_before`) lead to them when they moved.
async fn file_or_place(
    tx: &mut Tx,
    before: Option<&Article>,
    addresses_before: &HashMap<ArticleId, String>,
    id: ArticleId,
    edit: &ArticleEdit,
    tags: &[String],
    new_category: Option<&str>,
) -> AppResult<()> {
    if kind_after(before, edit.place) != ArticleKind::Page {
        return file_article(tx, id, edit, tags, new_category).await;
    }
    if let Some(place) = edit.place
        && before.is_none_or(|article| article.parent_id != place.parent_page)
    {
        tx.place_page(id, place.parent_page).await?;
    }
    keep_moved_page_addresses(tx, id, addresses_before).await
}

/// Files article `id` under the ticked categories (and a new one, created here) and gives
/// it exactly `tags`, creating the tags it did not have.
async fn file_article(
    tx: &mut Tx,
    id: ArticleId,
    edit: &ArticleEdit,
    tags: &[String],
    new_category: Option<&str>,
) -> AppResult<()> {
    let mut category_ids = edit.categories.clone();
    if let Some(name) = new_category {
        category_ids.push(create_category_in(tx, name, edit.new_category_parent, "").await?);
    }
    category_ids.sort_unstable();
    category_ids.dedup();
    tx.set_article_categories(id, &category_ids).await?;
    let mut tag_ids = Vec::with_capacity(tags.len());
    for name in tags {
        tag_ids.push(tx.ensure_tag(&tag_slug_for(name), name).await?);
    }
    tx.set_article_tags(id, &tag_ids).await?;
    Ok(())
}

/// Creates a category named `name` under `parent`, with a slug made from its name.
pub(crate) async fn create_category_in(
    tx: &mut Tx,
    name: &str,
    parent: Option<CategoryId>,
    description: &str,
) -> AppResult<CategoryId> {
    tx.insert_category(&CategoryRecord {
        slug: category_slug_for(name, parent.is_none()),
        name: name.to_owned(),
        description: description.to_owned(),
        parent_id: parent,
    })
    .await
    .map_err(|error| match AppError::from(error) {
        AppError::Conflict(_) => AppError::Validation(FieldErrors::single(
            "new_category",
            format!("There is already a category called “{name}”; tick it instead."),
        )),
        other => other,
    })
}

/// Refuses an autosave too large to keep, as a save of the same body would be refused.
fn check_autosave_size(typed: &AutosaveText<'_>) -> AppResult<()> {
    let limit = gazette_domain::article::MAX_BODY_BYTES;
    if typed.body_markdown.len() > limit
        || typed.title.chars().count() > 10_000
        || typed.excerpt.len() > limit
        || typed.other_fields.len() > limit
    {
        return Err(AppError::Validation(FieldErrors::single(
            "body",
            format!("The body is too long to keep: at most {limit} bytes."),
        )));
    }
    Ok(())
}
