//! The constructor, and admins: `isAdmin`, `addAdmin`, `removeAdmin`.

use alloy_primitives::{Address, U256};
use dimo_interfaces::{erc::IOwnable2Step as O, registry::IManufacturerRegistry as R};
use motsu::prelude::*;
use openzeppelin_stylus::{access::ownable_two_step::IOwnable2Step as _, token::erc721::IErc721};

use super::{add_admin, deploy, ensure_controller, id, mint_to};
use crate::ManufacturerRegistry;

#[motsu::test]
fn constructor_makes_initial_owner_the_top_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);

    assert_eq!(registry.sender(alice).owner(), alice);
    assert!(registry.sender(alice).is_admin(alice));
    registry.assert_emitted(&O::OwnershipTransferred {
        previousOwner: Address::ZERO,
        newOwner: alice,
    });
}

#[motsu::test]
fn refuses_construction_with_zero_owner(registry: Contract<ManufacturerRegistry>, alice: Address) {
    let err = registry
        .sender(alice)
        .constructor(Address::ZERO)
        .motsu_unwrap_err();

    assert_err!(
        err,
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
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    assert!(!registry.sender(alice).is_admin(bob));
    assert!(!registry.sender(alice).is_admin(Address::ZERO));
}

#[motsu::test]
fn top_admin_adds_admin_and_emits_event(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    registry.sender(alice).add_admin(bob).motsu_unwrap();

    assert!(registry.sender(alice).is_admin(bob));
    registry.assert_emitted(&R::AdminAdded {
        account: bob,
        by: alice,
    });
}

#[motsu::test]
fn added_admin_can_mint_and_add_controllers(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    registry.sender(bob).add_controller(carol).motsu_unwrap();
    let node = registry
        .sender(bob)
        .mint_manufacturer(carol, "AutoPi".into())
        .motsu_unwrap();

    registry.assert_emitted(&R::ControllerAdded {
        controller: carol,
        by: bob,
    });
    assert_eq!(registry.sender(bob).owner_of(node).motsu_unwrap(), carol);
}

#[motsu::test]
fn refuses_add_admin_by_outsider(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);

    let err = registry.sender(bob).add_admin(carol).motsu_unwrap_err();

    assert_err!(
        err,
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: bob }
    );
    assert!(!registry.sender(alice).is_admin(carol));
    assert!(!registry.emitted(&R::AdminAdded {
        account: carol,
        by: bob
    }));
}

#[motsu::test]
fn refuses_add_admin_by_added_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    let err = registry.sender(bob).add_admin(carol).motsu_unwrap_err();

    assert_err!(
        err,
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: bob }
    );
    assert!(!registry.sender(alice).is_admin(carol));
}

#[motsu::test]
fn refuses_add_admin_by_controller(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    let err = registry.sender(bob).add_admin(carol).motsu_unwrap_err();

    assert_err!(
        err,
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: bob }
    );
    assert!(!registry.sender(alice).is_admin(carol));
}

#[motsu::test]
fn refuses_adding_zero_address_as_admin(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .add_admin(Address::ZERO)
        .motsu_unwrap_err();

    assert_err!(
        err,
        InvalidAccount,
        R::InvalidAccount {
            account: Address::ZERO
        }
    );
    assert!(!registry.sender(alice).is_admin(Address::ZERO));
}

#[motsu::test]
fn refuses_adding_an_admin_twice(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    let err = registry.sender(alice).add_admin(bob).motsu_unwrap_err();

    assert_err!(
        err,
        AdminAlreadyAdded,
        R::AdminAlreadyAdded { account: bob }
    );
    assert!(registry.sender(alice).is_admin(bob));
    assert_eq!(super::events::<R::AdminAdded>(&registry).len(), 1);
}

#[motsu::test]
fn top_admin_removes_admin_and_emits_event(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    registry.sender(alice).remove_admin(bob).motsu_unwrap();

    assert!(!registry.sender(alice).is_admin(bob));
    registry.assert_emitted(&R::AdminRemoved {
        account: bob,
        by: alice,
    });
}

#[motsu::test]
fn removed_admin_can_no_longer_mint(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);
    registry.sender(alice).remove_admin(bob).motsu_unwrap();

    let err = registry
        .sender(bob)
        .mint_manufacturer(alice, "AutoPi".into())
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
}

#[motsu::test]
fn refuses_remove_admin_by_added_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);
    add_admin(&registry, alice, carol);

    let err = registry.sender(bob).remove_admin(carol).motsu_unwrap_err();

    assert_err!(
        err,
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: bob }
    );
    assert!(registry.sender(alice).is_admin(carol));
}

#[motsu::test]
fn refuses_remove_admin_by_outsider(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, carol);

    let err = registry.sender(bob).remove_admin(carol).motsu_unwrap_err();

    assert_err!(
        err,
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: bob }
    );
    assert!(registry.sender(alice).is_admin(carol));
}

#[motsu::test]
fn refuses_removing_an_account_that_is_not_an_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    let err = registry.sender(alice).remove_admin(bob).motsu_unwrap_err();

    assert_err!(err, NotAnAdmin, R::NotAnAdmin { account: bob });
    assert!(registry.sender(alice).is_controller(bob));
}

#[motsu::test]
fn top_admin_is_not_listed_so_remove_admin_refuses_it(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .remove_admin(alice)
        .motsu_unwrap_err();

    assert_err!(err, NotAnAdmin, R::NotAnAdmin { account: alice });
    assert!(registry.sender(alice).is_admin(alice));
}

#[motsu::test]
fn refuses_removing_admin_that_holds_nodes(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);
    mint_to(&registry, alice, bob, "AutoPi");
    mint_to(&registry, alice, bob, "Ruptela");

    let err = registry.sender(alice).remove_admin(bob).motsu_unwrap_err();

    assert_err!(
        err,
        AdminHoldsNodes,
        R::AdminHoldsNodes {
            account: bob,
            count: U256::from(2)
        }
    );
    assert!(registry.sender(alice).is_admin(bob));
    assert!(!registry.emitted(&R::AdminRemoved {
        account: bob,
        by: alice
    }));
}

#[motsu::test]
fn removes_admin_once_it_transferred_its_nodes_away(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);
    let node = mint_to(&registry, alice, bob, "AutoPi");
    ensure_controller(&registry, alice, carol);
    registry
        .sender(bob)
        .transfer_from(bob, carol, node)
        .motsu_unwrap();

    registry.sender(alice).remove_admin(bob).motsu_unwrap();

    assert!(!registry.sender(alice).is_admin(bob));
    registry.assert_emitted(&R::AdminRemoved {
        account: bob,
        by: alice,
    });
    assert_eq!(registry.sender(alice).owner_of(id(1)).motsu_unwrap(), carol);
}

#[motsu::test]
fn admin_holding_nodes_keeps_no_one_node_slot(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);
    mint_to(&registry, alice, bob, "AutoPi");
    mint_to(&registry, alice, bob, "Ruptela");

    assert_eq!(
        registry.sender(alice).balance_of(bob).motsu_unwrap(),
        U256::from(2)
    );
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
}
