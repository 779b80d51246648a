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
    if to.exists() {
        return Err(ServeError::Admin(format!("{} exists already; name a new file", to.display())));
    }
    let target = to.to_str().ok_or_else(|| ServeError::Admin(format!("{} is not a UTF-8 path", to.display())))?;
    let options = SqliteConnectOptions::from_str(&config.database_url).map_err(crate::store::StoreError::from)?;
    let mut conn = options.read_only(true).connect().await.map_err(crate::store::StoreError::from)?;
    sqlx::query("VACUUM INTO ?").bind(target).execute(&mut conn).await.map_err(crate::store::StoreError::from)?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o600))?;
    Ok(())
}
