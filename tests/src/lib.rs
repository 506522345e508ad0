//! # End-to-end tests on the local Stylus runtime
//!
//! The deployable wasm that `scripts/build` writes to `artifacts/` runs here through
//! [`stylus_runtime`], the way an Arbitrum node would run it: typed calls from the shared
//! interfaces crate go in, and receipts (outcome, return or revert data, logs, gas) come out.
//!
//! * [`artifacts`]: loads `artifacts/<contract>.wasm` (and says to run `scripts/build` when
//!   one is missing);
//! * [`calls`]: typed calls, decoded returns and custom errors;
//! * [`clients`]: the JavaScript clients of `tests/js` (solc's interface ids, viem's EIP-712
//!   signatures), run with `node`;
//! * [`registry`]: a deployed manufacturer registry with helpers;
//! * [`stack`]: every contract deployed and wired together (licences, certificates, token),
//!   with device keys that sign as devices do;
//! * [`measure`]: gas and new storage slots of one operation, for the gas report;
//! * [`scenarios`]: the operations `scripts/gas-report` measures;
//! * [`report`]: `docs/gas.md`, rendered from the scenarios and the artifacts' sizes.
//!
//! The tests themselves (end-to-end and fuzz) are unit tests of this crate, so that one test
//! binary loads each artifact once.

pub mod artifacts;
pub mod calls;
pub mod clients;
pub mod measure;
pub mod registry;
pub mod report;
pub mod scenarios;
pub mod stack;

#[cfg(test)]
mod e2e;
