//! `deployments/<network>.json` (format in `deployments/README.md`): written after every step,
//! so that a run that stops half way resumes where it stopped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use alloy::primitives::{Address, B256};
use eyre::WrapErr;
use serde::{Deserialize, Serialize};

/// One deployed contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContractRecord {
    /// Where it lives.
    pub address: Address,
    /// The `StylusDeployer.deploy` transaction.
    pub deploy_tx: B256,
    /// The transaction that activated it (the deploy transaction: `StylusDeployer` activates
    /// in the same transaction), or `None` when its code hash was already active.
    pub activation_tx: Option<B256>,
    /// keccak-256 of `artifacts/<contract>.wasm`.
    pub wasm_keccak: B256,
    /// keccak-256 of the deployed code (`EF F0 00 00` + Brotli wasm): what `eth_getCode` must
    /// hash to for the deployment to count as done.
    pub code_hash: B256,
    /// Constructor arguments, as text.
    pub constructor_args: Vec<String>,
    /// The commit the artifact was built from.
    pub git_commit: String,
    /// The SDK the contracts use.
    pub sdk_version: String,
}

/// The record of one network.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Record {
    /// The chain id.
    pub chain_id: u64,
    /// Deployed contracts by artifact name.
    pub contracts: BTreeMap<String, ContractRecord>,
    /// Configuration steps done, by name, with their transaction.
    #[serde(default)]
    pub wiring: BTreeMap<String, B256>,
}

/// The record's path for `network` under `dir`.
pub(crate) fn path(dir: &Path, network: &str) -> PathBuf {
    dir.join(format!("{network}.json"))
}

impl Record {
    /// Reads `path`, or a new record for `chain_id` if it does not exist.
    pub(crate) fn load(path: &Path, chain_id: u64) -> eyre::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let record: Self = serde_json::from_str(&text)
                    .wrap_err_with(|| format!("reading {}", path.display()))?;
                eyre::ensure!(
                    record.chain_id == chain_id,
                    "{} is for chain {}, the RPC serves chain {chain_id}",
                    path.display(),
                    record.chain_id
                );
                Ok(record)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self {
                chain_id,
                ..Self::default()
            }),
            Err(e) => Err(e).wrap_err_with(|| format!("reading {}", path.display())),
        }
    }

    /// Writes the record (to a temporary file, then renamed: never half written).
    pub(crate) fn save(&self, path: &Path) -> eyre::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_string_pretty(self)? + "\n")?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    }
}
