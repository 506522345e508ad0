//! What a transaction leaves behind: its outcome, output, logs and gas.

use std::collections::BTreeMap;
use std::fmt;

use alloy_primitives::{Address, B256};

use crate::gas::GasUsage;

/// A log emitted by a program (`emit_log`), kept only if no enclosing frame reverted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// The emitting (acting) address.
    pub address: Address,
    /// Zero to four topics.
    pub topics: Vec<B256>,
    /// The data after the topics.
    pub data: Vec<u8>,
}

/// Why a frame failed without reverting. On chain each of these is a revert with empty return
/// data; the distinction is kept for tests and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The guest executed `unreachable` (a Rust panic with `panic = "abort"`).
    Unreachable,
    /// The guest accessed memory out of bounds, or passed a host function a pointer and length
    /// outside its memory.
    MemoryOutOfBounds,
    /// The guest ran out of native stack (Nitro's depth checker would stop it similarly).
    StackOverflow,
    /// Another wasm trap (division by zero, integer overflow, bad indirect call, ...).
    Trap(String),
    /// A state change in a static context: a flush with dirty slots, a log, a transient store,
    /// a call with value or a creation.
    WriteProtection,
    /// `emit_log` with more than four topics or fewer bytes than its topics need.
    BadLog,
    /// The call stack is full (1,024 frames, or the runtime's native stack budget).
    DepthLimit,
    /// The caller cannot pay the value of the call.
    InsufficientBalance,
    /// The account holds code the runtime cannot run (EVM bytecode).
    UnsupportedCode,
    /// A precompile the runtime does not implement.
    UnsupportedPrecompile(Address),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable => f.write_str("unreachable executed"),
            Self::MemoryOutOfBounds => f.write_str("memory access out of bounds"),
            Self::StackOverflow => f.write_str("native stack overflow"),
            Self::Trap(trap) => write!(f, "trap: {trap}"),
            Self::WriteProtection => f.write_str("state change in a static call"),
            Self::BadLog => f.write_str("malformed log"),
            Self::DepthLimit => f.write_str("call depth limit"),
            Self::InsufficientBalance => f.write_str("insufficient balance for the call value"),
            Self::UnsupportedCode => f.write_str("code the runtime cannot run"),
            Self::UnsupportedPrecompile(a) => write!(f, "unsupported precompile {a}"),
        }
    }
}

/// How a frame (or a transaction) ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `user_entrypoint` returned 0.
    Success,
    /// `user_entrypoint` returned non-zero: the output is the revert data.
    Revert,
    /// A trap or host error: empty return data, unused gas returned.
    Failure(Failure),
    /// Ink ran out: the frame's whole gas is consumed.
    OutOfGas,
}

impl Outcome {
    /// Whether the frame succeeded (its state changes stand).
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }
}

/// The result of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// How the top frame ended.
    pub outcome: Outcome,
    /// Return data on success, revert data on revert, empty otherwise.
    pub output: Vec<u8>,
    /// Logs of the transaction, in order (empty unless it succeeded).
    pub logs: Vec<Log>,
    /// Gas used and where it went.
    pub gas: GasUsage,
    /// Program entries the transaction paid for, per program (code address): the top call
    /// and every call, static call or delegate call into a Stylus program, reverted ones
    /// included.
    pub entries: BTreeMap<Address, u32>,
}

impl Receipt {
    /// Whether the transaction succeeded.
    pub fn is_success(&self) -> bool {
        self.outcome.is_success()
    }

    /// The revert data if the transaction reverted (empty for failures and out of gas), or
    /// `None` if it succeeded.
    pub fn revert_data(&self) -> Option<&[u8]> {
        (!self.is_success()).then_some(self.output.as_slice())
    }
}
