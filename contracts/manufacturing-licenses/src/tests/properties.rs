//! Properties: random sequences of calls by every kind of caller must keep the stake books
//! and the licence state machine straight.
//!
//! * The sum of the per-node stakes equals `totalStaked` and the contract's token balance.
//! * Tokens move only as the model says: `stake` pulls from the caller, `unstake` pays the
//!   node's holder, `slash` pays the treasury; every other call, and every refused call,
//!   leaves every balance alone (stake leaves the contract only by unstake or slash).
//! * A refused call changes nothing observable.
//! * Licence statuses move only along the documented edges, each by its own function; revoked
//!   stays revoked until a new grant, which needs the minimum stake and the current MOU.
//! * `isManufacturerLicensed` holds only for an active, unexpired, sufficiently staked node.

use alloc::{format, vec::Vec};

use alloy_primitives::{Address, U256, U64};
use dimo_interfaces::licenses::ManufacturingStatus as S;
use motsu::prelude::*;
use proptest::{collection::vec, prelude::*, test_runner::TestCaseError};

use super::{hash, min, tokens, who, World, NOW};

/// Callers: the top admin, the licence manager, bob (holder of node 1), dave (bob's
/// delegate), grace (holder of node 2), an outsider.
const CALLERS: [&str; 6] = ["alice", "carol", "bob", "dave", "grace", "erin"];
/// Nodes operations pick from: 1 and 2 exist, 3 does not.
const NODES: u64 = 3;

/// An amount near the interesting edges.
fn amount(i: usize) -> U256 {
    [
        U256::from(1),
        tokens(1),
        tokens(50_000),
        min(),
        tokens(150_000),
    ][i]
}

/// One call; any of them may be refused.
#[derive(Clone, Debug)]
enum Op {
    Stake {
        by: usize,
        node: u64,
        amount: usize,
    },
    Unstake {
        by: usize,
        node: u64,
        amount: usize,
    },
    Slash {
        by: usize,
        node: u64,
        amount: usize,
    },
    Grant {
        by: usize,
        node: u64,
        expires: bool,
    },
    Suspend {
        by: usize,
        node: u64,
    },
    Reinstate {
        by: usize,
        node: u64,
    },
    Revoke {
        by: usize,
        node: u64,
    },
    SetMinimum {
        by: usize,
        amount: usize,
    },
    SetCooldown {
        by: usize,
        long: bool,
    },
    Publish {
        by: usize,
    },
    Accept {
        by: usize,
        node: u64,
    },
    /// Time passes for the node: its last change and expiry move 1,000 seconds back.
    Age {
        node: u64,
    },
}

/// A caller index, one of `favoured` more often than not.
fn caller(favoured: &'static [usize]) -> BoxedStrategy<usize> {
    prop_oneof![3 => proptest::sample::select(favoured), 1 => 0..CALLERS.len()].boxed()
}

/// A caller and a node: a holder or delegate with its own node more often than not.
fn holder_and_node() -> BoxedStrategy<(usize, u64)> {
    prop_oneof![
        2 => (proptest::sample::select(&[2usize, 3][..]), Just(1u64)),
        1 => (Just(4usize), Just(2u64)),
        1 => (0..CALLERS.len(), 1..=NODES),
    ]
    .boxed()
}

fn op() -> impl Strategy<Value = Op> {
    let admin = || caller(&[0]);
    let manager = || caller(&[0, 1]);
    let node = 1..=NODES;
    let amount = 0..5usize;
    prop_oneof![
        6 => (holder_and_node(), amount.clone())
            .prop_map(|((by, node), amount)| Op::Stake { by, node, amount }),
        4 => (holder_and_node(), amount.clone())
            .prop_map(|((by, node), amount)| Op::Unstake { by, node, amount }),
        2 => (admin(), node.clone(), amount.clone())
            .prop_map(|(by, node, amount)| Op::Slash { by, node, amount }),
        4 => (manager(), node.clone(), any::<bool>())
            .prop_map(|(by, node, expires)| Op::Grant { by, node, expires }),
        2 => (manager(), node.clone()).prop_map(|(by, node)| Op::Suspend { by, node }),
        2 => (manager(), node.clone()).prop_map(|(by, node)| Op::Reinstate { by, node }),
        2 => (manager(), node.clone()).prop_map(|(by, node)| Op::Revoke { by, node }),
        1 => (admin(), amount).prop_map(|(by, amount)| Op::SetMinimum { by, amount }),
        1 => (admin(), any::<bool>()).prop_map(|(by, long)| Op::SetCooldown { by, long }),
        1 => caller(&[5]).prop_map(|by| Op::Publish { by }),
        3 => holder_and_node().prop_map(|(by, node)| Op::Accept { by, node }),
        2 => node.prop_map(|node| Op::Age { node }),
    ]
}

/// The token balances the model expects: per caller, the treasury and the contract.
#[derive(Debug, Clone, PartialEq)]
struct Books {
    callers: Vec<U256>,
    treasury: U256,
    held: U256,
}

fn books(world: &World) -> Books {
    Books {
        callers: CALLERS.iter().map(|c| world.balance(who(c))).collect(),
        treasury: world.balance(who("frank")),
        held: world.held(),
    }
}

/// The index of `account` in [`CALLERS`].
fn index_of(account: Address) -> Option<usize> {
    CALLERS.iter().position(|c| who(c) == account)
}

/// Moves a licence's last change and expiry `secs` seconds back.
fn age(world: &World, node: U256, secs: u64) {
    let mut call = world.licenses.sender(Address::ZERO);
    let mut record = call.nodes.setter(node);
    let changed = record.changed_at.get().as_limbs()[0];
    record
        .changed_at
        .set(U64::from(changed.saturating_sub(secs)));
    let expires = record.expires_at.get().as_limbs()[0];
    if expires != 0 {
        record
            .expires_at
            .set(U64::from(expires.saturating_sub(secs).max(1)));
    }
}

/// Applies `op`, updating `model` for a successful token movement; answers whether it
/// succeeded.
fn apply(world: &World, op: &Op, model: &mut Books) -> bool {
    let lic = |by: usize| world.licenses.sender(who(CALLERS[by]));
    match *op {
        Op::Stake {
            by,
            node,
            amount: a,
        } => {
            let ok = lic(by)
                .stake(U256::from(node), amount(a))
                .motsu_res()
                .is_ok();
            if ok {
                model.callers[by] -= amount(a);
                model.held += amount(a);
            }
            ok
        }
        Op::Unstake {
            by,
            node,
            amount: a,
        } => {
            let node = U256::from(node);
            let ok = lic(by).unstake(node, amount(a)).motsu_res().is_ok();
            if ok {
                let holder = index_of(world.holder(node)).expect("holders are callers");
                model.callers[holder] += amount(a);
                model.held -= amount(a);
            }
            ok
        }
        Op::Slash {
            by,
            node,
            amount: a,
        } => {
            let ok = lic(by)
                .slash(U256::from(node), amount(a), hash(7))
                .motsu_res()
                .is_ok();
            if ok {
                model.treasury += amount(a);
                model.held -= amount(a);
            }
            ok
        }
        Op::Grant { by, node, expires } => {
            let expiry = if expires { NOW + 500 } else { 0 };
            lic(by)
                .grant_manufacturing_license(U256::from(node), expiry, hash(1))
                .motsu_res()
                .is_ok()
        }
        Op::Suspend { by, node } => lic(by)
            .suspend_manufacturing_license(U256::from(node), hash(2))
            .motsu_res()
            .is_ok(),
        Op::Reinstate { by, node } => lic(by)
            .reinstate_manufacturing_license(U256::from(node), hash(3))
            .motsu_res()
            .is_ok(),
        Op::Revoke { by, node } => lic(by)
            .revoke_manufacturing_license(U256::from(node), hash(4))
            .motsu_res()
            .is_ok(),
        Op::SetMinimum { by, amount: a } => {
            lic(by).set_minimum_stake(amount(a)).motsu_res().is_ok()
        }
        Op::SetCooldown { by, long } => lic(by)
            .set_unstake_cooldown(if long { 5000 } else { 100 })
            .motsu_res()
            .is_ok(),
        Op::Publish { by } => lic(by)
            .publish_mou(hash(9), "ipfs://mou".into())
            .motsu_res()
            .is_ok(),
        Op::Accept { by, node } => {
            let version = lic(by).current_mou_version();
            lic(by)
                .accept_mou(U256::from(node), version)
                .motsu_res()
                .is_ok()
        }
        Op::Age { node } => {
            age(world, U256::from(node), 1000);
            true
        }
    }
}

/// The status of `node`.
fn status(world: &World, node: u64) -> u8 {
    world.record(U256::from(node)).0
}

/// Whether `op`, which succeeded, may move `node` from `before` to `after`.
fn allowed(op: &Op, node: u64, before: u8, after: u8) -> bool {
    if before == after {
        return true;
    }
    let (a, s, r, n) = (
        S::Active as u8,
        S::Suspended as u8,
        S::Revoked as u8,
        S::None as u8,
    );
    match *op {
        Op::Grant { node: n2, .. } if n2 == node => (before == n || before == r) && after == a,
        Op::Suspend { node: n2, .. } if n2 == node => before == a && after == s,
        Op::Reinstate { node: n2, .. } if n2 == node => before == s && after == a,
        Op::Revoke { node: n2, .. } if n2 == node => (before == a || before == s) && after == r,
        _ => false,
    }
}

/// The invariants on the state after `op`.
fn check(
    world: &World,
    op: &Op,
    ok: bool,
    before: &(super::Observed, Vec<u8>),
    model: &Books,
) -> Result<(), TestCaseError> {
    let now = world.observe();
    if !ok {
        prop_assert_eq!(&now, &before.0, "a refused call changed the state");
    }
    // Books: the model, the per-node stakes, the total and the balance agree.
    prop_assert_eq!(&books(world), model);
    let view = world.licenses.sender(Address::ZERO);
    let sum = (0..=NODES)
        .map(|n| view.stake_of(U256::from(n)))
        .fold(U256::ZERO, |a, b| a + b);
    prop_assert_eq!(sum, view.total_staked());
    prop_assert_eq!(sum, model.held);
    let minimum = view.minimum_stake();
    let current = view.current_mou_version();
    drop(view);
    for node in 0..=NODES {
        let after = status(world, node);
        let was = before.1[usize::try_from(node).expect("small")];
        prop_assert!(
            allowed(op, node, was, after),
            "node {} moved from {} to {}",
            node,
            was,
            after
        );
        let record = world.record(U256::from(node));
        if matches!(op, Op::Grant { node: n, .. } if *n == node) && ok {
            prop_assert!(record.5 >= minimum, "granted below the minimum");
            prop_assert_eq!(record.6, current, "granted without the current MOU");
        }
        let licensed = world
            .licenses
            .sender(Address::ZERO)
            .is_manufacturer_licensed(U256::from(node));
        if licensed {
            prop_assert_eq!(record.0, S::Active as u8);
            prop_assert!(record.5 >= minimum);
            prop_assert!(record.3 == 0 || NOW < record.3);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_calls_keep_the_books_and_the_state_machine(ops in vec(op(), 1..50)) {
        let world = World::new();
        // MOU version 1 accepted by both holders; node 1 staked the minimum.
        world.publish(8);
        world.accept(U256::from(1));
        world.accept(U256::from(2));
        world.stake(who("bob"), U256::from(1), min());
        let mut model = books(&world);
        for (step, op) in ops.iter().enumerate() {
            let before = (
                world.observe(),
                (0..=NODES).map(|n| status(&world, n)).collect::<Vec<u8>>(),
            );
            let ok = apply(&world, op, &mut model);
            check(&world, op, ok, &before, &model)
                .map_err(|e| TestCaseError::fail(format!("step {step}: {op:?}: {e}")))?;
        }
    }
}
