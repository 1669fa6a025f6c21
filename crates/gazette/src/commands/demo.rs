//! `gazette demo`: fill an empty site with sample content.

use crate::output;
use gazette_app::{Config, DemoOutcome};

pub async fn run(config: &Config) -> Result<(), String> {
    let app = super::open(config).await?;
    let outcome = app
        .fill_demo_site()
        .await
        .map_err(|error| error.to_string());
    app.close().await;
    match outcome? {
        DemoOutcome::Filled { articles, comments } => {
            output::line(&format!(
                "Added {articles} sample articles and {comments} comments. Run `gazette serve` and open http://{}/ to see them.",
                config.listen
            ));
        }
        DemoOutcome::AlreadyHasContent => {
            output::line("The site already has articles, so no sample content was added.");
        }
    }
    Ok(())
}
