//! `gazette migrate`: bring the database schema up to date.

use crate::output;
use gazette_app::{App, Config};

pub async fn run(config: &Config) -> Result<(), String> {
    let (before, after) = App::migrate(config)
        .await
        .map_err(|error| error.to_string())?;
    let applied = after.applied.len().saturating_sub(before.applied.len());
    let latest = after.applied.last().copied().unwrap_or_default();
    if applied == 0 {
        output::line(&format!(
            "The database schema is already current (migration {latest})."
        ));
    } else {
        let noun = if applied == 1 {
            "migration"
        } else {
            "migrations"
        };
        output::line(&format!(
            "Applied {applied} {noun}; the database schema is now current (migration {latest})."
        ));
    }
    Ok(())
}
