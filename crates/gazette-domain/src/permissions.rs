//! Permissions: what each role may do, with the meaning WordPress gives its roles.
//!
//! This module owns two decisions. [`Role::can`] says which site-wide [`Capability`] a role
//! has, and [`check`] turns a missing one into a refusal. [`check_article_action`] says
//! whether someone may do one [`ArticleAction`] to one article, which also depends on who
//! wrote the article and where it is in its life:
//!
//! - administrators and editors may do anything to any article;
//! - authors may create articles and do anything to their own, but nothing to anyone
//!   else's, and may not hand an article to another author;
//! - contributors may create articles and work on their own while they are drafts or
//!   pending review; they never publish, schedule or unpublish, and once an article of
//!   theirs is scheduled or published they can no longer change it.
//!
//! An article without an author (an imported one, say) counts as someone else's.
//! Every refusal is a [`PermissionDenied`] whose message is written for the person refused.

use crate::article::{Article, ArticleStatus};
use crate::ids::UserId;
use crate::user::{Role, User};
use serde::Serialize;
use std::fmt;

/// A site-wide ability, held or not by each role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Opening the newsroom desk at all. Every role has it.
    ViewDesk,
    /// Changing the site's settings. Administrators only.
    ManageSettings,
    /// Adding users and changing their roles. Administrators only.
    ManageUsers,
    /// Approving, holding and removing readers' comments. Administrators and editors.
    ModerateComments,
    /// Managing the syndication sources articles are republished from. Administrators and
    /// editors.
    ManageSources,
    /// Creating, renaming and removing categories. Administrators and editors.
    ManageCategories,
    /// Uploading images and other files. Every role but contributors, as in WordPress.
    UploadMedia,
    /// Working on articles written by someone else. Administrators and editors.
    EditOthersArticles,
    /// Publishing, scheduling and unpublishing articles. Every role but contributors.
    PublishArticles,
}

impl Capability {
    /// Every capability.
    pub const ALL: [Self; 9] = [
        Self::ViewDesk,
        Self::ManageSettings,
        Self::ManageUsers,
        Self::ModerateComments,
        Self::ManageSources,
        Self::ManageCategories,
        Self::UploadMedia,
        Self::EditOthersArticles,
        Self::PublishArticles,
    ];

    /// The name used in code outside Rust and in logs, in snake case.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ViewDesk => "view_desk",
            Self::ManageSettings => "manage_settings",
            Self::ManageUsers => "manage_users",
            Self::ModerateComments => "moderate_comments",
            Self::ManageSources => "manage_sources",
            Self::ManageCategories => "manage_categories",
            Self::UploadMedia => "upload_media",
            Self::EditOthersArticles => "edit_others_articles",
            Self::PublishArticles => "publish_articles",
        }
    }

    /// What the capability lets one do, worded to follow "cannot".
    fn description(self) -> &'static str {
        match self {
            Self::ViewDesk => "use the newsroom desk",
            Self::ManageSettings => "change the site's settings",
            Self::ManageUsers => "manage users",
            Self::ModerateComments => "moderate comments",
            Self::ManageSources => "manage syndication sources",
            Self::ManageCategories => "manage categories",
            Self::UploadMedia => "upload media",
            Self::EditOthersArticles => "edit other people's articles",
            Self::PublishArticles => "publish articles",
        }
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl Role {
    /// Whether the role has `capability`.
    pub fn can(self, capability: Capability) -> bool {
        match capability {
            Capability::ViewDesk => true,
            Capability::ManageSettings | Capability::ManageUsers => {
                matches!(self, Self::Administrator)
            }
            Capability::ModerateComments
            | Capability::ManageSources
            | Capability::ManageCategories
            | Capability::EditOthersArticles => matches!(self, Self::Administrator | Self::Editor),
            Capability::UploadMedia | Capability::PublishArticles => {
                matches!(self, Self::Administrator | Self::Editor | Self::Author)
            }
        }
    }

    /// The role's name for a group of people, as a sentence starts with it.
    fn plural(self) -> &'static str {
        match self {
            Self::Administrator => "Administrators",
            Self::Editor => "Editors",
            Self::Author => "Authors",
            Self::Contributor => "Contributors",
        }
    }
}

/// Refuses `role` unless it has `capability`.
pub fn check(actor_role: Role, capability: Capability) -> Result<(), PermissionDenied> {
    if actor_role.can(capability) {
        return Ok(());
    }
    let holders: Vec<String> = Role::ALL
        .into_iter()
        .filter(|role| role.can(capability))
        .map(|role| role.plural().to_lowercase())
        .collect();
    let who_can = match holders.as_slice() {
        [] => String::new(),
        [only] => format!("; only {only} can"),
        [first @ .., last] => format!("; only {} and {last} can", first.join(", ")),
    };
    Err(PermissionDenied::new(format!(
        "{} cannot {}{who_can}.",
        actor_role.plural(),
        capability.description()
    )))
}

/// What someone wants to do to one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArticleAction {
    /// Start a new article. Every role may.
    Create,
    /// Change an existing article's title, body or other fields.
    Edit,
    /// Send an article to the editors for review.
    SubmitForReview,
    /// Make an article public now.
    Publish,
    /// Set an article to become public at a later time.
    Schedule,
    /// Take a scheduled or published article back to a draft.
    Unpublish,
    /// Remove an article.
    Delete,
    /// Give an article to another author.
    ChangeAuthor,
    /// See an article as it stands on the desk, before or apart from its public page.
    ViewDraft,
}

impl ArticleAction {
    /// Every action.
    pub const ALL: [Self; 9] = [
        Self::Create,
        Self::Edit,
        Self::SubmitForReview,
        Self::Publish,
        Self::Schedule,
        Self::Unpublish,
        Self::Delete,
        Self::ChangeAuthor,
        Self::ViewDraft,
    ];

    /// The action done to articles in general, worded to follow "can only … their own".
    fn on_own_articles(self) -> &'static str {
        match self {
            Self::Create => "create their own articles",
            Self::Edit => "edit their own articles",
            Self::SubmitForReview => "submit their own articles for review",
            Self::Publish => "publish their own articles",
            Self::Schedule => "schedule their own articles",
            Self::Unpublish => "unpublish their own articles",
            Self::Delete => "delete their own articles",
            Self::ChangeAuthor => "change the author of their own articles",
            Self::ViewDraft => "preview their own articles",
        }
    }

    /// The action done to one article, worded to follow "cannot".
    fn on_an_article(self) -> &'static str {
        match self {
            Self::Create => "create an article",
            Self::Edit => "edit an article",
            Self::SubmitForReview => "submit an article for review",
            Self::Publish => "publish an article",
            Self::Schedule => "schedule an article",
            Self::Unpublish => "unpublish an article",
            Self::Delete => "delete an article",
            Self::ChangeAuthor => "change an article's author",
            Self::ViewDraft => "preview an article",
        }
    }
}

/// An article, as far as permissions care: who wrote it and where it is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArticleOwnership {
    /// Who wrote it; `None` when nobody on the staff did (an imported article, say), which
    /// makes it someone else's article for everybody.
    pub author: Option<UserId>,
    /// Where it is in its life.
    pub status: ArticleStatus,
}

impl From<&Article> for ArticleOwnership {
    fn from(article: &Article) -> Self {
        Self {
            author: article.author_id,
            status: article.status,
        }
    }
}

/// The signed-in person who wants to act, with the role that decides what they may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Who they are, to tell their own articles from other people's.
    pub user: UserId,
    /// What they may do.
    pub role: Role,
}

impl From<&User> for Actor {
    fn from(user: &User) -> Self {
        Self {
            user: user.id,
            role: user.role,
        }
    }
}

/// Refuses `actor` unless they may do `action` to `article`.
///
/// `article` is `None` only for [`ArticleAction::Create`], which is never refused and
/// ignores it. Any other action without an article is treated as an action on someone
/// else's article: allowed to editors and administrators, refused to everyone else.
pub fn check_article_action(
    actor: &Actor,
    action: ArticleAction,
    article: Option<&ArticleOwnership>,
) -> Result<(), PermissionDenied> {
    let role = actor.role;
    if role.can(Capability::EditOthersArticles) {
        return Ok(());
    }
    let publishes = match action {
        ArticleAction::Create => return Ok(()),
        ArticleAction::ChangeAuthor => {
            return Err(PermissionDenied::new(format!(
                "{} cannot change an article's author; ask an editor.",
                role.plural()
            )));
        }
        ArticleAction::Publish | ArticleAction::Schedule | ArticleAction::Unpublish => true,
        ArticleAction::Edit
        | ArticleAction::SubmitForReview
        | ArticleAction::Delete
        | ArticleAction::ViewDraft => false,
    };
    let may_publish = role.can(Capability::PublishArticles);
    if publishes && !may_publish {
        return Err(cannot_publish(role, action));
    }
    let Some(article) = article.filter(|article| article.author == Some(actor.user)) else {
        return Err(not_their_own(role, action, article));
    };
    match passed_review(article.status) {
        Some(state) if !may_publish => Err(PermissionDenied::new(format!(
            "{} cannot {} once it is {state}; ask an editor.",
            role.plural(),
            action.on_an_article(),
        ))),
        _ => Ok(()),
    }
}

/// Whether an article at `status` is out of the hands of those who may not publish, and if
/// so, how to say where it is.
fn passed_review(status: ArticleStatus) -> Option<&'static str> {
    match status {
        ArticleStatus::Draft | ArticleStatus::Pending => None,
        ArticleStatus::Scheduled => Some("scheduled"),
        ArticleStatus::Published => Some("published"),
    }
}

/// The refusal of a publishing action to a role without [`Capability::PublishArticles`].
fn cannot_publish(role: Role, action: ArticleAction) -> PermissionDenied {
    let roles = role.plural();
    PermissionDenied::new(match action {
        ArticleAction::Publish => {
            format!("{roles} cannot publish articles; submit it for review instead.")
        }
        ArticleAction::Schedule => format!(
            "{roles} cannot schedule articles; submit it for review and an editor will schedule it."
        ),
        _ => format!("{roles} cannot {}; ask an editor.", action.on_an_article()),
    })
}

/// The refusal of an action on an article that is not the actor's.
fn not_their_own(
    role: Role,
    action: ArticleAction,
    article: Option<&ArticleOwnership>,
) -> PermissionDenied {
    let anonymous = if article.is_some_and(|article| article.author.is_none()) {
        ", and this one has no author"
    } else {
        ""
    };
    PermissionDenied::new(format!(
        "{} can only {}{anonymous}.",
        role.plural(),
        action.on_own_articles()
    ))
}

/// A refused action, with a message for the person refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PermissionDenied {
    /// What their role may not do, and what they can do instead when there is something.
    pub message: String,
}

impl PermissionDenied {
    fn new(message: String) -> Self {
        Self { message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: UserId = UserId(7);
    const SOMEONE_ELSE: UserId = UserId(8);

    /// The column of a role in the capability table.
    fn role_column(role: Role) -> usize {
        match role {
            Role::Administrator => 0,
            Role::Editor => 1,
            Role::Author => 2,
            Role::Contributor => 3,
        }
    }

    /// The column of a status in the article table.
    fn status_column(status: ArticleStatus) -> usize {
        match status {
            ArticleStatus::Draft => 0,
            ArticleStatus::Pending => 1,
            ArticleStatus::Scheduled => 2,
            ArticleStatus::Published => 3,
        }
    }

    /// Reads one cell of a table: `Y` allows, `.` refuses.
    fn allowed(row: &str, column: usize) -> bool {
        match row.as_bytes().get(column) {
            Some(b'Y') => true,
            Some(b'.') => false,
            other => panic!("row `{row}` has {other:?} in column {column}"),
        }
    }

    /// Columns: administrator, editor, author, contributor.
    const CAPABILITIES: [(Capability, &str); 9] = [
        (Capability::ViewDesk, "YYYY"),
        (Capability::ManageSettings, "Y..."),
        (Capability::ManageUsers, "Y..."),
        (Capability::ModerateComments, "YY.."),
        (Capability::ManageSources, "YY.."),
        (Capability::ManageCategories, "YY.."),
        (Capability::UploadMedia, "YYY."),
        (Capability::EditOthersArticles, "YY.."),
        (Capability::PublishArticles, "YYY."),
    ];

    /// For each role and action: on one's own article, then on someone else's, each with
    /// the columns draft, pending, scheduled, published.
    const ARTICLES: [(Role, ArticleAction, &str, &str); 36] = [
        (Role::Administrator, ArticleAction::Create, "YYYY", "YYYY"),
        (Role::Administrator, ArticleAction::Edit, "YYYY", "YYYY"),
        (
            Role::Administrator,
            ArticleAction::SubmitForReview,
            "YYYY",
            "YYYY",
        ),
        (Role::Administrator, ArticleAction::Publish, "YYYY", "YYYY"),
        (Role::Administrator, ArticleAction::Schedule, "YYYY", "YYYY"),
        (
            Role::Administrator,
            ArticleAction::Unpublish,
            "YYYY",
            "YYYY",
        ),
        (Role::Administrator, ArticleAction::Delete, "YYYY", "YYYY"),
        (
            Role::Administrator,
            ArticleAction::ChangeAuthor,
            "YYYY",
            "YYYY",
        ),
        (
            Role::Administrator,
            ArticleAction::ViewDraft,
            "YYYY",
            "YYYY",
        ),
        (Role::Editor, ArticleAction::Create, "YYYY", "YYYY"),
        (Role::Editor, ArticleAction::Edit, "YYYY", "YYYY"),
        (Role::Editor, ArticleAction::SubmitForReview, "YYYY", "YYYY"),
        (Role::Editor, ArticleAction::Publish, "YYYY", "YYYY"),
        (Role::Editor, ArticleAction::Schedule, "YYYY", "YYYY"),
        (Role::Editor, ArticleAction::Unpublish, "YYYY", "YYYY"),
        (Role::Editor, ArticleAction::Delete, "YYYY", "YYYY"),
        (Role::Editor, ArticleAction::ChangeAuthor, "YYYY", "YYYY"),
        (Role::Editor, ArticleAction::ViewDraft, "YYYY", "YYYY"),
        (Role::Author, ArticleAction::Create, "YYYY", "YYYY"),
        (Role::Author, ArticleAction::Edit, "YYYY", "...."),
        (Role::Author, ArticleAction::SubmitForReview, "YYYY", "...."),
        (Role::Author, ArticleAction::Publish, "YYYY", "...."),
        (Role::Author, ArticleAction::Schedule, "YYYY", "...."),
        (Role::Author, ArticleAction::Unpublish, "YYYY", "...."),
        (Role::Author, ArticleAction::Delete, "YYYY", "...."),
        (Role::Author, ArticleAction::ChangeAuthor, "....", "...."),
        (Role::Author, ArticleAction::ViewDraft, "YYYY", "...."),
        (Role::Contributor, ArticleAction::Create, "YYYY", "YYYY"),
        (Role::Contributor, ArticleAction::Edit, "YY..", "...."),
        (
            Role::Contributor,
            ArticleAction::SubmitForReview,
            "YY..",
            "....",
        ),
        (Role::Contributor, ArticleAction::Publish, "....", "...."),
        (Role::Contributor, ArticleAction::Schedule, "....", "...."),
        (Role::Contributor, ArticleAction::Unpublish, "....", "...."),
        (Role::Contributor, ArticleAction::Delete, "YY..", "...."),
        (
            Role::Contributor,
            ArticleAction::ChangeAuthor,
            "....",
            "....",
        ),
        (Role::Contributor, ArticleAction::ViewDraft, "YY..", "...."),
    ];

    fn actor(role: Role) -> Actor {
        Actor { user: ME, role }
    }

    fn article(author: Option<UserId>, status: ArticleStatus) -> ArticleOwnership {
        ArticleOwnership { author, status }
    }

    fn refusal(
        role: Role,
        action: ArticleAction,
        author: Option<UserId>,
        status: ArticleStatus,
    ) -> String {
        match check_article_action(&actor(role), action, Some(&article(author, status))) {
            Ok(()) => panic!("{role} was allowed to {action:?} a {status} article"),
            Err(denied) => denied.message,
        }
    }

    #[test]
    fn capability_table_covers_every_capability_once() {
        for capability in Capability::ALL {
            let rows = CAPABILITIES
                .iter()
                .filter(|(listed, _)| *listed == capability)
                .count();
            assert_eq!(rows, 1, "{capability} is listed {rows} times");
        }
    }

    #[test]
    fn roles_have_exactly_the_expected_capabilities() {
        for (capability, row) in CAPABILITIES {
            for role in Role::ALL {
                let expected = allowed(row, role_column(role));
                assert_eq!(role.can(capability), expected, "{role} / {capability}");
                assert_eq!(
                    check(role, capability).is_ok(),
                    expected,
                    "{role} / {capability}"
                );
            }
        }
    }

    #[test]
    fn article_table_covers_every_role_and_action_once() {
        for role in Role::ALL {
            for action in ArticleAction::ALL {
                let rows = ARTICLES
                    .iter()
                    .filter(|(listed_role, listed_action, _, _)| {
                        *listed_role == role && *listed_action == action
                    })
                    .count();
                assert_eq!(rows, 1, "{role} / {action:?} is listed {rows} times");
            }
        }
    }

    #[test]
    fn article_actions_follow_the_table() {
        for (role, action, own, others) in ARTICLES {
            for status in ArticleStatus::ALL {
                let column = status_column(status);
                let cases = [
                    ("own", Some(ME), allowed(own, column)),
                    (
                        "someone else's",
                        Some(SOMEONE_ELSE),
                        allowed(others, column),
                    ),
                    ("authorless", None, allowed(others, column)),
                ];
                for (whose, author, expected) in cases {
                    let result =
                        check_article_action(&actor(role), action, Some(&article(author, status)));
                    assert_eq!(
                        result.is_ok(),
                        expected,
                        "{role} / {action:?} / {whose} {status} article: {result:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_role_may_create_without_an_article() {
        for role in Role::ALL {
            assert_eq!(
                check_article_action(&actor(role), ArticleAction::Create, None),
                Ok(())
            );
        }
    }

    #[test]
    fn a_missing_article_counts_as_someone_elses() {
        for action in ArticleAction::ALL {
            if action == ArticleAction::Create {
                continue;
            }
            for role in [Role::Administrator, Role::Editor] {
                assert!(check_article_action(&actor(role), action, None).is_ok());
            }
            for role in [Role::Author, Role::Contributor] {
                assert!(check_article_action(&actor(role), action, None).is_err());
            }
        }
    }

    #[test]
    fn every_refusal_starts_with_the_refused_role() {
        for (role, action, _, _) in ARTICLES {
            for status in ArticleStatus::ALL {
                for author in [Some(ME), Some(SOMEONE_ELSE), None] {
                    let result =
                        check_article_action(&actor(role), action, Some(&article(author, status)));
                    if let Err(denied) = result {
                        assert!(denied.message.starts_with(role.plural()), "{denied}");
                        assert!(denied.message.ends_with('.'), "{denied}");
                    }
                }
            }
        }
    }

    #[test]
    fn contributors_are_told_to_submit_instead_of_publishing() {
        assert_eq!(
            refusal(
                Role::Contributor,
                ArticleAction::Publish,
                Some(ME),
                ArticleStatus::Draft
            ),
            "Contributors cannot publish articles; submit it for review instead."
        );
        assert_eq!(
            refusal(
                Role::Contributor,
                ArticleAction::Schedule,
                Some(ME),
                ArticleStatus::Pending
            ),
            "Contributors cannot schedule articles; submit it for review and an editor will \
             schedule it."
        );
        assert_eq!(
            refusal(
                Role::Contributor,
                ArticleAction::Unpublish,
                Some(ME),
                ArticleStatus::Published
            ),
            "Contributors cannot unpublish an article; ask an editor."
        );
    }

    #[test]
    fn contributors_are_told_their_article_has_left_their_hands() {
        assert_eq!(
            refusal(
                Role::Contributor,
                ArticleAction::Edit,
                Some(ME),
                ArticleStatus::Published
            ),
            "Contributors cannot edit an article once it is published; ask an editor."
        );
        assert_eq!(
            refusal(
                Role::Contributor,
                ArticleAction::Delete,
                Some(ME),
                ArticleStatus::Scheduled
            ),
            "Contributors cannot delete an article once it is scheduled; ask an editor."
        );
    }

    #[test]
    fn refusals_on_other_peoples_articles_say_whose_articles_are_allowed() {
        assert_eq!(
            refusal(
                Role::Author,
                ArticleAction::Edit,
                Some(SOMEONE_ELSE),
                ArticleStatus::Published
            ),
            "Authors can only edit their own articles."
        );
        assert_eq!(
            refusal(
                Role::Author,
                ArticleAction::ViewDraft,
                Some(SOMEONE_ELSE),
                ArticleStatus::Draft
            ),
            "Authors can only preview their own articles."
        );
        assert_eq!(
            refusal(
                Role::Contributor,
                ArticleAction::Delete,
                None,
                ArticleStatus::Draft
            ),
            "Contributors can only delete their own articles, and this one has no author."
        );
        assert_eq!(
            refusal(
                Role::Author,
                ArticleAction::ChangeAuthor,
                Some(ME),
                ArticleStatus::Draft
            ),
            "Authors cannot change an article's author; ask an editor."
        );
    }

    #[test]
    fn capability_refusals_name_who_can() {
        let message = |role, capability| match check(role, capability) {
            Ok(()) => panic!("{role} has {capability}"),
            Err(denied) => denied.message,
        };
        assert_eq!(
            message(Role::Editor, Capability::ManageSettings),
            "Editors cannot change the site's settings; only administrators can."
        );
        assert_eq!(
            message(Role::Author, Capability::ModerateComments),
            "Authors cannot moderate comments; only administrators and editors can."
        );
        assert_eq!(
            message(Role::Contributor, Capability::UploadMedia),
            "Contributors cannot upload media; only administrators, editors and authors can."
        );
    }

    #[test]
    fn capability_names_are_snake_case() {
        let names = Capability::ALL.map(Capability::as_str);
        assert_eq!(
            names,
            [
                "view_desk",
                "manage_settings",
                "manage_users",
                "moderate_comments",
                "manage_sources",
                "manage_categories",
                "upload_media",
                "edit_others_articles",
                "publish_articles",
            ]
        );
    }
}
