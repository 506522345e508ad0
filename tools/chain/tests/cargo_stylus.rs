//! `cargo stylus deploy --no-verify --wasm-file artifacts/<contract>.wasm` (cargo-stylus 0.6.3,
//! the release matching stylus-sdk 0.9) against the chain over real JSON-RPC: a contract
//! without a constructor (CREATE, then `ArbWasm.activateProgram`), the same code again (already
//! activated: CREATE only), and a contract with a constructor (`StylusDeployer`); each deployed
//! contract then answers calls and transactions.
//!
//! The binary comes from `DIMO_CARGO_STYLUS` (`scripts/test` installs it into the target folder
//! and sets it) or from `PATH`. Without it the test fails, unless `DIMO_TEST_SKIP_CARGO_STYLUS=1`
//! says to skip it (printed in the output).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use alloy::primitives::{keccak256, Address, B256, U256};
use alloy::providers::Provider;
use alloy::sol;
use common::{dev_key, node, reader, temp_dir, wallet};
use dimo_chain::stylus::{IArbWasm, IStylusDeployer, ARB_WASM, STYLUS_DEPLOYER, STYLUS_VERSION};
use dimo_chain::{dev_accounts, NodeHandle};

/// Where the binary is named.
const BINARY_ENV: &str = "DIMO_CARGO_STYLUS";
/// Set to 1 to skip this test when cargo-stylus is not installed.
const SKIP_ENV: &str = "DIMO_TEST_SKIP_CARGO_STYLUS";
/// The release the test is written for (stylus-sdk 0.9's).
const VERSION: &str = "0.6.3";

sol! {
    #[sol(rpc)]
    interface TestErc20 {
        function name() external view returns (string);
        function mint(address to, uint256 amount) external;
        function balanceOf(address account) external view returns (uint256);
    }

    #[sol(rpc)]
    interface Registry {
        function owner() external view returns (address);
    }
}

/// The cargo-stylus binary, or `None` when the test is to be skipped.
fn cargo_stylus() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(BINARY_ENV) {
        return Some(PathBuf::from(path));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("cargo-stylus"))
            .find(|candidate| candidate.is_file())
    });
    if on_path.is_none() && std::env::var(SKIP_ENV).as_deref() == Ok("1") {
        eprintln!("{SKIP_ENV}=1 and no cargo-stylus: skipping the cargo-stylus deployments");
        return None;
    }
    Some(on_path.unwrap_or_else(|| {
        panic!(
            "cargo-stylus not found: set {BINARY_ENV} or put cargo-stylus {VERSION} on PATH \
             (`cargo install cargo-stylus --version {VERSION} --locked`, as scripts/test does), \
             or set {SKIP_ENV}=1 to skip this test"
        )
    }))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What one `cargo stylus deploy` printed (colours removed).
struct Deployed {
    output: String,
    address: Address,
    deployment_tx: B256,
}

/// Removes ANSI colour sequences.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The value after `label` on one of `output`'s lines.
fn field<T: std::str::FromStr>(output: &str, label: &str) -> T {
    output
        .lines()
        .find_map(|line| line.split_once(label))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|word| word.parse().ok())
        .unwrap_or_else(|| panic!("no `{label}` in the output:\n{output}"))
}

/// Runs `cargo stylus deploy --no-verify --wasm-file artifacts/<contract>.wasm` against `node`
/// with the key in `key_file`, plus `extra` arguments.
async fn deploy(
    binary: &Path,
    node: &NodeHandle,
    key_file: &Path,
    contract: &str,
    extra: &[String],
) -> Deployed {
    let mut command = Command::new(binary);
    command
        .current_dir(repo())
        .args(["stylus", "deploy", "--no-verify", "--wasm-file"])
        .arg(format!("artifacts/{contract}.wasm"))
        .args(["--endpoint", &node.url(), "--private-key-path"])
        .arg(key_file)
        .args(extra);
    let out = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("cargo-stylus runs");
    let output = plain(&format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ));
    assert!(
        out.status.success(),
        "cargo stylus deploy failed:\n{output}"
    );
    Deployed {
        address: field(&output, "deployed code at address:"),
        deployment_tx: field(&output, "deployment tx hash:"),
        output,
    }
}

/// The Stylus version `ArbWasm` reports for the code at `address`, and that code's hash.
async fn activation(node: &NodeHandle, address: Address) -> (B256, u16) {
    let p = reader(node);
    let code = p.get_code_at(address).await.unwrap();
    assert!(
        code.starts_with(&[0xef, 0xf0, 0x00]),
        "Stylus code at {address}"
    );
    let hash = keccak256(&code);
    let version = IArbWasm::new(ARB_WASM, &p)
        .codehashVersion(hash)
        .call()
        .await
        .unwrap_or_else(|e| panic!("code of {address} is not activated: {e}"));
    (hash, version)
}

/// What `from` paid in gas on the whole chain plus every activation's data fee.
async fn paid_by(node: &NodeHandle, from: Address) -> U256 {
    let p = reader(node);
    let head = p.get_block_number().await.unwrap();
    let mut paid = U256::ZERO;
    for n in 1..=head {
        let block = p.get_block_by_number(n.into()).await.unwrap().unwrap();
        for hash in block.transactions.hashes() {
            let receipt = p.get_transaction_receipt(hash).await.unwrap().unwrap();
            if receipt.from == from {
                paid += U256::from(receipt.gas_used) * U256::from(receipt.effective_gas_price);
            }
            for log in receipt.inner.logs() {
                if let Ok(event) = log.log_decode::<IArbWasm::ProgramActivated>() {
                    paid += event.inner.dataFee;
                }
            }
        }
    }
    paid
}

#[tokio::test]
#[allow(clippy::too_many_lines)] // three deployments on one chain, each checked step by step
async fn cargo_stylus_deploys_activates_and_constructs() {
    let Some(binary) = cargo_stylus() else {
        return;
    };
    let version = Command::new(&binary).arg("--version").output().unwrap();
    let version = String::from_utf8_lossy(&version.stdout).to_string();
    assert!(
        version.contains(VERSION),
        "cargo-stylus {VERSION} expected, got {version}"
    );

    let node = node().await;
    let p = reader(&node);
    let dir = temp_dir("cargo-stylus");
    let key_file = dir.join("key");
    let deployer = &dev_accounts()[0];
    std::fs::write(&key_file, alloy::hex::encode(deployer.key)).unwrap();
    let balance_before = p.get_balance(deployer.address).await.unwrap();

    // Without a constructor: a CREATE with the prelude, then activation with the data fee.
    let erc20 = deploy(&binary, &node, &key_file, "test-erc20", &[]).await;
    assert!(
        erc20
            .output
            .contains("contract activated and ready onchain"),
        "{}",
        erc20.output
    );
    let receipt = p
        .get_transaction_receipt(erc20.deployment_tx)
        .await
        .unwrap()
        .expect("the deployment is mined");
    assert!(receipt.status());
    assert_eq!(receipt.contract_address, Some(erc20.address));
    assert_eq!(receipt.from, deployer.address);
    let (erc20_hash, erc20_version) = activation(&node, erc20.address).await;
    assert_eq!(erc20_version, STYLUS_VERSION);
    // The activation transaction's ProgramActivated names this code and address.
    let head = p.get_block_number().await.unwrap();
    let activated = p
        .get_logs(
            &alloy::rpc::types::Filter::new()
                .address(ARB_WASM)
                .from_block(0)
                .to_block(head),
        )
        .await
        .unwrap();
    let event = activated
        .iter()
        .find_map(|l| l.log_decode::<IArbWasm::ProgramActivated>().ok())
        .expect("ProgramActivated");
    assert_eq!(event.inner.codehash, erc20_hash);
    assert_eq!(event.inner.program, erc20.address);
    assert!(!event.inner.dataFee.is_zero());

    // The deployed token answers a view and a transaction.
    let alice = dev_key(1);
    let token = TestErc20::new(erc20.address, wallet(&node, alice.clone()));
    assert!(!token.name().call().await.unwrap().is_empty());
    let minted = token
        .mint(alice.address(), U256::from(7))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(minted.status());
    assert_eq!(
        token.balanceOf(alice.address()).call().await.unwrap(),
        U256::from(7)
    );

    // The same code again: already activated, so a CREATE only, and the copy answers too.
    let again = deploy(&binary, &node, &key_file, "test-erc20", &[]).await;
    assert!(
        again.output.contains("wasm already activated"),
        "{}",
        again.output
    );
    assert_ne!(again.address, erc20.address);
    assert_eq!(activation(&node, again.address).await.0, erc20_hash);
    let copy = TestErc20::new(again.address, &p);
    assert_eq!(
        copy.balanceOf(alice.address()).call().await.unwrap(),
        U256::ZERO
    );

    // With a constructor: one StylusDeployer transaction deploys, activates and constructs.
    let owner = dev_accounts()[2].address;
    let registry = deploy(
        &binary,
        &node,
        &key_file,
        "manufacturer-registry",
        &[
            "--constructor-signature".into(),
            "constructor(address initialOwner)".into(),
            "--constructor-args".into(),
            owner.to_string(),
        ],
    )
    .await;
    let receipt = p
        .get_transaction_receipt(registry.deployment_tx)
        .await
        .unwrap()
        .expect("the deployment is mined");
    assert!(receipt.status());
    assert_eq!(receipt.to, Some(STYLUS_DEPLOYER));
    let logged = receipt
        .inner
        .logs()
        .iter()
        .find_map(|l| l.log_decode::<IStylusDeployer::ContractDeployed>().ok())
        .expect("ContractDeployed");
    assert_eq!(logged.inner.deployedContract, registry.address);
    assert_eq!(activation(&node, registry.address).await.1, STYLUS_VERSION);
    assert_eq!(
        Registry::new(registry.address, &p)
            .owner()
            .call()
            .await
            .unwrap(),
        owner
    );
    // The deployer paid exactly the gas of its transactions and the data fees of the two
    // activations (the StylusDeployer's excess value came back).
    let balance_after = p.get_balance(deployer.address).await.unwrap();
    assert_eq!(
        balance_before - balance_after,
        paid_by(&node, deployer.address).await
    );
    let _ = std::fs::remove_dir_all(dir);
    node.stop().await;
}
