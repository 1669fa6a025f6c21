//! `gazette serve`: run the web server until interrupted.

use crate::cli::ServeArgs;
use crate::output;
use gazette_app::{App, Clock, Config, DemoOutcome};
use gazette_render::{Theme, ThemeOptions};
use gazette_web::{WebOptions, WebState};

pub async fn run(mut config: Config, args: ServeArgs) -> Result<(), String> {
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    if let Some(theme) = args.theme {
        config.theme_dir = Some(theme);
    }
    let theme = Theme::load(&ThemeOptions {
        override_dir: config.theme_dir.clone(),
        strict_undefined: false,
    })
    .map_err(|error| error.to_string())?;
    let app = App::open(&config, Clock::system())
        .await
        .map_err(|error| error.to_string())?;
    if args.demo {
        match app
            .fill_demo_site()
            .await
            .map_err(|error| error.to_string())?
        {
            DemoOutcome::Filled { articles, comments } => tracing::info!(
                articles,
                comments,
                "filled the empty site with sample content"
            ),
            DemoOutcome::AlreadyHasContent => {
                tracing::info!("the site already has articles; no sample content added");
            }
        }
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|error| {
            format!(
                "cannot listen on {}: {error}; is another program using that port?",
                config.listen
            )
        })?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the listening address: {error}"))?;
    let settings = app
        .site_settings()
        .await
        .map_err(|error| error.to_string())?;
    let state = WebState::new(
        app.clone(),
        theme,
        WebOptions {
            max_body_bytes: config.http.max_body_bytes,
            trusted_proxies: config.http.trusted_proxies.clone(),
            page_cache_bytes: config.http.page_cache_bytes,
        },
    );
    output::line(&format!(
        "Gazette is serving “{}” at http://{address}/ (press Ctrl+C to stop)",
        settings.title
    ));
    if let Some(token) = app
        .setup_token_if_needed()
        .await
        .map_err(|error| error.to_string())?
    {
        output::line(&format!(
            "No administrator yet: open http://{address}/setup/{token} within 24 hours to create one (or run `gazette user add --role administrator`)."
        ));
    }
    if app.mailer().is_none() {
        tracing::info!(
            "mail is not set up ([mail] in the configuration): no notifications will be sent"
        );
    }
    let background = app.start_background_work();
    // Meanwhile a request for a theme file waits only for the one it asks for.
    tokio::spawn({
        let state = state.clone();
        async move { state.compress_theme_files().await }
    });
    let served = gazette_web::serve(listener, gazette_web::router(state), shutdown_signal()).await;
    drop(background);
    app.close().await;
    tracing::info!("stopped");
    served.map_err(|error| format!("the server stopped with an error: {error}"))
}

/// Completes on Ctrl+C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
