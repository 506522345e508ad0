//! Factory custody: every change of owner kills outstanding claim signatures (L2), and a node
//! transfer strands no device (claims from a previous holder's wallet).

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use dimo_interfaces::{certificates::IDeviceCertificates as C, erc::IERC721};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{decode, hash, node1, who, Device, World};

/// Node 1 passes from `bob` to `hank`, a new controller.
fn transfer_node1(world: &World, to: &str) {
    let holder = world
        .registry
        .sender(Address::ZERO)
        .owner_of(node1())
        .motsu_unwrap();
    world
        .registry
        .sender(who("alice"))
        .add_controller(who(to))
        .motsu_unwrap();
    world
        .registry
        .sender(holder)
        .transfer_from(holder, who(to), node1())
        .motsu_unwrap();
}

/// L2: factory -> buyer -> factory (a warranty return, by plain ERC-721 transfers): the
/// claim signature made before it no longer works, and the nonce counts every change.
#[motsu::test]
fn a_change_of_owner_kills_outstanding_claim_signatures() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let (bob, uma, vic) = (who("bob"), who("uma"), who("vic"));
    let unused = world.claim_signature(&d.key, d.id(), uma, 0, U256::MAX);
    world
        .token
        .sender(bob)
        .transfer_from(bob, vic, d.id())
        .motsu_unwrap();
    world
        .token
        .sender(vic)
        .transfer_from(vic, bob, d.id())
        .motsu_unwrap();
    assert_eq!(world.owner(d.id()), bob);
    assert_eq!(
        world.certificates.sender(uma).claim_nonce(d.id()),
        U256::from(2)
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .claim(d.id(), uma, U256::ZERO, U256::MAX, unused),
        InvalidNonce,
        C::InvalidNonce {
            nonce: U256::ZERO,
            expected: U256::from(2)
        }
    );
    // A fresh signature with the current nonce works (the device is back in the factory).
    world.claim_to(&d, uma);
    assert_eq!(world.owner(d.id()), uma);
    assert_eq!(
        world.certificates.sender(uma).claim_nonce(d.id()),
        U256::from(3)
    );
}

/// A factory reset without a key rotation also moves the claim nonce on.
#[motsu::test]
fn every_factory_reset_moves_the_claim_nonce_on() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let uma = who("uma");
    let unused = world.claim_signature(&d.key, d.id(), uma, 0, U256::MAX);
    world
        .certificates
        .sender(who("dave"))
        .factory_reset(d.id(), Address::ZERO, Vec::new().into())
        .motsu_unwrap();
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .claim(d.id(), uma, U256::ZERO, U256::MAX, unused),
        InvalidNonce,
        C::InvalidNonce {
            nonce: U256::ZERO,
            expected: U256::from(1)
        }
    );
    world.claim_to(&d, uma);
}

/// After a node transfer, a device minted to the previous holder is still claimable from
/// its wallet (it never moved), while a device the previous holder sold is not; the previous
/// holder and its delegates can no longer act for the node. Through a second node transfer
/// the never-moved devices stay claimable.
#[motsu::test]
fn a_node_transfer_strands_no_device() {
    let world = World::new();
    let devices = world.mint(0..3);
    let [bob, dave, uma, oscar] = ["bob", "dave", "uma", "oscar"].map(who);
    // Before the transfer, bob sells device 2 outright (it leaves custody).
    world
        .token
        .sender(bob)
        .transfer_from(bob, oscar, devices[2].id())
        .motsu_unwrap();
    transfer_node1(&world, "hank");

    // Device 0 is claimed from bob's wallet, where it was minted.
    world.claim_to(&devices[0], uma);
    assert_eq!(world.owner(devices[0].id()), uma);
    let (logs, token_logs) = world.logs();
    let claimed = decode::<C::CertificateClaimed>(&logs);
    assert_eq!((claimed[0].id, claimed[0].owner), (devices[0].id(), uma));
    let last = decode::<IERC721::Transfer>(&token_logs).pop().unwrap();
    assert_eq!((last.from, last.to), (bob, uma));

    // bob and his delegate can no longer act for the node.
    for account in [bob, dave] {
        assert_refused!(
            world,
            world.certificates.sender(account).update_firmware(
                devices[1].id(),
                2 << 48,
                hash(9),
                false
            ),
            CallerNotAuthorized,
            C::CallerNotAuthorized {
                node: node1(),
                account
            }
        );
        assert_refused!(
            world,
            world.certificates.sender(account).mint_certificates(
                node1(),
                World::license1(),
                vec![Device::new(7).input(world.at(), node1())]
            ),
            CallerNotAuthorized,
            C::CallerNotAuthorized {
                node: node1(),
                account
            }
        );
    }

    // The sold device is out of custody: its device's signature does not bring it back.
    let sold = &devices[2];
    let signature = world.claim_signature(&sold.key, sold.id(), uma, 1, U256::MAX);
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .claim(sold.id(), uma, U256::from(1), U256::MAX, signature),
        NotInFactoryCustody,
        C::NotInFactoryCustody {
            id: sold.id(),
            owner: oscar
        }
    );

    // The node moves on again: device 1, never moved, is still claimable from bob's wallet.
    transfer_node1(&world, "ivy");
    world.claim_to(&devices[1], uma);
    assert_eq!(world.owner(devices[1].id()), uma);
}
