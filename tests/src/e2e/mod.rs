//! End-to-end tests of the deployable wasm: the registry on its own, then every contract
//! together ([`crate::stack`]): the licence flow, certificates from minting to end of life and
//! what they refuse; and the calldata fuzzers.

mod abi_returns;
mod admins;
mod certificate_refusals;
mod certificates;
mod clients;
mod controllers;
mod custody;
mod delegation;
mod deploy;
mod disputes;
mod fuzz;
mod introspection;
mod licensing;
mod metadata;
mod minting;
mod names;
mod report;
mod transfers;

use alloy_primitives::Address;
use alloy_sol_types::SolEvent;
use stylus_runtime::{Log, Receipt};

/// The events of type `E` that `address` emitted in `receipt`, in order.
pub(crate) fn events<E: SolEvent>(receipt: &Receipt, address: Address) -> Vec<E> {
    receipt
        .logs
        .iter()
        .filter(|log| log.address == address)
        .filter(|log| log.topics.first() == Some(&E::SIGNATURE_HASH))
        .map(decode::<E>)
        .collect()
}

/// Decodes `log` as `E`.
///
/// # Panics
///
/// If it is not one.
pub(crate) fn decode<E: SolEvent>(log: &Log) -> E {
    E::decode_raw_log(log.topics.iter().copied(), &log.data, true)
        .unwrap_or_else(|e| panic!("not a {}: {e}", E::SIGNATURE))
}

/// Asserts that `receipt` holds exactly one event of type `E` from `address`, equal to
/// `expected`.
pub(crate) fn assert_event<E: SolEvent + PartialEq + std::fmt::Debug + Clone>(
    receipt: &Receipt,
    address: Address,
    expected: &E,
) {
    assert_eq!(events::<E>(receipt, address), vec![expected.clone()]);
}
