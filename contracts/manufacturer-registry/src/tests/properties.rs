//! Properties: the name grammar against a reference predicate, and random sequences of
//! operations that must keep the registry's invariants.

use alloc::{collections::BTreeMap, format, string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;
use proptest::{collection::vec, prelude::*, test_runner::TestCaseError};

use super::{transfer, Registry, PATHS};
use crate::{name, Error};

/// The grammar restated independently: the `reason` a name is refused with, if any.
fn reference_violation(name: &str) -> Option<u8> {
    if name.is_empty() {
        Some(1)
    } else if name.len() > 64 {
        Some(2)
    } else if name.chars().any(|c| !c.is_ascii() || c.is_ascii_control()) {
        Some(3)
    } else if name.starts_with(' ') || name.ends_with(' ') {
        Some(4)
    } else {
        None
    }
}

/// Strings near the edges of the grammar, and arbitrary ones.
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,70}",
        "[ aZ~\t\u{7f}\u{0}é€]{0,8}",
        "( )?[a-z]{62,66}( )?",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn name_check_agrees_with_reference_grammar(candidate in any_name()) {
        let reason = name::check(&candidate).err().map(|violation| violation as u8);
        prop_assert_eq!(reason, reference_violation(&candidate));
    }

    #[test]
    fn name_keys_collide_exactly_on_ascii_case(a in "[aAbB ]{0,3}", b in "[aAbB ]{0,3}") {
        let same = a.eq_ignore_ascii_case(&b);
        prop_assert_eq!(name::key(&a) == name::key(&b), same);
        prop_assert_eq!(name::key(&a), name::key(&a.to_ascii_uppercase()));
    }
}

// ----- random operation sequences --------------------------------------------------------

/// Accounts taking part: 0 is the top admin, 1 an added admin, 2 to 4 controllers, 5 and 6
/// outsiders; the zero address (index 7) is only ever a target.
const ACTORS: usize = 8;
/// Accounts that may send a call.
const CALLERS: usize = ACTORS - 1;
/// Node ids operations pick from (some never minted).
const MAX_NODE: u64 = 8;

/// The account at `index`.
fn actor(index: usize) -> Address {
    if index == CALLERS {
        Address::ZERO
    } else {
        Address::with_last_byte(u8::try_from(index).expect("small index") + 1)
    }
}

/// One operation; any of them may fail.
#[derive(Clone, Debug)]
enum Op {
    Mint {
        by: usize,
        to: usize,
        name: String,
    },
    MintBatch {
        by: usize,
        to: usize,
        names: Vec<String>,
    },
    Rename {
        by: usize,
        node: u64,
        name: String,
    },
    Transfer {
        path: usize,
        by_holder: bool,
        caller: usize,
        node: u64,
        to: usize,
    },
    AddController {
        by: usize,
        who: usize,
    },
    RemoveController {
        by: usize,
        who: usize,
    },
    AddAdmin {
        who: usize,
    },
    RemoveAdmin {
        who: usize,
    },
    /// The top admin reclaims a node stranded with a former admin.
    Reclaim {
        node: u64,
    },
}

/// Every valid name `small_name` can produce, lower-cased.
fn name_universe() -> Vec<String> {
    let letters = ["a", "b", "c"];
    let pairs = letters
        .iter()
        .flat_map(|x| letters.iter().map(move |y| format!("{x}{y}")));
    letters
        .iter()
        .map(|&x| String::from(x))
        .chain(pairs)
        .collect()
}

/// Names from a tiny alphabet, so that case-insensitive collisions are frequent, and a few
/// invalid ones.
fn small_name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[aAbBc]{1,2}",
        1 => Just(String::new()),
        1 => Just(String::from(" a")),
        1 => Just(String::from("é")),
    ]
}

/// A caller: an admin more often than not.
fn caller() -> BoxedStrategy<usize> {
    prop_oneof![3 => 0..2usize, 2 => 0..CALLERS].boxed()
}

/// A node id: a low one (likely minted) more often than not.
fn node() -> BoxedStrategy<u64> {
    prop_oneof![4 => 1..=4u64, 1 => 1..=MAX_NODE].boxed()
}

/// A node's receiver: an admin or a controller more often than not.
fn receiver() -> BoxedStrategy<usize> {
    prop_oneof![3 => 0..5usize, 1 => 0..ACTORS].boxed()
}

fn op() -> impl Strategy<Value = Op> {
    let caller = caller();
    let target = 0..ACTORS;
    let node = node();
    prop_oneof![
        4 => (caller.clone(), receiver(), small_name())
            .prop_map(|(by, to, name)| Op::Mint { by, to, name }),
        1 => (caller.clone(), receiver(), vec(small_name(), 0..4))
            .prop_map(|(by, to, names)| Op::MintBatch { by, to, names }),
        2 => (caller.clone(), node.clone(), small_name())
            .prop_map(|(by, node, name)| Op::Rename { by, node, name }),
        6 => (0..PATHS.len(), prop::bool::weighted(0.8), caller.clone(), node, receiver())
            .prop_map(|(path, by_holder, caller, node, to)| {
                Op::Transfer { path, by_holder, caller, node, to }
            }),
        2 => (caller.clone(), target.clone())
            .prop_map(|(by, who)| Op::AddController { by, who }),
        1 => (caller, target.clone()).prop_map(|(by, who)| Op::RemoveController { by, who }),
        1 => target.clone().prop_map(|who| Op::AddAdmin { who }),
        1 => target.prop_map(|who| Op::RemoveAdmin { who }),
        1 => (1..=MAX_NODE).prop_map(|node| Op::Reclaim { node }),
    ]
}

/// Everything observable through the public views, for the accounts and nodes in play.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    total: U256,
    /// Per node id `1..=total + 1`: display name, owner (zero when none).
    nodes: Vec<(String, Address)>,
    /// Per actor: admin, controller, balance, `manufacturerOf`.
    actors: Vec<(bool, bool, U256, U256)>,
}

fn snapshot(registry: &Registry) -> Snapshot {
    let view = actor(0);
    let total = registry.sender(view).total_manufacturers();
    let nodes = (1..=total.to::<u64>() + 1)
        .map(|n| {
            let node = U256::from(n);
            let owner = registry
                .sender(view)
                .owner_of(node)
                .motsu_res()
                .unwrap_or_default();
            (registry.sender(view).manufacturer_name_by_id(node), owner)
        })
        .collect();
    let actors = (0..CALLERS)
        .map(|i| {
            let account = actor(i);
            (
                registry.sender(view).is_admin(account),
                registry.sender(view).is_controller(account),
                registry.sender(view).balance_of(account).motsu_unwrap(),
                registry.sender(view).manufacturer_of(account),
            )
        })
        .collect();
    Snapshot {
        total,
        nodes,
        actors,
    }
}

/// Applies `op`; answers whether it succeeded and how many nodes it minted, and records the
/// names it set in `names`.
fn apply(registry: &Registry, op: &Op, names: &mut BTreeMap<U256, String>) -> (bool, u64) {
    match op.clone() {
        Op::Mint { by, to, name } => {
            match registry
                .sender(actor(by))
                .mint_manufacturer(actor(to), name.clone())
                .motsu_res()
            {
                Ok(node) => {
                    names.insert(node, name);
                    (true, 1)
                }
                Err(_) => (false, 0),
            }
        }
        Op::MintBatch {
            by,
            to,
            names: batch,
        } => {
            let result = registry
                .sender(actor(by))
                .mint_manufacturer_batch(actor(to), batch.clone())
                .motsu_res();
            match result {
                Ok(first) => {
                    for (offset, name) in batch.iter().enumerate() {
                        names.insert(first + U256::from(offset), name.clone());
                    }
                    (true, batch.len() as u64)
                }
                Err(_) => (false, 0),
            }
        }
        Op::Rename { by, node, name } => {
            let node = U256::from(node);
            let result = registry
                .sender(actor(by))
                .rename_manufacturer(node, name.clone())
                .motsu_res();
            if result.is_ok() {
                names.insert(node, name);
            }
            (result.is_ok(), 0)
        }
        Op::Transfer {
            path,
            by_holder,
            caller,
            node,
            to,
        } => {
            let node = U256::from(node);
            let holder = registry
                .sender(actor(0))
                .owner_of(node)
                .motsu_res()
                .unwrap_or_default();
            let caller = if by_holder && !holder.is_zero() {
                holder
            } else {
                actor(caller)
            };
            let from = if holder.is_zero() { caller } else { holder };
            succeeded(transfer(
                registry,
                PATHS[path],
                caller,
                from,
                actor(to),
                node,
            ))
        }
        Op::AddController { by, who } => {
            succeeded(registry.sender(actor(by)).add_controller(actor(who)))
        }
        Op::RemoveController { by, who } => {
            succeeded(registry.sender(actor(by)).remove_controller(actor(who)))
        }
        Op::AddAdmin { who } => succeeded(registry.sender(actor(0)).add_admin(actor(who))),
        Op::RemoveAdmin { who } => succeeded(registry.sender(actor(0)).remove_admin(actor(who))),
        Op::Reclaim { node } => succeeded(registry.sender(actor(0)).reclaim_node(U256::from(node))),
    }
}

/// Whether a call that mints nothing succeeded (a failure is rolled back), and 0 minted.
fn succeeded(result: Result<(), Error>) -> (bool, u64) {
    (result.motsu_res().is_ok(), 0)
}

/// The invariants, checked on `now` (and against the model: `minted` nodes named `names`).
fn check_invariants(
    registry: &Registry,
    now: &Snapshot,
    minted: u64,
    names: &BTreeMap<U256, String>,
) -> Result<(), TestCaseError> {
    let view = actor(0);
    // (3) One node per successful mint.
    prop_assert_eq!(now.total, U256::from(minted));

    // (1) name <-> id is a bijection over 1..=total, case-insensitively.
    let mut keys = BTreeMap::new();
    for n in 1..=minted {
        let node = U256::from(n);
        let name = registry.sender(view).manufacturer_name_by_id(node);
        prop_assert_eq!(Some(&name), names.get(&node));
        prop_assert_eq!(
            registry.sender(view).manufacturer_id_by_name(name.clone()),
            node
        );
        prop_assert_eq!(
            registry
                .sender(view)
                .manufacturer_id_by_name(name.to_ascii_uppercase()),
            node
        );
        prop_assert!(
            keys.insert(name.to_ascii_lowercase(), node).is_none(),
            "two nodes named {}",
            name
        );
    }
    // No stale entry: every other name of the alphabet is free.
    for key in name_universe() {
        let expected = keys.get(&key).copied().unwrap_or_default();
        prop_assert_eq!(registry.sender(view).manufacturer_id_by_name(key), expected);
    }

    // (2) A non-admin holds at most one live node, and `manufacturerOf` names it; any other
    // node it holds was stranded by its removal as an admin: frozen (no rights for it or a
    // delegate) until the top admin reclaims it.
    let held_by = |account: Address| -> Vec<U256> {
        (1..=minted)
            .map(U256::from)
            .filter(|node| now.nodes.get(node.to::<usize>() - 1).map(|n| n.1) == Some(account))
            .collect()
    };
    let mut held_total = 0;
    for (i, &(admin, _, balance, slot)) in now.actors.iter().enumerate() {
        let account = actor(i);
        let held = held_by(account);
        prop_assert_eq!(balance, U256::from(held.len()));
        held_total += held.len();
        if !admin {
            let live: Vec<U256> = held.iter().copied().filter(|n| *n == slot).collect();
            prop_assert!(
                slot.is_zero() || live.len() == 1,
                "actor {} slot {}",
                i,
                slot
            );
            for node in held.iter().filter(|n| **n != slot) {
                prop_assert!(
                    !registry.sender(view).is_authorized(*node, account, 1),
                    "stranded node {} of {} still acts",
                    node,
                    i
                );
            }
        } else if !slot.is_zero() {
            prop_assert!(
                held.contains(&slot),
                "admin {} has a stale slot {}",
                i,
                slot
            );
        }
    }
    // Every node is held by one of the accounts in play (never by the zero address).
    prop_assert_eq!(held_total as u64, minted);
    Ok(())
}

/// Deploys a registry with the top admin 0, the admin 1 and the controllers 2 to 4, and mints
/// node 1, "a", to the top admin and node 2, "b", to the controller 2; returns the names.
fn deploy_world() -> (Registry, BTreeMap<U256, String>) {
    let registry = Registry::new();
    let top = actor(0);
    registry.sender(top).constructor(top).motsu_unwrap();
    registry.sender(top).add_admin(actor(1)).motsu_unwrap();
    for i in 2..=4 {
        registry.sender(top).add_controller(actor(i)).motsu_unwrap();
    }
    let mut names = BTreeMap::new();
    for (to, name) in [(0, "a"), (2, "b")] {
        let node = registry
            .sender(top)
            .mint_manufacturer(actor(to), name.into())
            .motsu_unwrap();
        names.insert(node, String::from(name));
    }
    (registry, names)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_operation_sequences_keep_the_invariants(ops in vec(op(), 1..50)) {
        let (registry, mut names) = deploy_world();
        let mut minted = 2;
        let mut before = snapshot(&registry);
        for (step, op) in ops.iter().enumerate() {
            let (ok, count) = apply(&registry, op, &mut names);
            minted += count;
            let now = snapshot(&registry);
            if !ok {
                // A refused operation changes nothing.
                prop_assert_eq!(&now, &before, "step {}: {:?}", step, op);
            }
            check_invariants(&registry, &now, minted, &names)
                .map_err(|e| TestCaseError::fail(format!("step {step}: {op:?}: {e}")))?;
            before = now;
        }
    }
}
