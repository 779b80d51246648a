//! The key of the device store, in the OS keystore: the Secret Service on Linux (GNOME Keyring, KWallet), and through
//! the same crate the keystores of Android, iOS, macOS and Windows. Made on the app's first start, read on every
//! other; never written beside the store, so a copy of the device's files alone gives nothing away.

use floordesk_sync::StoreKey;

/// Where the key is kept: the app's service, one entry per user account.
const SERVICE: &str = "ru.floordesk.app";
const ENTRY: &str = "device-store";

/// The device store's key, made and kept now if there is none.
///
/// # Errors
/// The keystore cannot be reached or refuses, or keeps something that is not a key, in words an operator can act on.
pub fn device_store_key() -> Result<StoreKey, String> {
    let unreachable = |e: keyring::Error| {
        format!(
            "FloorDesk keeps its data on this device encrypted, with a key in the system's keystore, which cannot be \
             used ({e}); on Linux a Secret Service (GNOME Keyring or KWallet) must run in the session"
        )
    };
    let entry = keyring::Entry::new(SERVICE, ENTRY).map_err(unreachable)?;
    match entry.get_secret() {
        Ok(bytes) => StoreKey::from_bytes(&bytes)
            .ok_or_else(|| format!("the keystore's entry {SERVICE}/{ENTRY} is not a FloorDesk key")),
        Err(keyring::Error::NoEntry) => {
            let key = StoreKey::random();
            entry.set_secret(key.as_bytes()).map_err(unreachable)?;
            Ok(key)
        }
        Err(e) => Err(unreachable(e)),
    }
}
