//! Unit tests, by topic. This module holds the shared fixtures and helpers.
//!
//! motsu runs every call against an in-memory VM whose block timestamp is fixed at [`NOW`].
//! Calls expected to fail are unwrapped with `motsu_unwrap_err`, which also rolls the VM back
//! to its state before the call (storage and events), as a reverted transaction would be;
//! calls expected to succeed are unwrapped with `motsu_unwrap`.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolEvent;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use crate::{Error, ManufacturerRegistry};

/// Asserts that the error `$err` is the variant `Error::$variant` and that its revert data is
/// exactly the ABI encoding of the Solidity error `$expected`: selector and every field. The
/// expected errors are the interface crate's declarations, so the check holds whichever Rust
/// type a variant wraps.
macro_rules! assert_err {
    ($err:expr, $variant:ident, $expected:expr $(,)?) => {{
        let err: $crate::Error = $err;
        let shown = alloc::format!("{err:?}");
        assert!(
            matches!(err, $crate::Error::$variant(..)),
            "expected {}, got {shown}",
            stringify!($variant)
        );
        let expected = $expected;
        assert_eq!(
            alloc::vec::Vec::<u8>::from(err),
            alloy_sol_types::SolError::abi_encode(&expected),
            "expected {expected:?}, got {shown}"
        );
    }};
}

mod admins;
mod controllers;
mod delegation;
mod metadata;
mod minting;
mod names;
mod ownership;
mod properties;
mod transfers;

/// motsu's block timestamp, fixed at 2025-01-01T00:00:00Z.
const NOW: u64 = 1_735_689_600;

/// Deploys `registry` with `owner` as its top admin.
fn deploy(registry: &Contract<ManufacturerRegistry>, owner: Address) {
    registry.sender(owner).constructor(owner).motsu_unwrap();
}

/// The top admin `owner` makes `admin` an admin.
fn add_admin(registry: &Contract<ManufacturerRegistry>, owner: Address, admin: Address) {
    registry.sender(owner).add_admin(admin).motsu_unwrap();
}

/// The admin `admin` makes `account` a controller, unless it already is one.
fn ensure_controller(registry: &Contract<ManufacturerRegistry>, admin: Address, account: Address) {
    if !registry.sender(admin).is_controller(account) {
        registry
            .sender(admin)
            .add_controller(account)
            .motsu_unwrap();
    }
}

/// The admin `admin` mints a node named `name` to `to`, first making `to` a controller when
/// it is not an admin. Returns the new node id.
fn mint_to(
    registry: &Contract<ManufacturerRegistry>,
    admin: Address,
    to: Address,
    name: &str,
) -> U256 {
    if !registry.sender(admin).is_admin(to) {
        ensure_controller(registry, admin, to);
    }
    registry
        .sender(admin)
        .mint_manufacturer(to, name.into())
        .motsu_unwrap()
}

/// Deploys `registry` with `alice` as top admin and mints node 1, `AutoPi`, to the controller `bob`.
fn setup(registry: &Contract<ManufacturerRegistry>, alice: Address, bob: Address) -> U256 {
    deploy(registry, alice);
    mint_to(registry, alice, bob, "AutoPi")
}

/// A node id.
fn id(n: u64) -> U256 {
    U256::from(n)
}

/// Owned copies of `names`.
fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|&name| name.into()).collect()
}

/// Every event of type `E` the registry emitted so far, in order.
fn events<E: SolEvent>(registry: &Contract<ManufacturerRegistry>) -> Vec<E> {
    registry
        .all_events()
        .iter()
        .filter_map(|log| E::decode_log_data(log, true).ok())
        .collect()
}

/// The revert data `err` encodes.
fn revert_data(err: Error) -> Vec<u8> {
    err.into()
}

/// The three ERC-721 transfer paths.
#[derive(Clone, Copy, Debug)]
enum Path {
    /// `transferFrom`.
    Plain,
    /// `safeTransferFrom` without data.
    Safe,
    /// `safeTransferFrom` with data.
    SafeWithData,
}

/// Every ERC-721 transfer path.
const PATHS: [Path; 3] = [Path::Plain, Path::Safe, Path::SafeWithData];

/// `caller` moves `node` from `from` to `to` through `path`. The result is to be unwrapped
/// with one of motsu's helpers so that a failure is rolled back.
fn transfer(
    registry: &Contract<ManufacturerRegistry>,
    path: Path,
    caller: Address,
    from: Address,
    to: Address,
    node: U256,
) -> Result<(), Error> {
    let mut call = registry.sender(caller);
    match path {
        Path::Plain => call.transfer_from(from, to, node),
        Path::Safe => call.safe_transfer_from(from, to, node),
        Path::SafeWithData => {
            call.safe_transfer_from_with_data(from, to, node, vec![0xd1, 0x40].into())
        }
    }
}
