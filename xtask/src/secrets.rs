//! A private D-Bus session bus with a Secret Service on it (GNOME Keyring, its keyrings in the cache): where the app
//! keeps its device store's key when `cargo xtask test` drives it, and when `cargo xtask run` opens it on a machine
//! with no desktop session.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::env::{say, Env};

/// The bus and the keyring, stopped when dropped.
pub struct SecretService {
    bus: Child,
    keyring: Child,
    /// `DBUS_SESSION_BUS_ADDRESS` for whoever should use it.
    pub address: String,
    /// Its keyrings, removed when it stops.
    home: PathBuf,
}

impl SecretService {
    /// Starts a bus and GNOME Keyring on it, with keyrings of its own in `<cache>/keyring/<name>-<pid>`.
    pub fn start(env: &Env, name: &str) -> Result<Self, String> {
        let home: PathBuf = env.cache.join("keyring").join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        let run = home.join("run");
        std::fs::create_dir_all(&run).map_err(|e| format!("cannot create {}: {e}", run.display()))?;
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start dbus-daemon: {e}"))?;
        let mut address = String::new();
        if let Some(out) = bus.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut address);
        }
        let address = address.trim().to_owned();
        if address.is_empty() {
            let _ = bus.kill();
            let _ = bus.wait();
            return Err("dbus-daemon gave no address for its session bus".into());
        }
        let keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut keyring = match keyring {
            Ok(k) => k,
            Err(e) => {
                let _ = bus.kill();
                return Err(format!("cannot start gnome-keyring-daemon: {e}"));
            }
        };
        // The login keyring's password, then the end of its input: it unlocks (made on the first run).
        if let Some(mut stdin) = keyring.stdin.take() {
            let _ = stdin.write_all(b"floordesk");
        }
        let mut service = Self { bus, keyring, address, home };
        let started = Instant::now();
        while !service.has_secrets() {
            if let Ok(Some(status)) = service.keyring.try_wait() {
                return Err(format!("gnome-keyring-daemon exited at start ({status})"));
            }
            if started.elapsed() > Duration::from_secs(15) {
                return Err("GNOME Keyring did not take the Secret Service's name on the bus within 15 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        say("secrets", format!("a Secret Service on {}", service.address));
        Ok(service)
    }

    fn has_secrets(&self) -> bool {
        Command::new("dbus-send")
            .args(["--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus"])
            .args(["org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("boolean true"))
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        for child in [&mut self.keyring, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.home);
    }
}
