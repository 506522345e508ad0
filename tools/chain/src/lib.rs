//! # dimo-chain: a local Arbitrum Stylus chain speaking Ethereum JSON-RPC
//!
//! The contracts' runtime (`crates/stylus-runtime`, Nitro's host interface and gas model) behind
//! a JSON-RPC server, so that wallets, viem, ethers, `cast` and the project's own deploy tool
//! reach the compiled contracts as they would on Arbitrum, without Docker or a Nitro node.
//!
//! * **Chain** ([`Chain`]): one block per transaction (and per `evm_mine`), legacy (EIP-155),
//!   EIP-2930 and EIP-1559 transactions signed for chain id 412346 (Nitro's dev chain), fees at
//!   a fixed base fee, nonces, value transfers, and Stylus programs run by the runtime with its
//!   gas in the receipts.
//! * **Deployment as on Arbitrum** ([`stylus`]): a CREATE whose init code is `cargo-stylus`'s
//!   prelude installs the program's code (`EF F0 00`, dictionary byte, Brotli wasm); `ArbWasm`
//!   at `0x…71` activates it with the activation checks of `crates/stylus-wasm`; calls to code
//!   that is not activated fail; `StylusDeployer` at its canonical address deploys, activates
//!   and runs the constructor in one transaction. Both are emulated natively: the chain runs no
//!   EVM bytecode.
//! * **Store** ([`store`]): every block, transaction, receipt, state change and code blob in
//!   redb, committed (fsync) before a transaction's hash is returned.
//! * **Server** ([`rpc`]): `eth_*`, `net_version`, `web3_clientVersion` and the dev methods
//!   (`evm_snapshot`, `evm_revert`, `evm_mine`, `evm_increaseTime`,
//!   `evm_setNextBlockTimestamp`) with geth's error codes and messages.
//!
//! What it does not do: EVM bytecode, the L1 data (poster) fee, the gas of activation itself
//! (its data fee is charged), `debug_*` tracing, subscriptions.

mod blocks;
pub mod chain;
mod convert;
pub mod dev;
mod diff;
pub mod errors;
mod execute;
pub mod node;
pub mod rpc;
pub mod store;
pub mod stylus;

pub use chain::{Chain, ChainConfig};
pub use dev::{dev_accounts, DevAccount, NITRO_DEV_KEY};
pub use node::{spawn, NodeHandle};

/// Nitro's dev chain id (`--dev`), so that tools configured for it work unchanged.
pub const CHAIN_ID: u64 = 412_346;
/// Nitro's dev node HTTP port.
pub const DEFAULT_PORT: u16 = 8547;
