//! The top admin's two-step hand-over: `transferOwnership`, `acceptOwnership`,
//! `renounceOwnership`, `owner`, `pendingOwner`.

use alloy_primitives::{Address, U256};
use dimo_interfaces::{erc::IOwnable2Step as O, registry::IManufacturerRegistry as R};
use motsu::prelude::*;
use openzeppelin_stylus::{access::ownable_two_step::IOwnable2Step as _, token::erc721::IErc721};

use super::{add_admin, deploy, mint_to};
use crate::{Error, ManufacturerRegistry};

/// Asserts that `err` is `OwnableUnauthorizedAccount` for `who`.
fn assert_unauthorized(err: Error, who: Address) {
    assert_err!(
        err,
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: who }
    );
}

#[motsu::test]
fn owner_starts_hand_over_and_emits_event(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();

    assert_eq!(registry.sender(alice).pending_owner(), bob);
    assert_eq!(registry.sender(alice).owner(), alice);
    assert!(registry.sender(alice).is_admin(alice));
    assert!(!registry.sender(alice).is_admin(bob));
    registry.assert_emitted(&O::OwnershipTransferStarted {
        previousOwner: alice,
        newOwner: bob,
    });
}

#[motsu::test]
fn pending_owner_accepts_and_becomes_the_top_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();

    registry.sender(bob).accept_ownership().motsu_unwrap();

    assert_eq!(registry.sender(alice).owner(), bob);
    assert_eq!(registry.sender(alice).pending_owner(), Address::ZERO);
    assert!(registry.sender(alice).is_admin(bob));
    assert!(!registry.sender(alice).is_admin(alice));
    registry.assert_emitted(&O::OwnershipTransferred {
        previousOwner: alice,
        newOwner: bob,
    });
    registry.sender(bob).add_admin(carol).motsu_unwrap();
    let err = registry.sender(alice).add_admin(carol).motsu_unwrap_err();
    assert_unauthorized(err, alice);
    let err = registry
        .sender(alice)
        .mint_manufacturer(alice, "AutoPi".into())
        .motsu_unwrap_err();
    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: alice });
}

#[motsu::test]
fn refuses_accept_by_wrong_account(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();

    let err = registry.sender(carol).accept_ownership().motsu_unwrap_err();

    assert_unauthorized(err, carol);
    assert_eq!(registry.sender(alice).owner(), alice);
    assert_eq!(registry.sender(alice).pending_owner(), bob);
}

#[motsu::test]
fn refuses_accept_by_current_owner(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();

    let err = registry.sender(alice).accept_ownership().motsu_unwrap_err();

    assert_unauthorized(err, alice);
    assert_eq!(registry.sender(alice).pending_owner(), bob);
}

#[motsu::test]
fn refuses_accept_without_pending_hand_over(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    let err = registry.sender(bob).accept_ownership().motsu_unwrap_err();

    assert_unauthorized(err, bob);
    assert_eq!(registry.sender(alice).owner(), alice);
}

#[motsu::test]
fn refuses_transfer_ownership_by_added_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    let err = registry
        .sender(bob)
        .transfer_ownership(bob)
        .motsu_unwrap_err();

    assert_unauthorized(err, bob);
    assert_eq!(registry.sender(alice).pending_owner(), Address::ZERO);
}

#[motsu::test]
fn new_hand_over_replaces_the_pending_one(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();

    registry
        .sender(alice)
        .transfer_ownership(carol)
        .motsu_unwrap();

    assert_eq!(registry.sender(alice).pending_owner(), carol);
    let err = registry.sender(bob).accept_ownership().motsu_unwrap_err();
    assert_unauthorized(err, bob);
    registry.sender(carol).accept_ownership().motsu_unwrap();
    assert_eq!(registry.sender(alice).owner(), carol);
}

#[motsu::test]
fn hand_over_to_zero_address_cancels_the_pending_one(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();

    registry
        .sender(alice)
        .transfer_ownership(Address::ZERO)
        .motsu_unwrap();

    assert_eq!(registry.sender(alice).pending_owner(), Address::ZERO);
    assert_eq!(registry.sender(alice).owner(), alice);
    let err = registry.sender(bob).accept_ownership().motsu_unwrap_err();
    assert_unauthorized(err, bob);
}

#[motsu::test]
fn added_admins_stay_admins_across_the_hand_over(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, carol);
    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();
    registry.sender(bob).accept_ownership().motsu_unwrap();

    assert!(registry.sender(alice).is_admin(carol));
    registry.sender(bob).remove_admin(carol).motsu_unwrap();
    registry.assert_emitted(&R::AdminRemoved {
        account: carol,
        by: bob,
    });
}

#[motsu::test]
fn owner_renounces_and_nobody_is_top_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    registry.sender(alice).renounce_ownership().motsu_unwrap();

    assert_eq!(registry.sender(alice).owner(), Address::ZERO);
    assert!(!registry.sender(alice).is_admin(alice));
    registry.assert_emitted(&O::OwnershipTransferred {
        previousOwner: alice,
        newOwner: Address::ZERO,
    });
    let err = registry.sender(alice).add_admin(bob).motsu_unwrap_err();
    assert_unauthorized(err, alice);
    let err = registry
        .sender(alice)
        .add_controller(bob)
        .motsu_unwrap_err();
    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: alice });
}

#[motsu::test]
fn after_renounce_zero_address_is_not_an_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    registry.sender(alice).renounce_ownership().motsu_unwrap();

    assert!(!registry.sender(alice).is_admin(Address::ZERO));
    let zero = Address::ZERO;
    let err = registry
        .sender(zero)
        .mint_manufacturer(zero, "AutoPi".into())
        .motsu_unwrap_err();
    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: zero });
    let err = registry.sender(zero).add_controller(bob).motsu_unwrap_err();
    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: zero });
    let err = registry
        .sender(zero)
        .rename_manufacturer(U256::from(1), "x".into())
        .motsu_unwrap_err();
    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: zero });
}

#[motsu::test]
fn after_renounce_zero_address_cannot_act_as_top_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);
    registry.sender(alice).renounce_ownership().motsu_unwrap();
    let zero = Address::ZERO;

    let err = registry.sender(zero).add_admin(alice).motsu_unwrap_err();
    assert_unauthorized(err, zero);
    let err = registry.sender(zero).remove_admin(bob).motsu_unwrap_err();
    assert_unauthorized(err, zero);
    let err = registry
        .sender(zero)
        .transfer_ownership(alice)
        .motsu_unwrap_err();
    assert_unauthorized(err, zero);
    assert!(!registry.sender(alice).is_admin(alice));
    assert!(registry.sender(alice).is_admin(bob));
}

#[motsu::test]
fn refuses_renounce_by_non_owner(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    let err = registry.sender(bob).renounce_ownership().motsu_unwrap_err();

    assert_unauthorized(err, bob);
    assert_eq!(registry.sender(alice).owner(), alice);
}

#[motsu::test]
fn renounce_cancels_the_pending_hand_over(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();

    registry.sender(alice).renounce_ownership().motsu_unwrap();

    assert_eq!(registry.sender(alice).pending_owner(), Address::ZERO);
    let err = registry.sender(bob).accept_ownership().motsu_unwrap_err();
    assert_unauthorized(err, bob);
    assert_eq!(registry.sender(alice).owner(), Address::ZERO);
}

#[motsu::test]
fn added_admins_keep_working_after_renounce(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);
    registry.sender(alice).renounce_ownership().motsu_unwrap();

    let node = mint_to(&registry, bob, carol, "AutoPi");

    assert_eq!(registry.sender(bob).owner_of(node).motsu_unwrap(), carol);
    let err = registry.sender(bob).remove_admin(bob).motsu_unwrap_err();
    assert_unauthorized(err, bob);
}

#[motsu::test]
fn hand_over_never_leaves_previous_owner_a_non_admin_with_several_nodes(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "AutoPi");
    mint_to(&registry, alice, alice, "Ruptela");
    registry
        .sender(alice)
        .transfer_ownership(bob)
        .motsu_unwrap();

    // Either the hand-over is refused while the owner holds nodes, or the rule still holds.
    let accepted = registry.sender(bob).accept_ownership().motsu_res().is_ok();

    let balance = registry.sender(bob).balance_of(alice).motsu_unwrap();
    let admin = registry.sender(bob).is_admin(alice);
    assert!(
        !accepted || admin || balance <= U256::from(1),
        "non-admin alice holds {balance} nodes"
    );
}

#[motsu::test]
fn renounce_never_leaves_previous_owner_a_non_admin_with_several_nodes(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "AutoPi");
    mint_to(&registry, alice, alice, "Ruptela");

    let renounced = registry
        .sender(alice)
        .renounce_ownership()
        .motsu_res()
        .is_ok();

    let balance = registry.sender(alice).balance_of(alice).motsu_unwrap();
    let admin = registry.sender(alice).is_admin(alice);
    assert!(
        !renounced || admin || balance <= U256::from(1),
        "non-admin alice holds {balance} nodes"
    );
}
