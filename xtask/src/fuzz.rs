//! `cargo xtask fuzz [MINUTES] [SEED]`: builds the fuzz target in release and runs it for MINUTES (5 unless said):
//! mutated push bodies through the server's decoding and the domain's decisions. A finding (a panic) fails the run
//! and leaves its input in `target/fuzz-findings/`. Not part of `cargo xtask test`.

use crate::env::{run, say, Env};

pub fn fuzz(env: &Env, args: &[String]) -> Result<(), String> {
    let minutes = args.first().map_or(Ok(5), |m| m.parse::<u64>().map_err(|e| format!("minutes `{m}`: {e}")))?;
    say("fuzz", format!("building the fuzz target (release), then fuzzing for {minutes} min"));
    run(env.cargo().args(["build", "--release", "--package", "floordesk-fuzz"]))?;
    let mut cmd = std::process::Command::new(env.target().join("release").join("floordesk-fuzz"));
    cmd.current_dir(&env.root).args(["--minutes", &minutes.to_string()]);
    if let Some(seed) = args.get(1) {
        cmd.args(["--seed", seed]);
    }
    run(&mut cmd)
}
