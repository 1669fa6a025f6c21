//! `gazette`: the command line of Gazette, a self-hosted news publishing platform.
//!
//! This crate owns the command-line interface (clap), configuration loading, logging and
//! the wiring of the other crates; it holds no business rules. Every command prints its
//! result on standard output, and on failure one sentence on standard error with a
//! non-zero exit status.

mod cli;
mod commands;
mod output;
mod settings_source;
mod telemetry;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system's allocator: reading feeds, cleaning HTML and building
/// rows allocate many small, short-lived objects, and glibc's allocator spent about a
/// tenth of a long feed's ingest on them (docs/PERFORMANCE.md, syndication ingest). It is
/// built without asking Linux for transparent huge pages (the `no_thp` feature): the
/// kernel zeroes such a page whole, 2 MiB, the first time any of it is touched, and every
/// thread that reads or cleans a feed starts a heap of its own in fresh memory, so a long
/// feed's reading spent most of its time in the kernel zeroing pages it barely used.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            output::error(&format!("could not start the async runtime: {error}"));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            output::error(&message);
            ExitCode::FAILURE
        }
    }
}
