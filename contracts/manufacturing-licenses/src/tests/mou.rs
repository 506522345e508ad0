//! The Memorandum of Understanding: `publishMou`, `currentMouVersion`, `mou`, `acceptMou`.

use alloc::string::String;

use alloy_primitives::{Address, B256, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::licenses::{IManufacturingLicenses as M, MAX_URI_LEN};
use motsu::prelude::*;

use super::{hash, node1, node2, World, NOW};

#[motsu::test]
fn admin_publishes_numbered_versions(alice: Address) {
    let world = World::new();
    assert_eq!(
        world
            .licenses
            .sender(alice)
            .publish_mou(hash(1), "ipfs://mou-1".into())
            .motsu_unwrap(),
        1
    );
    world.licenses.assert_emitted(&M::MouPublished {
        version: 1,
        hash: hash(1),
        uri: "ipfs://mou-1".into(),
        by: alice,
    });
    let long = "u".repeat(MAX_URI_LEN);
    assert_eq!(
        world
            .licenses
            .sender(alice)
            .publish_mou(hash(2), long.clone())
            .motsu_unwrap(),
        2
    );
    let view = world.licenses.sender(alice);
    assert_eq!(view.current_mou_version(), 2);
    assert_eq!(view.mou(1).0, (hash(1), String::from("ipfs://mou-1"), NOW));
    assert_eq!(view.mou(2).0, (hash(2), long, NOW));
    assert_eq!(view.mou(0).0, (B256::ZERO, String::new(), 0));
    assert_eq!(view.mou(3).0, (B256::ZERO, String::new(), 0));
}

#[motsu::test]
fn a_version_may_have_no_uri(alice: Address) {
    let world = World::new();
    world
        .licenses
        .sender(alice)
        .publish_mou(hash(1), String::new())
        .motsu_unwrap();
    assert_eq!(
        world.licenses.sender(alice).mou(1).0,
        (hash(1), String::new(), NOW)
    );
}

#[motsu::test]
fn publish_refusals(alice: Address, carol: Address, bob: Address) {
    let world = World::new();
    for caller in [carol, bob] {
        assert_refused!(
            world,
            world
                .licenses
                .sender(caller)
                .publish_mou(hash(1), "x".into()),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "{caller}"
        );
    }
    assert_refused!(
        world,
        world
            .licenses
            .sender(alice)
            .publish_mou(B256::ZERO, "x".into()),
        InvalidHash,
        M::InvalidHash {}
    );
    assert_refused!(
        world,
        world
            .licenses
            .sender(alice)
            .publish_mou(hash(1), "u".repeat(MAX_URI_LEN + 1)),
        UriTooLong,
        M::UriTooLong {
            length: U256::from(MAX_URI_LEN + 1),
            max: U256::from(MAX_URI_LEN)
        }
    );
}

#[motsu::test]
fn holder_accepts_the_current_version(bob: Address) {
    let world = World::new();
    world.publish(1);
    world.publish(2);
    world
        .licenses
        .sender(bob)
        .accept_mou(node1(), 2)
        .motsu_unwrap();
    world.licenses.assert_emitted(&M::MouAccepted {
        node: node1(),
        version: 2,
        holder: bob,
    });
    let record = world.record(node1());
    assert_eq!((record.6, record.7), (2, NOW));
    // Accepting again is harmless; a new version needs a new acceptance.
    world
        .licenses
        .sender(bob)
        .accept_mou(node1(), 2)
        .motsu_unwrap();
    world.publish(3);
    assert_eq!(world.record(node1()).6, 2);
    world
        .licenses
        .sender(bob)
        .accept_mou(node1(), 3)
        .motsu_unwrap();
    assert_eq!(world.record(node1()).6, 3);
}

#[motsu::test]
fn accept_refusals(alice: Address, bob: Address, dave: Address, grace: Address) {
    let world = World::new();
    assert_refused!(
        world,
        world.licenses.sender(bob).accept_mou(node1(), 1),
        NoMouPublished,
        M::NoMouPublished {}
    );
    world.publish(1);
    world.publish(2);
    // Only the holder itself: not its delegate, an admin or another holder.
    for caller in [dave, alice, grace] {
        assert_refused!(
            world,
            world.licenses.sender(caller).accept_mou(node1(), 2),
            CallerNotNodeHolder,
            M::CallerNotNodeHolder {
                node: node1(),
                account: caller
            },
            "{caller}"
        );
    }
    for version in [0, 1, 3] {
        assert_refused!(
            world,
            world.licenses.sender(bob).accept_mou(node1(), version),
            MouVersionMismatch,
            M::MouVersionMismatch {
                version,
                current: 2
            },
            "version {version}"
        );
    }
    let unknown = U256::from(9);
    assert_refused!(
        world,
        world.licenses.sender(bob).accept_mou(unknown, 2),
        UnknownManufacturer,
        M::UnknownManufacturer { node: unknown }
    );
    // Each node accepts for itself.
    world
        .licenses
        .sender(grace)
        .accept_mou(node2(), 2)
        .motsu_unwrap();
    assert_eq!(world.record(node1()).6, 0);
}
