//! Admins: the top admin adds and removes them; two-step hand-over of the top admin.

use alloy_primitives::{Address, U256};
use dimo_interfaces::{erc::IOwnable2Step as O, registry::IManufacturerRegistry as R};

use super::assert_event;
use crate::registry::{account, RegistryFixture};

#[test]
fn top_admin_adds_and_removes_admins() {
    let mut f = RegistryFixture::new();
    let (owner, alice) = (f.owner, account("alice"));
    assert!(f.view(&R::isAdminCall { account: owner })._0);
    assert!(!f.view(&R::isAdminCall { account: alice })._0);
    let sent = f.send(owner, &R::addAdminCall { account: alice });
    assert!(sent.is_ok());
    assert_event(
        &sent.receipt,
        f.registry,
        &R::AdminAdded {
            account: alice,
            by: owner,
        },
    );
    assert!(f.view(&R::isAdminCall { account: alice })._0);
    let sent = f.send(owner, &R::removeAdminCall { account: alice });
    assert_event(
        &sent.receipt,
        f.registry,
        &R::AdminRemoved {
            account: alice,
            by: owner,
        },
    );
    assert!(!f.view(&R::isAdminCall { account: alice })._0);
}

#[test]
fn admin_management_refusals() {
    let mut f = RegistryFixture::new();
    let (owner, alice, bob) = (f.owner, account("alice"), account("bob"));
    f.ok(owner, &R::addAdminCall { account: alice });
    // Only the top admin, not other admins.
    f.refused(
        alice,
        &R::addAdminCall { account: bob },
        &O::OwnableUnauthorizedAccount { account: alice },
    );
    f.refused(
        owner,
        &R::addAdminCall {
            account: Address::ZERO,
        },
        &R::InvalidAccount {
            account: Address::ZERO,
        },
    );
    f.refused(
        owner,
        &R::addAdminCall { account: alice },
        &R::AdminAlreadyAdded { account: alice },
    );
    f.refused(
        owner,
        &R::removeAdminCall { account: bob },
        &R::NotAnAdmin { account: bob },
    );
    // An admin holding nodes stays until it holds none.
    f.mint(alice, "Acme");
    f.refused(
        owner,
        &R::removeAdminCall { account: alice },
        &R::AdminHoldsNodes {
            account: alice,
            count: U256::from(1),
        },
    );
}

#[test]
fn two_step_hand_over_of_the_top_admin() {
    let mut f = RegistryFixture::new();
    let (owner, next) = (f.owner, account("next"));
    let sent = f.send(owner, &O::transferOwnershipCall { newOwner: next });
    assert_event(
        &sent.receipt,
        f.registry,
        &O::OwnershipTransferStarted {
            previousOwner: owner,
            newOwner: next,
        },
    );
    assert_eq!(f.view(&O::pendingOwnerCall {})._0, next);
    f.refused(
        account("mallory"),
        &O::acceptOwnershipCall {},
        &O::OwnableUnauthorizedAccount {
            account: account("mallory"),
        },
    );
    let sent = f.send(next, &O::acceptOwnershipCall {});
    assert_event(
        &sent.receipt,
        f.registry,
        &O::OwnershipTransferred {
            previousOwner: owner,
            newOwner: next,
        },
    );
    assert_eq!(f.view(&O::ownerCall {})._0, next);
    assert!(!f.view(&R::isAdminCall { account: owner })._0);
    // The old top admin has lost its powers.
    f.refused(
        owner,
        &R::addAdminCall {
            account: account("x"),
        },
        &O::OwnableUnauthorizedAccount { account: owner },
    );
}

#[test]
fn a_top_admin_holding_nodes_cannot_leave() {
    let mut f = RegistryFixture::new();
    let owner = f.owner;
    f.mint(owner, "Acme");
    f.refused(
        owner,
        &O::renounceOwnershipCall {},
        &R::AdminHoldsNodes {
            account: owner,
            count: U256::from(1),
        },
    );
}
