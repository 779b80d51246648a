//! `floordesk-server`: reads the configuration and serves until Ctrl-C or SIGTERM.

use floordesk_server::config::ConfigError;
use floordesk_server::{Config, Server};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("FLOORDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::load(&args) {
        Ok(c) => c,
        Err(ConfigError::Shown(text)) => {
            print!("{text}");
            return std::process::ExitCode::SUCCESS;
        }
        Err(ConfigError::Invalid(e)) => {
            eprintln!("floordesk-server: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let server = match Server::bind(&config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("floordesk-server: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if server.seeded_demo() {
        println!("Demo logins (personal code, name, role, site):");
        for s in floordesk_server::demo::STAFF {
            println!("  {}  {:<18} {:<14} {}", s.code, s.name, format!("{:?}", s.role), s.site);
        }
    }
    match server.local_addr() {
        Ok(addr) => tracing::info!(%addr, "listening"),
        Err(e) => tracing::warn!(error = %e, "cannot read the bound address"),
    }
    if let Err(e) = server.run(shutdown_signal()).await {
        eprintln!("floordesk-server: {e}");
        return std::process::ExitCode::FAILURE;
    }
    tracing::info!("stopped");
    std::process::ExitCode::SUCCESS
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
