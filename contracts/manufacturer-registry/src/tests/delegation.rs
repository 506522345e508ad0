//! Delegation: `grantPrivilege`, `revokePrivilege`, `privilegeExpiry`, `isAuthorized`, and
//! the end of every grant when the node changes hands.

use alloy_primitives::{Address, U256, U64};
use dimo_interfaces::{
    erc::IERC721,
    privileges::{self, MANAGE_LICENSES, MAX_PRIVILEGE, MINT_DEVICES, OTA_UPDATE},
    registry::IManufacturerRegistry as R,
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::{extensions::IErc721Metadata, IErc721};

use super::{
    add_admin, authorized, deploy, deploy_with_admin_node, events, expiry, give, grant, holder, id,
    mint_to, set_operator, setup, setup_with_delegate, setup_with_free_controller,
    setup_with_two_holders, transfer, Call, Path, Registry, NOW,
};
use crate::ManufacturerRegistry;

/// Writes `operator`'s grant of `privilege` on `node` straight into storage, for the node's
/// first holder (epoch 0): the only way to get an expired grant, as motsu's clock is fixed.
fn write_grant(registry: &Registry, node: U256, operator: Address, privilege: u8, expires_at: u64) {
    let key = ManufacturerRegistry::_grant_key(node, 0, operator, privilege);
    registry
        .sender(operator)
        .grants
        .setter(key)
        .set(U64::from(expires_at));
}

#[motsu::test]
fn holder_grants_privilege_and_emits_event(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
    erin: Address,
) {
    let node = setup(&registry, alice, bob);
    let admins = mint_to(&registry, alice, alice, "Ruptela");

    for (case, holder, node, operator, privilege, expires_at) in [
        (
            "controller, for an hour",
            bob,
            node,
            dave,
            MINT_DEVICES,
            NOW + 3600,
        ),
        (
            "controller, without end",
            bob,
            node,
            dave,
            OTA_UPDATE,
            u64::MAX,
        ),
        (
            "controller, for one second",
            bob,
            node,
            erin,
            MINT_DEVICES,
            NOW + 1,
        ),
        ("admin", alice, admins, dave, MANAGE_LICENSES, u64::MAX),
    ] {
        assert!(!authorized(&registry, node, operator, privilege), "{case}");

        grant(&registry, holder, node, operator, privilege, expires_at);

        assert_eq!(
            expiry(&registry, node, operator, privilege),
            expires_at,
            "{case}"
        );
        assert!(authorized(&registry, node, operator, privilege), "{case}");
        let granted = R::PrivilegeGranted {
            node,
            operator,
            privilege,
            expiresAt: expires_at,
        };
        assert!(registry.emitted(&granted), "{case}: no {granted:?}");
    }
}

#[motsu::test]
fn new_grant_replaces_the_earlier_one(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup_with_delegate(&registry, alice, bob, dave);

    grant(&registry, bob, node, dave, MINT_DEVICES, NOW + 1);

    assert_eq!(expiry(&registry, node, dave, MINT_DEVICES), NOW + 1);
    registry.assert_emitted(&R::PrivilegeGranted {
        node,
        operator: dave,
        privilege: MINT_DEVICES,
        expiresAt: NOW + 1,
    });
}

#[motsu::test]
fn grant_is_per_operator_privilege_and_node(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let (node, other) = setup_with_two_holders(&registry, alice, bob, carol);

    grant(&registry, bob, node, dave, MINT_DEVICES, u64::MAX);

    assert!(authorized(&registry, node, dave, MINT_DEVICES));
    assert!(!authorized(&registry, node, dave, OTA_UPDATE));
    assert!(!authorized(&registry, node, alice, MINT_DEVICES));
    assert!(!authorized(&registry, other, dave, MINT_DEVICES));
    assert_eq!(expiry(&registry, other, dave, MINT_DEVICES), 0);
}

#[motsu::test]
fn refuses_grant_not_ending_in_the_future(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    for expires_at in [0, 1, NOW - 1, NOW] {
        assert_refused!(
            registry,
            registry
                .sender(bob)
                .grant_privilege(node, dave, MINT_DEVICES, expires_at),
            InvalidExpiry,
            R::InvalidExpiry {
                expiresAt: expires_at,
                now: NOW
            },
            "ending at {expires_at}"
        );
    }
    assert_eq!(expiry(&registry, node, dave, MINT_DEVICES), 0);
    assert!(events::<R::PrivilegeGranted>(&registry).is_empty());
}

#[motsu::test]
fn refuses_grant_of_undefined_privilege(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    // 2 is the retired "update device attributes", which nothing checked.
    for privilege in [0, privileges::RETIRED_2, MAX_PRIVILEGE + 1, u8::MAX] {
        assert_refused!(
            registry,
            registry
                .sender(bob)
                .grant_privilege(node, dave, privilege, u64::MAX),
            InvalidPrivilege,
            R::InvalidPrivilege { privilege },
            "privilege {privilege}"
        );
    }
}

#[motsu::test]
fn refuses_grant_to_zero_address(registry: Registry, alice: Address, bob: Address) {
    let node = setup(&registry, alice, bob);

    assert_refused!(
        registry,
        registry
            .sender(bob)
            .grant_privilege(node, Address::ZERO, MINT_DEVICES, u64::MAX),
        InvalidDelegate,
        R::InvalidDelegate {
            operator: Address::ZERO
        }
    );
}

#[motsu::test]
fn refuses_grant_and_revoke_on_nonexistent_node(registry: Registry, alice: Address, dave: Address) {
    deploy(&registry, alice);

    for node in [id(1), id(3)] {
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .grant_privilege(node, dave, MINT_DEVICES, u64::MAX),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: node },
            "grant on {node}"
        );
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .revoke_privilege(node, dave, MINT_DEVICES),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: node },
            "revoke on {node}"
        );
    }
}

/// Asserts that `caller`, a `role` that does not hold `node`, is refused every call only its
/// holder may make with `CallerNotNodeHolder`, changing nothing. The calls grant `caller`
/// [`OTA_UPDATE`], revoke the grant of [`MINT_DEVICES`] to `delegate`, and set the node's URI.
fn assert_refused_holder_calls(
    registry: &Registry,
    role: &str,
    caller: Address,
    node: U256,
    delegate: Address,
) {
    let calls: [(&str, Call); 3] = [
        ("grantPrivilege", &|| {
            registry
                .sender(caller)
                .grant_privilege(node, caller, OTA_UPDATE, u64::MAX)
        }),
        ("revokePrivilege", &|| {
            registry
                .sender(caller)
                .revoke_privilege(node, delegate, MINT_DEVICES)
        }),
        ("setManufacturerURI", &|| {
            registry
                .sender(caller)
                .set_manufacturer_uri(node, "x".into())
        }),
    ];
    for (function, call) in calls {
        assert_refused!(
            registry,
            call(),
            CallerNotNodeHolder,
            R::CallerNotNodeHolder {
                node,
                account: caller
            },
            "{role} calls {function}"
        );
    }
}

#[motsu::test]
fn holder_only_calls_refuse_everyone_else(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
    erin: Address,
    frank: Address,
    grace: Address,
) {
    let node = setup(&registry, alice, bob);
    add_admin(&registry, alice, carol);
    grant(&registry, bob, node, dave, MINT_DEVICES, u64::MAX);
    registry.sender(bob).approve(erin, node).motsu_unwrap();
    set_operator(&registry, bob, frank, true);

    for (role, caller) in [
        ("top admin", alice),
        ("added admin", carol),
        ("delegate", dave),
        ("approved address", erin),
        ("operator", frank),
        ("outsider", grace),
    ] {
        assert_refused_holder_calls(&registry, role, caller, node, dave);
        assert!(!authorized(&registry, node, caller, OTA_UPDATE), "{role}");
    }
    assert!(authorized(&registry, node, dave, MINT_DEVICES));
    assert_eq!(registry.sender(alice).token_uri(node).motsu_unwrap(), "");
    assert!(events::<R::ManufacturerURIUpdated>(&registry).is_empty());

    give(&registry, bob, alice, node);
    assert_refused_holder_calls(&registry, "previous holder", bob, node, dave);
}

#[motsu::test]
fn holder_revokes_privilege_and_emits_event(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup_with_delegate(&registry, alice, bob, dave);
    grant(&registry, bob, node, dave, OTA_UPDATE, u64::MAX);

    registry
        .sender(bob)
        .revoke_privilege(node, dave, MINT_DEVICES)
        .motsu_unwrap();

    assert_eq!(expiry(&registry, node, dave, MINT_DEVICES), 0);
    assert!(!authorized(&registry, node, dave, MINT_DEVICES));
    assert!(authorized(&registry, node, dave, OTA_UPDATE));
    registry.assert_emitted(&R::PrivilegeRevoked {
        node,
        operator: dave,
        privilege: MINT_DEVICES,
    });
}

#[motsu::test]
fn refuses_revoke_without_grant(registry: Registry, alice: Address, bob: Address, dave: Address) {
    let node = setup_with_delegate(&registry, alice, bob, dave);
    registry
        .sender(bob)
        .revoke_privilege(node, dave, MINT_DEVICES)
        .motsu_unwrap();

    for privilege in [MINT_DEVICES, OTA_UPDATE, 0] {
        assert_refused!(
            registry,
            registry.sender(bob).revoke_privilege(node, dave, privilege),
            PrivilegeNotGranted,
            R::PrivilegeNotGranted {
                node,
                operator: dave,
                privilege
            },
            "privilege {privilege}"
        );
    }
    assert_eq!(events::<R::PrivilegeRevoked>(&registry).len(), 1);
}

#[motsu::test]
fn holder_revokes_an_expired_grant(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    write_grant(&registry, node, dave, MINT_DEVICES, NOW - 10);
    assert_eq!(expiry(&registry, node, dave, MINT_DEVICES), NOW - 10);

    registry
        .sender(bob)
        .revoke_privilege(node, dave, MINT_DEVICES)
        .motsu_unwrap();

    assert_eq!(expiry(&registry, node, dave, MINT_DEVICES), 0);
    registry.assert_emitted(&R::PrivilegeRevoked {
        node,
        operator: dave,
        privilege: MINT_DEVICES,
    });
}

#[motsu::test]
fn grant_expiring_at_block_time_or_earlier_does_not_authorize(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);

    for (privilege, expires_at) in [(MINT_DEVICES, NOW), (OTA_UPDATE, 1), (OTA_UPDATE, NOW - 1)] {
        write_grant(&registry, node, dave, privilege, expires_at);
        assert_eq!(
            expiry(&registry, node, dave, privilege),
            expires_at,
            "{expires_at}"
        );
        assert!(
            !authorized(&registry, node, dave, privilege),
            "grant ending at {expires_at}"
        );
    }

    write_grant(&registry, node, dave, MINT_DEVICES, NOW + 1);
    assert!(authorized(&registry, node, dave, MINT_DEVICES));
}

#[motsu::test]
fn holder_is_authorized_for_every_defined_privilege_only(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);

    for privilege in 0..=u8::MAX {
        assert_eq!(
            authorized(&registry, node, bob, privilege),
            privileges::is_valid(privilege),
            "privilege {privilege}"
        );
    }
}

#[motsu::test]
fn is_authorized_is_false_for_nonexistent_node(registry: Registry, alice: Address, bob: Address) {
    setup(&registry, alice, bob);

    for (node, account) in [
        (id(2), bob),
        (id(2), Address::ZERO),
        (U256::ZERO, Address::ZERO),
    ] {
        assert!(
            !authorized(&registry, node, account, MINT_DEVICES),
            "{node}, {account}"
        );
    }
    assert_eq!(expiry(&registry, id(2), bob, MINT_DEVICES), 0);
}

#[motsu::test]
fn grants_end_whenever_the_node_changes_hands(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, carol);
    grant(&registry, bob, node, dave, MINT_DEVICES, u64::MAX);
    grant(&registry, bob, node, dave, OTA_UPDATE, NOW + 3600);
    assert!(authorized(&registry, node, dave, MINT_DEVICES));

    give(&registry, bob, carol, node);

    registry.assert_emitted(&R::DelegationsCleared { node, epoch: 1 });
    for privilege in [MINT_DEVICES, OTA_UPDATE] {
        assert_eq!(expiry(&registry, node, dave, privilege), 0, "{privilege}");
        assert!(!authorized(&registry, node, dave, privilege), "{privilege}");
    }
    assert!(!authorized(&registry, node, bob, MINT_DEVICES));
    assert!(authorized(&registry, node, carol, MINT_DEVICES));
    assert_refused!(
        registry,
        registry
            .sender(carol)
            .revoke_privilege(node, dave, MINT_DEVICES),
        PrivilegeNotGranted,
        R::PrivilegeNotGranted {
            node,
            operator: dave,
            privilege: MINT_DEVICES
        }
    );

    // The new holder grants afresh.
    grant(&registry, carol, node, dave, OTA_UPDATE, NOW + 5);
    assert!(authorized(&registry, node, dave, OTA_UPDATE));
    assert_eq!(expiry(&registry, node, dave, OTA_UPDATE), NOW + 5);

    transfer(&registry, Path::Safe, carol, carol, alice, node).motsu_unwrap();
    registry.assert_emitted(&R::DelegationsCleared { node, epoch: 2 });
    assert_eq!(events::<R::DelegationsCleared>(&registry).len(), 2);
    assert!(!authorized(&registry, node, dave, OTA_UPDATE));

    // Old grants stay ended when the node comes back to its first holder.
    give(&registry, alice, bob, node);
    assert_eq!(holder(&registry, node), bob);
    assert_eq!(expiry(&registry, node, dave, MINT_DEVICES), 0);
    assert!(!authorized(&registry, node, dave, MINT_DEVICES));
}

#[motsu::test]
fn admin_transfer_to_itself_ends_grants(registry: Registry, alice: Address, dave: Address) {
    let node = deploy_with_admin_node(&registry, alice);
    grant(&registry, alice, node, dave, MINT_DEVICES, u64::MAX);

    give(&registry, alice, alice, node);

    assert_eq!(holder(&registry, node), alice);
    registry.assert_emitted(&R::DelegationsCleared { node, epoch: 1 });
    assert!(!authorized(&registry, node, dave, MINT_DEVICES));
}

#[test]
fn grant_key_depends_on_every_field() {
    let (node, operator) = (U256::from(1), Address::repeat_byte(0xaa));
    let key = ManufacturerRegistry::_grant_key(node, 0, operator, MINT_DEVICES);

    assert_eq!(
        key,
        ManufacturerRegistry::_grant_key(node, 0, operator, MINT_DEVICES)
    );
    for (field, other) in [
        ("node", (U256::from(2), 0, operator, MINT_DEVICES)),
        ("epoch", (node, 1, operator, MINT_DEVICES)),
        (
            "operator",
            (node, 0, Address::repeat_byte(0xbb), MINT_DEVICES),
        ),
        ("privilege", (node, 0, operator, OTA_UPDATE)),
    ] {
        let (node, epoch, operator, privilege) = other;
        assert_ne!(
            key,
            ManufacturerRegistry::_grant_key(node, epoch, operator, privilege),
            "{field}"
        );
    }
}
