//! The Manufacturing License: grant, suspend, reinstate, revoke, the record and
//! `isManufacturerLicensed`.

use alloy_primitives::{Address, U256, U64};
use dimo_interfaces::licenses::{IManufacturingLicenses as M, ManufacturingStatus as S};
use motsu::prelude::*;

use super::{events, hash, min, node1, node2, tokens, who, World, NOW};

/// Stakes the minimum for node 1 and has bob accept MOU version 1.
fn ready(world: &World) {
    world.stake(who("bob"), node1(), min());
    world.publish(1);
    world.accept(node1());
}

#[motsu::test]
fn manager_grants_a_licence(bob: Address, carol: Address) {
    let world = World::new();
    ready(&world);
    assert!(!world.licenses.sender(bob).is_manufacturer_licensed(node1()));
    world
        .licenses
        .sender(carol)
        .grant_manufacturing_license(node1(), 0, hash(0xa1))
        .motsu_unwrap();
    assert_eq!(
        world.record(node1()),
        (S::Active as u8, 1, NOW, 0, NOW, min(), 1, NOW)
    );
    assert!(world.licenses.sender(bob).is_manufacturer_licensed(node1()));
    world
        .licenses
        .assert_emitted(&M::ManufacturingLicenseGranted {
            node: node1(),
            grant: 1,
            expiresAt: 0,
            reason: hash(0xa1),
            by: carol,
        });
    // Other nodes are not affected.
    assert!(!world.licenses.sender(bob).is_manufacturer_licensed(node2()));
}

#[motsu::test]
fn admin_grants_with_an_expiry(alice: Address, bob: Address) {
    let world = World::new();
    ready(&world);
    world
        .licenses
        .sender(alice)
        .grant_manufacturing_license(node1(), NOW + 1, hash(1))
        .motsu_unwrap();
    assert_eq!(world.record(node1()).3, NOW + 1);
    assert!(world.licenses.sender(bob).is_manufacturer_licensed(node1()));
    // At its expiry second the licence no longer counts.
    world
        .licenses
        .sender(bob)
        .nodes
        .setter(node1())
        .expires_at
        .set(U64::from(NOW));
    assert!(!world.licenses.sender(bob).is_manufacturer_licensed(node1()));
    assert_eq!(world.record(node1()).0, S::Active as u8);
}

#[motsu::test]
fn grant_refuses_callers_that_are_not_managers(bob: Address, dave: Address, erin: Address) {
    let world = World::new();
    ready(&world);
    for caller in [bob, dave, erin] {
        assert_refused!(
            world,
            world
                .licenses
                .sender(caller)
                .grant_manufacturing_license(node1(), 0, hash(1)),
            CallerNotLicenseManager,
            M::CallerNotLicenseManager { account: caller },
            "{caller}"
        );
    }
}

#[motsu::test]
fn removed_manager_cannot_grant(alice: Address, carol: Address) {
    let world = World::new();
    ready(&world);
    world
        .licenses
        .sender(alice)
        .remove_license_manager(carol)
        .motsu_unwrap();
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .grant_manufacturing_license(node1(), 0, hash(1)),
        CallerNotLicenseManager,
        M::CallerNotLicenseManager { account: carol }
    );
}

#[motsu::test]
fn grant_requires_stake_and_current_mou(alice: Address, bob: Address, carol: Address) {
    let world = World::new();
    let grant = || {
        world
            .licenses
            .sender(carol)
            .grant_manufacturing_license(node1(), 0, hash(1))
    };
    let unknown = U256::from(9);
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .grant_manufacturing_license(unknown, 0, hash(1)),
        UnknownManufacturer,
        M::UnknownManufacturer { node: unknown }
    );
    world.stake(bob, node1(), min() - U256::from(1));
    assert_refused!(
        world,
        grant(),
        StakeBelowMinimum,
        M::StakeBelowMinimum {
            node: node1(),
            stake: min() - U256::from(1),
            minimum: min()
        }
    );
    world.stake(bob, node1(), U256::from(1));
    assert_refused!(world, grant(), NoMouPublished, M::NoMouPublished {});
    world.publish(1);
    assert_refused!(
        world,
        grant(),
        MouNotAccepted,
        M::MouNotAccepted {
            node: node1(),
            accepted: 0,
            current: 1
        }
    );
    world.accept(node1());
    world
        .licenses
        .sender(alice)
        .publish_mou(hash(2), "ipfs://mou-2".into())
        .motsu_unwrap();
    assert_refused!(
        world,
        grant(),
        MouNotAccepted,
        M::MouNotAccepted {
            node: node1(),
            accepted: 1,
            current: 2
        }
    );
    world.accept(node1());
    grant().motsu_unwrap();
}

#[motsu::test]
fn grant_refuses_a_past_expiry(carol: Address) {
    let world = World::new();
    ready(&world);
    for expires_at in [1, NOW - 1, NOW] {
        assert_refused!(
            world,
            world
                .licenses
                .sender(carol)
                .grant_manufacturing_license(node1(), expires_at, hash(1)),
            InvalidExpiry,
            M::InvalidExpiry {
                expiresAt: expires_at,
                now: NOW
            },
            "{expires_at}"
        );
    }
}

#[motsu::test]
fn grant_refuses_a_licence_in_force(carol: Address) {
    let world = World::new();
    world.license(node1());
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .grant_manufacturing_license(node1(), 0, hash(1)),
        InvalidLicenseStatus,
        M::InvalidLicenseStatus {
            node: node1(),
            status: S::Active as u8
        }
    );
    world
        .licenses
        .sender(carol)
        .suspend_manufacturing_license(node1(), hash(2))
        .motsu_unwrap();
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .grant_manufacturing_license(node1(), 0, hash(1)),
        InvalidLicenseStatus,
        M::InvalidLicenseStatus {
            node: node1(),
            status: S::Suspended as u8
        }
    );
}

#[motsu::test]
fn suspend_reinstate_and_revoke(alice: Address, bob: Address, carol: Address) {
    let world = World::new();
    world.license(node1());

    world
        .licenses
        .sender(carol)
        .suspend_manufacturing_license(node1(), hash(2))
        .motsu_unwrap();
    assert_eq!(world.record(node1()).0, S::Suspended as u8);
    assert!(!world.licenses.sender(bob).is_manufacturer_licensed(node1()));

    world
        .licenses
        .sender(alice)
        .reinstate_manufacturing_license(node1(), hash(3))
        .motsu_unwrap();
    assert_eq!(world.record(node1()).0, S::Active as u8);
    assert!(world.licenses.sender(bob).is_manufacturer_licensed(node1()));

    world
        .licenses
        .sender(carol)
        .revoke_manufacturing_license(node1(), hash(4))
        .motsu_unwrap();
    assert_eq!(world.record(node1()).0, S::Revoked as u8);
    assert!(!world.licenses.sender(bob).is_manufacturer_licensed(node1()));

    let changes = events::<M::ManufacturingLicenseStatusChanged>(&world.licenses);
    let seen: alloc::vec::Vec<_> = changes
        .iter()
        .map(|e| (e.node, e.status, e.reason, e.by))
        .collect();
    assert_eq!(
        seen,
        [
            (node1(), S::Suspended as u8, hash(2), carol),
            (node1(), S::Active as u8, hash(3), alice),
            (node1(), S::Revoked as u8, hash(4), carol),
        ]
    );
}

#[motsu::test]
fn suspended_licence_can_be_revoked(carol: Address) {
    let world = World::new();
    world.license(node1());
    world
        .licenses
        .sender(carol)
        .suspend_manufacturing_license(node1(), hash(2))
        .motsu_unwrap();
    world
        .licenses
        .sender(carol)
        .revoke_manufacturing_license(node1(), hash(3))
        .motsu_unwrap();
    assert_eq!(world.record(node1()).0, S::Revoked as u8);
}

#[motsu::test]
fn status_changes_refuse_wrong_states(carol: Address) {
    let world = World::new();
    let invalid = |status: S| M::InvalidLicenseStatus {
        node: node1(),
        status: status as u8,
    };
    // No licence yet.
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .suspend_manufacturing_license(node1(), hash(1)),
        InvalidLicenseStatus,
        invalid(S::None)
    );
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .reinstate_manufacturing_license(node1(), hash(1)),
        InvalidLicenseStatus,
        invalid(S::None)
    );
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .revoke_manufacturing_license(node1(), hash(1)),
        InvalidLicenseStatus,
        invalid(S::None)
    );
    // Active: cannot be reinstated.
    world.license(node1());
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .reinstate_manufacturing_license(node1(), hash(1)),
        InvalidLicenseStatus,
        invalid(S::Active)
    );
    // Suspended: cannot be suspended again.
    world
        .licenses
        .sender(carol)
        .suspend_manufacturing_license(node1(), hash(1))
        .motsu_unwrap();
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .suspend_manufacturing_license(node1(), hash(1)),
        InvalidLicenseStatus,
        invalid(S::Suspended)
    );
    // Revoked: nothing but a new grant.
    world
        .licenses
        .sender(carol)
        .revoke_manufacturing_license(node1(), hash(1))
        .motsu_unwrap();
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .suspend_manufacturing_license(node1(), hash(1)),
        InvalidLicenseStatus,
        invalid(S::Revoked)
    );
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .reinstate_manufacturing_license(node1(), hash(1)),
        InvalidLicenseStatus,
        invalid(S::Revoked)
    );
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .revoke_manufacturing_license(node1(), hash(1)),
        InvalidLicenseStatus,
        invalid(S::Revoked)
    );
}

#[motsu::test]
fn status_changes_refuse_callers_that_are_not_managers(bob: Address, dave: Address, erin: Address) {
    let world = World::new();
    world.license(node1());
    for caller in [bob, dave, erin] {
        let refusal = M::CallerNotLicenseManager { account: caller };
        assert_refused!(
            world,
            world
                .licenses
                .sender(caller)
                .suspend_manufacturing_license(node1(), hash(1)),
            CallerNotLicenseManager,
            refusal.clone(),
            "suspend by {caller}"
        );
        assert_refused!(
            world,
            world
                .licenses
                .sender(caller)
                .revoke_manufacturing_license(node1(), hash(1)),
            CallerNotLicenseManager,
            refusal.clone(),
            "revoke by {caller}"
        );
        assert_refused!(
            world,
            world
                .licenses
                .sender(caller)
                .reinstate_manufacturing_license(node1(), hash(1)),
            CallerNotLicenseManager,
            refusal,
            "reinstate by {caller}"
        );
    }
}

#[motsu::test]
fn revoked_licence_needs_a_new_grant(alice: Address, bob: Address, carol: Address) {
    let world = World::new();
    world.license(node1());
    world
        .licenses
        .sender(carol)
        .revoke_manufacturing_license(node1(), hash(4))
        .motsu_unwrap();
    // The new decision checks everything again, including a new MOU version.
    world
        .licenses
        .sender(alice)
        .publish_mou(hash(5), "ipfs://mou-2".into())
        .motsu_unwrap();
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .grant_manufacturing_license(node1(), 0, hash(6)),
        MouNotAccepted,
        M::MouNotAccepted {
            node: node1(),
            accepted: 1,
            current: 2
        }
    );
    world.accept(node1());
    world
        .licenses
        .sender(carol)
        .grant_manufacturing_license(node1(), NOW + 99, hash(6))
        .motsu_unwrap();
    assert_eq!(
        world.record(node1()),
        (S::Active as u8, 2, NOW, NOW + 99, NOW, min(), 2, NOW)
    );
    world
        .licenses
        .assert_emitted(&M::ManufacturingLicenseGranted {
            node: node1(),
            grant: 2,
            expiresAt: NOW + 99,
            reason: hash(6),
            by: carol,
        });
    assert!(world.licenses.sender(bob).is_manufacturer_licensed(node1()));
}

#[motsu::test]
fn nodes_without_a_record_read_as_zeros(bob: Address) {
    let world = World::new();
    for node in [U256::ZERO, node2(), U256::from(77)] {
        assert_eq!(world.record(node), (0, 0, 0, 0, 0, U256::ZERO, 0, 0));
        assert!(!world.licenses.sender(bob).is_manufacturer_licensed(node));
        assert_eq!(world.licenses.sender(bob).unstake_unlocks_at(node), 0);
    }
    world.stake(bob, node1(), tokens(1));
    assert_eq!(world.record(node1()).5, tokens(1));
}

/// L3: an MOU acceptance binds the holder that made it, not the node: after the node changes
/// hands, a licence manager cannot grant on the previous holder's acceptance. The stake stays
/// with the node (documented rule).
#[motsu::test]
fn a_grant_needs_the_current_holders_own_acceptance(
    alice: Address,
    bob: Address,
    carol: Address,
    henry: Address,
) {
    let world = World::new();
    ready(&world);
    world
        .registry
        .sender(alice)
        .add_controller(henry)
        .motsu_unwrap();
    openzeppelin_stylus::token::erc721::IErc721::transfer_from(
        &mut *world.registry.sender(bob),
        bob,
        henry,
        node1(),
    )
    .motsu_unwrap();
    assert_refused!(
        world,
        world
            .licenses
            .sender(carol)
            .grant_manufacturing_license(node1(), 0, hash(6)),
        MouNotAccepted,
        M::MouNotAccepted {
            node: node1(),
            accepted: 0,
            current: 1
        }
    );
    // The previous holder can no longer accept for the node; the new one can.
    assert_refused!(
        world,
        world.licenses.sender(bob).accept_mou(node1(), 1),
        CallerNotNodeHolder,
        M::CallerNotNodeHolder {
            node: node1(),
            account: bob
        }
    );
    world.accept(node1());
    world
        .licenses
        .sender(carol)
        .grant_manufacturing_license(node1(), 0, hash(6))
        .motsu_unwrap();
    assert_eq!(world.licenses.sender(henry).stake_of(node1()), min());
}
