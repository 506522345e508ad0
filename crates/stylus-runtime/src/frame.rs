//! One program invocation: the message it runs, its storage cache, output and return data, and
//! the data of its wasmtime store ([`HostData`]).

use std::fmt;

use alloy_primitives::{Address, U256};
use wasmtime::{Global, Memory, StoreLimits};

use crate::receipt::Failure;
use crate::storage_cache::StorageCache;
use crate::tx_state::TxState;

/// What a frame runs: who calls whom with what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Message {
    /// `msg_sender`.
    pub(crate) caller: Address,
    /// `contract_address`: whose storage, balance and logs (the caller's in a delegate call).
    pub(crate) acting: Address,
    /// Whose code runs.
    pub(crate) code_address: Address,
    /// `msg_value`.
    pub(crate) value: U256,
    /// Calldata.
    pub(crate) data: Vec<u8>,
    /// Read-only (a static call or below one).
    pub(crate) is_static: bool,
    /// A delegate call (does not count for `msg_reentrant`).
    pub(crate) is_delegate: bool,
}

/// Per-frame host state.
#[derive(Debug, Default)]
pub(crate) struct Frame {
    pub(crate) msg: Message,
    pub(crate) cache: StorageCache,
    /// The last call's result (`read_return_data`).
    pub(crate) return_data: Vec<u8>,
    /// The last `write_result`.
    pub(crate) output: Vec<u8>,
    /// Everything host functions charged this frame, in ink (hostios, EVM gas, callees' gas).
    pub(crate) host_ink: u64,
}

/// The data of a frame's wasmtime store.
pub(crate) struct HostData {
    /// The transaction, owned by the running frame.
    pub(crate) tx: Box<TxState>,
    pub(crate) frame: Frame,
    /// The instance's `memory` export.
    pub(crate) memory: Option<Memory>,
    /// The instance's ink global.
    pub(crate) ink: Option<Global>,
    /// The instance's out-of-ink status global.
    pub(crate) status: Option<Global>,
    /// Memory and instance limits of the store.
    pub(crate) limits: StoreLimits,
}

/// How a host function leaves the guest: it traps the frame with this reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Escape {
    /// Not enough ink for the hostio or its EVM charges.
    OutOfInk,
    /// A host-side failure (bad pointer, write protection, malformed log, ...).
    Failure(Failure),
    /// `exit_early(status)`.
    Exit(u32),
}

impl fmt::Display for Escape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfInk => f.write_str("out of ink"),
            Self::Failure(failure) => write!(f, "{failure}"),
            Self::Exit(status) => write!(f, "exit_early({status})"),
        }
    }
}

impl std::error::Error for Escape {}

impl From<Failure> for Escape {
    fn from(failure: Failure) -> Self {
        Self::Failure(failure)
    }
}
