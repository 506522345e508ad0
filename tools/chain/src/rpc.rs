//! The JSON-RPC methods: each one parses its parameters, locks the chain and answers with
//! alloy's RPC types (or `null` for an unknown block, transaction or receipt).

use std::sync::{Arc, Mutex, PoisonError};

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{Address, Bytes, B256, U128, U256, U64};
use alloy::rpc::types::state::StateOverride;
use alloy::rpc::types::{FeeHistory, Filter, TransactionRequest};
use jsonrpsee::types::{ErrorObjectOwned, Params};
use jsonrpsee::RpcModule;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::chain::{Chain, FilterChanges};
use crate::errors::RpcError;

/// The chain shared by the methods.
pub type SharedChain = Arc<Mutex<Chain>>;

/// Every method of the server.
pub const METHODS: &[&str] = &[
    "web3_clientVersion",
    "net_version",
    "net_listening",
    "eth_chainId",
    "eth_syncing",
    "eth_blockNumber",
    "eth_accounts",
    "eth_getBlockByNumber",
    "eth_getBlockByHash",
    "eth_getBalance",
    "eth_getTransactionCount",
    "eth_getCode",
    "eth_getStorageAt",
    "eth_gasPrice",
    "eth_maxPriorityFeePerGas",
    "eth_feeHistory",
    "eth_estimateGas",
    "eth_call",
    "eth_sendRawTransaction",
    "eth_getTransactionByHash",
    "eth_getTransactionReceipt",
    "eth_getLogs",
    "eth_newFilter",
    "eth_newBlockFilter",
    "eth_getFilterChanges",
    "eth_uninstallFilter",
    "evm_snapshot",
    "evm_revert",
    "evm_mine",
    "evm_increaseTime",
    "evm_setNextBlockTimestamp",
];

/// Parameters, read in order; trailing optional ones may be left out.
struct Args<'a>(jsonrpsee::types::params::ParamsSequence<'a>);

impl Args<'_> {
    fn next<T: DeserializeOwned>(&mut self) -> Result<T, RpcError> {
        self.0
            .next::<T>()
            .map_err(|e| RpcError::invalid_params(e.message().to_owned()))
    }

    fn optional<T: DeserializeOwned>(&mut self) -> Result<Option<T>, RpcError> {
        self.0
            .optional_next::<T>()
            .map_err(|e| RpcError::invalid_params(e.message().to_owned()))
    }
}

type Handler<R> = fn(&mut Chain, &mut Args<'_>) -> Result<R, RpcError>;

fn add<R: Serialize + 'static>(
    module: &mut RpcModule<SharedChain>,
    name: &'static str,
    f: Handler<R>,
) {
    module
        .register_blocking_method(name, move |params: Params<'_>, ctx: Arc<SharedChain>, _| {
            let mut args = Args(params.sequence());
            let mut chain = ctx.lock().unwrap_or_else(PoisonError::into_inner);
            // The block the previous transaction made is appended once durable, before
            // anything is read or sent.
            chain.settle().map_err(ErrorObjectOwned::from)?;
            let answer = f(&mut chain, &mut args).map_err(ErrorObjectOwned::from)?;
            drop(chain);
            // Serialized once, straight to text, which the server then copies as it is.
            serde_json::value::to_raw_value(&answer)
                .map_err(|e| ErrorObjectOwned::from(RpcError::server(e.to_string())))
        })
        .expect("method names are unique");
}

/// A quantity given as a number or a hex string.
fn quantity(value: &Value) -> Result<u64, RpcError> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s
            .strip_prefix("0x")
            .and_then(|h| u64::from_str_radix(h, 16).ok())
            .or_else(|| s.parse().ok()),
        _ => None,
    }
    .ok_or_else(|| RpcError::invalid_params(format!("not a quantity: {value}")))
}

/// The module with every method.
#[allow(clippy::too_many_lines)] // one registration per method
pub fn module(chain: SharedChain) -> RpcModule<SharedChain> {
    let mut m = RpcModule::new(chain);
    add(&mut m, "web3_clientVersion", |_, _| {
        Ok(format!("dimo-chain/v{}", env!("CARGO_PKG_VERSION")))
    });
    add(&mut m, "net_version", |c, _| Ok(c.chain_id().to_string()));
    add(&mut m, "net_listening", |_, _| Ok(true));
    add(&mut m, "eth_chainId", |c, _| Ok(U64::from(c.chain_id())));
    add(&mut m, "eth_syncing", |_, _| Ok(false));
    add(&mut m, "eth_blockNumber", |c, _| {
        Ok(U64::from(c.head_number()))
    });
    add(&mut m, "eth_accounts", |_, _| {
        Ok(crate::dev::dev_accounts()
            .into_iter()
            .map(|a| a.address)
            .collect::<Vec<Address>>())
    });
    add(&mut m, "eth_getBlockByNumber", |c, a| {
        let tag: BlockNumberOrTag = a.next()?;
        let full: bool = a.optional()?.unwrap_or(false);
        Ok(c.resolve(tag)
            .and_then(|n| c.block(n))
            .map(|b| b.rpc_block(full)))
    });
    add(&mut m, "eth_getBlockByHash", |c, a| {
        let hash: B256 = a.next()?;
        let full: bool = a.optional()?.unwrap_or(false);
        Ok(c.block_by_hash(hash).map(|b| b.rpc_block(full)))
    });
    add(&mut m, "eth_getBalance", |c, a| {
        let address: Address = a.next()?;
        c.balance(address, a.optional()?)
    });
    add(&mut m, "eth_getTransactionCount", |c, a| {
        let address: Address = a.next()?;
        c.nonce(address, a.optional()?).map(U64::from)
    });
    add(&mut m, "eth_getCode", |c, a| {
        let address: Address = a.next()?;
        c.code(address, a.optional()?)
    });
    add(&mut m, "eth_getStorageAt", |c, a| {
        let address: Address = a.next()?;
        let slot: U256 = a.next()?;
        c.storage(address, B256::from(slot), a.optional()?)
    });
    add(&mut m, "eth_gasPrice", |c, _| Ok(U128::from(c.base_fee())));
    add(&mut m, "eth_maxPriorityFeePerGas", |_, _| Ok(U128::ZERO));
    add(&mut m, "eth_feeHistory", |c, a| {
        let count = quantity(&a.next::<Value>()?)?.clamp(1, 1024);
        let newest: BlockNumberOrTag = a.next()?;
        let percentiles: Option<Vec<f64>> = a.optional()?;
        let newest = c
            .resolve(newest)
            .ok_or_else(|| RpcError::server("header not found"))?;
        let oldest = newest.saturating_sub(count - 1);
        let blocks: Vec<_> = (oldest..=newest).filter_map(|n| c.block(n)).collect();
        let fee = c.base_fee();
        Ok(FeeHistory {
            oldest_block: oldest,
            base_fee_per_gas: vec![fee; blocks.len() + 1],
            #[allow(clippy::cast_precision_loss)] // a ratio
            gas_used_ratio: blocks
                .iter()
                .map(|b| b.header.gas_used as f64 / b.header.gas_limit as f64)
                .collect(),
            base_fee_per_blob_gas: Vec::new(),
            blob_gas_used_ratio: Vec::new(),
            reward: percentiles.map(|p| vec![vec![0; p.len()]; blocks.len()]),
        })
    });
    add(&mut m, "eth_estimateGas", |c, a| {
        let request: TransactionRequest = a.next()?;
        let block: Option<BlockId> = a.optional()?;
        let overrides: Option<StateOverride> = a.optional()?;
        c.estimate_gas(&request, block, overrides.as_ref())
            .map(U64::from)
    });
    add(&mut m, "eth_call", |c, a| {
        let request: TransactionRequest = a.next()?;
        let block: Option<BlockId> = a.optional()?;
        let overrides: Option<StateOverride> = a.optional()?;
        c.call(&request, block, overrides.as_ref())
    });
    add(&mut m, "eth_sendRawTransaction", |c, a| {
        let raw: Bytes = a.next()?;
        c.send_raw_transaction(&raw)
    });
    add(&mut m, "eth_getTransactionByHash", |c, a| {
        let hash: B256 = a.next()?;
        Ok(c.transaction(hash).map(|(b, i)| b.rpc_transaction(i)))
    });
    add(&mut m, "eth_getTransactionReceipt", |c, a| {
        let hash: B256 = a.next()?;
        Ok(c.transaction(hash).map(|(b, i)| b.rpc_receipt(i)))
    });
    add(&mut m, "eth_getLogs", |c, a| {
        let filter: Filter = a.next()?;
        c.logs(&filter)
    });
    add(&mut m, "eth_newFilter", |c, a| {
        let filter: Filter = a.next()?;
        Ok(U64::from(c.new_log_filter(filter)))
    });
    add(&mut m, "eth_newBlockFilter", |c, _| {
        Ok(U64::from(c.new_block_filter()))
    });
    add(&mut m, "eth_getFilterChanges", |c, a| {
        let id = quantity(&a.next::<Value>()?)?;
        Ok(match c.filter_changes(id)? {
            FilterChanges::Blocks(hashes) => serde_json::to_value(hashes),
            FilterChanges::Logs(logs) => serde_json::to_value(logs),
        }
        .unwrap_or_default())
    });
    add(&mut m, "eth_uninstallFilter", |c, a| {
        let id = quantity(&a.next::<Value>()?)?;
        Ok(c.uninstall_filter(id))
    });
    add(&mut m, "evm_snapshot", |c, _| Ok(U64::from(c.snapshot())));
    add(&mut m, "evm_revert", |c, a| {
        let id = quantity(&a.next::<Value>()?)?;
        c.revert(id)
    });
    add(&mut m, "evm_mine", |c, a| {
        let timestamp = a.optional::<Value>()?.map(|v| quantity(&v)).transpose()?;
        c.mine_empty(timestamp)?;
        Ok("0x0")
    });
    add(&mut m, "evm_increaseTime", |c, a| {
        let seconds = quantity(&a.next::<Value>()?)?;
        Ok(c.increase_time(i64::try_from(seconds).unwrap_or(i64::MAX)))
    });
    add(&mut m, "evm_setNextBlockTimestamp", |c, a| {
        let timestamp = quantity(&a.next::<Value>()?)?;
        c.set_next_timestamp(timestamp)?;
        Ok(Value::Null)
    });
    m
}
