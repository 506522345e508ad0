//! JSON-RPC errors with geth's codes and messages, so that clients written for geth (alloy,
//! viem, ethers, cast) recognise them.

use std::fmt;

use alloy::primitives::{Address, Bytes, U256};
use alloy::sol_types::{Revert, SolError};
use jsonrpsee::types::ErrorObjectOwned;

/// geth's code for a reverted `eth_call` / `eth_estimateGas`.
pub const EXECUTION_REVERTED: i32 = 3;
/// geth's code for a transaction or request refused by the node.
pub const SERVER_ERROR: i32 = -32000;
/// Invalid method parameters.
pub const INVALID_PARAMS: i32 = -32602;

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
    /// JSON-RPC code.
    pub code: i32,
    /// Message.
    pub message: String,
    /// Revert data, for code 3.
    pub data: Option<Bytes>,
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for RpcError {}

impl From<RpcError> for ErrorObjectOwned {
    fn from(e: RpcError) -> Self {
        ErrorObjectOwned::owned(e.code, e.message, e.data)
    }
}

impl RpcError {
    /// A `-32000` error.
    pub fn server(message: impl Into<String>) -> Self {
        Self {
            code: SERVER_ERROR,
            message: message.into(),
            data: None,
        }
    }

    /// A `-32602` error.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self {
            code: INVALID_PARAMS,
            message: message.into(),
            data: None,
        }
    }

    /// `execution reverted` with the revert data (and the reason of an `Error(string)`).
    pub fn reverted(data: &[u8]) -> Self {
        let message = match Revert::abi_decode(data) {
            Ok(revert) => format!("execution reverted: {}", revert.reason),
            Err(_) => "execution reverted".to_owned(),
        };
        Self {
            code: EXECUTION_REVERTED,
            message,
            data: Some(Bytes::copy_from_slice(data)),
        }
    }

    /// The nonce is below the account's.
    pub fn nonce_too_low(address: Address, tx: u64, state: u64) -> Self {
        Self::server(format!(
            "nonce too low: address {address}, tx: {tx} state: {state}"
        ))
    }

    /// The nonce is above the account's (this chain mines at once and keeps no queue).
    pub fn nonce_too_high(address: Address, tx: u64, state: u64) -> Self {
        Self::server(format!(
            "nonce too high: address {address}, tx: {tx} state: {state}"
        ))
    }

    /// The sender cannot pay `gas × price + value`.
    pub fn insufficient_funds(address: Address, have: U256, want: U256) -> Self {
        Self::server(format!(
            "insufficient funds for gas * price + value: address {address} have {have} want {want}"
        ))
    }

    /// The gas limit is below the intrinsic gas.
    pub fn intrinsic_gas(have: u64, want: u64) -> Self {
        Self::server(format!("intrinsic gas too low: have {have}, want {want}"))
    }
}
