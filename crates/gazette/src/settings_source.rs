//! Putting the configuration together: file, then environment, then flags.

use crate::cli::Cli;
use gazette_app::Config;
use gazette_app::config::ConfigError;

/// The configuration for this run.
pub fn load(cli: &Cli) -> Result<Config, ConfigError> {
    let mut config = match &cli.config {
        Some(path) => Config::from_file(path)?,
        None => Config::default(),
    };
    config.apply_environment(std::env::vars())?;
    if let Some(data_dir) = &cli.data_dir {
        config.data_dir.clone_from(data_dir);
    }
    if let Some(database) = &cli.database {
        config.database_url = Some(database.clone());
    }
    Ok(config)
}
