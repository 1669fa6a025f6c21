//! `gazette export wordpress|json`: the whole site written on standard output, for a
//! redirection into a file.

use crate::cli::ExportCommand;
use gazette_app::Config;
use std::io::{BufWriter, Write as _};

pub async fn run(config: &Config, command: ExportCommand) -> Result<(), String> {
    let app = super::open(config).await?;
    let mut out = BufWriter::new(std::io::stdout());
    let result = match command {
        ExportCommand::Wordpress => app.export_wordpress(&mut out).await,
        ExportCommand::Json => app.export_json(&mut out).await,
    };
    app.close().await;
    result.map_err(|error| error.to_string())?;
    out.flush()
        .map_err(|error| format!("the export could not be written: {error}"))
}
