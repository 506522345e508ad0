//! The contracts' events and the views the indexer reads: the bindings of `dimo-contracts`
//! (`tools/contracts`, generated from the published ABIs `abi/*.json`), shared with the `dimo`
//! binary.

pub use dimo_contracts::*;
