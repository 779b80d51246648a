//! The key of the device store, in the OS keystore through the `keyring` crate: the Secret Service on Linux (GNOME
//! Keyring, KWallet), the Keychain on macOS, the Credential Manager on Windows. (Handhelds — Android and iOS — need
//! keyring-core's stores for them and a crypto library SQLCipher can link there; not built yet.) Made on the app's
//! first start, read on every other; never written beside the store, so a copy of the device's files alone gives
//! nothing away.

use std::path::{Path, PathBuf};

use floordesk_sync::{LocalStore, StoreKey};

/// Where the key is kept: the app's service, one entry per user account.
const SERVICE: &str = "ru.floordesk.app";
const ENTRY: &str = "device-store";

/// The key of the device store at `store`, made and kept now if there is none.
///
/// With no key kept but an encrypted store there (the keystore was reset or replaced), that store can never be read
/// again: it is moved aside (`….unreadable-<seconds>`) and the device starts afresh — set up again, its tasks taken
/// from the server; what it had not sent is lost with the key.
///
/// # Errors
/// The keystore cannot be reached or refuses, or keeps something that is not a key, in words an operator can act on.
pub fn device_store_key(store: &Path) -> Result<StoreKey, String> {
    let unreachable = |e: keyring::Error| {
        format!(
            "FloorDesk keeps its data on this device encrypted, with a key in the system's keystore, which cannot be \
             used ({e}); on Linux a Secret Service (GNOME Keyring or KWallet) must run in the session, unlocked"
        )
    };
    let entry = keyring::Entry::new(SERVICE, ENTRY).map_err(unreachable)?;
    match entry.get_secret() {
        Ok(bytes) => StoreKey::from_bytes(&bytes)
            .ok_or_else(|| format!("the keystore's entry {SERVICE}/{ENTRY} is not a FloorDesk key")),
        Err(keyring::Error::NoEntry) => {
            if store.exists() && !LocalStore::is_plain(store) {
                let aside = move_aside(store)?;
                tracing::warn!(moved = %aside.display(), "no key for the encrypted device store: moved aside, starting afresh");
            }
            let key = StoreKey::random();
            entry.set_secret(key.as_bytes()).map_err(unreachable)?;
            Ok(key)
        }
        Err(e) => Err(unreachable(e)),
    }
}

/// Moves the store at `store` (and its journal files) aside; where it went.
fn move_aside(store: &Path) -> Result<PathBuf, String> {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let with = |suffix: &str| {
        let mut name = store.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let aside = with(&format!(".unreadable-{seconds}"));
    std::fs::rename(store, &aside).map_err(|e| format!("cannot move the unreadable device store aside: {e}"))?;
    for journal in ["-wal", "-shm"] {
        let _ = std::fs::rename(with(journal), with(&format!(".unreadable-{seconds}{journal}")));
    }
    Ok(aside)
}
