//! The journal of a transaction: every change with what it replaced, so that a reverted or
//! failed frame can undo its subtree (storage writes, balance moves, created code, logs,
//! access-list warmth, transient storage and refunds).

use alloy_primitives::{Address, B256, U256};

use crate::state::Code;

/// One undoable change.
#[derive(Debug, Clone)]
pub(crate) enum Entry {
    /// A storage word was written; it held `previous`.
    Storage {
        address: Address,
        key: B256,
        previous: B256,
    },
    /// A balance changed from `previous`.
    Balance { address: Address, previous: U256 },
    /// A nonce changed from `previous`.
    Nonce { address: Address, previous: u64 },
    /// Code was set; the account had `previous`.
    Code {
        address: Address,
        previous: Option<Code>,
    },
    /// The account became warm.
    WarmAccount(Address),
    /// The storage slot became warm.
    WarmSlot(Address, B256),
    /// A transient word was written; it held `previous`.
    Transient {
        address: Address,
        key: B256,
        previous: B256,
    },
    /// The refund counter changed from `previous`.
    Refund(i64),
}

/// A point to roll back to: journal length and log count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    pub(crate) entries: usize,
    pub(crate) logs: usize,
}
