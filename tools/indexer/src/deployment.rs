//! The contracts to follow, from a deployment record (`deployments/<network>.json`, format in
//! `deployments/README.md`), and the block to start from: the earliest block of their deploy
//! transactions.

use std::collections::BTreeMap;
use std::path::Path;

use alloy::primitives::{Address, B256};
use alloy::providers::Provider;
use eyre::{eyre, WrapErr};
use serde::Deserialize;

/// The five contracts the indexer reads.
pub use dimo_contracts::Contracts;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContractEntry {
    address: Address,
    deploy_tx: B256,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecordFile {
    chain_id: u64,
    contracts: BTreeMap<String, ContractEntry>,
}

/// What a deployment record tells the indexer.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// The chain id the record is for.
    pub chain_id: u64,
    /// The contracts.
    pub contracts: Contracts,
    /// The deploy transactions (to find the start block).
    pub deploy_txs: Vec<B256>,
}

impl Deployment {
    /// Reads a deployment record.
    pub fn load(path: &Path) -> eyre::Result<Self> {
        let text = std::fs::read_to_string(path)
            .wrap_err_with(|| format!("reading {}", path.display()))?;
        let record: RecordFile =
            serde_json::from_str(&text).wrap_err_with(|| format!("parsing {}", path.display()))?;
        let get = |name: &str| {
            record
                .contracts
                .get(name)
                .ok_or_else(|| eyre!("{} has no {name}", path.display()))
        };
        let names = [
            "manufacturer-registry",
            "manufacturing-licenses",
            "device-licenses",
            "certificate-token",
            "minting-certificates",
        ];
        let mut deploy_txs = Vec::new();
        for name in names {
            deploy_txs.push(get(name)?.deploy_tx);
        }
        Ok(Self {
            chain_id: record.chain_id,
            contracts: Contracts {
                registry: get(names[0])?.address,
                manufacturing: get(names[1])?.address,
                devices: get(names[2])?.address,
                token: get(names[3])?.address,
                certificates: get(names[4])?.address,
            },
            deploy_txs,
        })
    }

    /// The earliest block holding one of the deploy transactions (checks the chain id too).
    pub async fn start_block<P: Provider>(&self, provider: &P) -> eyre::Result<u64> {
        let chain_id = provider.get_chain_id().await?;
        eyre::ensure!(
            chain_id == self.chain_id,
            "the record is for chain {}, the RPC serves chain {chain_id}",
            self.chain_id
        );
        let mut start = u64::MAX;
        for tx in &self.deploy_txs {
            let receipt = provider
                .get_transaction_receipt(*tx)
                .await?
                .ok_or_else(|| eyre!("deploy transaction {tx} is not on this chain"))?;
            let block = receipt
                .block_number
                .ok_or_else(|| eyre!("deploy transaction {tx} is pending"))?;
            start = start.min(block);
        }
        Ok(start)
    }
}
