//! Helpers of the chain's integration tests: a node on a free port, providers with dev keys,
//! raw HTTP requests (for inputs no client would send) and the contract artifacts.
#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;

use alloy::network::EthereumWallet;
use alloy::primitives::{Address, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use dimo_chain::{dev_accounts, spawn, ChainConfig, NodeHandle};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A node in memory on a free port.
pub async fn node() -> NodeHandle {
    spawn(ChainConfig::default(), 0)
        .await
        .expect("the node starts")
}

/// A node stored in `dir` on a free port.
pub async fn node_in(dir: &std::path::Path) -> NodeHandle {
    let config = ChainConfig {
        state_dir: Some(dir.to_owned()),
        ..ChainConfig::default()
    };
    spawn(config, 0).await.expect("the node starts")
}

/// A fresh temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dimo-chain-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Dev key `i` (0 is Nitro's).
pub fn dev_key(i: usize) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&dev_accounts()[i].key).unwrap()
}

/// A provider signing with `key`.
pub fn wallet(node: &NodeHandle, key: PrivateKeySigner) -> DynProvider {
    ProviderBuilder::new()
        .wallet(EthereumWallet::from(key))
        .connect_http(node.url().parse().unwrap())
        .erased()
}

/// A provider without keys.
pub fn reader(node: &NodeHandle) -> DynProvider {
    ProviderBuilder::new()
        .connect_http(node.url().parse().unwrap())
        .erased()
}

/// POSTs `body` as it is and returns the HTTP status line and the body.
pub async fn post_raw(node: &NodeHandle, body: &[u8]) -> (String, String) {
    let mut stream = tokio::net::TcpStream::connect(node.addr).await.unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        node.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // A server may answer before reading a too-large body: ignore a failed write.
    let _ = stream.write_all(body).await;
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text.lines().next().unwrap_or_default().to_owned();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned();
    (status, body)
}

/// A JSON-RPC call by hand; returns the whole answer.
pub async fn rpc(node: &NodeHandle, method: &str, params: Value) -> Value {
    let body = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    let (_, text) = post_raw(node, body.to_string().as_bytes()).await;
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// The error object of a JSON-RPC answer.
pub fn error_of(answer: &Value) -> (i64, String) {
    let error = &answer["error"];
    (
        error["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("no error in {answer}")),
        error["message"].as_str().unwrap_or_default().to_owned(),
    )
}

/// The deployable wasm of `name` from `scripts/build` (`artifacts/`).
pub fn artifact(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../artifacts")
        .join(format!("{name}.wasm"));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/build first)", path.display()))
}

/// The deployed code of artifact `name` (`EF F0 00 00` + Brotli).
pub fn code(name: &str) -> Vec<u8> {
    stylus_wasm::deployed_code(&artifact(name)).unwrap()
}

/// The balance of `address`.
pub async fn balance(p: &DynProvider, address: Address) -> U256 {
    p.get_balance(address).await.unwrap()
}
