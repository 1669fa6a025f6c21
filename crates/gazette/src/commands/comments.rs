//! `gazette comments list|approve|spam|trash`.

use crate::cli::{CommentIds, CommentsCommand, CommentsListArgs, StatusChoice};
use crate::output;
use gazette_app::{App, Config};
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
}

pub async fn run(config: &Config, command: CommentsCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let result = match command {
        CommentsCommand::List(args) => list(&app, &args).await,
        CommentsCommand::Approve(ids) => moderate(&app, &ids, ModerationAction::Approve).await,
        CommentsCommand::Spam(ids) => moderate(&app, &ids, ModerationAction::Spam).await,
        CommentsCommand::Trash(ids) => moderate(&app, &ids, ModerationAction::Trash).await,
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
                output::short(&comment.text, 60),
            ]
        })
        .collect();
    output::table(
        &["ID", "ARTICLE", "STATUS", "POSTED", "AUTHOR", "TEXT"],
        &rows,
    );
    Ok(())
}

async fn moderate(app: &App, ids: &CommentIds, action: ModerationAction) -> Result<(), String> {
    let ids: Vec<CommentId> = ids.ids.iter().copied().map(CommentId).collect();
    let changed = app
        .moderate_comments(&ids, action)
        .await
        .map_err(|error| error.to_string())?;
    let verb = match action {
        ModerationAction::Approve => "Approved",
        ModerationAction::Spam => "Marked as spam",
        ModerationAction::Trash => "Moved to the trash",
    };
    let noun = if changed == 1 { "comment" } else { "comments" };
    let unchanged = ids.len() - changed;
    if unchanged == 0 {
        output::line(&format!("{verb} {changed} {noun}."));
    } else {
        output::line(&format!(
            "{verb} {changed} {noun}; {unchanged} already had that status."
        ));
    }
    Ok(())
}
