//! `gazette comments list|approve|unapprove|spam|not-spam|trash|restore|delete|log|export|erase`.

use crate::cli::{
    CommentIds, CommenterArgs, CommentsCommand, CommentsListArgs, CommentsLogArgs, StatusChoice,
};
use crate::output;
use gazette_app::{Actor, App, Config};
use gazette_domain::{CommentId, CommentStatus, ModerationAction, Timestamp};
use serde::Serialize;

/// A comment as `comments list --json` prints it.
#[derive(Serialize)]
struct CommentRecord<'a> {
    id: i64,
    article_id: i64,
    parent_id: Option<i64>,
    status: CommentStatus,
    author: &'a str,
    email: &'a str,
    website: Option<&'a str>,
    text: &'a str,
    created_at: Timestamp,
    ip: Option<&'a str>,
    user_agent: Option<&'a str>,
    /// The moderation rule that held it or sent it to the spam, if one did.
    rule: Option<&'a str>,
    /// Why, in words.
    reason: Option<&'a str>,
    /// The spam classifier's score when it arrived, 0 to 1.
    spam_score: Option<f64>,
}

pub async fn run(config: &Config, command: CommentsCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let actor = Actor::command_line();
    let result = match command {
        CommentsCommand::List(args) => list(&app, &args).await,
        CommentsCommand::Approve(ids) => {
            moderate(&app, &ids, ModerationAction::Approve, &actor).await
        }
        CommentsCommand::Unapprove(ids) => {
            moderate(&app, &ids, ModerationAction::Unapprove, &actor).await
        }
        CommentsCommand::Spam(ids) => moderate(&app, &ids, ModerationAction::Spam, &actor).await,
        CommentsCommand::NotSpam(ids) => {
            moderate(&app, &ids, ModerationAction::NotSpam, &actor).await
        }
        CommentsCommand::Trash(ids) => moderate(&app, &ids, ModerationAction::Trash, &actor).await,
        CommentsCommand::Restore(ids) => {
            moderate(&app, &ids, ModerationAction::Restore, &actor).await
        }
        CommentsCommand::Delete(ids) => delete(&app, &ids, &actor).await,
        CommentsCommand::Log(args) => log(&app, &args).await,
        CommentsCommand::Export(args) => export(&app, &args).await,
        CommentsCommand::Erase(args) => erase(&app, &args).await,
    };
    app.close().await;
    result
}

async fn list(app: &App, args: &CommentsListArgs) -> Result<(), String> {
    let status = args.status.map(|choice| match choice {
        StatusChoice::Pending => CommentStatus::Pending,
        StatusChoice::Approved => CommentStatus::Approved,
        StatusChoice::Spam => CommentStatus::Spam,
        StatusChoice::Trash => CommentStatus::Trash,
    });
    let comments = app
        .list_comments(status)
        .await
        .map_err(|error| error.to_string())?;
    if args.json {
        let records: Vec<CommentRecord<'_>> = comments
            .iter()
            .map(|comment| CommentRecord {
                id: comment.id.get(),
                article_id: comment.article_id.get(),
                parent_id: comment.parent_id.map(CommentId::get),
                status: comment.status,
                author: &comment.author_name,
                email: &comment.author_email,
                website: comment.author_url.as_deref(),
                text: &comment.text,
                created_at: comment.created_at,
                ip: comment.ip.as_deref(),
                user_agent: comment.user_agent.as_deref(),
                rule: comment.moderation_rule.as_deref(),
                reason: comment.moderation_reason.as_deref(),
                spam_score: comment.spam_score,
            })
            .collect();
        return output::json(&records);
    }
    if comments.is_empty() {
        output::line("No comments match.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = comments
        .iter()
        .map(|comment| {
            vec![
                comment.id.to_string(),
                comment.article_id.to_string(),
                comment.status.to_string(),
                comment.created_at.to_string(),
                output::short(
                    &format!("{} <{}>", comment.author_name, comment.author_email),
                    40,
                ),
                comment
                    .spam_score
                    .map_or_else(|| "-".to_owned(), |score| format!("{:.0}%", score * 100.0)),
                output::short(comment.moderation_reason.as_deref().unwrap_or("-"), 50),
                output::short(&comment.text, 50),
            ]
        })
        .collect();
    output::table(
        &[
            "ID", "ARTICLE", "STATUS", "POSTED", "AUTHOR", "SPAM", "REASON", "TEXT",
        ],
        &rows,
    );
    Ok(())
}

fn ids_of(ids: &CommentIds) -> Vec<CommentId> {
    ids.ids.iter().copied().map(CommentId).collect()
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "comment" } else { "comments" }
}

async fn moderate(
    app: &App,
    ids: &CommentIds,
    action: ModerationAction,
    actor: &Actor,
) -> Result<(), String> {
    let ids = ids_of(ids);
    let changed = app
        .moderate_comments(&ids, action, actor)
        .await
        .map_err(|error| error.to_string())?;
    let verb = match action {
        ModerationAction::Approve => "Approved",
        ModerationAction::Unapprove => "Sent back to the moderation queue",
        ModerationAction::Spam => "Marked as spam",
        ModerationAction::NotSpam => "Took out of the spam",
        ModerationAction::Trash => "Moved to the trash",
        ModerationAction::Restore => "Restored from the trash",
    };
    let unchanged = ids.len() - changed;
    if unchanged == 0 {
        output::line(&format!("{verb} {changed} {}.", plural(changed)));
    } else {
        output::line(&format!(
            "{verb} {changed} {}; {unchanged} already had that status or could not take this action.",
            plural(changed)
        ));
    }
    Ok(())
}

async fn delete(app: &App, ids: &CommentIds, actor: &Actor) -> Result<(), String> {
    let deleted = app
        .delete_comments(&ids_of(ids), actor)
        .await
        .map_err(|error| error.to_string())?;
    output::line(&format!("Deleted {deleted} {} for good.", plural(deleted)));
    Ok(())
}

async fn log(app: &App, args: &CommentsLogArgs) -> Result<(), String> {
    let entries = app
        .moderation_log(args.comment.map(CommentId), args.limit)
        .await
        .map_err(|error| error.to_string())?;
    if args.json {
        return output::json(&entries);
    }
    if entries.is_empty() {
        output::line("Nothing has been moderated yet.");
        return Ok(());
    }
    let status = |status: Option<CommentStatus>| {
        status.map_or_else(|| "-".to_owned(), |status| status.to_string())
    };
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|entry| {
            vec![
                entry.at.to_string(),
                entry.comment_id.to_string(),
                entry.action.clone(),
                status(entry.from_status),
                status(entry.to_status),
                entry.actor.clone(),
            ]
        })
        .collect();
    output::table(&["WHEN", "COMMENT", "ACTION", "FROM", "TO", "BY"], &rows);
    Ok(())
}

async fn export(app: &App, args: &CommenterArgs) -> Result<(), String> {
    let export = app
        .export_commenter(&args.email)
        .await
        .map_err(|error| error.to_string())?;
    output::json(&export)
}

async fn erase(app: &App, args: &CommenterArgs) -> Result<(), String> {
    let report = app
        .erase_commenter(&args.email)
        .await
        .map_err(|error| error.to_string())?;
    output::line(&format!(
        "Anonymised {} {} and ended {} reply {}.",
        report.comments_anonymised,
        plural(usize::try_from(report.comments_anonymised).unwrap_or(usize::MAX)),
        report.subscriptions_removed,
        if report.subscriptions_removed == 1 {
            "subscription"
        } else {
            "subscriptions"
        }
    ));
    Ok(())
}
