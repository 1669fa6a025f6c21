//! `gazette jobs run|list`: the background work outside `gazette serve`.

use crate::cli::{JobsCommand, ListArgs};
use crate::output;
use gazette_app::{App, Config};

pub async fn run(config: &Config, command: JobsCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let result = match command {
        JobsCommand::Run => run_now(&app).await,
        JobsCommand::List(args) => list(&app, &args).await,
    };
    app.close().await;
    result
}

async fn run_now(app: &App) -> Result<(), String> {
    let run = app
        .run_due_jobs()
        .await
        .map_err(|error| error.to_string())?;
    let house = app.keep_house().await.map_err(|error| error.to_string())?;
    output::line(&format!(
        "Jobs: {} done, {} to be retried, {} given up. Housekeeping: {} old comments deleted, {} IP addresses cleared.",
        run.done, run.retried, run.given_up, house.comments_deleted, house.addresses_cleared
    ));
    Ok(())
}

async fn list(app: &App, args: &ListArgs) -> Result<(), String> {
    let jobs = app.jobs(200).await.map_err(|error| error.to_string())?;
    if args.json {
        return output::json(&jobs);
    }
    if jobs.is_empty() {
        output::line("No jobs are queued.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = jobs
        .iter()
        .map(|job| {
            vec![
                job.id.to_string(),
                job.kind.clone(),
                if job.failed_at.is_some() {
                    "given up"
                } else {
                    "queued"
                }
                .to_owned(),
                job.run_at.to_string(),
                job.attempts.to_string(),
                output::short(job.last_error.as_deref().unwrap_or("-"), 60),
            ]
        })
        .collect();
    output::table(
        &["ID", "KIND", "STATE", "RUN AT", "ATTEMPTS", "LAST ERROR"],
        &rows,
    );
    Ok(())
}
