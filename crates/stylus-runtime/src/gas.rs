//! EVM-side gas rules (reference note 4.4 to 4.6) and the per-transaction gas report.
//!
//! Storage, account access, calls and logs cost what they cost in the EVM (Cancun rules with
//! EIP-2929 access lists, EIP-2200 stores and EIP-3529 refunds); compute is ink
//! ([`crate::pricing`]).

use alloy_primitives::B256;

/// Intrinsic gas of every transaction.
pub const TX_BASE_GAS: u64 = 21_000;
/// Calldata gas per zero byte.
pub const CALLDATA_ZERO_GAS: u64 = 4;
/// Calldata gas per non-zero byte.
pub const CALLDATA_NONZERO_GAS: u64 = 16;
/// First access to a storage slot in the transaction (EIP-2929).
pub const COLD_SLOAD_GAS: u64 = 2_100;
/// First access to an account in the transaction (EIP-2929).
pub const COLD_ACCOUNT_GAS: u64 = 2_600;
/// Access to something already warm.
pub const WARM_READ_GAS: u64 = 100;
/// SSTORE of a fresh slot (zero to non-zero).
pub const SSTORE_SET_GAS: u64 = 20_000;
/// SSTORE that changes a non-zero slot for the first time in the transaction (5,000 - 2,100).
pub const SSTORE_RESET_GAS: u64 = 2_900;
/// Refund for clearing a slot (EIP-3529).
pub const SSTORE_CLEARS_REFUND: i64 = 4_800;
/// Gas a flush needs available (the EIP-2200 sentry).
pub const SSTORE_SENTRY_GAS: u64 = 2_300;
/// Extra gas of a call that sends value.
pub const CALL_VALUE_GAS: u64 = 9_000;
/// Extra gas of a call that sends value to an empty account.
pub const NEW_ACCOUNT_GAS: u64 = 25_000;
/// Gas given to the callee on top of its share when value is sent.
pub const CALL_STIPEND: u64 = 2_300;
/// Gas of a log.
pub const LOG_GAS: u64 = 375;
/// Gas per log topic.
pub const LOG_TOPIC_GAS: u64 = 375;
/// Gas per byte of log data.
pub const LOG_DATA_GAS: u64 = 8;
/// Gas of `create1` / `create2`.
pub const CREATE_GAS: u64 = 32_000;
/// `create2`'s hashing, per word of init code.
pub const CREATE2_WORD_GAS: u64 = 6;
/// Code deposit, per byte of deployed code.
pub const CODE_DEPOSIT_GAS: u64 = 200;
/// Extra gas `account_code` and `account_code_size` pay (700 × `MaxCodeSize` / 24,576).
pub const EXT_CODE_GAS: u64 = 700;
/// Largest refund, as a divisor of the gas used (EIP-3529).
pub const MAX_REFUND_QUOTIENT: u64 = 5;
/// Deepest call stack (EVM).
pub const MAX_CALL_DEPTH: usize = 1_024;

/// Calldata gas of `data` (16 per non-zero byte, 4 per zero byte).
pub fn calldata_gas(data: &[u8]) -> u64 {
    data.iter()
        .map(|b| {
            if *b == 0 {
                CALLDATA_ZERO_GAS
            } else {
                CALLDATA_NONZERO_GAS
            }
        })
        .sum()
}

/// Gas of a log with `topics` topics and `data_len` bytes of data.
pub fn log_gas(topics: u64, data_len: u64) -> u64 {
    LOG_GAS + LOG_TOPIC_GAS * topics + LOG_DATA_GAS * data_len
}

/// What the caller may pass on to a callee: all but one 64th of `gas` (EIP-150).
pub fn all_but_one_64th(gas: u64) -> u64 {
    gas - gas / 64
}

/// The refund applied at the end of a transaction: the counter, capped at a fifth of the gas
/// used (EIP-3529), and never negative.
pub fn capped_refund(refund: i64, used: u64) -> u64 {
    u64::try_from(refund)
        .unwrap_or(0)
        .min(used / MAX_REFUND_QUOTIENT)
}

/// Gas and refund change of one SSTORE (EIP-2200 with EIP-2929 and EIP-3529 parameters).
///
/// `original` is the slot's value at the start of the transaction, `current` its value before
/// this write, `new` the value written; `cold` adds the cold access.
pub fn sstore_cost(original: B256, current: B256, new: B256, cold: bool) -> (u64, i64) {
    let mut gas = if cold { COLD_SLOAD_GAS } else { 0 };
    let mut refund = 0_i64;
    if new == current {
        gas += WARM_READ_GAS;
    } else if original == current {
        if original.is_zero() {
            gas += SSTORE_SET_GAS;
        } else {
            gas += SSTORE_RESET_GAS;
            if new.is_zero() {
                refund += SSTORE_CLEARS_REFUND;
            }
        }
    } else {
        gas += WARM_READ_GAS;
        if !original.is_zero() {
            if current.is_zero() {
                refund -= SSTORE_CLEARS_REFUND;
            } else if new.is_zero() {
                refund += SSTORE_CLEARS_REFUND;
            }
        }
        if original == new {
            // Undo the earlier write's cost: 20,000 - 100, or 5,000 - 2,100 - 100.
            refund += if original.is_zero() { 19_900 } else { 2_800 };
        }
    }
    (gas, refund)
}

/// Where the gas of a transaction went. Ink-priced parts are in ink, the rest in gas; reverted
/// frames count (their gas was spent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GasBreakdown {
    /// Ink of executed wasm: block costs and `memory.copy` / `memory.fill` bytes.
    pub wasm_ink: u64,
    /// Ink of hostio calls (their fixed and per-byte prices).
    pub hostio_ink: u64,
    /// Program entry: `cachedGas` plus `initGas` when not cached.
    pub program_entry: u64,
    /// Memory pages: footprints at entry and `pay_for_memory_grow`.
    pub memory: u64,
    /// SLOADs on cache misses (cold 2,100 / warm 100, plus the EVM-API call: 5 gas since
    /// ArbOS 32) and cache-read surcharges.
    pub storage_read: u64,
    /// SSTOREs at flushes (EIP-2200 prices, before refunds) and cache-write surcharges.
    pub storage_write: u64,
    /// Logs.
    pub logs: u64,
    /// Calls: address access, value and new-account surcharges, precompiles.
    pub calls: u64,
    /// `account_balance`, `account_code*` access.
    pub account_access: u64,
    /// Transient storage.
    pub transient: u64,
    /// Contract creation.
    pub create: u64,
}

impl GasBreakdown {
    /// All EVM-side gas (everything not priced in ink).
    pub fn evm_gas(&self) -> u64 {
        [
            self.program_entry,
            self.memory,
            self.storage_read,
            self.storage_write,
            self.logs,
            self.calls,
            self.account_access,
            self.transient,
            self.create,
        ]
        .into_iter()
        .fold(0, u64::saturating_add)
    }

    /// All ink: wasm plus hostios.
    pub fn ink(&self) -> u64 {
        self.wasm_ink.saturating_add(self.hostio_ink)
    }
}

/// The gas of one transaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GasUsage {
    /// The transaction's gas limit.
    pub limit: u64,
    /// Gas used: what the receipt would show (refund applied).
    pub used: u64,
    /// The fixed 21,000.
    pub intrinsic: u64,
    /// Calldata gas (16 / 4 per byte).
    pub calldata: u64,
    /// Gas spent executing, before the refund: `used + refund - intrinsic - calldata`.
    pub execution: u64,
    /// Part of [`Self::execution`] priced in ink (wasm and hostios), in gas.
    pub compute: u64,
    /// The rest of [`Self::execution`]: storage, logs, calls, entry, memory (EVM prices).
    pub evm: u64,
    /// The refund applied (capped at a fifth of the gas used).
    pub refund: u64,
    /// Where the gas went, in detail.
    pub breakdown: GasBreakdown,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(n: u8) -> B256 {
        B256::with_last_byte(n)
    }

    #[test]
    fn sstore_table() {
        let zero = B256::ZERO;
        // Fresh slot, cold: 22,100.
        assert_eq!(sstore_cost(zero, zero, word(1), true), (22_100, 0));
        // Same value: 100 (+ cold).
        assert_eq!(sstore_cost(word(1), word(1), word(1), false), (100, 0));
        assert_eq!(sstore_cost(zero, zero, zero, true), (2_200, 0));
        // Update of a non-zero slot: 2,900; deletion refunds 4,800.
        assert_eq!(sstore_cost(word(1), word(1), word(2), false), (2_900, 0));
        assert_eq!(sstore_cost(word(1), word(1), zero, true), (5_000, 4_800));
        // Dirty slot, back to the original zero: refund 19,900.
        assert_eq!(sstore_cost(zero, word(1), zero, false), (100, 19_900));
        // Dirty slot, back to a non-zero original: 2,800.
        assert_eq!(sstore_cost(word(1), word(2), word(1), false), (100, 2_800));
        // Dirty slot that had been cleared gets a value again: the clear refund is taken back.
        assert_eq!(sstore_cost(word(1), zero, word(3), false), (100, -4_800));
        // Dirty non-zero slot cleared: refund 4,800.
        assert_eq!(sstore_cost(word(1), word(2), zero, false), (100, 4_800));
    }

    #[test]
    fn calldata_logs_and_refund_cap() {
        assert_eq!(calldata_gas(&[0, 1, 0, 2]), 4 + 16 + 4 + 16);
        assert_eq!(log_gas(2, 32), 375 + 750 + 256);
        assert_eq!(capped_refund(10_000, 30_000), 6_000);
        assert_eq!(capped_refund(1_000, 30_000), 1_000);
        assert_eq!(capped_refund(-5, 30_000), 0);
        assert_eq!(all_but_one_64th(6_400), 6_300);
    }
}
