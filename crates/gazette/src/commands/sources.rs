//! `gazette source add|list|fetch|pause|resume|remove|review|approve|reject|changes`:
//! other outlets' feeds and the review queue of what they bring.

use crate::cli::{
    ListArgs, SourceAddArgs, SourceApproveArgs, SourceCommand, SourceFetchArgs, SourceModeArg,
};
use crate::output;
use gazette_app::{App, AppError, Config, FetchReport, FetchStatus, ReviewEdits};
use gazette_domain::revision_diff::LineChange;
use gazette_domain::syndication::{Source, SourceInput, format_interval};
use gazette_domain::{SourceId, SourceItemId};

pub async fn run(config: &Config, command: SourceCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let result = match command {
        SourceCommand::Add(args) => add(&app, args).await,
        SourceCommand::List(args) => list(&app, &args).await,
        SourceCommand::Fetch(args) => fetch(&app, &args).await,
        SourceCommand::Pause(args) => app.pause_source(SourceId(args.id)).await.map(|source| {
            output::line(&format!(
                "Source {} ({}) is paused.",
                source.id, source.name
            ));
        }),
        SourceCommand::Resume(args) => app.resume_source(SourceId(args.id)).await.map(|source| {
            output::line(&format!(
                "Source {} ({}) is resumed; it is fetched next by the job runner.",
                source.id, source.name
            ));
        }),
        SourceCommand::Remove(args) => app.remove_source(SourceId(args.id)).await.map(|source| {
            output::line(&format!(
                "Source {} ({}) is removed; its articles stay.",
                source.id, source.name
            ));
        }),
        SourceCommand::Review(args) => review(&app, &args).await,
        SourceCommand::Changes(args) => changes(&app, SourceItemId(args.id)).await,
        SourceCommand::Approve(args) => approve(&app, args).await,
        SourceCommand::Reject(args) => {
            app.reject_source_item(SourceItemId(args.id))
                .await
                .map(|()| {
                    output::line(&format!(
                        "Item {} is rejected; it will not come back.",
                        args.id
                    ));
                })
        }
    };
    app.close().await;
    result.map_err(describe)
}

/// Field errors as one sentence that names the flags.
fn describe(error: AppError) -> String {
    match error {
        AppError::Validation(errors) => errors
            .iter()
            .map(|problem| {
                let flag = match problem.field {
                    "name" => "--name",
                    "url" => "URL",
                    "home_page" => "--home-page",
                    "mode" => "--mode",
                    "interval" => "--interval",
                    "max_age" => "--max-age-days",
                    "licence" => "--licence",
                    "title" => "--title",
                    "excerpt" => "--excerpt",
                    other => other,
                };
                format!("{flag}: {}", problem.message)
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}

async fn add(app: &App, args: SourceAddArgs) -> Result<(), AppError> {
    let author_id = match &args.author {
        Some(email) => Some(
            app.user_by_email(email)
                .await?
                .ok_or_else(|| {
                    AppError::NotFound(format!(
                        "There is no user with the email address {email}; `gazette user list` shows them."
                    ))
                })?
                .id,
        ),
        None => None,
    };
    let input = SourceInput {
        name: args.name,
        feed_url: args.url,
        home_page_url: args.home_page.unwrap_or_default(),
        category: args.category,
        author_id,
        mode: Some(
            match args.mode {
                SourceModeArg::Review => "review",
                SourceModeArg::Publish => "publish",
            }
            .to_owned(),
        ),
        interval: Some(args.interval),
        include_keywords: args.include.unwrap_or_default(),
        exclude_keywords: args.exclude.unwrap_or_default(),
        max_item_age_days: args.max_age_days,
        licence: args.licence.unwrap_or_default(),
        canonical_to_original: !args.canonical_here,
        allow_private_addresses: args.allow_private_addresses,
    };
    let source = app.add_source(&input).await?;
    output::line(&format!(
        "Source {} ({}) is added in {} mode, fetched every {}; its first fetch is queued (`gazette source fetch {}` fetches it now).",
        source.id,
        source.name,
        source.mode,
        format_interval(source.interval_seconds),
        source.id
    ));
    Ok(())
}

async fn list(app: &App, args: &ListArgs) -> Result<(), AppError> {
    let sources = app.sources().await?;
    if args.json {
        return output::json(&sources).map_err(AppError::Unavailable);
    }
    if sources.is_empty() {
        output::line(
            "There are no sources yet. Add one with `gazette source add URL --name NAME`.",
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = sources.iter().map(row).collect();
    output::table(
        &[
            "ID",
            "NAME",
            "MODE",
            "EVERY",
            "STATUS",
            "NEXT FETCH",
            "FEED",
            "LAST ERROR",
        ],
        &rows,
    );
    Ok(())
}

fn row(source: &Source) -> Vec<String> {
    let next = if source.paused.is_some() {
        "-".to_owned()
    } else {
        source.next_fetch_at.to_string()
    };
    let error = match (&source.paused, &source.last_error) {
        (Some(paused), _) => paused.reason.clone(),
        (None, Some(error)) if source.consecutive_failures > 0 => format!(
            "{error} ({} failure{} in a row)",
            source.consecutive_failures,
            if source.consecutive_failures == 1 {
                ""
            } else {
                "s"
            }
        ),
        _ => "-".to_owned(),
    };
    vec![
        source.id.to_string(),
        source.name.clone(),
        source.mode.to_string(),
        format_interval(source.interval_seconds),
        source.status().to_owned(),
        next,
        source.feed_url.clone(),
        output::short(&error, 100),
    ]
}

async fn fetch(app: &App, args: &SourceFetchArgs) -> Result<(), AppError> {
    let reports = match args.id {
        Some(id) => vec![app.fetch_source(SourceId(id)).await?],
        None => app.fetch_all_sources().await?,
    };
    if args.json {
        return output::json(&reports).map_err(AppError::Unavailable);
    }
    if reports.is_empty() {
        output::line("There is no source to fetch.");
    }
    for report in &reports {
        output::line(&summary(report));
    }
    let failed = reports
        .iter()
        .filter(|report| matches!(report.status, FetchStatus::Failed | FetchStatus::Gone))
        .count();
    match (args.id, failed) {
        (_, 0) => Ok(()),
        (Some(_), _) => Err(AppError::Unavailable(format!(
            "the fetch failed: {}",
            reports[0].error.as_deref().unwrap_or("no reason was given")
        ))),
        (None, failed) => Err(AppError::Unavailable(format!(
            "{failed} of {} sources could not be fetched; `gazette source list` shows why",
            reports.len()
        ))),
    }
}

fn summary(report: &FetchReport) -> String {
    let head = format!("Source {} ({})", report.source_id, report.source_name);
    let moved = report
        .moved_to
        .as_deref()
        .map(|url| format!(" It moved for good to {url}."))
        .unwrap_or_default();
    match report.status {
        FetchStatus::Fetched => format!(
            "{head}: {} new, {} updated, {} changed and waiting for review, {} unchanged, {} left out.{moved}",
            report.created, report.updated, report.flagged, report.unchanged, report.left_out
        ),
        FetchStatus::NotModified => format!("{head}: not modified since the last fetch.{moved}"),
        FetchStatus::Failed | FetchStatus::Gone => format!(
            "{head}: {}.{moved}",
            report.error.as_deref().unwrap_or("failed")
        ),
    }
}

async fn review(app: &App, args: &ListArgs) -> Result<(), AppError> {
    let items = app.review_queue().await?;
    if args.json {
        let json: Vec<serde_json::Value> = items
            .iter()
            .map(|item| {
                serde_json::json!({
                    "item_id": item.item_id,
                    "source_id": item.source_id,
                    "source_name": item.source_name,
                    "licence": item.licence,
                    "is_update": item.is_update,
                    "article_id": item.article_id,
                    "title": item.title,
                    "link": item.link,
                    "first_seen_at": item.first_seen_at,
                })
            })
            .collect();
        return output::json(&json).map_err(AppError::Unavailable);
    }
    if items.is_empty() {
        output::line("Nothing is waiting for review.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            vec![
                item.item_id.to_string(),
                item.source_name.clone(),
                if item.is_update { "update" } else { "new" }.to_owned(),
                item.article_id.to_string(),
                output::short(&item.title, 60),
                item.link.clone().unwrap_or_else(|| "-".to_owned()),
            ]
        })
        .collect();
    output::table(
        &["ITEM", "SOURCE", "KIND", "ARTICLE", "TITLE", "ORIGINAL"],
        &rows,
    );
    Ok(())
}

async fn approve(app: &App, args: SourceApproveArgs) -> Result<(), AppError> {
    let edits = ReviewEdits {
        title: args.title,
        category: args.category,
        excerpt: args.excerpt,
    };
    let article = app
        .approve_source_item(SourceItemId(args.id), &edits, args.always)
        .await?;
    output::line(&format!(
        "Item {} is approved: article {article} is published{}.",
        args.id,
        if args.always {
            ", and the source's later items will be published without review"
        } else {
            ""
        }
    ));
    Ok(())
}

async fn changes(app: &App, id: SourceItemId) -> Result<(), AppError> {
    let diff = app.source_item_changes(id).await?;
    if diff.is_empty() {
        output::line(&format!("The source has not changed item {id}."));
        return Ok(());
    }
    for field in &diff.fields {
        output::line(&format!("{}: {} → {}", field.field, field.old, field.new));
    }
    for line in &diff.body {
        let mark = match line.kind {
            LineChange::Kept => continue,
            LineChange::Removed => '-',
            LineChange::Added => '+',
        };
        let text: String = line
            .pieces
            .iter()
            .map(|piece| piece.text.as_str())
            .collect();
        output::line(&format!("{mark} {}", text.trim_end()));
    }
    Ok(())
}
