//! Unit tests, by topic. This module holds the shared fixtures and helpers.
//!
//! motsu runs every call against an in-memory VM whose block timestamp is fixed at [`NOW`].
//! Calls expected to fail are made with [`assert_refused!`], which unwraps them with
//! `motsu_unwrap_err` (rolling the VM back to its state before the call, storage and events,
//! as a reverted transaction would be), checks the exact error and checks that nothing
//! observable changed; calls expected to succeed are unwrapped with `motsu_unwrap`.

use alloc::{collections::BTreeSet, string::String, vec, vec::Vec};

use alloy_primitives::{Address, LogData, U256};
use alloy_sol_types::SolEvent;
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{
    erc::IOwnable2Step as O,
    privileges::{MAX_PRIVILEGE, MINT_DEVICES},
};
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step,
    token::erc721::{extensions::IErc721Metadata, IErc721},
};

use crate::{Error, ManufacturerRegistry};

contract_kit::test_assertions!($, |registry: &crate::tests::Registry| crate::tests::observe(registry));

mod access;
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

/// The names of the accounts tests take as motsu fixtures: a fixture `bob: Address` is
/// `Address::from_tag("bob")`. [`observe`] looks at each of them.
const ACCOUNTS: [&str; 7] = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"];

/// The registry under test, as motsu deploys it.
type Registry = Contract<ManufacturerRegistry>;

/// Everything the registry lets one observe about the accounts of [`ACCOUNTS`], the zero address
/// and every account holding or approved for a node. A refused call must leave it unchanged.
#[derive(Debug, PartialEq)]
struct Observed {
    /// `owner()`, `pendingOwner()`, `totalManufacturers()`.
    top: (Address, Address, U256),
    /// Per node id from 0 to one past the last.
    nodes: Vec<NodeView>,
    /// Per account.
    accounts: Vec<AccountView>,
    /// Every grant on record for the nodes and those accounts: node, operator, privilege, expiry.
    grants: Vec<(U256, Address, u8, u64)>,
    /// Every event emitted so far.
    events: Vec<LogData>,
}

/// What the views show of a node (`None` where a view refuses).
#[derive(Debug, PartialEq)]
struct NodeView {
    owner: Option<Address>,
    approved: Option<Address>,
    name: String,
    uri: Option<String>,
}

/// What the views show of an account.
#[derive(Debug, PartialEq)]
struct AccountView {
    account: Address,
    admin: bool,
    controller: bool,
    /// `None` where `balanceOf` refuses.
    balance: Option<U256>,
    /// `manufacturerOf`.
    slot: U256,
    /// The accounts it approved for all.
    operators: Vec<Address>,
}

/// What `registry` shows now (see [`Observed`]).
fn observe(registry: &Registry) -> Observed {
    // Every view reads through one dereference of one call: motsu copies the VM's whole storage
    // (as a backup) on each dereference, which would make this slow.
    let call = registry.sender(Address::ZERO);
    let view: &ManufacturerRegistry = &call;
    let total = view.total_manufacturers();
    let ids: Vec<U256> = (0..=total.to::<u64>() + 1).map(U256::from).collect();
    let nodes: Vec<NodeView> = ids
        .iter()
        .map(|&node| NodeView {
            owner: view.owner_of(node).ok(),
            approved: view.get_approved(node).ok(),
            name: view.manufacturer_name_by_id(node),
            uri: view.token_uri(node).ok(),
        })
        .collect();
    let mut accounts: BTreeSet<Address> = ACCOUNTS.map(Address::from_tag).into();
    accounts.insert(Address::ZERO);
    accounts.extend(
        nodes
            .iter()
            .flat_map(|node| [node.owner, node.approved])
            .flatten(),
    );
    let grants = ids
        .iter()
        .zip(&nodes)
        .filter(|(_, seen)| seen.owner.is_some())
        .flat_map(|(&node, _)| accounts.iter().map(move |&operator| (node, operator)))
        .flat_map(|(node, operator)| {
            (MINT_DEVICES..=MAX_PRIVILEGE).map(move |privilege| (node, operator, privilege))
        })
        .map(|(node, operator, privilege)| {
            let expiry = view.privilege_expiry(node, operator, privilege);
            (node, operator, privilege, expiry)
        })
        .filter(|grant| grant.3 != 0)
        .collect();
    let accounts = accounts
        .iter()
        .map(|&account| AccountView {
            account,
            admin: view.is_admin(account),
            controller: view.is_controller(account),
            balance: view.balance_of(account).ok(),
            slot: view.manufacturer_of(account),
            operators: accounts
                .iter()
                .copied()
                .filter(|&operator| view.is_approved_for_all(account, operator))
                .collect(),
        })
        .collect();
    Observed {
        top: (view.owner(), view.pending_owner(), total),
        nodes,
        accounts,
        grants,
        events: registry.all_events(),
    }
}

/// Deploys `registry` with `owner` as its top admin.
fn deploy(registry: &Registry, owner: Address) {
    registry.sender(owner).constructor(owner).motsu_unwrap();
}

/// The top admin `owner` makes `admin` an admin.
fn add_admin(registry: &Registry, owner: Address, admin: Address) {
    registry.sender(owner).add_admin(admin).motsu_unwrap();
}

/// The admin `admin` makes `account` a controller, unless it already is one.
fn ensure_controller(registry: &Registry, admin: Address, account: Address) {
    if !registry.sender(admin).is_controller(account) {
        registry
            .sender(admin)
            .add_controller(account)
            .motsu_unwrap();
    }
}

/// The admin `admin` makes `account` a controller and removes it again.
fn add_and_remove_controller(registry: &Registry, admin: Address, account: Address) {
    ensure_controller(registry, admin, account);
    registry
        .sender(admin)
        .remove_controller(account)
        .motsu_unwrap();
}

/// The admin `admin` mints a node named `name` to `to`, first making `to` a controller when
/// it is not an admin. Returns the new node id.
fn mint_to(registry: &Registry, admin: Address, to: Address, name: &str) -> U256 {
    if !registry.sender(admin).is_admin(to) {
        ensure_controller(registry, admin, to);
    }
    registry
        .sender(admin)
        .mint_manufacturer(to, name.into())
        .motsu_unwrap()
}

/// Deploys `registry` with `alice` as top admin and mints node 1, `AutoPi`, to the controller `bob`.
fn setup(registry: &Registry, alice: Address, bob: Address) -> U256 {
    deploy(registry, alice);
    mint_to(registry, alice, bob, "AutoPi")
}

/// Deploys `registry` with `alice` as top admin and `bob` as an added admin.
fn deploy_with_admin(registry: &Registry, alice: Address, bob: Address) {
    deploy(registry, alice);
    add_admin(registry, alice, bob);
}

/// Deploys `registry` with `alice` as top admin and mints node 1, `AutoPi`, to `alice`.
fn deploy_with_admin_node(registry: &Registry, alice: Address) -> U256 {
    deploy(registry, alice);
    mint_to(registry, alice, alice, "AutoPi")
}

/// [`setup`], and `carol` made a controller that holds no node.
fn setup_with_free_controller(
    registry: &Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) -> U256 {
    let node = setup(registry, alice, bob);
    ensure_controller(registry, alice, carol);
    node
}

/// [`setup`], and node 2, `Ruptela`, minted to the controller `carol`. Returns both nodes.
fn setup_with_two_holders(
    registry: &Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) -> (U256, U256) {
    let node = setup(registry, alice, bob);
    (node, mint_to(registry, alice, carol, "Ruptela"))
}

/// [`setup`], and `dave` a delegate of node 1 with [`MINT_DEVICES`] and no end.
fn setup_with_delegate(registry: &Registry, alice: Address, bob: Address, dave: Address) -> U256 {
    let node = setup(registry, alice, bob);
    grant(registry, bob, node, dave, MINT_DEVICES, u64::MAX);
    node
}

/// The holder `holder` makes `operator` an operator for all its nodes, or stops it.
fn set_operator(registry: &Registry, holder: Address, operator: Address, approved: bool) {
    registry
        .sender(holder)
        .set_approval_for_all(operator, approved)
        .motsu_unwrap();
}

/// A call to the registry, by the caller it was built for. The result is to be unwrapped with
/// one of motsu's helpers so that a failure is rolled back.
type Call<'a> = &'a dyn Fn() -> Result<(), Error>;

/// Asserts that `caller`, a `role` that is not an admin, is refused every call only admins may
/// make with `CallerNotAdmin`, changing nothing. The calls mint to `account`, rename node 1,
/// add `newcomer` as a controller and remove `account` as one.
fn assert_refused_admin_calls(
    registry: &Registry,
    role: &str,
    caller: Address,
    account: Address,
    newcomer: Address,
) {
    let name = || String::from("Ruptela");
    let calls: [(&str, Call); 5] = [
        ("mintManufacturer", &|| {
            registry
                .sender(caller)
                .mint_manufacturer(account, name())
                .map(drop)
        }),
        ("mintManufacturerBatch", &|| {
            registry
                .sender(caller)
                .mint_manufacturer_batch(account, vec![name()])
                .map(drop)
        }),
        ("renameManufacturer", &|| {
            registry.sender(caller).rename_manufacturer(id(1), name())
        }),
        ("addController", &|| {
            registry.sender(caller).add_controller(newcomer)
        }),
        ("removeController", &|| {
            registry.sender(caller).remove_controller(account)
        }),
    ];
    for (function, call) in calls {
        assert_refused!(
            registry,
            call(),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "{role} calls {function}"
        );
    }
}

/// Asserts that `caller`, a `role` that is not the top admin, is refused every call only the
/// top admin may make with `OwnableUnauthorizedAccount`, changing nothing. The calls add the
/// account `newcomer` as an admin, remove the admin `admin`, hand the top admin role over to
/// `newcomer` and renounce it.
fn assert_refused_top_admin_calls(
    registry: &Registry,
    role: &str,
    caller: Address,
    admin: Address,
    newcomer: Address,
) {
    let calls: [(&str, Call); 5] = [
        ("addAdmin", &|| registry.sender(caller).add_admin(newcomer)),
        ("reclaimNode", &|| {
            registry.sender(caller).reclaim_node(id(1))
        }),
        ("removeAdmin", &|| {
            registry.sender(caller).remove_admin(admin)
        }),
        ("transferOwnership", &|| {
            registry.sender(caller).transfer_ownership(newcomer)
        }),
        ("renounceOwnership", &|| {
            registry.sender(caller).renounce_ownership()
        }),
    ];
    for (function, call) in calls {
        assert_refused!(
            registry,
            call(),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "{role} calls {function}"
        );
    }
}

/// The holder `holder` lets `operator` use `privilege` on `node` until `expires_at`.
fn grant(
    registry: &Registry,
    holder: Address,
    node: U256,
    operator: Address,
    privilege: u8,
    expires_at: u64,
) {
    registry
        .sender(holder)
        .grant_privilege(node, operator, privilege, expires_at)
        .motsu_unwrap();
}

/// The holder `from` moves `node` to `to` with `transferFrom`.
fn give(registry: &Registry, from: Address, to: Address, node: U256) {
    transfer(registry, Path::Plain, from, from, to, node).motsu_unwrap();
}

/// The holder of `node` (which must exist).
fn holder(registry: &Registry, node: U256) -> Address {
    registry.sender(Address::ZERO).owner_of(node).motsu_unwrap()
}

/// The ERC-721 balance of `account` (not the zero address).
fn balance(registry: &Registry, account: Address) -> U256 {
    registry
        .sender(Address::ZERO)
        .balance_of(account)
        .motsu_unwrap()
}

/// The number of nodes minted.
fn total(registry: &Registry) -> U256 {
    registry.sender(Address::ZERO).total_manufacturers()
}

/// The node named `name` (any case), or 0.
fn id_by_name(registry: &Registry, name: &str) -> U256 {
    registry
        .sender(Address::ZERO)
        .manufacturer_id_by_name(name.into())
}

/// The display name of `node`, or "".
fn name_of(registry: &Registry, node: U256) -> String {
    registry.sender(Address::ZERO).manufacturer_name_by_id(node)
}

/// When `operator`'s grant of `privilege` on `node` ends, or 0.
fn expiry(registry: &Registry, node: U256, operator: Address, privilege: u8) -> u64 {
    registry
        .sender(Address::ZERO)
        .privilege_expiry(node, operator, privilege)
}

/// Whether `account` may use `privilege` on `node`.
fn authorized(registry: &Registry, node: U256, account: Address, privilege: u8) -> bool {
    registry
        .sender(Address::ZERO)
        .is_authorized(node, account, privilege)
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
fn events<E: SolEvent>(registry: &Registry) -> Vec<E> {
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
    registry: &Registry,
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
