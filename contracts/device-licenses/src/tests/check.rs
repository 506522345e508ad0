//! `deviceLicenseCheck`: what a mint asks in one call (the licence's manufacturer and whether
//! it is active), against `deviceLicenseManufacturer` and `isDeviceLicenseActive`.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;

use super::{hash, node1, node2, World};

/// The check of licence `id`, asserted consistent with the two single views.
fn check(world: &World, id: U256) -> (U256, bool) {
    let view = world.devices.sender(Address::ZERO);
    let answer = view.device_license_check(id);
    assert_eq!(
        answer,
        (
            view.device_license_manufacturer(id),
            view.is_device_license_active(id)
        )
    );
    answer
}

#[motsu::test]
fn unknown_licences_have_no_manufacturer() {
    let world = World::new();
    for id in [U256::ZERO, U256::from(1), U256::MAX] {
        assert_eq!(check(&world, id), (U256::ZERO, false));
    }
}

#[motsu::test]
fn answers_each_state_of_the_licence(bob: Address, carol: Address) {
    let world = World::new();
    let pending = world.apply(bob, node1(), U256::ZERO);
    assert_eq!(check(&world, pending), (node1(), false));

    let licence = world.grant(node1(), U256::ZERO);
    assert_eq!(check(&world, licence), (node1(), true));
    let other = world.grant(node2(), U256::ZERO);
    assert_eq!(check(&world, other), (node2(), true));

    world
        .devices
        .sender(carol)
        .suspend_device_license(licence, hash(1))
        .motsu_unwrap();
    assert_eq!(check(&world, licence), (node1(), false));
    world
        .devices
        .sender(carol)
        .reinstate_device_license(licence, hash(2))
        .motsu_unwrap();
    assert_eq!(check(&world, licence), (node1(), true));

    // A revision supersedes it.
    let revised = world.grant(node1(), licence);
    assert_eq!(check(&world, licence), (node1(), false));
    assert_eq!(check(&world, revised), (node1(), true));

    world
        .devices
        .sender(carol)
        .revoke_device_license(revised, hash(3))
        .motsu_unwrap();
    assert_eq!(check(&world, revised), (node1(), false));
    assert_eq!(check(&world, other), (node2(), true));
}
