//! One module per command. Each returns `Err(sentence)` on failure; `main` prints it.

mod article;
mod comments;
mod demo;
mod export;
mod import;
mod jobs;
mod migrate;
mod serve;
mod settings;
mod sources;
mod users;

use crate::cli::{Cli, Command};
use crate::{settings_source, telemetry};
use gazette_app::{App, Clock, Config};

/// Runs the command the user asked for.
pub async fn run(cli: Cli) -> Result<(), String> {
    let config = settings_source::load(&cli).map_err(|error| error.to_string())?;
    let log_filter = match &cli.command {
        Command::Serve(_) => config.log.clone(),
        _ => std::env::var("GAZETTE_LOG").unwrap_or_else(|_| "warn".to_owned()),
    };
    telemetry::init(&log_filter);
    match cli.command {
        Command::Serve(args) => serve::run(config, args).await,
        Command::Demo => demo::run(&config).await,
        Command::Migrate => migrate::run(&config).await,
        Command::Article(command) => article::run(&config, command).await,
        Command::Comments(command) => comments::run(&config, command).await,
        Command::Settings(command) => settings::run(&config, command).await,
        Command::Jobs(command) => jobs::run(&config, command).await,
        Command::User(command) => users::run(&config, command).await,
        Command::Source(command) => sources::run(&config, command).await,
        Command::Import(command) => import::run(&config, command).await,
        Command::Export(command) => export::run(&config, command).await,
    }
}

/// Opens the site for a command, turning failures into one sentence.
async fn open(config: &Config) -> Result<App, String> {
    App::open_for_command(config, Clock::system())
        .await
        .map_err(|error| error.to_string())
}
