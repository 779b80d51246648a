//! A throwaway PostgreSQL cluster for tests and benchmarks.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::env::{free_port, output, run, say, show};

/// A throwaway PostgreSQL cluster on a free loopback port, stopped and removed when dropped.
pub struct Postgres {
    pg_ctl: PathBuf,
    dir: PathBuf,
    as_postgres: bool,
    pub url: String,
}

impl Postgres {
    /// `initdb` into a fresh folder and start the server (as the `postgres` user when we are root: initdb refuses root).
    pub fn start() -> Result<Self, String> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .map_err(|e| format!("PostgreSQL is not installed (/usr/lib/postgresql: {e}); run `cargo xtask setup`"))?
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|b| b.join("initdb").is_file())
            .max()
            .ok_or("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")?;
        let as_postgres = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        let dir = std::env::temp_dir().join(format!("floordesk-pg-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let port = free_port("PostgreSQL")?;
        let pg = Self {
            pg_ctl: bin.join("pg_ctl"),
            dir,
            as_postgres,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        };
        if as_postgres {
            run(Command::new("chown").args(["postgres:postgres"]).arg(&pg.dir))?;
        }
        quiet(pg.tool(&bin.join("initdb")).arg("-D").arg(&pg.dir).args(["-A", "trust", "-U", "postgres"]))?;
        let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1", pg.dir.display());
        quiet(
            pg.tool(&pg.pg_ctl)
                .arg("-D")
                .arg(&pg.dir)
                .arg("-l")
                .arg(pg.dir.join("server.log"))
                .args(["-w", "-o", &options, "start"]),
        )?;
        say("postgres", format!("PostgreSQL from {} on 127.0.0.1:{port}", bin.display()));
        Ok(pg)
    }

    /// Creates an empty database and returns its URL.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        quiet(Command::new("psql").args([
            "-v",
            "ON_ERROR_STOP=1",
            &self.url,
            "-c",
            &format!("CREATE DATABASE {name}"),
        ]))?;
        let base = self.url.rsplit_once('/').map_or(self.url.as_str(), |(base, _)| base);
        Ok(format!("{base}/{name}"))
    }

    /// A PostgreSQL tool, run as the `postgres` user when we are root.
    fn tool(&self, program: &std::path::Path) -> Command {
        if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(program);
            cmd
        } else {
            Command::new(program)
        }
    }
}

/// Runs a command with its output kept unless it fails, then shown in the error.
fn quiet(cmd: &mut Command) -> Result<(), String> {
    let shown = show(cmd);
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{shown}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Err(e) = quiet(self.tool(&self.pg_ctl).arg("-D").arg(&self.dir).args(["-m", "fast", "-w", "stop"])) {
            eprintln!("{e}");
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
