//! Delegation with expiry, tested against a settable block timestamp (motsu cannot move
//! time; here each grant is checked on both sides of its expiry).

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    erc::IERC721 as E,
    privileges::{FACTORY_RESET, MAX_PRIVILEGE, MINT_DEVICES, OTA_UPDATE},
    registry::IManufacturerRegistry as R,
};

use super::assert_event;
use crate::registry::{account, RegistryFixture};

fn authorized(f: &mut RegistryFixture, node: U256, who: Address, privilege: u8) -> bool {
    f.view(&R::isAuthorizedCall {
        node,
        account: who,
        privilege,
    })
    ._0
}

#[test]
fn a_grant_holds_until_its_expiry_exclusive() {
    let mut f = RegistryFixture::new();
    let (carol, op) = (account("carol"), account("line wallet"));
    let node = f.controller_with_node(carol, "Acme");
    let now = f.world.block().timestamp;
    let expires = now + 3_600;
    let sent = f.send(
        carol,
        &R::grantPrivilegeCall {
            node,
            operator: op,
            privilege: MINT_DEVICES,
            expiresAt: expires,
        },
    );
    assert_event(
        &sent.receipt,
        f.registry,
        &R::PrivilegeGranted {
            node,
            operator: op,
            privilege: MINT_DEVICES,
            expiresAt: expires,
        },
    );
    assert_eq!(
        f.view(&R::privilegeExpiryCall {
            node,
            operator: op,
            privilege: MINT_DEVICES
        })
        ._0,
        expires
    );
    assert!(authorized(&mut f, node, op, MINT_DEVICES));
    assert!(
        !authorized(&mut f, node, op, OTA_UPDATE),
        "only the granted privilege"
    );
    assert!(
        authorized(&mut f, node, carol, OTA_UPDATE),
        "the holder has them all"
    );
    assert!(!authorized(&mut f, node, carol, 0), "undefined privilege");
    assert!(!authorized(&mut f, node, carol, MAX_PRIVILEGE + 1));
    assert!(
        !authorized(&mut f, U256::from(9), carol, MINT_DEVICES),
        "no such node"
    );

    f.world.set_timestamp(expires - 1);
    assert!(authorized(&mut f, node, op, MINT_DEVICES));
    f.world.set_timestamp(expires);
    assert!(
        !authorized(&mut f, node, op, MINT_DEVICES),
        "expired at expiresAt"
    );
    f.world.set_timestamp(expires + 1_000_000);
    assert!(!authorized(&mut f, node, op, MINT_DEVICES));

    // An expired grant can be renewed; u64::MAX never expires.
    f.ok(
        carol,
        &R::grantPrivilegeCall {
            node,
            operator: op,
            privilege: MINT_DEVICES,
            expiresAt: u64::MAX,
        },
    );
    f.world.set_timestamp(u64::MAX - 1);
    assert!(authorized(&mut f, node, op, MINT_DEVICES));
}

#[test]
fn grant_refusals() {
    let mut f = RegistryFixture::new();
    let (carol, op, mallory) = (account("carol"), account("op"), account("mallory"));
    let node = f.controller_with_node(carol, "Acme");
    let now = f.world.block().timestamp;
    let grant = |node, operator, privilege, expires_at| R::grantPrivilegeCall {
        node,
        operator,
        privilege,
        expiresAt: expires_at,
    };
    // 2 is the retired "update device attributes", which nothing checked.
    for privilege in [0, 2, MAX_PRIVILEGE + 1, u8::MAX] {
        f.refused(
            carol,
            &grant(node, op, privilege, now + 10),
            &R::InvalidPrivilege { privilege },
        );
    }
    f.refused(
        carol,
        &grant(node, Address::ZERO, MINT_DEVICES, now + 10),
        &R::InvalidDelegate {
            operator: Address::ZERO,
        },
    );
    for expires in [0, now - 1, now] {
        f.refused(
            carol,
            &grant(node, op, MINT_DEVICES, expires),
            &R::InvalidExpiry {
                expiresAt: expires,
                now,
            },
        );
    }
    f.refused(
        mallory,
        &grant(node, op, MINT_DEVICES, now + 10),
        &R::CallerNotNodeHolder {
            node,
            account: mallory,
        },
    );
    f.refused(
        carol,
        &grant(U256::from(5), op, MINT_DEVICES, now + 10),
        &E::ERC721NonexistentToken {
            tokenId: U256::from(5),
        },
    );
    // With time moved on, "now" in the error follows the block.
    f.world.set_timestamp(now + 500);
    f.refused(
        carol,
        &grant(node, op, MINT_DEVICES, now + 10),
        &R::InvalidExpiry {
            expiresAt: now + 10,
            now: now + 500,
        },
    );
}

#[test]
fn revoke_ends_a_grant() {
    let mut f = RegistryFixture::new();
    let (carol, op) = (account("carol"), account("op"));
    let node = f.controller_with_node(carol, "Acme");
    let expires = f.world.block().timestamp + 100;
    f.ok(
        carol,
        &R::grantPrivilegeCall {
            node,
            operator: op,
            privilege: FACTORY_RESET,
            expiresAt: expires,
        },
    );
    let revoke = R::revokePrivilegeCall {
        node,
        operator: op,
        privilege: FACTORY_RESET,
    };
    f.refused(op, &revoke, &R::CallerNotNodeHolder { node, account: op });
    let sent = f.send(carol, &revoke);
    assert_event(
        &sent.receipt,
        f.registry,
        &R::PrivilegeRevoked {
            node,
            operator: op,
            privilege: FACTORY_RESET,
        },
    );
    assert!(!authorized(&mut f, node, op, FACTORY_RESET));
    f.refused(
        carol,
        &revoke,
        &R::PrivilegeNotGranted {
            node,
            operator: op,
            privilege: FACTORY_RESET,
        },
    );
}

#[test]
fn a_change_of_holder_ends_every_grant() {
    let mut f = RegistryFixture::new();
    let (carol, dave, op) = (account("carol"), account("dave"), account("op"));
    let node = f.controller_with_node(carol, "Acme");
    f.add_controller(dave);
    let expires = f.world.block().timestamp + 100;
    for privilege in [MINT_DEVICES, OTA_UPDATE] {
        f.ok(
            carol,
            &R::grantPrivilegeCall {
                node,
                operator: op,
                privilege,
                expiresAt: expires,
            },
        );
    }
    f.ok(
        carol,
        &E::transferFromCall {
            from: carol,
            to: dave,
            tokenId: node,
        },
    );
    for privilege in [MINT_DEVICES, OTA_UPDATE] {
        assert!(!authorized(&mut f, node, op, privilege));
        assert_eq!(
            f.view(&R::privilegeExpiryCall {
                node,
                operator: op,
                privilege
            })
            ._0,
            0
        );
    }
    assert!(authorized(&mut f, node, dave, MINT_DEVICES));
    assert!(!authorized(&mut f, node, carol, MINT_DEVICES));
    // The old holder can no longer grant; the new one can.
    f.refused(
        carol,
        &R::grantPrivilegeCall {
            node,
            operator: op,
            privilege: MINT_DEVICES,
            expiresAt: expires,
        },
        &R::CallerNotNodeHolder {
            node,
            account: carol,
        },
    );
    f.ok(
        dave,
        &R::grantPrivilegeCall {
            node,
            operator: op,
            privilege: MINT_DEVICES,
            expiresAt: expires,
        },
    );
    assert!(authorized(&mut f, node, op, MINT_DEVICES));
}
