//! `gazette settings list|set`.

use crate::cli::SettingsCommand;
use crate::output;
use gazette_app::{AppError, Config};

pub async fn run(config: &Config, command: SettingsCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let result = match command {
        SettingsCommand::List(args) => {
            let entries = app
                .setting_entries()
                .await
                .map_err(|error| error.to_string());
            match entries {
                Ok(entries) if args.json => output::json(&entries),
                Ok(entries) => {
                    let rows: Vec<Vec<String>> = entries
                        .iter()
                        .map(|entry| {
                            vec![
                                entry.key.to_owned(),
                                entry.value.to_string(),
                                entry.description.to_owned(),
                            ]
                        })
                        .collect();
                    output::table(&["KEY", "VALUE", "DESCRIPTION"], &rows);
                    Ok(())
                }
                Err(error) => Err(error),
            }
        }
        SettingsCommand::Set { key, value } => match app.change_setting(&key, &value).await {
            Ok(stored) => {
                output::line(&format!("{} is now {stored}", key.trim()));
                Ok(())
            }
            Err(AppError::Validation(errors)) => Err(errors
                .iter()
                .map(|problem| problem.message.clone())
                .collect::<Vec<_>>()
                .join(" ")),
            Err(error) => Err(error.to_string()),
        },
    };
    app.close().await;
    result
}
