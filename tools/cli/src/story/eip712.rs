//! The device key's EIP-712 messages to the certificate contract and their signing, from
//! `dimo-contracts` (`tools/contracts/src/eip712.rs`, shared with the indexer's test kit).

pub(crate) use dimo_contracts::eip712::*;
