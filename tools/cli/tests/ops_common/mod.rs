//! What the operator-command tests share: a `dimo devnet` process (chain, deployment and the
//! onboarding story: Acme Devices is node 1 with device licence 1, held by dev account 2) and
//! running `dimo` with a dev account's key.
#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use alloy::primitives::Address;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use dimo_chain::dev_accounts;

/// The dev accounts' roles in the devnet's story.
pub const FOUNDATION: usize = 0;
pub const MANAGER: usize = 1;
pub const ACME: usize = 2;
pub const AUDITORS: [usize; 3] = [3, 4, 5];
pub const TEAM: [usize; 3] = [6, 7, 8];
pub const BUYER: usize = 9;
pub const RELAYER: usize = 10;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dimo-ops-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn address(i: usize) -> Address {
    dev_accounts()[i].address
}

/// `dimo devnet` as a child process: its URL and its deployment record's directory.
pub struct Devnet {
    child: Child,
    pub url: String,
    pub state: PathBuf,
}

impl Devnet {
    /// Starts a devnet on `state` (a new directory for a fresh chain, or one a previous
    /// devnet used, which then skips the story).
    pub fn start(state: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dimo"))
            .current_dir(repo())
            // The indexer has its own suite; without it, devnets of tests running at once do
            // not contend for the API's port.
            .args(["devnet", "--port", "0", "--no-indexer", "--state"])
            .arg(state)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut url = None;
        loop {
            let line = lines.next().expect("the devnet serves").unwrap();
            if let Some(rest) = line.strip_prefix("RPC URL") {
                url = Some(rest.trim().to_owned());
            }
            if line.starts_with("Serving") {
                break;
            }
        }
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            url: url.expect("the devnet prints its URL"),
            state: state.to_owned(),
        }
    }

    /// A fresh devnet.
    pub fn fresh(name: &str) -> Self {
        Self::start(&temp_dir(name))
    }

    pub fn deployments(&self) -> PathBuf {
        self.state.join("deployments")
    }

    pub fn provider(&self) -> DynProvider {
        ProviderBuilder::new()
            .connect_http(self.url.parse().unwrap())
            .erased()
    }

    /// The deployed address of `name`.
    pub fn contract(&self, name: &str) -> Address {
        let record: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(self.deployments().join("devnet.json")).unwrap(),
        )
        .unwrap();
        record["contracts"][name]["address"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// `dimo <args>` against this devnet as dev account `who`.
    pub fn dimo(&self, who: usize, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dimo"));
        command
            .current_dir(repo())
            .args(args)
            .arg("--rpc-url")
            .arg(&self.url)
            .arg("--deployments")
            .arg(self.deployments())
            .env("DIMO_KEY", dev_accounts()[who].key.to_string())
            .env_remove("DIMO_RPC_URL");
        command
    }

    /// Runs `dimo <args>` as `who` to the end.
    pub fn run(&self, who: usize, args: &[&str]) -> Output {
        self.dimo(who, args).output().unwrap()
    }

    /// Runs `dimo <args> --json` as `who`: must succeed; its JSON.
    pub fn json(&self, who: usize, args: &[&str]) -> serde_json::Value {
        let out = self.dimo(who, args).arg("--json").output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", text(&out)))
    }

    /// SIGKILL.
    pub fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Devnet {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// stdout and stderr together.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs and expects success; the output.
#[allow(clippy::needless_pass_by_value)] // called on `.run(...)` directly
pub fn ok(output: Output) -> String {
    let t = text(&output);
    assert!(output.status.success(), "{t}");
    t
}

/// Runs and expects failure naming `needle`; nothing else asserted here.
#[allow(clippy::needless_pass_by_value)] // called on `.run(...)` directly
pub fn refused(output: Output, needle: &str) -> String {
    let t = text(&output);
    assert!(!output.status.success(), "expected a refusal: {t}");
    assert!(t.contains(needle), "expected {needle:?} in: {t}");
    t
}

/// A Luhn-valid IMEI from a 14-digit body.
pub fn imei(body: u64) -> u64 {
    let mut sum = 0;
    let mut n = body;
    for i in 0..14 {
        let d = n % 10;
        n /= 10;
        let d = if i % 2 == 0 { d * 2 } else { d };
        sum += if d > 9 { d - 9 } else { d };
    }
    body * 10 + (10 - sum % 10) % 10
}

/// The CSV header.
pub const HEADER: &str = "serial,imei,device,manufactured_at,ict_passed,ict_report,mechanical_passed,mechanical_report,qa_passed,qa_report,qa_inspected_at,firmware,signature";

/// A good row for dev keys (no device address, no signature): serial `<prefix>-<i>`, an IMEI
/// unique to run `run` and `i`.
pub fn good_row(prefix: &str, run: u64, i: u64) -> String {
    let h = |tag: &str| {
        format!(
            "{}",
            alloy::primitives::keccak256(format!("{tag} {prefix} {i}"))
        )
    };
    format!(
        "{prefix}-{i:06},{},,2025-06-01,pass,{},pass,{},pass,{},2025-06-02T10:00:00Z,1.4.0.7,",
        imei(35_100_000_000_000 + run * 10_000_000 + i),
        h("ict"),
        h("mech"),
        h("qa")
    )
}
