//! Where things are: the repository, the cache outside it, and small helpers to run commands loudly.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The repository and the cache.
#[derive(Debug, Clone)]
pub struct Env {
    /// The workspace root (the clone).
    pub root: PathBuf,
    /// Tools and build outputs, outside the clone so a fresh clone reuses them.
    pub cache: PathBuf,
}

impl Env {
    /// The workspace this xtask was built from, and `$FLOORDESK_CACHE` or `~/.cache/floordesk`.
    pub fn discover() -> Result<Self, String> {
        // `cargo run` (the `cargo xtask` alias) names the package's folder at run time; the path compiled in is only
        // the fallback, since a binary built in one clone may be reused by another sharing the target directory.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        let root = manifest_dir.parent().ok_or("xtask is not inside a workspace")?.to_path_buf();
        let cache = match std::env::var_os("FLOORDESK_CACHE") {
            Some(dir) => PathBuf::from(dir),
            None => {
                let base = std::env::var_os("XDG_CACHE_HOME")
                    .map(PathBuf::from)
                    .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
                base.ok_or("neither FLOORDESK_CACHE, XDG_CACHE_HOME nor HOME is set")?.join("floordesk")
            }
        };
        std::fs::create_dir_all(&cache).map_err(|e| format!("cannot create the cache {}: {e}", cache.display()))?;
        Ok(Self { root, cache })
    }

    /// The cargo target directory for native builds.
    pub fn target(&self) -> PathBuf {
        self.cache.join("target")
    }

    /// `cargo` (the one running xtask) in the workspace, building into the cached target directory.
    pub fn cargo(&self) -> Command {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.current_dir(&self.root).env("CARGO_TARGET_DIR", self.target());
        cmd
    }

    /// Makes room for a build before it starts, so a full disk never fails one halfway: with less than
    /// [`ROOM_GB`] free where the cache lives, the target directories' incremental data goes first (every clone path
    /// keeps its own, and a CI clone never reuses another's), then the native debug outputs (rebuilt from scratch,
    /// a few minutes on two cores). Says what it removed; fails in words when even that leaves too little.
    pub fn keep_room(&self) -> Result<(), String> {
        let free = || free_gb(&self.cache);
        if free().is_none_or(|gb| gb >= ROOM_GB) {
            return Ok(());
        }
        let incremental = ["target", "target-wasm", "target-wasm-debian"].into_iter().flat_map(|dir| {
            let base = self.cache.join(dir);
            [
                base.join("debug").join("incremental"),
                base.join("wasm32-unknown-unknown").join("debug").join("incremental"),
            ]
        });
        let mut steps: Vec<PathBuf> = incremental.collect();
        steps.push(self.target().join("debug"));
        for dir in steps {
            if free().is_some_and(|gb| gb >= ROOM_GB) {
                return Ok(());
            }
            if dir.exists() {
                say("room", format!("{} GB free, below {ROOM_GB}: removing {}", free().unwrap_or(0), dir.display()));
                std::fs::remove_dir_all(&dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
            }
        }
        match free() {
            Some(gb) if gb < ROOM_GB => Err(format!(
                "only {gb} GB free under {} after clearing the build outputs; a full build and test run needs about {ROOM_GB} GB",
                self.cache.display()
            )),
            _ => Ok(()),
        }
    }

    /// Builds every native target of the workspace, tests included. `run` and `test` both build this one way, so
    /// cargo resolves the same features (dev-dependencies included) and neither rebuilds what the other built.
    pub fn build_native(&self) -> Result<(), String> {
        run(self.cargo().args(["build", "--workspace", "--all-targets"]))
    }

    /// A native binary built by [`Env::build_native`] in the dev profile.
    pub fn debug_bin(&self, name: &str) -> PathBuf {
        self.target().join("debug").join(name)
    }
}

/// Free space a build and test run needs where the cache lives, in GB (a full debug build of the workspace with its
/// tests takes about 15 GB; the rest is headroom for the test databases and screenshots).
pub const ROOM_GB: u64 = 20;

/// Free space on the file system holding `path`, in GB, from `df` (coreutils); `None` when it cannot be read.
fn free_gb(path: &std::path::Path) -> Option<u64> {
    let out = output(Command::new("df").arg("-Pk").arg(path))?;
    let kb: u64 = out.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()?;
    Some(kb / (1024 * 1024))
}

/// Prints what is about to happen, in one recognisable style.
pub fn say(stage: &str, message: impl AsRef<str>) {
    println!("[{stage}] {}", message.as_ref());
}

/// Runs a command with inherited output; an error names the command and its exit status.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = show(cmd);
    println!("  $ {shown}");
    let status = cmd.status().map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a command quietly and returns its standard output, or `None` when it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The command line as a person would type it.
pub fn show(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a program is on PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// A port on 127.0.0.1 that nothing listens on now, for `what`.
pub fn free_port(what: &str) -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port for {what}: {e}"))
}
