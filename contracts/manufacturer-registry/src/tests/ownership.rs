//! The top admin's two-step hand-over: `transferOwnership`, `acceptOwnership`,
//! `renounceOwnership`, `owner`, `pendingOwner`.

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::erc::IOwnable2Step as O;
use motsu::prelude::*;
use openzeppelin_stylus::access::ownable_two_step::IOwnable2Step as _;

use super::{
    add_admin, assert_refused_admin_calls, assert_refused_top_admin_calls, balance, deploy,
    deploy_with_admin, holder, mint_to, Registry,
};

/// The top admin `owner` offers the top admin role to `to`.
fn offer(registry: &Registry, owner: Address, to: Address) {
    registry.sender(owner).transfer_ownership(to).motsu_unwrap();
}

/// The top admin `owner` renounces.
fn renounce(registry: &Registry, owner: Address) {
    registry.sender(owner).renounce_ownership().motsu_unwrap();
}

/// A way for the top admin to cancel a pending hand-over.
type Cancel = fn(&Registry, Address);

/// A way for the top admin `owner` to leave, handing over to `to` or renouncing; answers
/// whether it left.
type Leave = fn(&Registry, Address, Address) -> bool;

/// Asserts that `caller`'s `acceptOwnership` is refused as unauthorized.
fn assert_accept_refused(registry: &Registry, caller: Address) {
    assert_refused!(
        registry,
        registry.sender(caller).accept_ownership(),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: caller },
        "acceptOwnership by {caller}"
    );
}

#[motsu::test]
fn owner_starts_hand_over_and_emits_event(registry: Registry, alice: Address, bob: Address) {
    deploy(&registry, alice);

    offer(&registry, alice, bob);

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
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    deploy(&registry, alice);
    offer(&registry, alice, bob);

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
    assert_refused_top_admin_calls(&registry, "previous top admin", alice, carol, dave);
    assert_refused_admin_calls(&registry, "previous top admin", alice, dave, dave);
}

#[motsu::test]
fn refuses_accept_by_anyone_but_the_pending_owner(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);

    // Without a pending hand-over.
    assert_accept_refused(&registry, bob);
    assert_eq!(registry.sender(alice).owner(), alice);

    offer(&registry, alice, bob);
    for caller in [carol, alice] {
        assert_accept_refused(&registry, caller);
    }
    assert_eq!(registry.sender(alice).owner(), alice);
    assert_eq!(registry.sender(alice).pending_owner(), bob);
}

#[motsu::test]
fn new_hand_over_replaces_the_pending_one(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    offer(&registry, alice, bob);

    offer(&registry, alice, carol);

    assert_eq!(registry.sender(alice).pending_owner(), carol);
    assert_accept_refused(&registry, bob);
    registry.sender(carol).accept_ownership().motsu_unwrap();
    assert_eq!(registry.sender(alice).owner(), carol);
}

#[motsu::test]
fn hand_over_to_zero_address_or_renounce_cancels_the_pending_one(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let cancels: [(&str, Cancel, Address); 2] = [
        (
            "hand-over to zero",
            |r, owner| offer(r, owner, Address::ZERO),
            alice,
        ),
        ("renounce", renounce, Address::ZERO),
    ];

    for (case, cancel, owner_after) in cancels {
        offer(&registry, alice, bob);

        cancel(&registry, alice);

        assert_eq!(
            registry.sender(alice).pending_owner(),
            Address::ZERO,
            "{case}"
        );
        assert_eq!(registry.sender(alice).owner(), owner_after, "{case}");
        assert_accept_refused(&registry, bob);
    }
}

#[motsu::test]
fn added_admins_stay_admins_across_the_hand_over(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, carol);
    offer(&registry, alice, bob);
    registry.sender(bob).accept_ownership().motsu_unwrap();

    assert!(registry.sender(alice).is_admin(carol));
    registry.sender(bob).remove_admin(carol).motsu_unwrap();
    registry.assert_emitted(&Adm::AdminRemoved {
        account: carol,
        by: bob,
    });
}

#[motsu::test]
fn owner_renounces_and_nobody_is_top_admin(registry: Registry, alice: Address, bob: Address) {
    deploy(&registry, alice);

    renounce(&registry, alice);

    assert_eq!(registry.sender(alice).owner(), Address::ZERO);
    assert!(!registry.sender(alice).is_admin(alice));
    registry.assert_emitted(&O::OwnershipTransferred {
        previousOwner: alice,
        newOwner: Address::ZERO,
    });
    assert_refused_top_admin_calls(&registry, "renounced top admin", alice, bob, bob);
    assert_refused_admin_calls(&registry, "renounced top admin", alice, bob, bob);
}

#[motsu::test]
fn after_renounce_the_zero_address_is_neither_admin_nor_top_admin(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    renounce(&registry, alice);
    let zero = Address::ZERO;

    assert!(!registry.sender(alice).is_admin(zero));
    assert_refused_admin_calls(&registry, "zero address", zero, bob, bob);
    assert_refused_top_admin_calls(&registry, "zero address", zero, bob, alice);
    assert!(!registry.sender(alice).is_admin(alice));
    assert!(registry.sender(alice).is_admin(bob));
}

#[motsu::test]
fn added_admins_keep_working_after_renounce(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    renounce(&registry, alice);

    let node = mint_to(&registry, bob, carol, "AutoPi");

    assert_eq!(holder(&registry, node), carol);
    assert_refused_top_admin_calls(&registry, "added admin", bob, bob, carol);
}

#[motsu::test]
fn leaving_top_admin_never_stays_a_non_admin_with_several_nodes(alice: Address, bob: Address) {
    let leaves: [(&str, Leave); 2] = [
        ("hand-over", |r, owner, to| {
            offer(r, owner, to);
            r.sender(to).accept_ownership().motsu_res().is_ok()
        }),
        ("renounce", |r, owner, _| {
            r.sender(owner).renounce_ownership().motsu_res().is_ok()
        }),
    ];

    for (case, leave) in leaves {
        let registry = Registry::new();
        deploy(&registry, alice);
        mint_to(&registry, alice, alice, "AutoPi");
        mint_to(&registry, alice, alice, "Ruptela");

        // Either leaving is refused while the owner holds nodes, or the rule still holds.
        let left = leave(&registry, alice, bob);

        let held = balance(&registry, alice);
        let admin = registry.sender(bob).is_admin(alice);
        assert!(
            !left || admin || held <= U256::from(1),
            "{case}: non-admin alice holds {held} nodes"
        );
    }
}
