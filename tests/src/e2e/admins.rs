//! Admins: the top admin adds and removes them; two-step hand-over of the top admin.

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{erc::IOwnable2Step as O, registry::IManufacturerRegistry as R};

use super::assert_event;
use crate::registry::{account, RegistryFixture};

#[test]
fn top_admin_adds_and_removes_admins() {
    let mut f = RegistryFixture::new();
    let (owner, alice) = (f.owner, account("alice"));
    assert!(f.view(&Adm::isAdminCall { account: owner })._0);
    assert!(!f.view(&Adm::isAdminCall { account: alice })._0);
    let sent = f.send(owner, &Adm::addAdminCall { account: alice });
    assert!(sent.is_ok());
    assert_event(
        &sent.receipt,
        f.registry,
        &Adm::AdminAdded {
            account: alice,
            by: owner,
        },
    );
    assert!(f.view(&Adm::isAdminCall { account: alice })._0);
    let sent = f.send(owner, &Adm::removeAdminCall { account: alice });
    assert_event(
        &sent.receipt,
        f.registry,
        &Adm::AdminRemoved {
            account: alice,
            by: owner,
        },
    );
    assert!(!f.view(&Adm::isAdminCall { account: alice })._0);
}

#[test]
fn admin_management_refusals() {
    let mut f = RegistryFixture::new();
    let (owner, alice, bob) = (f.owner, account("alice"), account("bob"));
    f.ok(owner, &Adm::addAdminCall { account: alice });
    // Only the top admin, not other admins.
    f.refused(
        alice,
        &Adm::addAdminCall { account: bob },
        &O::OwnableUnauthorizedAccount { account: alice },
    );
    f.refused(
        owner,
        &Adm::addAdminCall {
            account: Address::ZERO,
        },
        &Adm::InvalidAccount {
            account: Address::ZERO,
        },
    );
    f.refused(
        owner,
        &Adm::addAdminCall { account: alice },
        &Adm::AdminAlreadyAdded { account: alice },
    );
    f.refused(
        owner,
        &Adm::removeAdminCall { account: bob },
        &Adm::NotAnAdmin { account: bob },
    );
    // An admin holding nodes stays until it holds none.
    f.mint(alice, "Acme");
    f.refused(
        owner,
        &Adm::removeAdminCall { account: alice },
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
    assert!(!f.view(&Adm::isAdminCall { account: owner })._0);
    // The old top admin has lost its powers.
    f.refused(
        owner,
        &Adm::addAdminCall {
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
