//! After the decision: `suspendDeviceLicense`, `reinstateDeviceLicense`,
//! `revokeDeviceLicense`, and who may call them.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use dimo_interfaces::licenses::{DeviceStatus as S, IDeviceLicenses as D};
use motsu::prelude::*;

use super::{events, hash, node1, status, who, World, NOW};

#[motsu::test]
fn licence_manager_suspends_reinstates_and_revokes(alice: Address, bob: Address, carol: Address) {
    let world = World::new();
    let licence = world.grant(node1(), U256::ZERO);
    let active = || world.devices.sender(bob).is_device_license_active(licence);

    world
        .devices
        .sender(carol)
        .suspend_device_license(licence, hash(1))
        .motsu_unwrap();
    assert_eq!(world.status_of(licence), status(S::Suspended));
    assert!(!active());

    world
        .devices
        .sender(alice)
        .reinstate_device_license(licence, hash(2))
        .motsu_unwrap();
    assert_eq!(world.status_of(licence), status(S::Active));
    assert!(active());

    world
        .devices
        .sender(carol)
        .revoke_device_license(licence, hash(3))
        .motsu_unwrap();
    assert_eq!(world.status_of(licence), status(S::Revoked));
    assert!(!active());
    let record = world.record(licence);
    assert_eq!((record.decided_at, record.changed_at), (NOW, NOW));

    let changes: Vec<_> = events::<D::DeviceLicenseStatusChanged>(&world.devices)
        .iter()
        .map(|e| (e.id, e.status, e.reason, e.by))
        .collect();
    assert_eq!(
        changes,
        [
            (licence, status(S::Suspended), hash(1), carol),
            (licence, status(S::Active), hash(2), alice),
            (licence, status(S::Revoked), hash(3), carol),
        ]
    );
}

#[motsu::test]
fn an_added_admin_may_decide_too(alice: Address, oscar: Address) {
    let world = World::new();
    let licence = world.grant(node1(), U256::ZERO);
    world.devices.sender(alice).add_admin(oscar).motsu_unwrap();
    world
        .devices
        .sender(oscar)
        .suspend_device_license(licence, hash(1))
        .motsu_unwrap();
    assert_eq!(world.status_of(licence), status(S::Suspended));
}

#[motsu::test]
fn revoking_a_pending_application_closes_it(bob: Address, carol: Address) {
    let world = World::new();
    let pending = world.apply(bob, node1(), U256::ZERO);
    world
        .devices
        .sender(carol)
        .revoke_device_license(pending, hash(4))
        .motsu_unwrap();
    assert_eq!(world.status_of(pending), status(S::Revoked));
    assert_eq!(
        world.record(pending).decided_at,
        0,
        "never decided by the team"
    );
}

#[motsu::test]
fn status_changes_refuse_callers_that_are_not_managers(alice: Address, bob: Address) {
    let world = World::new();
    let licence = world.grant(node1(), U256::ZERO);
    for (role, caller) in [
        ("holder", bob),
        ("auditor", who("erin")),
        ("team member", who("tm1")),
        ("outsider", who("oscar")),
        // An admin of the manufacturing-licence contract only.
        ("admin elsewhere", who("ivan")),
    ] {
        if caller == who("ivan") {
            world
                .manufacturing
                .sender(alice)
                .add_admin(caller)
                .motsu_unwrap();
        }
        let refusal = D::CallerNotLicenseManager { account: caller };
        assert_refused!(
            world,
            world
                .devices
                .sender(caller)
                .suspend_device_license(licence, hash(1)),
            CallerNotLicenseManager,
            refusal.clone(),
            "suspend by {role}"
        );
        assert_refused!(
            world,
            world
                .devices
                .sender(caller)
                .reinstate_device_license(licence, hash(1)),
            CallerNotLicenseManager,
            refusal.clone(),
            "reinstate by {role}"
        );
        assert_refused!(
            world,
            world
                .devices
                .sender(caller)
                .revoke_device_license(licence, hash(1)),
            CallerNotLicenseManager,
            refusal,
            "revoke by {role}"
        );
    }
}

#[motsu::test]
fn a_manager_removed_from_the_manufacturing_contract_loses_the_role(
    alice: Address,
    carol: Address,
) {
    let world = World::new();
    let licence = world.grant(node1(), U256::ZERO);
    world
        .manufacturing
        .sender(alice)
        .remove_license_manager(carol)
        .motsu_unwrap();
    assert_refused!(
        world,
        world
            .devices
            .sender(carol)
            .suspend_device_license(licence, hash(1)),
        CallerNotLicenseManager,
        D::CallerNotLicenseManager { account: carol }
    );
}

#[motsu::test]
fn status_changes_refuse_wrong_states(bob: Address, carol: Address) {
    let world = World::new();
    let pending = world.apply(bob, node1(), U256::ZERO);
    let active = world.grant(node1(), U256::ZERO);
    let suspended = world.grant(node1(), U256::ZERO);
    world
        .devices
        .sender(carol)
        .suspend_device_license(suspended, hash(1))
        .motsu_unwrap();
    let rejected = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(rejected);
    world.vote("tm1", rejected, false);
    world.vote("tm2", rejected, false);
    let revoked = world.grant(node1(), U256::ZERO);
    world
        .devices
        .sender(carol)
        .revoke_device_license(revoked, hash(1))
        .motsu_unwrap();

    let invalid = |id: U256, s: S| D::InvalidDeviceLicenseStatus {
        id,
        status: status(s),
    };
    let call = || world.devices.sender(carol);
    for (licence, s) in [
        (pending, S::Pending),
        (suspended, S::Suspended),
        (rejected, S::Rejected),
        (revoked, S::Revoked),
    ] {
        assert_refused!(
            world,
            call().suspend_device_license(licence, hash(2)),
            InvalidDeviceLicenseStatus,
            invalid(licence, s),
            "suspend {s:?}"
        );
    }
    for (licence, s) in [
        (pending, S::Pending),
        (active, S::Active),
        (rejected, S::Rejected),
        (revoked, S::Revoked),
    ] {
        assert_refused!(
            world,
            call().reinstate_device_license(licence, hash(2)),
            InvalidDeviceLicenseStatus,
            invalid(licence, s),
            "reinstate {s:?}"
        );
    }
    for (licence, s) in [(rejected, S::Rejected), (revoked, S::Revoked)] {
        assert_refused!(
            world,
            call().revoke_device_license(licence, hash(2)),
            InvalidDeviceLicenseStatus,
            invalid(licence, s),
            "revoke {s:?}"
        );
    }
    let unknown = U256::from(99);
    assert_refused!(
        world,
        call().revoke_device_license(unknown, hash(2)),
        UnknownDeviceLicense,
        D::UnknownDeviceLicense { id: unknown }
    );
}

#[motsu::test]
fn a_device_licence_outlives_changes_to_the_manufacturing_license(bob: Address, carol: Address) {
    let world = World::new();
    let licence = world.grant(node1(), U256::ZERO);
    world
        .manufacturing
        .sender(carol)
        .suspend_manufacturing_license(node1(), hash(1))
        .motsu_unwrap();
    // The device licence itself stays active: the certificate contract checks both.
    assert!(world.devices.sender(bob).is_device_license_active(licence));
    assert!(!world
        .manufacturing
        .sender(bob)
        .is_manufacturer_licensed(node1()));
}
