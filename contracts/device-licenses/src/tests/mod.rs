//! Unit tests, by topic. This module holds the shared fixtures and helpers.
//!
//! Every test runs the contract next to the real manufacturer registry, the real
//! manufacturing-licence contract and an OpenZeppelin ERC-20 staked in it, all in motsu
//! (block timestamp fixed at [`NOW`]).
//!
//! Calls expected to fail are made with [`assert_refused!`]: it checks the exact error and
//! that nothing observable changed ([`Observed`]: every view of this contract and its events).
//!
//! The cast ([`World`] sets it up): `alice` is the top admin of every contract; `bob` holds
//! node 1 and `grace` node 2, both with a Manufacturing License; `dave` is bob's
//! `MANAGE_LICENSES` delegate; `carol` is a licence manager (of the manufacturing-licence
//! contract, honoured here); `erin` and `ivan` are approved auditors; `tm1` to `tm3` form the
//! Hardware Integration Team, with a threshold of 2; `oscar` is an outsider.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, LogData, B256, U256};
use alloy_sol_types::SolEvent;
use dimo_interfaces::{
    licenses::{AuditKind, DeviceStatus, DEFAULT_MINIMUM_STAKE},
    privileges::MANAGE_LICENSES,
};
use manufacturer_registry::ManufacturerRegistry;
use manufacturing_licenses::ManufacturingLicenses;
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step, token::erc20::IErc20,
    utils::introspection::erc165::IErc165,
};
use test_erc20::TestErc20;

use crate::DeviceLicenses;

contract_kit::test_assertions!($, |world: &crate::tests::World| world.observe());

mod admins;
mod applications;
mod audits;
mod check;
mod flow;
mod lifecycle;
mod properties;
mod supersession;
mod team;
mod votes;

/// motsu's block timestamp, fixed at 2025-01-01T00:00:00Z.
const NOW: u64 = 1_735_689_600;

/// The fixture names of the accounts the tests use.
const CAST: [&str; 11] = [
    "alice", "bob", "carol", "dave", "erin", "grace", "ivan", "tm1", "tm2", "tm3", "oscar",
];

/// The team members.
const TEAM: [&str; 3] = ["tm1", "tm2", "tm3"];

/// The account motsu names `tag` (the same as a test's `tag: Address` fixture).
fn who(tag: &str) -> Address {
    Address::from_tag(tag)
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

/// A licence id.
fn id(n: u64) -> U256 {
    U256::from(n)
}

/// The `kind` number of an assessment.
fn kind(k: AuditKind) -> u8 {
    k as u8
}

/// A status as the views answer it.
fn status(s: DeviceStatus) -> u8 {
    s as u8
}

/// Every event of type `E` the device-licence contract emitted so far, in order.
fn events<E: SolEvent>(contract: &Contract<DeviceLicenses>) -> Vec<E> {
    contract
        .all_events()
        .iter()
        .filter_map(|log| E::decode_log_data(log, true).ok())
        .collect()
}

/// A licence record as `deviceLicense` returns it.
type Record = (
    U256,
    u8,
    String,
    String,
    B256,
    U256,
    U256,
    Address,
    u64,
    u64,
    u64,
    u64,
    u64,
    u64,
);

/// A licence record with named fields (tuples this long implement neither `Debug` nor
/// `PartialEq`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct View {
    pub(crate) manufacturer: U256,
    pub(crate) status: u8,
    pub(crate) model: String,
    pub(crate) revision: String,
    pub(crate) design_hash: B256,
    pub(crate) supersedes: U256,
    pub(crate) superseded_by: U256,
    pub(crate) applicant: Address,
    pub(crate) applied_at: u64,
    pub(crate) decided_at: u64,
    pub(crate) changed_at: u64,
    pub(crate) round: u64,
    pub(crate) approvals: u64,
    pub(crate) rejections: u64,
}

impl From<contract_kit::returns::Returns<Record>> for View {
    fn from(contract_kit::returns::Returns(r): contract_kit::returns::Returns<Record>) -> Self {
        Self {
            manufacturer: r.0,
            status: r.1,
            model: r.2,
            revision: r.3,
            design_hash: r.4,
            supersedes: r.5,
            superseded_by: r.6,
            applicant: r.7,
            applied_at: r.8,
            decided_at: r.9,
            changed_at: r.10,
            round: r.11,
            approvals: r.12,
            rejections: r.13,
        }
    }
}

/// An assessment record as `deviceLicenseAudit` returns it.
type AuditRecord = (u8, Address, u64, B256, String);

/// The four contracts of one test.
pub(crate) struct World {
    pub(crate) registry: Contract<ManufacturerRegistry>,
    pub(crate) manufacturing: Contract<ManufacturingLicenses>,
    pub(crate) devices: Contract<DeviceLicenses>,
    pub(crate) token: Contract<TestErc20>,
}

/// What [`Observed`] keeps per licence: record, active, manufacturer, audits, votes.
type Seen = (View, bool, U256, Vec<AuditRecord>, Vec<bool>);

/// Everything observable about a [`World`]'s device-licence contract. A refused call must
/// leave it unchanged.
#[derive(Debug, PartialEq)]
pub(crate) struct Observed {
    /// Owner, pending owner, registry, manufacturing contract, team size, threshold, total.
    config: (Address, Address, Address, Address, u64, u64, U256),
    /// Per licence id from 0 to one past the last: record, active, manufacturer, the audit
    /// records of kinds 0 to 4, and per team member (and an outsider) whether it voted in
    /// the current round.
    licenses: Vec<Seen>,
    /// Per cast member and the zero address: admin, auditor, auditor URI, team member.
    accounts: Vec<(bool, bool, String, bool)>,
    /// Per node 0 to 3: the first page of its licences.
    lists: Vec<(Vec<U256>, u64)>,
    /// Every event so far.
    events: Vec<LogData>,
}

impl World {
    /// The four contracts, deployed by `alice`: nodes 1 (`bob`) and 2 (`grace`) minted and
    /// licensed, `dave` bob's delegate, `carol` a licence manager; no auditors, no team.
    pub(crate) fn deployed() -> Self {
        let [alice, bob, carol, dave, grace] = ["alice", "bob", "carol", "dave", "grace"].map(who);
        let world = Self {
            registry: Contract::new(),
            manufacturing: Contract::new(),
            devices: Contract::new(),
            token: Contract::new(),
        };
        world
            .registry
            .sender(alice)
            .constructor(alice)
            .motsu_unwrap();
        for (holder, name) in [(bob, "AutoPi"), (grace, "Ruptela")] {
            world
                .registry
                .sender(alice)
                .add_controller(holder)
                .motsu_unwrap();
            world
                .registry
                .sender(alice)
                .mint_manufacturer(holder, name.into())
                .motsu_unwrap();
        }
        world
            .registry
            .sender(bob)
            .grant_privilege(node1(), dave, MANAGE_LICENSES, u64::MAX)
            .motsu_unwrap();

        let manufacturing = &world.manufacturing;
        manufacturing
            .sender(alice)
            .constructor(alice, world.registry.address())
            .motsu_unwrap();
        manufacturing
            .sender(alice)
            .set_staking_token(world.token.address())
            .motsu_unwrap();
        manufacturing
            .sender(alice)
            .add_license_manager(carol)
            .motsu_unwrap();
        manufacturing
            .sender(alice)
            .publish_mou(hash(0x30), "ipfs://mou-1".into())
            .motsu_unwrap();
        for (holder, node) in [(bob, node1()), (grace, node2())] {
            world
                .token
                .sender(holder)
                .mint(holder, DEFAULT_MINIMUM_STAKE)
                .motsu_unwrap();
            world
                .token
                .sender(holder)
                .approve(manufacturing.address(), U256::MAX)
                .motsu_unwrap();
            manufacturing
                .sender(holder)
                .stake(node, DEFAULT_MINIMUM_STAKE)
                .motsu_unwrap();
            manufacturing
                .sender(holder)
                .accept_mou(node, 1)
                .motsu_unwrap();
            manufacturing
                .sender(carol)
                .grant_manufacturing_license(node, 0, hash(0x31))
                .motsu_unwrap();
        }
        assert_eq!(
            world
                .token
                .sender(alice)
                .balance_of(manufacturing.address()),
            DEFAULT_MINIMUM_STAKE * U256::from(2)
        );

        world
            .devices
            .sender(alice)
            .constructor(alice, world.registry.address(), manufacturing.address())
            .motsu_unwrap();
        world
    }

    /// [`Self::deployed`], and `alice` approves the auditors `erin` and `ivan`, adds the team
    /// `tm1` to `tm3` and sets the threshold to 2.
    pub(crate) fn new() -> Self {
        let world = Self::deployed();
        let alice = who("alice");
        world
            .devices
            .sender(alice)
            .add_auditor(who("erin"), "Acme Test Labs".into())
            .motsu_unwrap();
        world
            .devices
            .sender(alice)
            .add_auditor(who("ivan"), "ipfs://ivan-auditing".into())
            .motsu_unwrap();
        for member in TEAM {
            world
                .devices
                .sender(alice)
                .add_team_member(who(member))
                .motsu_unwrap();
        }
        world
            .devices
            .sender(alice)
            .set_approval_threshold(2)
            .motsu_unwrap();
        world
    }

    /// `by` applies for a licence of `node` (model "AP-1", revision "rev A", design hash
    /// 0xd1…) superseding `supersedes`; returns its id.
    pub(crate) fn apply(&self, by: Address, node: U256, supersedes: U256) -> U256 {
        self.devices
            .sender(by)
            .apply_for_device_license(node, "AP-1".into(), "rev A".into(), hash(0xd1), supersedes)
            .motsu_unwrap()
    }

    /// `erin` (kinds 1 and 2) or `ivan` (kind 3: the three assessments need two auditors)
    /// records assessment `kind` of licence `id` as passed (`passed`).
    pub(crate) fn audit(&self, id: U256, kind: u8, passed: bool) {
        self.devices
            .sender(who(if kind == 3 { "ivan" } else { "erin" }))
            .record_audit(id, kind, passed, hash(0xa0 + kind), "ipfs://report".into())
            .motsu_unwrap();
    }

    /// `erin` and `ivan` record all three assessments of licence `id` as passed.
    pub(crate) fn pass_audits(&self, id: U256) {
        for k in 1..=3 {
            self.audit(id, k, true);
        }
    }

    /// Team member `member` votes on licence `id`.
    pub(crate) fn vote(&self, member: &str, id: U256, approve: bool) {
        self.devices
            .sender(who(member))
            .vote(id, approve)
            .motsu_unwrap();
    }

    /// Takes a new application of `node` (by its holder) through the audits and two
    /// approvals to an active licence superseding `supersedes`; returns its id.
    pub(crate) fn grant(&self, node: U256, supersedes: U256) -> U256 {
        let holder = openzeppelin_stylus::token::erc721::IErc721::owner_of(
            &*self.registry.sender(Address::ZERO),
            node,
        )
        .motsu_unwrap();
        let id = self.apply(holder, node, supersedes);
        self.pass_audits(id);
        self.vote("tm1", id, true);
        self.vote("tm2", id, true);
        assert_eq!(self.status_of(id), status(DeviceStatus::Active));
        id
    }

    /// The record of licence `id`.
    pub(crate) fn record(&self, id: U256) -> View {
        self.devices.sender(Address::ZERO).device_license(id).into()
    }

    /// The status of licence `id`.
    pub(crate) fn status_of(&self, id: U256) -> u8 {
        self.record(id).status
    }

    /// Everything observable (see [`Observed`]).
    pub(crate) fn observe(&self) -> Observed {
        let view = self.devices.sender(Address::ZERO);
        let total = view.total_device_licenses();
        let mut accounts: Vec<Address> = CAST.into_iter().map(who).collect();
        accounts.push(Address::ZERO);
        let voters: Vec<Address> = TEAM.into_iter().chain(["oscar"]).map(who).collect();
        let licenses = (0..=total.to::<u64>() + 1)
            .map(U256::from)
            .map(|id| {
                (
                    View::from(view.device_license(id)),
                    view.is_device_license_active(id),
                    view.device_license_manufacturer(id),
                    (0..=4)
                        .map(|k| view.device_license_audit(id, k).0)
                        .collect(),
                    voters.iter().map(|&a| view.has_voted(id, a)).collect(),
                )
            })
            .collect();
        Observed {
            config: (
                view.owner(),
                view.pending_owner(),
                view.registry(),
                view.manufacturing_licenses(),
                view.team_size(),
                view.approval_threshold(),
                total,
            ),
            licenses,
            accounts: accounts
                .iter()
                .map(|&a| {
                    (
                        view.is_admin(a),
                        view.is_auditor(a),
                        view.auditor_uri(a),
                        view.is_team_member(a),
                    )
                })
                .collect(),
            lists: (0..=3u64)
                .map(|n| view.device_licenses_of(U256::from(n), 0, 100).0)
                .collect(),
            events: self.devices.all_events(),
        }
    }
}

#[motsu::test]
fn supports_its_interfaces_only() {
    let world = World::deployed();
    let view = world.devices.sender(Address::ZERO);
    for interface in [
        dimo_interfaces::interface_id::ERC165,
        dimo_interfaces::interface_id::OWNABLE_2STEP,
        dimo_interfaces::interface_id::DEVICE_LICENSES,
    ] {
        assert!(view.supports_interface(interface), "{interface}");
    }
    for interface in [
        dimo_interfaces::interface_id::MANUFACTURING_LICENSES,
        dimo_interfaces::interface_id::ERC721,
        alloy_primitives::FixedBytes([0xff; 4]),
    ] {
        assert!(!view.supports_interface(interface), "{interface}");
    }
}
