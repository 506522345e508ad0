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
}

/// M2 on the wasm: a rogue admin mints itself nodes and still cannot stay: the top admin
/// removes it, its nodes are frozen (no rights for it or its delegate, no transfer), and the
/// top admin reclaims them.
#[test]
fn the_top_admin_removes_an_admin_holding_nodes_and_reclaims_them() {
    let mut f = RegistryFixture::new();
    let (owner, rogue, helper) = (f.owner, account("rogue admin"), account("rogue's helper"));
    let controller = account("controller");
    f.add_controller(controller);
    f.ok(owner, &Adm::addAdminCall { account: rogue });
    let node = f
        .ok(
            rogue,
            &R::mintManufacturerCall {
                owner: rogue,
                name: "Squatted".into(),
            },
        )
        ._0;
    f.ok(
        rogue,
        &R::grantPrivilegeCall {
            node,
            operator: helper,
            privilege: 1,
            expiresAt: u64::MAX,
        },
    );
    let sent = f.send(owner, &Adm::removeAdminCall { account: rogue });
    assert_event(
        &sent.receipt,
        f.registry,
        &Adm::AdminRemoved {
            account: rogue,
            by: owner,
        },
    );
    for account in [rogue, helper] {
        assert!(
            !f.view(&R::isAuthorizedCall {
                node,
                account,
                privilege: 1
            })
            ._0
        );
    }
    f.refused(
        rogue,
        &dimo_interfaces::erc::IERC721::transferFromCall {
            from: rogue,
            to: controller,
            tokenId: node,
        },
        &R::NodeStranded {
            node,
            holder: rogue,
        },
    );
    f.refused(
        rogue,
        &R::reclaimNodeCall { node },
        &O::OwnableUnauthorizedAccount { account: rogue },
    );
    let sent = f.send(owner, &R::reclaimNodeCall { node });
    assert_event(
        &sent.receipt,
        f.registry,
        &R::NodeReclaimed {
            node,
            from: rogue,
            to: owner,
            by: owner,
        },
    );
    assert_event(
        &sent.receipt,
        f.registry,
        &R::DelegationsCleared { node, epoch: 1 },
    );
    assert_eq!(
        f.view(&dimo_interfaces::erc::IERC721::ownerOfCall { tokenId: node })
            ._0,
        owner
    );
    assert_eq!(
        f.view(&dimo_interfaces::erc::IERC721::balanceOfCall { owner: rogue })
            ._0,
        U256::ZERO
    );
    // The top admin hands the node to a controller, as any admin-held node.
    f.ok(
        owner,
        &dimo_interfaces::erc::IERC721::transferFromCall {
            from: owner,
            to: controller,
            tokenId: node,
        },
    );
    assert_eq!(
        f.view(&R::manufacturerOfCall {
            account: controller
        })
        ._0,
        node
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
