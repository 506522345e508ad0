//! The constructor, admins (`isAdmin`, `addAdmin`, `removeAdmin`), and the gates of the calls
//! only admins, or only the top admin, may make.

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{erc::IOwnable2Step as O, registry::IManufacturerRegistry as R};
use motsu::prelude::*;
use openzeppelin_stylus::access::ownable_two_step::IOwnable2Step as _;

use super::{
    add_admin, assert_refused_admin_calls, assert_refused_top_admin_calls, balance, deploy,
    deploy_with_admin, ensure_controller, give, holder, id, id_by_name, mint_to, name_of,
    setup_with_free_controller, total, Registry,
};

#[motsu::test]
fn constructor_makes_initial_owner_the_top_admin(registry: Registry, alice: Address) {
    deploy(&registry, alice);

    assert_eq!(registry.sender(alice).owner(), alice);
    assert!(registry.sender(alice).is_admin(alice));
    registry.assert_emitted(&O::OwnershipTransferred {
        previousOwner: Address::ZERO,
        newOwner: alice,
    });
}

#[motsu::test]
fn refuses_construction_with_zero_owner(registry: Registry, alice: Address) {
    assert_refused!(
        registry,
        registry.sender(alice).constructor(Address::ZERO),
        OwnableInvalidOwner,
        O::OwnableInvalidOwner {
            owner: Address::ZERO
        }
    );
    assert_eq!(registry.sender(alice).owner(), Address::ZERO);
    assert!(registry.all_events().is_empty());
}

#[motsu::test]
fn is_admin_is_false_for_strangers_and_the_zero_address(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    assert!(!registry.sender(alice).is_admin(bob));
    assert!(!registry.sender(alice).is_admin(Address::ZERO));
}

#[motsu::test]
fn top_admin_adds_and_removes_admins_and_controllers_with_events(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    assert!(!registry.sender(alice).is_controller(carol));

    registry.sender(alice).add_admin(bob).motsu_unwrap();
    registry.sender(alice).add_controller(carol).motsu_unwrap();

    assert!(registry.sender(alice).is_admin(bob));
    assert!(registry.sender(alice).is_controller(carol));
    assert!(!registry.sender(alice).is_admin(carol));
    registry.assert_emitted(&Adm::AdminAdded {
        account: bob,
        by: alice,
    });
    registry.assert_emitted(&R::ControllerAdded {
        controller: carol,
        by: alice,
    });

    registry.sender(alice).remove_admin(bob).motsu_unwrap();
    registry
        .sender(alice)
        .remove_controller(carol)
        .motsu_unwrap();

    assert!(!registry.sender(alice).is_admin(bob));
    assert!(!registry.sender(alice).is_controller(carol));
    registry.assert_emitted(&Adm::AdminRemoved {
        account: bob,
        by: alice,
    });
    registry.assert_emitted(&R::ControllerRemoved {
        controller: carol,
        by: alice,
    });
}

#[motsu::test]
fn added_admin_adds_and_removes_controllers_and_mints(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    deploy_with_admin(&registry, alice, bob);

    for controller in [carol, dave] {
        registry
            .sender(bob)
            .add_controller(controller)
            .motsu_unwrap();
    }
    registry.sender(bob).remove_controller(dave).motsu_unwrap();
    let node = registry
        .sender(bob)
        .mint_manufacturer(carol, "AutoPi".into())
        .motsu_unwrap();

    assert!(!registry.sender(alice).is_controller(dave));
    registry.assert_emitted(&R::ControllerAdded {
        controller: carol,
        by: bob,
    });
    registry.assert_emitted(&R::ControllerRemoved {
        controller: dave,
        by: bob,
    });
    assert_eq!(holder(&registry, node), carol);
}

#[motsu::test]
fn admin_only_calls_refuse_non_admins(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
    erin: Address,
    frank: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, carol);
    add_admin(&registry, alice, erin);
    registry.sender(alice).remove_admin(erin).motsu_unwrap();

    for (role, caller) in [
        ("outsider", dave),
        ("controller holding the node", bob),
        ("controller holding no node", carol),
        ("removed admin", erin),
    ] {
        assert_refused_admin_calls(&registry, role, caller, carol, frank);
    }
    assert!(!registry.sender(alice).is_controller(frank));
    assert_eq!(total(&registry), U256::from(1));
    assert_eq!(balance(&registry, carol), U256::ZERO);
    assert_eq!(id_by_name(&registry, "Ruptela"), U256::ZERO);
    assert_eq!(name_of(&registry, node), "AutoPi");
    assert!(registry.sender(alice).is_controller(carol));
}

#[motsu::test]
fn top_admin_only_calls_refuse_everyone_else(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
    erin: Address,
    frank: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    add_admin(&registry, alice, carol);
    ensure_controller(&registry, alice, erin);

    for (role, caller) in [
        ("outsider", dave),
        ("added admin", bob),
        ("controller", erin),
    ] {
        assert_refused_top_admin_calls(&registry, role, caller, carol, frank);
        let added = Adm::AdminAdded {
            account: frank,
            by: caller,
        };
        assert!(!registry.emitted(&added), "{role}: {added:?}");
    }
    assert!(!registry.sender(alice).is_admin(frank));
    assert!(registry.sender(alice).is_admin(carol));
    assert_eq!(registry.sender(alice).owner(), alice);
    assert_eq!(registry.sender(alice).pending_owner(), Address::ZERO);
}

#[motsu::test]
fn remove_admin_refuses_unlisted_accounts_including_the_top_admin(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    // The top admin is not listed, so `removeAdmin` refuses it too.
    for (role, account) in [("controller", bob), ("top admin", alice)] {
        assert_refused!(
            registry,
            registry.sender(alice).remove_admin(account),
            NotAnAdmin,
            Adm::NotAnAdmin { account },
            "{role}"
        );
    }
    assert!(registry.sender(alice).is_controller(bob));
    assert!(registry.sender(alice).is_admin(alice));
}

/// M2: the top admin removes an admin that holds nodes (a rogue admin that minted to itself,
/// or a lost key); the nodes are frozen with it (no rights, no transfer, no delegate) until
/// the top admin reclaims them.
#[motsu::test]
fn removes_admin_that_holds_nodes_and_reclaims_them(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    ensure_controller(&registry, alice, carol);
    let first = mint_to(&registry, bob, bob, "AutoPi");
    let second = mint_to(&registry, bob, bob, "Ruptela");
    super::grant(&registry, bob, first, dave, 1, u64::MAX);
    // Not stranded while bob is an admin.
    assert_refused!(
        registry,
        registry.sender(alice).reclaim_node(first),
        CallerNotNodeHolder,
        R::CallerNotNodeHolder {
            node: first,
            account: bob
        }
    );

    registry.sender(alice).remove_admin(bob).motsu_unwrap();
    assert!(!registry.sender(alice).is_admin(bob));
    registry.assert_emitted(&Adm::AdminRemoved {
        account: bob,
        by: alice,
    });
    // Stranded: neither bob nor its delegate acts for the nodes, and bob cannot move them.
    for (account, node) in [(bob, first), (dave, first), (bob, second)] {
        assert!(!super::authorized(&registry, node, account, 1));
    }
    assert_refused!(
        registry,
        super::transfer(&registry, super::Path::Plain, bob, bob, carol, first),
        NodeStranded,
        R::NodeStranded {
            node: first,
            holder: bob
        }
    );
    assert_refused!(
        registry,
        registry
            .sender(bob)
            .grant_privilege(second, dave, 1, u64::MAX),
        NodeStranded,
        R::NodeStranded {
            node: second,
            holder: bob
        }
    );
    // Only the top admin reclaims.
    assert_refused!(
        registry,
        registry.sender(bob).reclaim_node(first),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: bob }
    );
    for node in [first, second] {
        registry.sender(alice).reclaim_node(node).motsu_unwrap();
        assert_eq!(holder(&registry, node), alice);
        registry.assert_emitted(&R::NodeReclaimed {
            node,
            from: bob,
            to: alice,
            by: alice,
        });
    }
    assert_eq!(balance(&registry, bob), U256::ZERO);
    // The grant died with the reclaim; the top admin now acts and may hand the node on.
    assert!(!super::authorized(&registry, first, dave, 1));
    assert!(super::authorized(&registry, first, alice, 1));
    give(&registry, alice, carol, first);
    assert_eq!(registry.sender(alice).manufacturer_of(carol), first);
    // A node that is not stranded is refused.
    assert_refused!(
        registry,
        registry.sender(alice).reclaim_node(first),
        CallerNotNodeHolder,
        R::CallerNotNodeHolder {
            node: first,
            account: carol
        }
    );
}

#[motsu::test]
fn removes_admin_once_it_transferred_its_nodes_away(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    let node = mint_to(&registry, alice, bob, "AutoPi");
    ensure_controller(&registry, alice, carol);
    give(&registry, bob, carol, node);

    registry.sender(alice).remove_admin(bob).motsu_unwrap();

    assert!(!registry.sender(alice).is_admin(bob));
    registry.assert_emitted(&Adm::AdminRemoved {
        account: bob,
        by: alice,
    });
    assert_eq!(holder(&registry, id(1)), carol);
}
