//! The `dimo` binary end to end: `dimo node` as a process on a free port, `dimo deploy`
//! against it (dry run, fresh, already done, resumed after a failure half way, no
//! `StylusDeployer`, key sources), `dimo devnet` running the whole onboarding story, and a
//! `kill -9` at any moment losing nothing a receipt was returned for.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{keccak256, Address, B256, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use dimo_chain::{dev_accounts, NITRO_DEV_KEY};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn artifacts() -> PathBuf {
    repo().join("artifacts")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dimo-tools-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn dimo() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dimo"));
    command.current_dir(repo());
    command
}

/// `dimo node` as a child process.
struct Node {
    child: Child,
    url: String,
}

impl Node {
    fn start(args: &[&str]) -> Self {
        let mut child = dimo()
            .args(["node", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines.next().expect("the node prints its URL").unwrap();
            if let Some(url) = line.strip_prefix("Listening on ") {
                break url.to_owned();
            }
        };
        // Keep draining stdout so the node never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self { child, url }
    }

    fn provider(&self) -> DynProvider {
        ProviderBuilder::new()
            .wallet(EthereumWallet::from(
                PrivateKeySigner::from_bytes(&dev_accounts()[4].key).unwrap(),
            ))
            .connect_http(self.url.parse().unwrap())
            .erased()
    }

    /// SIGKILL, no chance to flush anything.
    fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn deploy(node: &Node, records: &Path, artifacts: &Path, extra: &[&str]) -> Output {
    dimo()
        .args(["deploy", "--network", "devnet", "--rpc", &node.url])
        .arg("--deployments")
        .arg(records)
        .arg("--artifacts")
        .arg(artifacts)
        .args(extra)
        .env("DIMO_DEPLOYER_KEY", NITRO_DEV_KEY.to_string())
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn record(records: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(records.join("devnet.json")).unwrap()).unwrap()
}

const CONTRACTS: [&str; 6] = [
    "test-erc20",
    "manufacturer-registry",
    "manufacturing-licenses",
    "device-licenses",
    "certificate-token",
    "minting-certificates",
];

/// Every recorded contract holds its artifact's code.
async fn verify_record(p: &DynProvider, record: &Value) {
    for name in CONTRACTS {
        let entry = &record["contracts"][name];
        let address: Address = entry["address"].as_str().unwrap().parse().unwrap();
        let code = p.get_code_at(address).await.unwrap();
        let expected: B256 = entry["codeHash"].as_str().unwrap().parse().unwrap();
        assert_eq!(keccak256(&code), expected, "{name}");
        let deploy_tx: B256 = entry["deployTx"].as_str().unwrap().parse().unwrap();
        assert!(p
            .get_transaction_receipt(deploy_tx)
            .await
            .unwrap()
            .unwrap()
            .status());
    }
}

#[tokio::test]
async fn deploy_dry_run_fresh_already_done_and_resumed() {
    let node = Node::start(&[]);
    let p = node.provider();
    let records = temp_dir("records");

    let dry = deploy(&node, &records, &artifacts(), &["--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry));
    let out = text(&dry);
    assert_eq!(out.matches("to deploy").count(), 6, "{out}");
    assert!(out.contains("activation data fee"));
    assert_eq!(
        p.get_block_number().await.unwrap(),
        0,
        "a dry run sends nothing"
    );
    assert!(!records.join("devnet.json").exists());

    // Resumed: a first run that stops after three contracts (the rest of the artifacts are
    // missing), then a full run.
    let partial = temp_dir("partial-artifacts");
    for name in &CONTRACTS[..3] {
        std::fs::copy(
            artifacts().join(format!("{name}.wasm")),
            partial.join(format!("{name}.wasm")),
        )
        .unwrap();
    }
    let failed = deploy(&node, &records, &partial, &[]);
    assert!(!failed.status.success());
    assert!(
        text(&failed).contains("device-licenses.wasm"),
        "{}",
        text(&failed)
    );
    assert_eq!(record(&records)["contracts"].as_object().unwrap().len(), 3);
    let blocks_after_failure = p.get_block_number().await.unwrap();

    let full = deploy(&node, &records, &artifacts(), &[]);
    let out = text(&full);
    assert!(full.status.success(), "{out}");
    assert_eq!(out.matches("code verified: skipped").count(), 3, "{out}");
    let done = record(&records);
    assert_eq!(done["chainId"], 412_346);
    verify_record(&p, &done).await;
    assert!(done["wiring"].as_object().unwrap().len() >= 5);
    let entry = &done["contracts"]["manufacturer-registry"];
    assert_eq!(entry["sdkVersion"], "stylus-sdk 0.9.0");
    assert_eq!(entry["activationTx"], entry["deployTx"]);
    assert!(p.get_block_number().await.unwrap() > blocks_after_failure);

    // Already done: nothing is sent.
    let head = p.get_block_number().await.unwrap();
    let again = deploy(&node, &records, &artifacts(), &[]);
    let out = text(&again);
    assert!(again.status.success(), "{out}");
    assert_eq!(out.matches("code verified: skipped").count(), 6, "{out}");
    assert_eq!(p.get_block_number().await.unwrap(), head);
    std::fs::remove_dir_all(&records).unwrap();
    std::fs::remove_dir_all(&partial).unwrap();
}

#[tokio::test]
async fn deploy_refuses_a_chain_without_stylus_deployer_and_a_missing_key() {
    let node = Node::start(&["--without-stylus-deployer"]);
    let records = temp_dir("no-deployer");
    let out = deploy(&node, &records, &artifacts(), &[]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("StylusDeployer is not deployed"),
        "{}",
        text(&out)
    );
    assert_eq!(node.provider().get_block_number().await.unwrap(), 0);

    let no_key = dimo()
        .args([
            "deploy",
            "--rpc",
            &node.url,
            "--key-env",
            "DIMO_TEST_UNSET_KEY",
        ])
        .output()
        .unwrap();
    assert!(!no_key.status.success());
    assert!(
        text(&no_key).contains("no deployer key"),
        "{}",
        text(&no_key)
    );
    std::fs::remove_dir_all(&records).unwrap();
}

#[tokio::test]
async fn kill_9_loses_nothing_a_receipt_was_returned_for() {
    let state = temp_dir("kill9");
    let records = temp_dir("kill9-records");
    let node = Node::start(&["--state", state.to_str().unwrap()]);
    let deployed = deploy(&node, &records, &artifacts(), &[]);
    assert!(deployed.status.success(), "{}", text(&deployed));

    // Transfers with their receipts, then a kill -9 while more are being sent.
    let p = node.provider();
    let mut confirmed = Vec::new();
    for i in 0..20u64 {
        let receipt = p
            .send_transaction(
                TransactionRequest::default()
                    .with_to(Address::repeat_byte(0x77))
                    .with_value(U256::from(i + 1)),
            )
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        confirmed.push(receipt);
    }
    let url = node.url.clone();
    let in_flight = tokio::spawn(async move {
        let p = ProviderBuilder::new()
            .wallet(EthereumWallet::from(
                PrivateKeySigner::from_bytes(&dev_accounts()[5].key).unwrap(),
            ))
            .connect_http(url.parse().unwrap());
        let mut hashes = Vec::new();
        for _ in 0..200 {
            match p
                .send_transaction(
                    TransactionRequest::default()
                        .with_to(Address::repeat_byte(0x78))
                        .with_value(U256::from(1)),
                )
                .await
            {
                Ok(pending) => hashes.push(*pending.tx_hash()),
                Err(_) => break,
            }
        }
        hashes
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    node.kill_9();
    let acknowledged = in_flight.await.unwrap();

    let node = Node::start(&["--state", state.to_str().unwrap()]);
    let p = node.provider();
    verify_record(&p, &record(&records)).await;
    for receipt in &confirmed {
        let again = p
            .get_transaction_receipt(receipt.transaction_hash)
            .await
            .unwrap()
            .expect("a confirmed transaction survives");
        assert_eq!(again.block_hash, receipt.block_hash);
        assert_eq!(again.gas_used, receipt.gas_used);
    }
    // A hash is answered while its block is committed, and every request waits for that
    // commit: every acknowledged transfer but the last is there, and the last one too unless
    // the kill came before its block was durable (no receipt was returned for it).
    let (last, earlier) = acknowledged
        .split_last()
        .expect("transfers were acknowledged");
    for hash in earlier {
        assert!(
            p.get_transaction_receipt(*hash).await.unwrap().is_some(),
            "acknowledged {hash}"
        );
    }
    let last_kept = p.get_transaction_receipt(*last).await.unwrap().is_some();
    let total: u64 = (1..=20).sum::<u64>();
    assert_eq!(
        p.get_balance(Address::repeat_byte(0x77)).await.unwrap(),
        U256::from(total)
    );
    // If the last acknowledged transfer was kept, one more may have been stored whose answer
    // the kill cut off; if not, nothing after it was (the next request would have waited for
    // its commit).
    let received = p.get_balance(Address::repeat_byte(0x78)).await.unwrap();
    let acked = U256::from(acknowledged.len());
    if last_kept {
        assert!(
            received == acked || received == acked + U256::from(1),
            "{received} for {acked}"
        );
    } else {
        assert_eq!(received, acked - U256::from(1));
    }
    // The deployment is complete: a rerun sends nothing.
    let head = p.get_block_number().await.unwrap();
    let again = deploy(&node, &records, &artifacts(), &[]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(p.get_block_number().await.unwrap(), head);
    drop(node);
    std::fs::remove_dir_all(&state).unwrap();
    std::fs::remove_dir_all(&records).unwrap();
}

#[tokio::test]
async fn devnet_runs_the_onboarding_story_over_json_rpc() {
    let state = temp_dir("devnet");
    let output = dimo()
        .args(["devnet", "--port", "0", "--exit", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    let out = text(&output);
    assert!(output.status.success(), "{out}");
    for needle in [
        "registry.mintManufacturer",
        "manufacturing.grantManufacturingLicense",
        "devices.recordAudit",
        "devices.vote",
        "mintCertificates",
        "certificates.claim",
        "markProvisioned",
        "authorizeOrganization",
        "updateFirmware",
        "factoryReset",
        "endOfLife",
        "story done",
        "RPC URL",
        "Funded dev key",
    ] {
        assert!(out.contains(needle), "{needle} missing in\n{out}");
    }
    let steps = out
        .lines()
        .filter(|l| l.contains(" gas ") && l.contains("0x"))
        .count();
    assert_eq!(steps, 21, "{out}");

    // The story's effects are on the stored chain: the certificate ended its life.
    let node = Node::start(&["--state", state.to_str().unwrap()]);
    let p = node.provider();
    let record = record(&state.join("deployments"));
    verify_record(&p, &record).await;
    let certificates: Address = record["contracts"]["minting-certificates"]["address"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let logs = p
        .get_logs(
            &alloy::rpc::types::Filter::new()
                .address(certificates)
                .from_block(0),
        )
        .await
        .unwrap();
    // 100 CertificateMinted, BatchMinted, claim, provisioning, OTA, reset, end of life.
    assert!(logs.len() >= 106, "{} logs", logs.len());
    drop(node);
    std::fs::remove_dir_all(&state).unwrap();
}
