//! Logging: structured lines on standard error, filtered by the configured level.

use std::io::IsTerminal as _;
use tracing_subscriber::EnvFilter;

/// Starts logging with `filter` (such as `info` or `gazette=debug,info`). An unreadable
/// filter falls back to `info` with a warning.
pub fn init(filter: &str) {
    let (env_filter, fallback) = match EnvFilter::try_new(filter) {
        Ok(parsed) => (parsed, false),
        Err(_) => (EnvFilter::new("info"), true),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(env_filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
    if fallback {
        tracing::warn!("the log filter `{filter}` cannot be read; logging at info instead");
    }
}
