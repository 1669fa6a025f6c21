//! `gazette import wordpress FILE`: a WordPress export brought in, with a progress bar
//! (items per second) on a terminal and a plain line every few seconds otherwise, then
//! the report: what was created, updated, skipped and why, and what failed and why.

use crate::cli::{ImportCommand, ImportWordpressArgs, MediaChoice, PermalinkArg};
use crate::output;
use gazette_app::{
    AppError, AuthorMap, Config, ImportKind, ImportObserver, ImportOptions, ImportProgress,
    ImportReport, MediaMode, PermalinkChoice,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal as _;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often a plain progress line is written when standard error is not a terminal.
const PLAIN_PROGRESS_EVERY: Duration = Duration::from_secs(5);

pub async fn run(config: &Config, command: ImportCommand) -> Result<(), String> {
    match command {
        ImportCommand::Wordpress(args) => wordpress(config, args).await,
    }
}

async fn wordpress(config: &Config, args: ImportWordpressArgs) -> Result<(), String> {
    let authors = match &args.authors {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|error| {
                format!(
                    "the authors file {} cannot be read: {error}",
                    path.display()
                )
            })?;
            AuthorMap::from_csv(&text).map_err(|error| {
                format!(
                    "the authors file {} cannot be used: {error}",
                    path.display()
                )
            })?
        }
        None => AuthorMap::default(),
    };
    let file = std::fs::File::open(&args.file)
        .map_err(|error| format!("{} cannot be opened: {error}", args.file.display()))?;
    let size = file.metadata().map(|metadata| metadata.len()).ok();
    let options = ImportOptions {
        dry_run: args.dry_run,
        authors,
        media: match args.media {
            MediaChoice::Link => MediaMode::Link,
            MediaChoice::Fetch => MediaMode::Fetch,
        },
        permalinks: match args.permalinks {
            PermalinkArg::Auto => PermalinkChoice::Auto,
            PermalinkArg::Keep => PermalinkChoice::Keep,
            PermalinkArg::Site => PermalinkChoice::Site,
        },
        allow_private_addresses: args.allow_private_addresses,
    };
    let app = super::open(config).await?;
    let progress = Progress::new(size);
    let outcome = app
        .import_wordpress(Box::new(std::io::BufReader::new(file)), &options, &progress)
        .await;
    progress.finish();
    app.close().await;
    let report = outcome.map_err(|error| describe(&args.file, error))?;
    if args.json {
        output::json(&report)
    } else {
        print_report(&report);
        Ok(())
    }
}

/// An import's error as one sentence that names the file.
fn describe(file: &Path, error: AppError) -> String {
    match error {
        AppError::Validation(errors) => match errors.get("export") {
            Some(problem) => format!("{} cannot be imported: {problem}", file.display()),
            None => errors
                .iter()
                .map(|problem| problem.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        },
        other => other.to_string(),
    }
}

/// Shows how far an import has come: a bar on a terminal, a line now and then otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    last_line: Mutex<Instant>,
    size: Option<u64>,
}

impl Progress {
    fn new(size: Option<u64>) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(size.unwrap_or(0));
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Self {
            bar,
            started: now,
            last_line: Mutex::new(now),
            size,
        }
    }

    /// Items per second so far.
    fn rate(&self, items: u64) -> u64 {
        let seconds = self.started.elapsed().as_secs_f64();
        if seconds > 0.0 {
            // The rate is shown rounded; precision beyond a whole item does not matter.
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss,
                reason = "a rate shown to people, rounded to a whole number"
            )]
            let rate = (items as f64 / seconds).round() as u64;
            rate
        } else {
            0
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl ImportObserver for Progress {
    fn progressed(&self, progress: ImportProgress) {
        let summary = format!(
            "{} items, {} comments, {} items/s",
            progress.items,
            progress.comments,
            self.rate(progress.items)
        );
        if let Some(bar) = &self.bar {
            bar.set_position(progress.bytes_read);
            bar.set_message(summary);
            return;
        }
        let Ok(mut last_line) = self.last_line.lock() else {
            return;
        };
        if last_line.elapsed() >= PLAIN_PROGRESS_EVERY {
            *last_line = Instant::now();
            let read = match self.size {
                Some(size) if size > 0 => format!(
                    "{} of {} read",
                    gazette_app::describe_bytes(progress.bytes_read),
                    gazette_app::describe_bytes(size)
                ),
                _ => format!("{} read", gazette_app::describe_bytes(progress.bytes_read)),
            };
            output::progress(&format!("importing: {read}, {summary}"));
        }
    }
}

/// The report for people: the counts per kind, why things were skipped, what failed and
/// why, and the notes.
fn print_report(report: &ImportReport) {
    let title = if report.site_title.trim().is_empty() {
        report.site_address.clone()
    } else {
        format!("“{}” ({})", report.site_title.trim(), report.site_address)
    };
    if report.dry_run {
        output::line(&format!(
            "Dry run of {title}, WordPress export {}: nothing was written.",
            report.wxr_version
        ));
    } else {
        output::line(&format!(
            "Imported {title}, WordPress export {}.",
            report.wxr_version
        ));
    }
    let rows: Vec<Vec<String>> = report
        .counts
        .iter()
        .map(|(kind, counts)| {
            vec![
                kind.plural().to_owned(),
                counts.created.to_string(),
                counts.updated.to_string(),
                counts.skipped.to_string(),
                counts.failed.to_string(),
            ]
        })
        .collect();
    output::table(&["", "CREATED", "UPDATED", "SKIPPED", "FAILED"], &rows);
    if !report.skips.is_empty() {
        output::line("Skipped:");
        for skip in &report.skips {
            output::line(&format!(
                "  {} {}: {}",
                skip.count,
                if skip.count == 1 {
                    skip.kind.singular()
                } else {
                    skip.kind.plural()
                },
                skip.reason
            ));
        }
    }
    if !report.failures.is_empty() {
        output::line("Failed:");
        for failure in &report.failures {
            output::line(&format!("  {}: {}", failure.what, failure.reason));
        }
    }
    for note in &report.notes {
        output::line(&format!("Note: {note}"));
    }
    if !report.counts.contains_key(&ImportKind::Post)
        && !report.counts.contains_key(&ImportKind::Page)
    {
        output::line("The export holds no posts or pages.");
    }
}
