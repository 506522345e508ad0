//! The block and transaction context a program sees, settable by the caller of the runtime.

use alloy_primitives::{Address, U256};

/// Gas limit of a [`Tx`] unless set otherwise: Arbitrum One's per-transaction cap.
pub const DEFAULT_TX_GAS_LIMIT: u64 = 32_000_000;

/// Block context: what `block_*` and `chainid` return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockEnv {
    /// `block_number` (on Arbitrum, an estimate of the L1 block number).
    pub number: u64,
    /// `block_timestamp`, unix seconds.
    pub timestamp: u64,
    /// `chainid`.
    pub chain_id: u64,
    /// `block_basefee`, wei per gas.
    pub basefee: U256,
    /// `block_coinbase`.
    pub coinbase: Address,
    /// `block_gas_limit`.
    pub gas_limit: u64,
}

impl Default for BlockEnv {
    /// Block 1 at 2025-01-01T00:00:00Z on Arbitrum One's chain id, with Arbitrum's minimum
    /// base fee (0.01 gwei) and its block gas limit.
    fn default() -> Self {
        Self {
            number: 1,
            timestamp: 1_735_689_600,
            chain_id: 42_161,
            basefee: U256::from(10_000_000_u64),
            coinbase: Address::ZERO,
            gas_limit: 1_125_899_906_842_624,
        }
    }
}

/// A transaction: a call from an externally owned account.
///
/// No fee is charged and the sender's nonce is not bumped: the runtime measures gas, it does
/// not keep accounts of fees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tx {
    /// Sender (`msg_sender` of the first frame).
    pub from: Address,
    /// Called account.
    pub to: Address,
    /// Wei sent with the call.
    pub value: U256,
    /// Calldata.
    pub data: Vec<u8>,
    /// Gas limit, intrinsic gas included.
    pub gas_limit: u64,
    /// `tx_origin`; `None` for `from`.
    pub origin: Option<Address>,
    /// `tx_gas_price`; `None` for the block's base fee (as on Arbitrum).
    pub gas_price: Option<U256>,
}

impl Tx {
    /// A call of `to` by `from` with `data`, no value and [`DEFAULT_TX_GAS_LIMIT`].
    pub fn call(from: Address, to: Address, data: impl Into<Vec<u8>>) -> Self {
        Self {
            from,
            to,
            value: U256::ZERO,
            data: data.into(),
            gas_limit: DEFAULT_TX_GAS_LIMIT,
            origin: None,
            gas_price: None,
        }
    }

    /// Sets the value sent.
    #[must_use]
    pub fn value(mut self, value: U256) -> Self {
        self.value = value;
        self
    }

    /// Sets the gas limit.
    #[must_use]
    pub fn gas_limit(mut self, gas_limit: u64) -> Self {
        self.gas_limit = gas_limit;
        self
    }

    /// Sets `tx_origin` (by default the sender).
    #[must_use]
    pub fn origin(mut self, origin: Address) -> Self {
        self.origin = Some(origin);
        self
    }

    /// Sets `tx_gas_price` (by default the base fee).
    #[must_use]
    pub fn gas_price(mut self, gas_price: U256) -> Self {
        self.gas_price = Some(gas_price);
        self
    }
}
