//! Delegation: `grantPrivilege`, `revokePrivilege`, `privilegeExpiry`, `isAuthorized`.

use alloy_primitives::{Address, U256, U64};
use dimo_interfaces::{
    erc::IERC721,
    privileges::{self, MANAGE_LICENSES, MAX_PRIVILEGE, MINT_DEVICES, OTA_UPDATE},
    registry::IManufacturerRegistry as R,
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{add_admin, deploy, ensure_controller, id, mint_to, setup, NOW};
use crate::ManufacturerRegistry;

/// Writes `operator`'s grant of `privilege` on `node` straight into storage, for the node's
/// first holder (epoch 0): the only way to get an expired grant, as motsu's clock is fixed.
fn write_grant(
    registry: &Contract<ManufacturerRegistry>,
    node: U256,
    operator: Address,
    privilege: u8,
    expires_at: u64,
) {
    let key = ManufacturerRegistry::_grant_key(node, 0, operator, privilege);
    registry
        .sender(operator)
        .grants
        .setter(key)
        .set(U64::from(expires_at));
}

#[motsu::test]
fn holder_grants_privilege_and_emits_event(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    assert!(!registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));

    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, NOW + 3600)
        .motsu_unwrap();

    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MINT_DEVICES),
        NOW + 3600
    );
    assert!(registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
    registry.assert_emitted(&R::PrivilegeGranted {
        node,
        operator: dave,
        privilege: MINT_DEVICES,
        expiresAt: NOW + 3600,
    });
}

#[motsu::test]
fn admin_holder_grants_privilege(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    dave: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, alice, "AutoPi");

    registry
        .sender(alice)
        .grant_privilege(node, dave, MANAGE_LICENSES, u64::MAX)
        .motsu_unwrap();

    assert!(registry
        .sender(alice)
        .is_authorized(node, dave, MANAGE_LICENSES));
    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MANAGE_LICENSES),
        u64::MAX
    );
}

#[motsu::test]
fn grant_without_end_uses_max_expiry(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    registry
        .sender(bob)
        .grant_privilege(node, dave, OTA_UPDATE, u64::MAX)
        .motsu_unwrap();

    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, OTA_UPDATE),
        u64::MAX
    );
    assert!(registry.sender(alice).is_authorized(node, dave, OTA_UPDATE));
}

#[motsu::test]
fn new_grant_replaces_the_earlier_one(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();

    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, NOW + 1)
        .motsu_unwrap();

    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MINT_DEVICES),
        NOW + 1
    );
    registry.assert_emitted(&R::PrivilegeGranted {
        node,
        operator: dave,
        privilege: MINT_DEVICES,
        expiresAt: NOW + 1,
    });
}

#[motsu::test]
fn grant_is_per_operator_privilege_and_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    let other = mint_to(&registry, alice, carol, "Ruptela");

    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();

    assert!(registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
    assert!(!registry.sender(alice).is_authorized(node, dave, OTA_UPDATE));
    assert!(!registry
        .sender(alice)
        .is_authorized(node, alice, MINT_DEVICES));
    assert!(!registry
        .sender(alice)
        .is_authorized(other, dave, MINT_DEVICES));
    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(other, dave, MINT_DEVICES),
        0
    );
}

#[motsu::test]
fn accepts_grant_ending_one_second_from_now(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, NOW + 1)
        .motsu_unwrap();

    assert!(registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
}

#[motsu::test]
fn refuses_grant_ending_now(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    let err = registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, NOW)
        .motsu_unwrap_err();

    assert_err!(
        err,
        InvalidExpiry,
        R::InvalidExpiry {
            expiresAt: NOW,
            now: NOW
        }
    );
    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MINT_DEVICES),
        0
    );
}

#[motsu::test]
fn refuses_grant_ending_in_the_past(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    for past in [0, 1, NOW - 1] {
        let err = registry
            .sender(bob)
            .grant_privilege(node, dave, MINT_DEVICES, past)
            .motsu_unwrap_err();
        assert_err!(
            err,
            InvalidExpiry,
            R::InvalidExpiry {
                expiresAt: past,
                now: NOW
            }
        );
    }
    assert!(super::events::<R::PrivilegeGranted>(&registry).is_empty());
}

#[motsu::test]
fn refuses_grant_of_undefined_privilege(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    for privilege in [0, MAX_PRIVILEGE + 1, u8::MAX] {
        let err = registry
            .sender(bob)
            .grant_privilege(node, dave, privilege, u64::MAX)
            .motsu_unwrap_err();
        assert_err!(err, InvalidPrivilege, R::InvalidPrivilege { privilege });
    }
}

#[motsu::test]
fn refuses_grant_to_zero_address(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);

    let err = registry
        .sender(bob)
        .grant_privilege(node, Address::ZERO, MINT_DEVICES, u64::MAX)
        .motsu_unwrap_err();

    assert_err!(
        err,
        InvalidDelegate,
        R::InvalidDelegate {
            operator: Address::ZERO
        }
    );
}

#[motsu::test]
fn refuses_grant_on_nonexistent_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    dave: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .grant_privilege(id(1), dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap_err();

    assert_err!(
        err,
        NonexistentToken,
        IERC721::ERC721NonexistentToken { tokenId: id(1) }
    );
}

#[motsu::test]
fn refuses_grant_by_outsider(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    let err = registry
        .sender(dave)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap_err();

    assert_err!(
        err,
        CallerNotNodeHolder,
        R::CallerNotNodeHolder {
            node,
            account: dave
        }
    );
    assert!(!registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
}

#[motsu::test]
fn refuses_grant_by_admin_not_holding_the_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    add_admin(&registry, alice, carol);

    for admin in [alice, carol] {
        let err = registry
            .sender(admin)
            .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
            .motsu_unwrap_err();
        assert_err!(
            err,
            CallerNotNodeHolder,
            R::CallerNotNodeHolder {
                node,
                account: admin
            }
        );
    }
}

#[motsu::test]
fn refuses_grant_by_delegate(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
    erin: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();

    let err = registry
        .sender(dave)
        .grant_privilege(node, erin, MINT_DEVICES, u64::MAX)
        .motsu_unwrap_err();

    assert_err!(
        err,
        CallerNotNodeHolder,
        R::CallerNotNodeHolder {
            node,
            account: dave
        }
    );
    assert!(!registry
        .sender(alice)
        .is_authorized(node, erin, MINT_DEVICES));
}

#[motsu::test]
fn refuses_grant_by_approved_address_or_operator(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
    erin: Address,
) {
    let node = setup(&registry, alice, bob);
    registry.sender(bob).approve(dave, node).motsu_unwrap();
    registry
        .sender(bob)
        .set_approval_for_all(erin, true)
        .motsu_unwrap();

    for caller in [dave, erin] {
        let err = registry
            .sender(caller)
            .grant_privilege(node, caller, MINT_DEVICES, u64::MAX)
            .motsu_unwrap_err();
        assert_err!(
            err,
            CallerNotNodeHolder,
            R::CallerNotNodeHolder {
                node,
                account: caller
            }
        );
    }
}

#[motsu::test]
fn refuses_grant_by_previous_holder(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .transfer_from(bob, alice, node)
        .motsu_unwrap();

    let err = registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap_err();

    assert_err!(
        err,
        CallerNotNodeHolder,
        R::CallerNotNodeHolder { node, account: bob }
    );
}

#[motsu::test]
fn holder_revokes_privilege_and_emits_event(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();
    registry
        .sender(bob)
        .grant_privilege(node, dave, OTA_UPDATE, u64::MAX)
        .motsu_unwrap();

    registry
        .sender(bob)
        .revoke_privilege(node, dave, MINT_DEVICES)
        .motsu_unwrap();

    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MINT_DEVICES),
        0
    );
    assert!(!registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
    assert!(registry.sender(alice).is_authorized(node, dave, OTA_UPDATE));
    registry.assert_emitted(&R::PrivilegeRevoked {
        node,
        operator: dave,
        privilege: MINT_DEVICES,
    });
}

#[motsu::test]
fn refuses_revoke_without_grant(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();
    registry
        .sender(bob)
        .revoke_privilege(node, dave, MINT_DEVICES)
        .motsu_unwrap();

    for privilege in [MINT_DEVICES, OTA_UPDATE, 0] {
        let err = registry
            .sender(bob)
            .revoke_privilege(node, dave, privilege)
            .motsu_unwrap_err();
        assert_err!(
            err,
            PrivilegeNotGranted,
            R::PrivilegeNotGranted {
                node,
                operator: dave,
                privilege
            }
        );
    }
    assert_eq!(super::events::<R::PrivilegeRevoked>(&registry).len(), 1);
}

#[motsu::test]
fn refuses_revoke_on_nonexistent_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    dave: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .revoke_privilege(id(3), dave, MINT_DEVICES)
        .motsu_unwrap_err();

    assert_err!(
        err,
        NonexistentToken,
        IERC721::ERC721NonexistentToken { tokenId: id(3) }
    );
}

#[motsu::test]
fn refuses_revoke_by_delegate_or_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();

    for caller in [dave, alice] {
        let err = registry
            .sender(caller)
            .revoke_privilege(node, dave, MINT_DEVICES)
            .motsu_unwrap_err();
        assert_err!(
            err,
            CallerNotNodeHolder,
            R::CallerNotNodeHolder {
                node,
                account: caller
            }
        );
    }
    assert!(registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
}

#[motsu::test]
fn holder_revokes_an_expired_grant(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    write_grant(&registry, node, dave, MINT_DEVICES, NOW - 10);
    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MINT_DEVICES),
        NOW - 10
    );

    registry
        .sender(bob)
        .revoke_privilege(node, dave, MINT_DEVICES)
        .motsu_unwrap();

    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MINT_DEVICES),
        0
    );
    registry.assert_emitted(&R::PrivilegeRevoked {
        node,
        operator: dave,
        privilege: MINT_DEVICES,
    });
}

#[motsu::test]
fn grant_expiring_at_block_time_does_not_authorize(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    write_grant(&registry, node, dave, MINT_DEVICES, NOW);
    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MINT_DEVICES),
        NOW
    );
    assert!(!registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));

    write_grant(&registry, node, dave, MINT_DEVICES, NOW + 1);
    assert!(registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
}

#[motsu::test]
fn grant_expired_in_the_past_does_not_authorize(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    for expiry in [1, NOW - 1] {
        write_grant(&registry, node, dave, OTA_UPDATE, expiry);
        assert!(!registry.sender(alice).is_authorized(node, dave, OTA_UPDATE));
    }
}

#[motsu::test]
fn holder_is_authorized_for_every_defined_privilege_only(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);

    for privilege in 0..=u8::MAX {
        assert_eq!(
            registry.sender(alice).is_authorized(node, bob, privilege),
            privileges::is_valid(privilege),
            "privilege {privilege}"
        );
    }
}

#[motsu::test]
fn is_authorized_is_false_for_nonexistent_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    setup(&registry, alice, bob);

    assert!(!registry
        .sender(alice)
        .is_authorized(id(2), bob, MINT_DEVICES));
    assert!(!registry
        .sender(alice)
        .is_authorized(id(2), Address::ZERO, MINT_DEVICES));
    assert!(!registry
        .sender(alice)
        .is_authorized(U256::ZERO, Address::ZERO, MINT_DEVICES));
    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(id(2), bob, MINT_DEVICES),
        0
    );
}

#[motsu::test]
fn grants_end_when_the_node_changes_hands(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    ensure_controller(&registry, alice, carol);
    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();

    registry
        .sender(bob)
        .transfer_from(bob, carol, node)
        .motsu_unwrap();

    assert!(!registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
    assert!(!registry
        .sender(alice)
        .is_authorized(node, bob, MINT_DEVICES));
    assert!(registry
        .sender(alice)
        .is_authorized(node, carol, MINT_DEVICES));
    let err = registry
        .sender(carol)
        .revoke_privilege(node, dave, MINT_DEVICES)
        .motsu_unwrap_err();
    assert_err!(
        err,
        PrivilegeNotGranted,
        R::PrivilegeNotGranted {
            node,
            operator: dave,
            privilege: MINT_DEVICES
        }
    );
}

#[motsu::test]
fn old_grants_stay_ended_when_the_node_comes_back(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();

    registry
        .sender(bob)
        .transfer_from(bob, alice, node)
        .motsu_unwrap();
    registry
        .sender(alice)
        .transfer_from(alice, bob, node)
        .motsu_unwrap();

    assert_eq!(registry.sender(alice).owner_of(node).motsu_unwrap(), bob);
    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, MINT_DEVICES),
        0
    );
    assert!(!registry
        .sender(alice)
        .is_authorized(node, dave, MINT_DEVICES));
}

#[motsu::test]
fn new_holder_grants_afresh_after_transfer(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    ensure_controller(&registry, alice, carol);
    registry
        .sender(bob)
        .transfer_from(bob, carol, node)
        .motsu_unwrap();

    registry
        .sender(carol)
        .grant_privilege(node, dave, OTA_UPDATE, NOW + 5)
        .motsu_unwrap();

    assert!(registry.sender(alice).is_authorized(node, dave, OTA_UPDATE));
    assert_eq!(
        registry
            .sender(alice)
            .privilege_expiry(node, dave, OTA_UPDATE),
        NOW + 5
    );
}

#[test]
fn grant_key_depends_on_every_field() {
    let (node, operator) = (U256::from(1), Address::repeat_byte(0xaa));
    let key = ManufacturerRegistry::_grant_key(node, 0, operator, MINT_DEVICES);

    assert_eq!(
        key,
        ManufacturerRegistry::_grant_key(node, 0, operator, MINT_DEVICES)
    );
    assert_ne!(
        key,
        ManufacturerRegistry::_grant_key(U256::from(2), 0, operator, MINT_DEVICES)
    );
    assert_ne!(
        key,
        ManufacturerRegistry::_grant_key(node, 1, operator, MINT_DEVICES)
    );
    assert_ne!(
        key,
        ManufacturerRegistry::_grant_key(node, 0, Address::repeat_byte(0xbb), MINT_DEVICES)
    );
    assert_ne!(
        key,
        ManufacturerRegistry::_grant_key(node, 0, operator, OTA_UPDATE)
    );
}
