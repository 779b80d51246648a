//! `floordesk-server`: reads the configuration and serves until Ctrl-C or SIGTERM.

use floordesk_server::config::ConfigError;
use floordesk_server::{Config, Server};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("FLOORDESK_LOG").unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `admin create ID NAME` and `backup FILE` come before the server's usual settings.
    let admin = (args.first().map(String::as_str) == Some("admin"))
        .then(|| args.drain(..args.len().min(4)).collect::<Vec<_>>());
    let backup = (args.first().map(String::as_str) == Some("backup"))
        .then(|| args.drain(..args.len().min(2)).collect::<Vec<_>>());
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
    if let Some(admin) = admin {
        return create_admin(&config, &admin).await;
    }
    if let Some(backup) = backup {
        let [_, to] = backup.as_slice() else {
            eprintln!("usage: floordesk-server backup FILE [the server's settings, e.g. --database-url]");
            return std::process::ExitCode::from(2);
        };
        return match floordesk_server::backup::backup(&config, std::path::Path::new(to)).await {
            Ok(()) => {
                println!("Backed up to {to} (the code key is not in it: keep it with the server).");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("floordesk-server: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
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
        if let Ok(mut addr) = server.local_addr() {
            // Listening on every address: the handhelds of a demo reach it on this machine's.
            if addr.ip().is_unspecified() {
                addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
            }
            let scheme = if server.serves_tls() { "https" } else { "http" };
            println!("Demo handhelds (paste the line into the app's first-run screen):");
            for d in floordesk_server::demo::DEVICES {
                println!("  {:<8} {}", d.site, d.enrolment(&format!("{scheme}://{addr}")).text());
            }
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

/// `admin create ID "FULL NAME"`: a city programme administrator, whose personal code is printed once.
async fn create_admin(config: &Config, words: &[String]) -> std::process::ExitCode {
    let [_, create, id, name] = words else {
        eprintln!("usage: floordesk-server admin create ID \"FULL NAME\" [the server's settings, e.g. --database-url]");
        return std::process::ExitCode::from(2);
    };
    if create != "create" {
        eprintln!("floordesk-server: `admin {create}`: the only admin command is `admin create ID \"FULL NAME\"`");
        return std::process::ExitCode::from(2);
    }
    match floordesk_server::admin::create_city_admin(config, id, name).await {
        Ok(issued) => {
            println!("City administrator {} ({}) created.", issued.staff.id, issued.staff.display_name);
            println!("Personal code (shown once; keep it safe): {}", issued.code);
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floordesk-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
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
