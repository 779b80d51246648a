//! The device store's key in a real Secret Service — GNOME Keyring on a private D-Bus session bus — and the store,
//! encrypted with it, unreadable without it.

use std::io::{BufRead, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use floordesk_app_lib::keystore::device_store_key;
use floordesk_sync::{LocalStore, StoreKey};

/// A private session bus with GNOME Keyring's Secret Service on it (its keyrings in a temporary home), stopped when
/// dropped.
struct SecretService {
    bus: Child,
    keyring: Child,
    address: String,
    _home: tempfile::TempDir,
}

impl SecretService {
    fn start() -> Self {
        let home = tempfile::tempdir().unwrap();
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (Debian's dbus) is installed by `cargo xtask setup`");
        let mut address = String::new();
        std::io::BufReader::new(bus.stdout.take().unwrap()).read_line(&mut address).unwrap();
        let address = address.trim().to_owned();
        let run = home.path().join("run");
        std::fs::create_dir_all(&run).unwrap();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (Debian's gnome-keyring) is installed by `cargo xtask setup`");
        // The login keyring's password, then the end of its input: it unlocks (making it on the first run).
        keyring.stdin.take().unwrap().write_all(b"floordesk-test").unwrap();
        let started = Instant::now();
        while !secrets_on(&address) {
            assert!(started.elapsed() < Duration::from_secs(10), "no Secret Service on the bus after 10 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { bus, keyring, address, _home: home }
    }
}

/// Whether the Secret Service's name is owned on the bus at `address`.
fn secrets_on(address: &str) -> bool {
    Command::new("dbus-send")
        .args(["--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus"])
        .args(["org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"])
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("boolean true"))
}

impl Drop for SecretService {
    fn drop(&mut self) {
        for child in [&mut self.keyring, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
#[ignore = "needs dbus-daemon and gnome-keyring: run by `cargo xtask test`"]
fn the_device_store_is_encrypted_with_a_key_kept_in_the_secret_service_and_unreadable_without_it() {
    let service = SecretService::start();
    // The only test of this binary: the keystore client reads the bus from the environment.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &service.address);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("floordesk.db");
    let key = device_store_key(&path).expect("a key made and kept");
    assert_eq!(device_store_key(&path).expect("the key read back"), key, "made once, read on every start after");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = LocalStore::open(&path, Some(&key)).await.unwrap();
        store.remember("probe", &"Б-042, Смирнова А. С.").await.unwrap();
        store.close().await;
    });
    // Closed, everything is in the one file.
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Смирнова") && !text.contains("SQLite format 3"), "the store is readable");
    runtime.block_on(async {
        assert!(LocalStore::open(&path, None).await.is_err(), "opened without its key");
        assert!(LocalStore::open(&path, Some(&StoreKey::random())).await.is_err(), "opened with another key");
        let store = LocalStore::open(&path, Some(&key)).await.unwrap();
        assert_eq!(store.recall::<String>("probe").await.unwrap().as_deref(), Some("Б-042, Смирнова А. С."));
        store.close().await;
    });

    let kept = std::fs::read(&path).unwrap();
    // The keystore loses the key (reset, a new login keyring): the store it opened is moved aside, never overwritten,
    // and the device starts afresh with a new key.
    keyring::Entry::new("ru.floordesk.app", "device-store").unwrap().delete_credential().unwrap();
    let fresh = device_store_key(&path).expect("a new key");
    assert_ne!(fresh, key);
    assert!(!path.exists(), "the unreadable store is not where the new one goes");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            // The store itself (its journal files, if any are left, go with it under the same name).
            name.starts_with("floordesk.db.unreadable-") && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "moved aside, whole");
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), kept);
    runtime.block_on(async {
        let store = LocalStore::open(&path, Some(&fresh)).await.unwrap();
        assert_eq!(store.recall::<String>("probe").await.unwrap(), None);
    });
}
