//! `gazette article add|list|stick|unstick`.

use crate::cli::{ArticleAddArgs, ArticleCommand, ArticleId, ListArgs};
use crate::output;
use gazette_app::{AppError, Config, PublishOptions};
use gazette_domain::ArticleDraft;
use gazette_domain::time::parse_human_instant;
use std::io::Read as _;

pub async fn run(config: &Config, command: ArticleCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let result = match command {
        ArticleCommand::Add(args) => add(&app, *args).await,
        ArticleCommand::List(args) => list(&app, &args).await,
        ArticleCommand::Stick(article) => set_sticky(&app, &article, true).await,
        ArticleCommand::Unstick(article) => set_sticky(&app, &article, false).await,
    };
    app.close().await;
    result
}

async fn add(app: &gazette_app::App, args: ArticleAddArgs) -> Result<(), String> {
    let body = read_body(&args.body_file)?;
    let settings = app
        .site_settings()
        .await
        .map_err(|error| error.to_string())?;
    let source_published_at = match &args.original_date {
        Some(text) => Some(
            parse_human_instant(text, &settings.time_zone)
                .map_err(|reason| format!("--original-date {reason}"))?,
        ),
        None => None,
    };
    let published_at = match &args.publish_at {
        Some(text) => Some(
            parse_human_instant(text, &settings.time_zone)
                .map_err(|reason| format!("--publish-at {reason}"))?,
        ),
        None => None,
    };
    let draft = ArticleDraft {
        title: args.title,
        body_markdown: body,
        slug: args.slug,
        seo_title: args.seo_title,
        meta_description: args.meta_description,
        draft: args.draft,
        source_name: args.source_name,
        source_url: args.source_url,
        source_published_at,
        source_author: args.source_author,
        comments_open: args.no_comments.then_some(false),
        ..ArticleDraft::default()
    };
    let article = app
        .publish_article(
            &draft,
            PublishOptions {
                published_at,
                sticky: args.sticky,
                ..PublishOptions::default()
            },
        )
        .await
        .map_err(describe)?;
    let list = app
        .article_list()
        .await
        .map_err(|error| error.to_string())?;
    match list
        .into_iter()
        .find(|item| item.id == article.id.get())
        .and_then(|item| item.url)
    {
        Some(url) => output::line(&url),
        None => output::line(&format!(
            "Saved the draft “{}” (id {}); it gets an address when it is published.",
            article.title, article.id
        )),
    }
    Ok(())
}

fn read_body(path: &std::path::Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut file| file.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|error| format!("cannot read the body file {}: {error}", path.display()))?;
    String::from_utf8(bytes).map_err(|error| {
        format!("the body file {} is not UTF-8 text (the first bad byte is at offset {}); save it as UTF-8", path.display(), error.utf8_error().valid_up_to())
    })
}

/// Field errors as one sentence that names the flags.
fn describe(error: AppError) -> String {
    match error {
        AppError::Validation(errors) => errors
            .iter()
            .map(|problem| {
                let flag = match problem.field {
                    "body" => "--body-file",
                    "source_name" => "--source-name",
                    "source_url" => "--source-url",
                    "source_author" => "--source-author",
                    "title" => "--title",
                    "slug" => "--slug",
                    "seo_title" => "--seo-title",
                    "meta_description" => "--meta-description",
                    other => other,
                };
                format!("{flag}: {}", problem.message)
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}

async fn set_sticky(
    app: &gazette_app::App,
    article: &ArticleId,
    sticky: bool,
) -> Result<(), String> {
    let article = app
        .set_article_sticky(gazette_domain::ArticleId(article.id), sticky)
        .await
        .map_err(|error| error.to_string())?;
    output::line(&if article.sticky {
        format!(
            "“{}” (id {}) is kept at the top of the home page.",
            article.title, article.id
        )
    } else {
        format!(
            "“{}” (id {}) is listed by date on the home page.",
            article.title, article.id
        )
    });
    Ok(())
}

async fn list(app: &gazette_app::App, args: &ListArgs) -> Result<(), String> {
    let articles = app
        .article_list()
        .await
        .map_err(|error| error.to_string())?;
    if args.json {
        return output::json(&articles);
    }
    if articles.is_empty() {
        output::line(
            "There are no articles yet. Add one with `gazette article add` or try `gazette demo`.",
        );
        return Ok(());
    }
    let rows: Vec<Vec<String>> = articles
        .iter()
        .map(|item| {
            vec![
                item.id.to_string(),
                if item.sticky {
                    format!("{} (sticky)", item.status)
                } else {
                    item.status.to_string()
                },
                item.published_at
                    .map_or_else(|| "-".to_owned(), |when| when.to_string()),
                item.comment_count.to_string(),
                output::short(&item.title, 50),
                item.url.clone().unwrap_or_else(|| "-".to_owned()),
            ]
        })
        .collect();
    output::table(
        &["ID", "STATUS", "PUBLISHED", "COMMENTS", "TITLE", "URL"],
        &rows,
    );
    Ok(())
}
