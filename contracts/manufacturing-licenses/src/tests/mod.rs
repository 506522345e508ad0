//! Unit tests, by topic. This module holds the shared fixtures and helpers.
//!
//! Every test runs the contract next to the real manufacturer registry and a real
//! OpenZeppelin ERC-20 ([`test_erc20::TestErc20`]) in motsu, whose block timestamp is fixed at
//! [`NOW`]; times in the past are reached by writing storage fields directly.
//!
//! Calls expected to fail are made with [`assert_refused!`]: it checks the exact error and
//! that nothing observable changed ([`Observed`]: every view of the contract, the token
//! balances of everyone involved, and the events emitted so far).
//!
//! The cast ([`World`] sets it up): `alice` is the top admin, `bob` holds node 1 and `grace`
//! node 2 in the registry, `dave` is bob's `MANAGE_LICENSES` delegate, `carol` a licence
//! manager, `frank` the treasury and `erin` an outsider.

use alloc::{format, string::String, vec::Vec};

use alloy_primitives::{Address, LogData, B256, U256};
use alloy_sol_types::SolEvent;
use dimo_interfaces::{licenses::DEFAULT_MINIMUM_STAKE, privileges::MANAGE_LICENSES};
use manufacturer_registry::ManufacturerRegistry;
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step, token::erc20::IErc20,
    utils::introspection::erc165::IErc165,
};
use test_erc20::TestErc20;

use crate::ManufacturingLicenses;

contract_kit::test_assertions!($, |world: &crate::tests::World| world.observe());

mod admins;
mod check;
mod config;
mod licence;
mod mou;
mod properties;
mod staking;
mod tokens;

/// motsu's block timestamp, fixed at 2025-01-01T00:00:00Z.
const NOW: u64 = 1_735_689_600;

/// The fixture names of the accounts the tests use.
const CAST: [&str; 7] = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"];

/// The account motsu names `tag` (the same as a test's `tag: Address` fixture).
fn who(tag: &str) -> Address {
    Address::from_tag(tag)
}

/// `n` whole tokens of 18 decimals.
fn tokens(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18u64))
}

/// The default minimum stake.
fn min() -> U256 {
    DEFAULT_MINIMUM_STAKE
}

/// A recognisable non-zero hash.
fn hash(n: u8) -> B256 {
    B256::repeat_byte(n)
}

/// Node 1, held by `bob`.
fn node1() -> U256 {
    U256::from(1)
}

/// Node 2, held by `grace`.
fn node2() -> U256 {
    U256::from(2)
}

/// Every event of type `E` that `contract` emitted so far, in order.
fn events<E: SolEvent>(contract: &Contract<ManufacturingLicenses>) -> Vec<E> {
    contract
        .all_events()
        .iter()
        .filter_map(|log| E::decode_log_data(log, true).ok())
        .collect()
}

/// The registry, the licence contract and the staking token of one test.
pub(crate) struct World {
    pub(crate) registry: Contract<ManufacturerRegistry>,
    pub(crate) licenses: Contract<ManufacturingLicenses>,
    pub(crate) token: Contract<TestErc20>,
}

/// A node's record as `manufacturingLicense` returns it.
type Record = (u8, u64, u64, u64, u64, U256, u64, u64);

/// Everything observable about a [`World`]'s licence contract and token. A refused call must
/// leave it unchanged.
#[derive(Debug, PartialEq)]
pub(crate) struct Observed {
    /// Owner, pending owner, registry, token, treasury, minimum, cooldown, total, MOU count.
    config: (
        Address,
        Address,
        Address,
        Address,
        Address,
        U256,
        u64,
        U256,
        u64,
    ),
    /// Per MOU version from 0 to one past the current: hash, URI, time.
    mous: Vec<(B256, String, u64)>,
    /// Per node 0 to 3: record, licensed, unlock time.
    nodes: Vec<(Record, bool, u64)>,
    /// Per account of the cast, the contract and the zero address: admin, manager, token
    /// balance.
    accounts: Vec<(bool, bool, U256)>,
    /// The guard flag.
    locked: bool,
    /// Every event of the licence contract and of the token so far.
    events: (Vec<LogData>, Vec<LogData>),
}

impl World {
    /// The three contracts, deployed by `alice`, with nodes 1 (`bob`) and 2 (`grace`) minted
    /// and `dave` made bob's `MANAGE_LICENSES` delegate; nothing configured in the licence
    /// contract.
    pub(crate) fn deployed() -> Self {
        let (alice, bob, dave, grace) = (who("alice"), who("bob"), who("dave"), who("grace"));
        let registry = Contract::<ManufacturerRegistry>::new();
        let licenses = Contract::<ManufacturingLicenses>::new();
        let token = Contract::<TestErc20>::new();
        registry.sender(alice).constructor(alice).motsu_unwrap();
        for (holder, name) in [(bob, "AutoPi"), (grace, "Ruptela")] {
            registry.sender(alice).add_controller(holder).motsu_unwrap();
            registry
                .sender(alice)
                .mint_manufacturer(holder, name.into())
                .motsu_unwrap();
        }
        registry
            .sender(bob)
            .grant_privilege(node1(), dave, MANAGE_LICENSES, u64::MAX)
            .motsu_unwrap();
        licenses
            .sender(alice)
            .constructor(alice, registry.address())
            .motsu_unwrap();
        for account in [bob, dave, grace] {
            token
                .sender(account)
                .mint(account, tokens(1_000_000))
                .motsu_unwrap();
            token
                .sender(account)
                .approve(licenses.address(), U256::MAX)
                .motsu_unwrap();
        }
        Self {
            registry,
            licenses,
            token,
        }
    }

    /// [`Self::deployed`], and `alice` sets the token and the treasury (`frank`) and makes
    /// `carol` a licence manager.
    pub(crate) fn new() -> Self {
        let world = Self::deployed();
        let alice = who("alice");
        let mut call = world.licenses.sender(alice);
        call.set_staking_token(world.token.address()).motsu_unwrap();
        call.set_treasury(who("frank")).motsu_unwrap();
        call.add_license_manager(who("carol")).motsu_unwrap();
        drop(call);
        world
    }

    /// `by` stakes `amount` for `node`.
    pub(crate) fn stake(&self, by: Address, node: U256, amount: U256) {
        self.licenses.sender(by).stake(node, amount).motsu_unwrap();
    }

    /// `alice` publishes MOU version `n` (hash `n`); returns its number.
    pub(crate) fn publish(&self, n: u8) -> u64 {
        self.licenses
            .sender(who("alice"))
            .publish_mou(hash(n), format!("ipfs://mou-{n}"))
            .motsu_unwrap()
    }

    /// The holder of `node` accepts the current MOU version.
    pub(crate) fn accept(&self, node: U256) {
        let holder = self.holder(node);
        let version = self.licenses.sender(holder).current_mou_version();
        self.licenses
            .sender(holder)
            .accept_mou(node, version)
            .motsu_unwrap();
    }

    /// The holder of `node` in the registry.
    pub(crate) fn holder(&self, node: U256) -> Address {
        openzeppelin_stylus::token::erc721::IErc721::owner_of(
            &*self.registry.sender(Address::ZERO),
            node,
        )
        .motsu_unwrap()
    }

    /// Takes `node` to an active licence: its holder stakes the minimum and accepts the MOU
    /// (published first if there is none), and `carol` grants it without expiry.
    pub(crate) fn license(&self, node: U256) {
        self.stake(self.holder(node), node, min());
        if self.licenses.sender(Address::ZERO).current_mou_version() == 0 {
            self.publish(1);
        }
        self.accept(node);
        self.licenses
            .sender(who("carol"))
            .grant_manufacturing_license(node, 0, hash(0xa1))
            .motsu_unwrap();
    }

    /// The token balance of `account`.
    pub(crate) fn balance(&self, account: Address) -> U256 {
        self.token.sender(account).balance_of(account)
    }

    /// The token balance of the licence contract.
    pub(crate) fn held(&self) -> U256 {
        self.balance(self.licenses.address())
    }

    /// The licence record of `node` (`manufacturingLicense`).
    pub(crate) fn record(&self, node: U256) -> Record {
        self.licenses
            .sender(Address::ZERO)
            .manufacturing_license(node)
    }

    /// Everything observable (see [`Observed`]).
    pub(crate) fn observe(&self) -> Observed {
        let view = self.licenses.sender(Address::ZERO);
        let count = view.current_mou_version();
        let mut accounts: Vec<Address> = CAST.into_iter().map(who).collect();
        accounts.push(self.licenses.address());
        accounts.push(Address::ZERO);
        Observed {
            config: (
                view.owner(),
                view.pending_owner(),
                view.registry(),
                view.staking_token(),
                view.treasury(),
                view.minimum_stake(),
                view.unstake_cooldown(),
                view.total_staked(),
                count,
            ),
            mous: (0..=count + 1).map(|v| view.mou(v).0).collect(),
            nodes: (0..=3u64)
                .map(U256::from)
                .map(|node| {
                    (
                        view.manufacturing_license(node),
                        view.is_manufacturer_licensed(node),
                        view.unstake_unlocks_at(node),
                    )
                })
                .collect(),
            accounts: accounts
                .iter()
                .map(|&a| {
                    (
                        view.is_admin(a),
                        view.is_license_manager(a),
                        self.balance(a),
                    )
                })
                .collect(),
            locked: view.locked.get(),
            events: (self.licenses.all_events(), self.token.all_events()),
        }
    }
}

#[motsu::test]
fn supports_its_interfaces_only() {
    let world = World::deployed();
    let view = world.licenses.sender(Address::ZERO);
    for id in [
        dimo_interfaces::interface_id::ERC165,
        dimo_interfaces::interface_id::OWNABLE_2STEP,
        dimo_interfaces::interface_id::MANUFACTURING_LICENSES,
    ] {
        assert!(view.supports_interface(id), "{id}");
    }
    for id in [
        dimo_interfaces::interface_id::ERC721,
        dimo_interfaces::interface_id::DEVICE_LICENSES,
        alloy_primitives::FixedBytes([0xff; 4]),
    ] {
        assert!(!view.supports_interface(id), "{id}");
    }
}
