//! `manufacturingLicenseCheck`: what a mint asks in one call (licensed now, the grant number
//! and the expiry), against `isManufacturerLicensed` and the record.

use alloy_primitives::{Address, U256, U64};
use motsu::prelude::*;

use super::{hash, min, node1, node2, World, NOW};

/// The check of `node`, asserted consistent with `isManufacturerLicensed` and the record.
fn check(world: &World, node: U256) -> (bool, u64, u64) {
    let answer = world
        .licenses
        .sender(Address::ZERO)
        .manufacturing_license_check(node);
    let record = world.record(node);
    assert_eq!(
        answer,
        (
            world
                .licenses
                .sender(Address::ZERO)
                .is_manufacturer_licensed(node),
            record.1,
            record.3
        )
    );
    answer
}

#[motsu::test]
fn unknown_nodes_are_not_licensed() {
    let world = World::new();
    for node in [U256::ZERO, node1(), U256::MAX] {
        assert_eq!(check(&world, node), (false, 0, 0));
    }
}

#[motsu::test]
fn answers_each_state_of_the_licence(alice: Address, carol: Address) {
    let world = World::new();
    world.license(node1());
    assert_eq!(check(&world, node1()), (true, 1, 0));
    assert_eq!(check(&world, node2()), (false, 0, 0));

    world
        .licenses
        .sender(carol)
        .suspend_manufacturing_license(node1(), hash(2))
        .motsu_unwrap();
    assert_eq!(check(&world, node1()), (false, 1, 0));

    world
        .licenses
        .sender(carol)
        .revoke_manufacturing_license(node1(), hash(3))
        .motsu_unwrap();
    assert_eq!(check(&world, node1()), (false, 1, 0));

    // A new grant, with an expiry: grant number 2.
    world
        .licenses
        .sender(alice)
        .grant_manufacturing_license(node1(), NOW + 1, hash(4))
        .motsu_unwrap();
    assert_eq!(check(&world, node1()), (true, 2, NOW + 1));

    // At its expiry second it no longer counts (written into storage: motsu's clock is
    // fixed).
    world
        .licenses
        .sender(alice)
        .nodes
        .setter(node1())
        .expires_at
        .set(U64::from(NOW));
    assert_eq!(check(&world, node1()), (false, 2, NOW));
}

#[motsu::test]
fn an_understaked_licence_does_not_count(alice: Address) {
    let world = World::new();
    world.license(node1());
    world
        .licenses
        .sender(alice)
        .set_minimum_stake(min() + U256::from(1))
        .motsu_unwrap();
    assert_eq!(check(&world, node1()), (false, 1, 0));
}
