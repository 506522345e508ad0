//! `voidCertificate`: the foundation's answer to a squatted identifier (M1), and the
//! constructor's refusal of zero addresses.

use alloc::vec;

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    certificates::{link, status, ICertificateToken as T, IDeviceCertificates as C},
    licenses::IManufacturingLicenses as M,
};
use motsu::prelude::*;

use super::{decode, hash, node1, node2, who, Device, World, NOW};
use crate::DeviceCertificates;

/// M1: a rival manufacturer mints a throw-away device carrying another maker's IMEI. The
/// victim mints the rest of its batch meanwhile; a registry admin voids the squatting
/// certificate (IMEI and serial freed, token retired, events), the victim then mints its
/// device with that IMEI, and the squatter's stake is still there to slash.
#[motsu::test]
fn the_foundation_voids_a_squatting_certificate() {
    let world = World::new();
    let [alice, bob, grace] = ["alice", "bob", "grace"].map(who);
    let victims: vec::Vec<Device> = (0..3).map(Device::new).collect();
    let mut squat = Device::new(20);
    squat.imei = victims[0].imei;
    world.mint_as(grace, node2(), World::license2(), &[squat.clone()]);

    // The victim's batch with the squatted IMEI is refused; its other devices are not held.
    let inputs = victims
        .iter()
        .map(|d| d.input(world.at(), node1()))
        .collect();
    assert_refused!(
        world,
        world
            .certificates
            .sender(bob)
            .mint_certificates(node1(), World::license1(), inputs),
        ImeiTaken,
        C::ImeiTaken {
            imei: victims[0].imei,
            id: squat.id()
        }
    );
    world.mint_as(bob, node1(), World::license1(), &victims[1..]);

    // Only a registry admin voids, with a reason.
    for account in [bob, grace, who("carol"), who("dave")] {
        assert_refused!(
            world,
            world
                .certificates
                .sender(account)
                .void_certificate(squat.id(), hash(0xd5)),
            CallerNotRegistryAdmin,
            C::CallerNotRegistryAdmin { account }
        );
    }
    assert_refused!(
        world,
        world
            .certificates
            .sender(alice)
            .void_certificate(squat.id(), alloy_primitives::B256::ZERO),
        InvalidHash,
        C::InvalidHash {}
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(alice)
            .void_certificate(U256::from(77), hash(0xd5)),
        UnknownCertificate,
        C::UnknownCertificate { id: U256::from(77) }
    );

    world
        .certificates
        .sender(alice)
        .void_certificate(squat.id(), hash(0xd5))
        .motsu_unwrap();
    let v = world.view(squat.id());
    assert_eq!(
        (v.status, v.retired_at, v.imei),
        (status::VOIDED, NOW, squat.imei)
    );
    let head = alloy_primitives::keccak256(alloy_sol_types::SolValue::abi_encode(&(
        alloy_primitives::B256::ZERO,
        U256::from(link::VOIDED),
        squat.id(),
        hash(0xd5),
        alice,
    )));
    assert_eq!(v.head, head);
    let (logs, token_logs) = world.logs();
    let voided = decode::<C::CertificateVoided>(&logs);
    assert_eq!(
        voided,
        vec![C::CertificateVoided {
            id: squat.id(),
            manufacturer: node2(),
            imei: squat.imei,
            reason: hash(0xd5),
            head,
            by: alice,
        }]
    );
    assert_eq!(
        decode::<T::TokenRetired>(&token_logs),
        vec![T::TokenRetired { id: squat.id() }]
    );
    let call = world.certificates.sender(Address::ZERO);
    assert_eq!(call.id_by_imei(squat.imei), U256::ZERO);
    assert_eq!(
        call.id_by_serial(node2(), squat.serial.clone().into()),
        U256::ZERO
    );
    drop(call);
    assert!(world.token.sender(alice).is_retired(squat.id()));

    // Voided is terminal: no second void, no lifecycle call.
    assert_refused!(
        world,
        world
            .certificates
            .sender(alice)
            .void_certificate(squat.id(), hash(0xd6)),
        CertificateRetired,
        C::CertificateRetired { id: squat.id() }
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(grace)
            .end_of_life(squat.id(), status::DECOMMISSIONED, hash(1)),
        CertificateRetired,
        C::CertificateRetired { id: squat.id() }
    );

    // The rightful device now mints with its IMEI.
    world.mint_as(bob, node1(), World::license1(), &victims[..1]);
    assert_eq!(
        world
            .certificates
            .sender(Address::ZERO)
            .id_by_imei(victims[0].imei),
        victims[0].id()
    );

    // The squatter's stake is still there, and the foundation slashes it.
    let stake = world.manufacturing.sender(alice).stake_of(node2());
    assert!(!stake.is_zero());
    world
        .manufacturing
        .sender(alice)
        .set_treasury(who("treasury"))
        .motsu_unwrap();
    world
        .manufacturing
        .sender(alice)
        .slash(node2(), stake, hash(0xd5))
        .motsu_unwrap();
    world.manufacturing.assert_emitted(&M::StakeSlashed {
        node: node2(),
        treasury: who("treasury"),
        amount: stake,
        stake: U256::ZERO,
        reason: hash(0xd5),
        by: alice,
    });
}

/// A squatter cannot keep an IMEI locked by ending its certificate's life first.
#[motsu::test]
fn a_squatting_certificate_at_end_of_life_can_still_be_voided() {
    let world = World::new();
    let [alice, grace] = ["alice", "grace"].map(who);
    let mut squat = Device::new(21);
    squat.imei = Device::new(0).imei;
    world.mint_as(grace, node2(), World::license2(), &[squat.clone()]);
    world
        .certificates
        .sender(grace)
        .end_of_life(squat.id(), status::DISPOSED, hash(2))
        .motsu_unwrap();
    world
        .certificates
        .sender(alice)
        .void_certificate(squat.id(), hash(0xd5))
        .motsu_unwrap();
    let v = world.view(squat.id());
    // The end-of-life date stays; the status says voided.
    assert_eq!((v.status, v.retired_at), (status::VOIDED, NOW));
    world.mint(0..1);
    assert_eq!(
        world
            .certificates
            .sender(Address::ZERO)
            .id_by_imei(squat.imei),
        Device::new(0).id()
    );
}

#[motsu::test]
fn the_constructor_refuses_zero_addresses(certificates: Contract<DeviceCertificates>) {
    let a = who("alice");
    for index in 0..4 {
        let mut args = [a; 4];
        args[index] = Address::ZERO;
        let err = certificates
            .sender(a)
            .constructor(args[0], args[1], args[2], args[3])
            .motsu_unwrap_err();
        assert_err!(
            err,
            InvalidConfiguration,
            C::InvalidConfiguration {
                account: Address::ZERO
            }
        );
    }
}
