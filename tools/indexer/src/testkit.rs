//! Support for the tests and the benchmark: `dimo devnet` as a child process (the chain, the
//! deployment by `dimo deploy`'s code and the onboarding story), the dev accounts in their
//! story roles, and devices minted with their keys' EIP-712 signatures.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{keccak256, Address, Bytes, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::SolCall;
use dimo_contracts::eip712::{domain, sign_mint_device};
use eyre::{eyre, WrapErr};

use crate::bindings::IMintingCertificates::DeviceInput;
use crate::deployment::Deployment;

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `dimo` binary beside this executable (`target/debug/dimo`), or `DIMO_BIN`.
pub fn dimo_binary() -> eyre::Result<PathBuf> {
    if let Ok(path) = std::env::var("DIMO_BIN") {
        return Ok(path.into());
    }
    let exe = std::env::current_exe()?;
    for dir in exe.ancestors().skip(1).take(3) {
        let candidate = dir.join("dimo");
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    Err(eyre!(
        "the dimo binary is not built beside {}: run `cargo build --manifest-path tools/Cargo.toml -p dimo` \
         (cargo test --workspace builds it) or set DIMO_BIN",
        exe.display()
    ))
}

/// A fresh temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "dimo-indexer-{name}-{}-{nanos}",
        std::process::id()
    ));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// `dimo devnet` running: the story told, the chain serving.
#[derive(Debug)]
pub struct Devnet {
    child: Child,
    /// The chain's JSON-RPC URL.
    pub rpc: String,
    /// The deployment record.
    pub record: PathBuf,
}

impl Devnet {
    /// Starts `dimo devnet --port 0` (without its own indexer) and waits until it serves.
    pub fn start() -> eyre::Result<Self> {
        let dir = temp_dir("devnet");
        let mut child = Command::new(dimo_binary()?)
            .current_dir(repo())
            .args(["devnet", "--port", "0", "--no-indexer", "--deployments"])
            .arg(&dir)
            .arg("--artifacts")
            .arg(repo().join("artifacts"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .wrap_err("starting dimo devnet")?;
        let stdout = child.stdout.take().ok_or_else(|| eyre!("no stdout"))?;
        let mut lines = BufReader::new(stdout).lines();
        let (mut rpc, mut record) = (None, None);
        loop {
            let line = lines
                .next()
                .ok_or_else(|| eyre!("dimo devnet stopped before serving"))??;
            if let Some(url) = line.strip_prefix("RPC URL") {
                rpc = Some(url.trim().to_owned());
            } else if let Some(path) = line.strip_prefix("Record") {
                record = Some(PathBuf::from(path.trim()));
            } else if line.starts_with("Serving") {
                break;
            }
        }
        std::thread::spawn(move || for _ in lines {});
        Ok(Self {
            child,
            rpc: rpc.ok_or_else(|| eyre!("no RPC URL printed"))?,
            record: record.ok_or_else(|| eyre!("no record printed"))?,
        })
    }

    /// The deployment.
    pub fn deployment(&self) -> eyre::Result<Deployment> {
        Deployment::load(&self.record)
    }
}

impl Drop for Devnet {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How many dev accounts `dimo node` funds.
pub const DEV_ACCOUNTS: usize = 11;

/// The dev account of `dimo node` at `index` (0 the foundation, 2 Acme's controller, 9 the
/// buyer in the story): Nitro's public dev key, then the test mnemonic's accounts (public
/// keys, as `dimo_chain::dev_accounts` lists them).
pub fn dev_key(index: usize) -> PrivateKeySigner {
    use alloy::signers::local::{coins_bip39::English, MnemonicBuilder};
    if index == 0 {
        let nitro = alloy::primitives::b256!(
            "b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659"
        );
        return PrivateKeySigner::from_bytes(&nitro).expect("a valid key");
    }
    MnemonicBuilder::<English>::default()
        .phrase("test test test test test test test test test test test junk")
        .index(u32::try_from(index - 1).expect("a small index"))
        .expect("a valid index")
        .build()
        .expect("the test mnemonic derives")
}

/// A provider signing for every dev account.
pub fn wallet_provider(rpc: &str) -> eyre::Result<DynProvider> {
    let mut wallet = EthereumWallet::new(dev_key(0));
    for i in 1..DEV_ACCOUNTS {
        wallet.register_signer(dev_key(i));
    }
    Ok(ProviderBuilder::new()
        .wallet(wallet)
        .connect_http(rpc.parse()?)
        .erased())
}

/// Sends `call` to `to` from `from` and waits for a successful receipt.
pub async fn send<C: SolCall>(
    provider: &DynProvider,
    from: Address,
    to: Address,
    call: &C,
) -> eyre::Result<TransactionReceipt> {
    let request = TransactionRequest::default()
        .with_from(from)
        .with_to(to)
        .with_input(call.abi_encode());
    let receipt = provider
        .send_transaction(request)
        .await?
        .get_receipt()
        .await?;
    eyre::ensure!(
        receipt.status(),
        "transaction {} reverted",
        receipt.transaction_hash
    );
    Ok(receipt)
}

/// A device of production line `line` (the story uses line 1).
#[derive(Debug, Clone)]
pub struct Device {
    /// Its key.
    pub key: PrivateKeySigner,
    /// Serial.
    pub serial: String,
    /// IMEI (Luhn-valid).
    pub imei: u64,
}

impl Device {
    /// Device `i` of `line`.
    pub fn new(line: u64, i: u64) -> Self {
        let seed = keccak256(format!("dimo indexer device {line}/{i}"));
        Self {
            key: PrivateKeySigner::from_bytes(&seed).expect("a hash is a valid key"),
            serial: format!("IDX{line:03}-{i:09}"),
            imei: luhn(36_000_000_000_000 + line * 100_000 + i),
        }
    }

    /// Its certificate id.
    pub fn id(&self) -> U256 {
        U256::from_be_slice(self.key.address().as_slice())
    }

    /// Its signed `DeviceInput` for `manufacturer` and Hardware Device License
    /// `device_license` on the certificate contract (the device signs the whole record).
    pub fn input(
        &self,
        chain_id: u64,
        certificates: Address,
        manufacturer: U256,
        device_license: U256,
        now: u64,
    ) -> DeviceInput {
        let mut input = DeviceInput {
            serial: self.serial.clone(),
            imei: self.imei,
            device: self.key.address(),
            manufacturedAt: now - 30 * 86_400,
            ictPassed: true,
            ictReport: keccak256("ict"),
            mechanicalPassed: true,
            mechanicalReport: keccak256("mechanical"),
            qaPassed: true,
            qaReport: keccak256("qa"),
            qaInspectedAt: now - 29 * 86_400,
            firmware: 1 << 48,
            signature: Bytes::new(),
        };
        input.signature = sign_mint_device(
            &self.key,
            &domain(chain_id, certificates),
            manufacturer,
            device_license,
            &input,
        );
        input
    }
}

/// `body` (14 digits) followed by its Luhn check digit.
pub fn luhn(body: u64) -> u64 {
    let (mut sum, mut n) = (0, body);
    for i in 0..14 {
        let d = n % 10;
        n /= 10;
        let d = if i % 2 == 0 { d * 2 } else { d };
        sum += if d > 9 { d - 9 } else { d };
    }
    body * 10 + (10 - sum % 10) % 10
}

/// Reads the record at `path` (for tools that get it from elsewhere).
pub fn load(path: &Path) -> eyre::Result<Deployment> {
    Deployment::load(path)
}
