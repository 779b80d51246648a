//! `floordesk-server backup FILE`: an online copy of an SQLite store, consistent as of one moment, while the server
//! runs (`VACUUM INTO`), readable by its owner only. A PostgreSQL store is copied with `pg_dump` (see
//! docs/OPERATIONS.md). The code key is not in the copy: a restored server needs the same key.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;

use crate::config::Config;
use crate::server::ServeError;

/// Copies the SQLite store `config` names into `to` (which must not exist yet).
pub async fn backup(config: &Config, to: &Path) -> Result<(), ServeError> {
    if !config.database_url.starts_with("sqlite:") {
        return Err(ServeError::Admin(
            "a PostgreSQL store is backed up with pg_dump (docs/OPERATIONS.md), not by the server".into(),
        ));
    }
    let target = to.to_str().ok_or_else(|| ServeError::Admin(format!("{} is not a UTF-8 path", to.display())))?;
    // Made empty and 0600 first (VACUUM INTO fills an empty file), so the copy is never readable by others, and a
    // file that exists already is never overwritten.
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(to).map_err(|e| {
        ServeError::Admin(format!("cannot create {} ({e}); name a new file in a folder that exists", to.display()))
    })?;
    let copied = async {
        let options = SqliteConnectOptions::from_str(&config.database_url)?;
        let mut conn = options.read_only(true).connect().await?;
        sqlx::query("VACUUM INTO ?").bind(target).execute(&mut conn).await?;
        Ok::<(), sqlx::Error>(())
    };
    if let Err(e) = copied.await {
        let _ = std::fs::remove_file(to);
        return Err(crate::store::StoreError::from(e).into());
    }
    Ok(())
}
