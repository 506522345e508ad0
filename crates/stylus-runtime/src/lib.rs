//! # A local Arbitrum Stylus runtime
//!
//! Runs the deployable wasm of Stylus contracts the way an Arbitrum (Nitro) node does, so that
//! tests exercise the real artifacts and gas is measured rather than guessed. It implements,
//! from the reference note `stylus-runtime.md` and the stylus-sdk 0.9 sources (never from
//! Nitro's code):
//!
//! * **Activation** ([`Program`]): the `cargo-stylus` round trip and Nitro's activation rules
//!   through [`stylus_wasm::normalize()`] and [`stylus_wasm::validate()`] (the same code as
//!   `scripts/build`), then an ink-metering rewrite ([`instrument`]) and compilation.
//! * **Host** (`vm_hooks`): every hook of stylus-sdk 0.9's `hostio.rs` plus Nitro's extras
//!   (`exit_early`, transient storage, `math_*`), with Stylus semantics: a per-frame storage
//!   cache with load, cache and flush; `msg_reentrant`; calls, static calls and delegate calls
//!   as nested frames with the 63/64 rule; static write protection; a journal that rolls back
//!   storage, balances, logs, warmth and refunds of a reverted or failed frame.
//! * **Precompiles**: ecrecover at address 1 ([`precompiles::ecrecover`]).
//! * **State and context** ([`World`]): accounts, balances, code, storage; deployment with the
//!   SDK constructor; block and transaction context set by the caller.
//! * **Gas** ([`GasUsage`]): ink per basic block with Nitro's opcode table, hostio ink,
//!   EIP-2929 access costs, EIP-2200/3529 stores and refunds at flush, logs, calls, memory
//!   pages and program entry costs (Nitro's activation arithmetic, [`init_cost`]); each
//!   receipt splits compute (ink) from the rest.
//! * **ArbOS version** ([`ArbosVersion`], default 61, the one Arbitrum One runs): the rules
//!   that changed between versions, the block's recently used programs (ArbOS 60) and the
//!   storage-miss charge (ArbOS 32), in [`arbos`].
//!
//! A trap of the guest is a failure with empty return data ([`Outcome::Failure`]); nothing a
//! guest does panics the host.
//!
//! ## Why wasmtime
//!
//! wasmtime was chosen over wasmer because it builds from crates.io alone with a small feature
//! set (Cranelift and the runtime, no WASI, no component model), its host functions can call
//! back into wasm (each nested Stylus frame is a new store instantiated from inside a host
//! function), it reports traps as typed values ([`wasmtime::Trap`]) and lets every proposal
//! Stylus rejects be switched off in the engine, and a release line (38) resolves with the
//! workspace's `serde = 1.0.219` pin. Nitro itself uses wasmer, but its metering is an
//! instrumentation of the module, which this crate reproduces with `wasm-encoder`; wasmtime's
//! own fuel is not used (its per-operator costs are not Nitro's).
//!
//! ## What the figures mean
//!
//! Gas figures are estimates of Arbitrum L2 execution gas under Nitro's default prices, not
//! receipts from a chain.
//!
//! ## Differences from Nitro
//!
//! * The memory table is rebuilt from its endpoints ([`memory_model`]) and can differ from
//!   Nitro's integer figures by a few gas.
//! * No L1 data fee, no fee payment, no nonce bump for calls; the block gas limit is not
//!   enforced; no EIP-2930 access lists.
//! * Native stack: each frame's wasm may use 512 KiB of native stack (wasmtime's limit), not
//!   Nitro's depth checker in stack words; frames that would not fit the transaction thread's
//!   stack fail like calls beyond the depth limit ([`Config`]).
//! * Only Stylus code runs. `create1`/`create2` accept only `cargo-stylus` init code and
//!   activate the program at once; other code fails ([`Failure::UnsupportedCode`]).
//! * Precompiles: ecrecover only; Arbitrum's precompiles (`ArbSys`, ...) are absent.
//! * Not charged: the EVM memory cost floor of large return data.
//! * Blocks are only as long as the caller makes them ([`World::start_block`]): by default
//!   each transaction is a block of its own, so a program is "recently used" (ArbOS 60) only
//!   within the transaction that entered it. The `CacheManager` is modelled by
//!   [`World::set_cached`] and [`World::set_cache_all`].
//! * The debug-chain `console` hooks are not linked (activation rejects them anyway).
#![deny(missing_docs)]

pub mod address;
pub mod arbos;
mod engine;
pub mod env;
mod exec;
mod frame;
pub mod gas;
mod host;
pub mod init_cost;
pub mod instrument;
mod journal;
pub mod memory_model;
pub mod precompiles;
pub mod pricing;
pub mod program;
pub mod receipt;
pub mod state;
mod storage_cache;
mod tx_state;
pub mod world;

pub use address::{create2_address, create_address};
pub use arbos::{ArbosVersion, RecentPrograms};
pub use env::{BlockEnv, Tx, DEFAULT_TX_GAS_LIMIT};
pub use gas::{GasBreakdown, GasUsage};
pub use host::HOOK_NAMES;
pub use init_cost::EntryCost;
pub use program::{LoadError, Program};
pub use receipt::{Failure, Log, Outcome, Receipt};
pub use state::{Account, AccountBefore, Changes, Code, State};
pub use world::{
    constructor_guard_slot, constructor_selector, Config, DeployError, Deployment, TxError, World,
};

#[cfg(test)]
mod tests;
