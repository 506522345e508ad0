//! Controllers: `isController`, `addController`, `removeController`, `manufacturerOf`.

use alloy_primitives::{Address, U256};
use dimo_interfaces::registry::IManufacturerRegistry as R;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{add_admin, deploy, ensure_controller, mint_to};
use crate::ManufacturerRegistry;

#[motsu::test]
fn top_admin_adds_controller_and_emits_event(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    assert!(!registry.sender(alice).is_controller(bob));

    registry.sender(alice).add_controller(bob).motsu_unwrap();

    assert!(registry.sender(alice).is_controller(bob));
    assert!(!registry.sender(alice).is_admin(bob));
    registry.assert_emitted(&R::ControllerAdded {
        controller: bob,
        by: alice,
    });
}

#[motsu::test]
fn added_admin_adds_and_removes_controllers(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    registry.sender(bob).add_controller(carol).motsu_unwrap();
    registry.sender(bob).remove_controller(carol).motsu_unwrap();

    assert!(!registry.sender(alice).is_controller(carol));
    registry.assert_emitted(&R::ControllerAdded {
        controller: carol,
        by: bob,
    });
    registry.assert_emitted(&R::ControllerRemoved {
        controller: carol,
        by: bob,
    });
}

#[motsu::test]
fn refuses_add_controller_by_outsider(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(bob)
        .add_controller(carol)
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert!(!registry.sender(alice).is_controller(carol));
}

#[motsu::test]
fn refuses_add_controller_by_controller(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    mint_to(&registry, alice, bob, "AutoPi");

    let err = registry
        .sender(bob)
        .add_controller(carol)
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert!(!registry.sender(alice).is_controller(carol));
}

#[motsu::test]
fn refuses_adding_zero_address_as_controller(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .add_controller(Address::ZERO)
        .motsu_unwrap_err();

    assert_err!(
        err,
        InvalidAccount,
        R::InvalidAccount {
            account: Address::ZERO
        }
    );
    assert!(!registry.sender(alice).is_controller(Address::ZERO));
}

#[motsu::test]
fn refuses_adding_a_controller_twice(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    let err = registry
        .sender(alice)
        .add_controller(bob)
        .motsu_unwrap_err();

    assert_err!(
        err,
        ControllerAlreadyAdded,
        R::ControllerAlreadyAdded { controller: bob }
    );
    assert!(registry.sender(alice).is_controller(bob));
    assert_eq!(super::events::<R::ControllerAdded>(&registry).len(), 1);
}

#[motsu::test]
fn admin_removes_controller_and_emits_event(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    registry.sender(alice).remove_controller(bob).motsu_unwrap();

    assert!(!registry.sender(alice).is_controller(bob));
    registry.assert_emitted(&R::ControllerRemoved {
        controller: bob,
        by: alice,
    });
}

#[motsu::test]
fn refuses_remove_controller_by_outsider(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, carol);

    let err = registry
        .sender(bob)
        .remove_controller(carol)
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert!(registry.sender(alice).is_controller(carol));
}

#[motsu::test]
fn refuses_remove_controller_by_controller(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    let err = registry
        .sender(bob)
        .remove_controller(bob)
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert!(registry.sender(alice).is_controller(bob));
}

#[motsu::test]
fn refuses_removing_an_account_that_is_not_a_controller(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .remove_controller(bob)
        .motsu_unwrap_err();

    assert_err!(err, NotAController, R::NotAController { account: bob });
    assert!(!registry.emitted(&R::ControllerRemoved {
        controller: bob,
        by: alice
    }));
}

#[motsu::test]
fn removed_controller_keeps_its_node_and_can_transfer_it_away(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, bob, "AutoPi");

    registry.sender(alice).remove_controller(bob).motsu_unwrap();

    assert_eq!(registry.sender(alice).owner_of(node).motsu_unwrap(), bob);
    assert_eq!(registry.sender(alice).manufacturer_of(bob), node);

    registry
        .sender(bob)
        .transfer_from(bob, alice, node)
        .motsu_unwrap();

    assert_eq!(registry.sender(alice).owner_of(node).motsu_unwrap(), alice);
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
}

#[motsu::test]
fn removed_controller_can_no_longer_receive_a_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);
    registry.sender(alice).remove_controller(bob).motsu_unwrap();

    let err = registry
        .sender(alice)
        .mint_manufacturer(bob, "AutoPi".into())
        .motsu_unwrap_err();

    assert_err!(err, InvalidNodeOwner, R::InvalidNodeOwner { owner: bob });
    assert_eq!(
        registry.sender(alice).balance_of(bob).motsu_unwrap(),
        U256::ZERO
    );
}

#[motsu::test]
fn re_added_controller_still_holding_a_node_cannot_receive_another(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, bob, "AutoPi");
    registry.sender(alice).remove_controller(bob).motsu_unwrap();
    registry.sender(alice).add_controller(bob).motsu_unwrap();

    let err = registry
        .sender(alice)
        .mint_manufacturer(bob, "Ruptela".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        ControllerAlreadyHoldsNode,
        R::ControllerAlreadyHoldsNode {
            controller: bob,
            node
        }
    );
}

#[motsu::test]
fn manufacturer_of_is_zero_for_accounts_without_a_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
    assert_eq!(registry.sender(alice).manufacturer_of(carol), U256::ZERO);
    assert_eq!(
        registry.sender(alice).manufacturer_of(Address::ZERO),
        U256::ZERO
    );
}

#[motsu::test]
fn manufacturer_of_names_the_node_a_controller_holds(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "Admin-held");
    let bobs = mint_to(&registry, alice, bob, "AutoPi");
    let carols = mint_to(&registry, alice, carol, "Ruptela");

    assert_eq!(registry.sender(alice).manufacturer_of(bob), bobs);
    assert_eq!(registry.sender(alice).manufacturer_of(carol), carols);
}
