//! A changed design: the licence that supersedes another ends it when it is granted.

use alloy_primitives::{Address, U256};
use dimo_interfaces::licenses::{DeviceStatus as S, IDeviceLicenses as D};
use motsu::prelude::*;

use super::{events, hash, node1, status, World, NOW};

#[motsu::test]
fn granting_the_successor_ends_the_superseded_licence(bob: Address) {
    let world = World::new();
    let old = world.grant(node1(), U256::ZERO);
    let new = world.apply(bob, node1(), old);
    world.pass_audits(new);
    world.vote("tm1", new, true);
    // Until the decision the old licence stays in force.
    assert!(world.devices.sender(bob).is_device_license_active(old));

    world.vote("tm3", new, true);
    world.devices.assert_emitted(&D::DeviceLicenseGranted {
        id: new,
        manufacturer: node1(),
        supersedes: old,
    });
    world.devices.assert_emitted(&D::DeviceLicenseSuperseded {
        id: old,
        supersededBy: new,
    });
    let old_record = world.record(old);
    assert_eq!(old_record.status, status(S::Superseded));
    assert_eq!(old_record.superseded_by, new, "supersededBy");
    assert_eq!(old_record.changed_at, NOW);
    assert_eq!(world.record(new).supersedes, old, "supersedes");
    assert!(!world.devices.sender(bob).is_device_license_active(old));
    assert!(world.devices.sender(bob).is_device_license_active(new));
}

#[motsu::test]
fn a_suspended_licence_is_superseded_too(bob: Address, carol: Address) {
    let world = World::new();
    let old = world.grant(node1(), U256::ZERO);
    world
        .devices
        .sender(carol)
        .suspend_device_license(old, hash(1))
        .motsu_unwrap();
    world.grant(node1(), old);
    assert_eq!(world.status_of(old), status(S::Superseded));
    assert!(!world.devices.sender(bob).is_device_license_active(old));
}

#[motsu::test]
fn a_licence_revoked_meanwhile_stays_revoked(bob: Address, carol: Address) {
    let world = World::new();
    let old = world.grant(node1(), U256::ZERO);
    let new = world.apply(bob, node1(), old);
    world
        .devices
        .sender(carol)
        .revoke_device_license(old, hash(1))
        .motsu_unwrap();
    world.pass_audits(new);
    world.vote("tm1", new, true);
    world.vote("tm2", new, true);
    assert_eq!(world.status_of(new), status(S::Active));
    assert_eq!(world.status_of(old), status(S::Revoked));
    assert!(world.record(old).superseded_by.is_zero());
    assert!(events::<D::DeviceLicenseSuperseded>(&world.devices).is_empty());
}

#[motsu::test]
fn of_two_successors_the_first_granted_supersedes(bob: Address) {
    let world = World::new();
    let old = world.grant(node1(), U256::ZERO);
    let first = world.apply(bob, node1(), old);
    let second = world.apply(bob, node1(), old);
    for successor in [second, first] {
        world.pass_audits(successor);
        world.vote("tm1", successor, true);
        world.vote("tm2", successor, true);
    }
    assert_eq!(world.record(old).superseded_by, second);
    assert_eq!(world.status_of(first), status(S::Active));
    assert_eq!(world.status_of(second), status(S::Active));
    assert_eq!(
        events::<D::DeviceLicenseSuperseded>(&world.devices).len(),
        1
    );
}

#[motsu::test]
fn a_rejected_or_revoked_successor_leaves_the_old_licence_alone(bob: Address, carol: Address) {
    let world = World::new();
    let old = world.grant(node1(), U256::ZERO);
    let rejected = world.apply(bob, node1(), old);
    world.pass_audits(rejected);
    world.vote("tm1", rejected, false);
    world.vote("tm2", rejected, false);
    let revoked = world.apply(bob, node1(), old);
    world
        .devices
        .sender(carol)
        .revoke_device_license(revoked, hash(1))
        .motsu_unwrap();
    assert_eq!(world.status_of(old), status(S::Active));
}

#[motsu::test]
fn superseded_is_final(carol: Address) {
    let world = World::new();
    let old = world.grant(node1(), U256::ZERO);
    world.grant(node1(), old);
    let invalid = D::InvalidDeviceLicenseStatus {
        id: old,
        status: status(S::Superseded),
    };
    assert_refused!(
        world,
        world
            .devices
            .sender(carol)
            .reinstate_device_license(old, hash(2)),
        InvalidDeviceLicenseStatus,
        invalid.clone(),
        "reinstate"
    );
    assert_refused!(
        world,
        world
            .devices
            .sender(carol)
            .suspend_device_license(old, hash(2)),
        InvalidDeviceLicenseStatus,
        invalid.clone(),
        "suspend"
    );
    assert_refused!(
        world,
        world
            .devices
            .sender(carol)
            .revoke_device_license(old, hash(2)),
        InvalidDeviceLicenseStatus,
        invalid,
        "revoke"
    );
    // And it cannot be superseded again.
    assert_refused!(
        world,
        world
            .devices
            .sender(super::who("bob"))
            .apply_for_device_license(node1(), "AP-1".into(), "rev C".into(), hash(3), old),
        InvalidSupersededLicense,
        D::InvalidSupersededLicense {
            supersedes: old,
            manufacturer: node1()
        }
    );
}
