//! Which signed-in members of staff have their comments published without the checks.
//!
//! As in WordPress, those who may moderate comments, and the author of the article the
//! comment is on, are trusted: their comments skip every check but the duplicate one. Any
//! other signed-in user (a contributor on someone else's article, say) is checked like a
//! reader, though the comment is still recorded as theirs.

use crate::ids::UserId;
use crate::permissions::{Actor, Capability};

/// Whether a comment `actor` posts on an article written by `article_author` skips the
/// moderation checks.
pub fn staff_comment_is_trusted(actor: &Actor, article_author: Option<UserId>) -> bool {
    actor.role.can(Capability::ModerateComments) || article_author == Some(actor.user)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::Role;

    #[test]
    fn moderators_and_the_articles_author_are_trusted_and_nobody_else() {
        let me = UserId(7);
        for (role, on_others) in [
            (Role::Administrator, true),
            (Role::Editor, true),
            (Role::Author, false),
            (Role::Contributor, false),
        ] {
            let actor = Actor { user: me, role };
            assert_eq!(
                staff_comment_is_trusted(&actor, Some(UserId(8))),
                on_others,
                "{role} on someone else's article"
            );
            assert_eq!(
                staff_comment_is_trusted(&actor, None),
                on_others,
                "{role} on an article without author"
            );
            assert!(
                staff_comment_is_trusted(&actor, Some(me)),
                "{role} on their own article"
            );
        }
    }
}
