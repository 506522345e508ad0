//! Properties: random sequences of calls by every kind of caller (applications, assessments,
//! votes, status changes, team and threshold changes, the manufacturer's own licence going
//! up and down) must keep the device-licence state machine honest.
//!
//! * No licence becomes active through the team unless, at that vote, all three assessments
//!   had passed and the distinct members approving in the current round reached the
//!   threshold; and its manufacturer was licensed. None is rejected while the threshold
//!   could still be reached.
//! * Rejected, superseded and revoked are final.
//! * Every status change is one of the documented edges, made by the matching call:
//!   a licence is superseded only when a licence superseding it is granted.
//! * `isDeviceLicenseActive` is exactly "status is active".
//! * A refused call changes nothing observable.

use alloc::{collections::BTreeSet, format, vec::Vec};

use alloy_primitives::{Address, U256};
use dimo_interfaces::licenses::{AuditResult, DeviceStatus as S};
use motsu::prelude::*;
use proptest::{collection::vec, prelude::*, test_runner::TestCaseError};

use super::{hash, node1, node2, status, who, World};

/// Callers, by index.
const CALLERS: [&str; 11] = [
    "alice", "carol", "bob", "dave", "grace", "erin", "ivan", "tm1", "tm2", "tm3", "oscar",
];
/// Licence ids operations pick from (0 and high ones never exist).
const MAX_ID: u64 = 7;

/// One call; any of them may be refused.
#[derive(Clone, Debug)]
enum Op {
    Apply {
        by: usize,
        node: u64,
        supersedes: u64,
    },
    Record {
        by: usize,
        id: u64,
        kind: u8,
        passed: bool,
    },
    /// Three records in a row: every assessment of `id` passed.
    PassAll {
        by: usize,
        id: u64,
    },
    Vote {
        by: usize,
        id: u64,
        approve: bool,
    },
    Suspend {
        by: usize,
        id: u64,
    },
    Reinstate {
        by: usize,
        id: u64,
    },
    Revoke {
        by: usize,
        id: u64,
    },
    SetThreshold {
        threshold: u64,
    },
    AddMember {
        who: usize,
    },
    RemoveMember {
        who: usize,
    },
    /// A licence manager suspends (or reinstates) a manufacturer's own licence.
    Manufacturer {
        node: u64,
        suspend: bool,
    },
}

/// A caller index, one of `favoured` more often than not.
fn caller(favoured: &'static [usize]) -> BoxedStrategy<usize> {
    prop_oneof![3 => proptest::sample::select(favoured), 1 => 0..CALLERS.len()].boxed()
}

/// A licence id: one of the first applications of the run more often than not.
fn licence() -> BoxedStrategy<u64> {
    prop_oneof![6 => 3..=4u64, 1 => 0..=MAX_ID].boxed()
}

fn op() -> impl Strategy<Value = Op> {
    let applicant = prop_oneof![
        // bob or dave for node 1, grace for node 2...
        3 => (proptest::sample::select(&[2usize, 3][..]), Just(1u64)),
        2 => (Just(4usize), Just(2u64)),
        // ...or anyone for any node.
        1 => (0..CALLERS.len(), 1..=3u64),
    ];
    prop_oneof![
        2 => (applicant, prop_oneof![3 => Just(0u64), 1 => 0..=MAX_ID])
            .prop_map(|((by, node), supersedes)| Op::Apply { by, node, supersedes }),
        3 => (caller(&[5, 6]), licence(), prop_oneof![6 => 1..=3u8, 1 => 0..=4u8], prop::bool::weighted(0.85))
            .prop_map(|(by, id, kind, passed)| Op::Record { by, id, kind, passed }),
        3 => (caller(&[5, 6]), licence()).prop_map(|(by, id)| Op::PassAll { by, id }),
        12 => (caller(&[7, 8, 9]), licence(), prop::bool::weighted(0.7))
            .prop_map(|(by, id, approve)| Op::Vote { by, id, approve }),
        1 => (caller(&[0, 1]), licence()).prop_map(|(by, id)| Op::Suspend { by, id }),
        1 => (caller(&[0, 1]), licence()).prop_map(|(by, id)| Op::Reinstate { by, id }),
        1 => (caller(&[0, 1]), 0..=MAX_ID).prop_map(|(by, id)| Op::Revoke { by, id }),
        1 => (0..=4u64).prop_map(|threshold| Op::SetThreshold { threshold }),
        1 => (0..CALLERS.len()).prop_map(|who| Op::AddMember { who }),
        1 => (0..CALLERS.len()).prop_map(|who| Op::RemoveMember { who }),
        1 => (1..=2u64, any::<bool>()).prop_map(|(node, suspend)| Op::Manufacturer { node, suspend }),
    ]
}

/// Applies `op`; answers whether it succeeded.
fn apply(world: &World, op: &Op) -> bool {
    let dev = |by: usize| world.devices.sender(who(CALLERS[by]));
    let alice = who("alice");
    match *op {
        Op::Apply {
            by,
            node,
            supersedes,
        } => dev(by)
            .apply_for_device_license(
                U256::from(node),
                "AP-1".into(),
                "A".into(),
                hash(1),
                U256::from(supersedes),
            )
            .motsu_res()
            .is_ok(),
        Op::Record {
            by,
            id,
            kind,
            passed,
        } => dev(by)
            .record_audit(U256::from(id), kind, passed, hash(2), "r".into())
            .motsu_res()
            .is_ok(),
        // The other auditor records kind 3, then `by` kinds 2 and 1: one auditor may not hold
        // all three, and in this order only the first call can be refused, so the op stays
        // all or nothing. A caller that is not an auditor is refused at once.
        Op::PassAll { by, id } => {
            if !dev(by).is_auditor(who(CALLERS[by])) {
                return false;
            }
            let other = if by == 5 { 6 } else { 5 };
            (1..=3).rev().all(|kind| {
                dev(if kind == 3 { other } else { by })
                    .record_audit(U256::from(id), kind, true, hash(2), "r".into())
                    .motsu_res()
                    .is_ok()
            })
        }
        Op::Vote { by, id, approve } => dev(by).vote(U256::from(id), approve).motsu_res().is_ok(),
        Op::Suspend { by, id } => dev(by)
            .suspend_device_license(U256::from(id), hash(3))
            .motsu_res()
            .is_ok(),
        Op::Reinstate { by, id } => dev(by)
            .reinstate_device_license(U256::from(id), hash(4))
            .motsu_res()
            .is_ok(),
        Op::Revoke { by, id } => dev(by)
            .revoke_device_license(U256::from(id), hash(5))
            .motsu_res()
            .is_ok(),
        Op::SetThreshold { threshold } => world
            .devices
            .sender(alice)
            .set_approval_threshold(threshold)
            .motsu_res()
            .is_ok(),
        Op::AddMember { who: w } => world
            .devices
            .sender(alice)
            .add_team_member(who(CALLERS[w]))
            .motsu_res()
            .is_ok(),
        Op::RemoveMember { who: w } => world
            .devices
            .sender(alice)
            .remove_team_member(who(CALLERS[w]))
            .motsu_res()
            .is_ok(),
        Op::Manufacturer { node, suspend } => {
            let mut call = world.manufacturing.sender(who("carol"));
            let node = U256::from(node);
            if suspend {
                call.suspend_manufacturing_license(node, hash(6))
                    .motsu_res()
                    .is_ok()
            } else {
                call.reinstate_manufacturing_license(node, hash(7))
                    .motsu_res()
                    .is_ok()
            }
        }
    }
}

/// What the model keeps per licence id: the distinct members approving in the current
/// round.
#[derive(Default, Clone)]
struct Model {
    approvers: Vec<BTreeSet<Address>>,
}

/// The statuses of licences 0 to [`MAX_ID`].
fn statuses(world: &World) -> Vec<u8> {
    (0..=MAX_ID)
        .map(|id| world.status_of(U256::from(id)))
        .collect()
}

/// Whether status `s` is final.
fn is_final(s: u8) -> bool {
    [S::Rejected, S::Superseded, S::Revoked]
        .iter()
        .any(|f| status(*f) == s)
}

#[allow(clippy::too_many_lines)]
fn check(
    world: &World,
    op: &Op,
    ok: bool,
    before: &(super::Observed, Vec<u8>),
    model: &mut Model,
) -> Result<(), TestCaseError> {
    let now = world.observe();
    if !ok {
        prop_assert_eq!(&now, &before.0, "a refused call changed the state");
        return Ok(());
    }
    let after = statuses(world);
    let view = world.devices.sender(Address::ZERO);
    let threshold = view.approval_threshold();
    drop(view);
    // Keep the model's approvers: a record restarts the round, an approval joins it.
    match *op {
        Op::Record { id, .. } | Op::PassAll { id, .. } => {
            model.approvers[usize::try_from(id).expect("small")].clear();
        }
        Op::Vote {
            by,
            id,
            approve: true,
        } => {
            model.approvers[usize::try_from(id).expect("small")].insert(who(CALLERS[by]));
        }
        _ => {}
    }
    for id in 0..=MAX_ID {
        let i = usize::try_from(id).expect("small");
        let (was, is) = (before.1[i], after[i]);
        let licence = U256::from(id);
        prop_assert_eq!(
            world
                .devices
                .sender(Address::ZERO)
                .is_device_license_active(licence),
            is == status(S::Active)
        );
        if was == is {
            continue;
        }
        prop_assert!(!is_final(was), "licence {} left final status {}", id, was);
        let edge = (was, is);
        let op_id = match *op {
            Op::Record { id, .. }
            | Op::PassAll { id, .. }
            | Op::Vote { id, .. }
            | Op::Suspend { id, .. }
            | Op::Reinstate { id, .. }
            | Op::Revoke { id, .. } => Some(id),
            _ => None,
        };
        let this = op_id == Some(id);
        let pending = status(S::Pending);
        let active = status(S::Active);
        let suspended = status(S::Suspended);
        match edge {
            (0, p) if p == pending => {
                prop_assert!(matches!(op, Op::Apply { .. }), "applied by {:?}", op);
            }
            (p, a) if p == pending && a == active => {
                prop_assert!(this && matches!(op, Op::Vote { .. }), "granted by {:?}", op);
                for kind in 1..=3 {
                    prop_assert_eq!(
                        world
                            .devices
                            .sender(Address::ZERO)
                            .device_license_audit(licence, kind)
                            .0
                             .0,
                        AuditResult::Passed as u8,
                        "granted without assessment {}",
                        kind
                    );
                }
                let approvers = model.approvers[i].len() as u64;
                prop_assert!(
                    approvers >= threshold && threshold > 0,
                    "granted with {} approvers, threshold {}",
                    approvers,
                    threshold
                );
                prop_assert_eq!(world.record(licence).approvals, approvers);
                let manufacturer = world.record(licence).manufacturer;
                prop_assert!(world
                    .manufacturing
                    .sender(Address::ZERO)
                    .is_manufacturer_licensed(manufacturer));
            }
            (p, r) if p == pending && r == status(S::Rejected) => {
                prop_assert!(
                    this && matches!(op, Op::Vote { .. }),
                    "rejected by {:?}",
                    op
                );
                let record = world.record(licence);
                let team = world.devices.sender(Address::ZERO).team_size();
                prop_assert!(
                    record.approvals < threshold,
                    "rejected with enough approvals"
                );
                prop_assert!(
                    record.rejections > team.saturating_sub(threshold),
                    "rejected while {} approvals were still possible",
                    team - record.rejections
                );
            }
            (a, s) if a == active && s == suspended => {
                prop_assert!(
                    this && matches!(op, Op::Suspend { .. }),
                    "suspended by {:?}",
                    op
                );
            }
            (s, a) if s == suspended && a == active => {
                prop_assert!(
                    this && matches!(op, Op::Reinstate { .. }),
                    "reinstated by {:?}",
                    op
                );
            }
            (_, r) if r == status(S::Revoked) => {
                prop_assert!(
                    this && matches!(op, Op::Revoke { .. }),
                    "revoked by {:?}",
                    op
                );
            }
            (from, sup) if sup == status(S::Superseded) => {
                prop_assert!(from == active || from == suspended);
                let by = world.record(licence).superseded_by;
                let successor = usize::try_from(by.to::<u64>()).expect("small");
                prop_assert!(
                    matches!(op, Op::Vote { id: v, .. } if U256::from(*v) == by),
                    "superseded by {:?}",
                    op
                );
                prop_assert_eq!(after[successor], active);
                prop_assert_eq!(world.record(by).supersedes, licence);
            }
            _ => prop_assert!(false, "licence {} moved {:?} by {:?}", id, edge, op),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 40,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_calls_keep_the_licence_state_machine_honest(ops in vec(op(), 1..60)) {
        let world = World::new();
        // Licences 1 and 2 granted, one to each manufacturer; 3 (superseding 1) and 4 pending.
        let first = world.grant(node1(), U256::ZERO);
        world.grant(node2(), U256::ZERO);
        world.apply(who("bob"), node1(), first);
        world.apply(who("grace"), node2(), U256::ZERO);
        let mut model = Model {
            approvers: alloc::vec![BTreeSet::new(); usize::try_from(MAX_ID).expect("small") + 1],
        };
        for (step, op) in ops.iter().enumerate() {
            let before = (world.observe(), statuses(&world));
            let ok = apply(&world, op);
            check(&world, op, ok, &before, &mut model)
                .map_err(|e| TestCaseError::fail(format!("step {step}: {op:?}: {e}")))?;
        }
    }
}
