//! The lifecycle: OTA updates, factory resets with and without key rotation, end of life,
//! the history chain, and what end of life forbids.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolValue;
use dimo_interfaces::{
    certificates::{link, status, ICertificateToken as T, IDeviceCertificates as C},
    signer::high_s_twin,
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{decode, hash, rotation_key, who, World, NOW};

#[motsu::test]
fn the_manufacturer_records_ota_updates() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    world.claim_to(&d, who("uma"));
    let v1 = d.firmware;
    let v2 = v1 + (1 << 32);
    // Holder and delegate may; the owner and outsiders may not.
    for tag in ["uma", "oscar", "grace"] {
        assert_refused!(
            world,
            world
                .certificates
                .sender(who(tag))
                .update_firmware(d.id(), v2, hash(9), false),
            CallerNotAuthorized,
            C::CallerNotAuthorized {
                node: super::node1(),
                account: who(tag)
            },
            "{tag}"
        );
    }
    world
        .certificates
        .sender(who("dave"))
        .update_firmware(d.id(), v2, hash(9), false)
        .motsu_unwrap();
    let head1 = keccak256(
        (
            B256::ZERO,
            U256::from(link::OTA_UPDATE),
            d.id(),
            U256::from(v1),
            U256::from(v2),
            hash(9),
            false,
            who("dave"),
        )
            .abi_encode(),
    );
    let v = world.view(d.id());
    assert_eq!(
        (v.initial_firmware, v.firmware, v.ota, v.head),
        (v1, v2, 1, head1)
    );
    let e = decode::<C::FirmwareUpdated>(&world.logs().0).remove(0);
    assert_eq!(
        (
            e.id,
            e.manufacturer,
            e.from,
            e.to,
            e.imageHash,
            e.rollback,
            e.count,
            e.head,
            e.by
        ),
        (
            d.id(),
            super::node1(),
            v1,
            v2,
            hash(9),
            false,
            1,
            head1,
            who("dave")
        )
    );

    // A downgrade needs the rollback flag, a rollback must go down, the same version is no
    // update, and the image hash is required.
    for (version, rollback) in [
        (v1, false),
        (v2, false),
        (v2, true),
        (v2 + 1, true),
        (0, true),
    ] {
        assert_refused!(
            world,
            world.certificates.sender(who("bob")).update_firmware(
                d.id(),
                version,
                hash(9),
                rollback
            ),
            InvalidFirmwareChange,
            C::InvalidFirmwareChange {
                current: v2,
                next: version,
                rollback
            },
            "{version} {rollback}"
        );
    }
    assert_refused!(
        world,
        world
            .certificates
            .sender(who("bob"))
            .update_firmware(d.id(), v2 + 1, B256::ZERO, false),
        InvalidHash,
        C::InvalidHash {}
    );
    world
        .certificates
        .sender(who("bob"))
        .update_firmware(d.id(), v1, hash(8), true)
        .motsu_unwrap();
    let v = world.view(d.id());
    assert_eq!((v.firmware, v.ota), (v1, 2));
}

#[motsu::test]
fn a_factory_reset_may_rotate_the_device_key() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let uma = who("uma");
    world.claim_to(&d, uma);
    // Outsiders, and the other manufacturer, may not reset.
    for tag in ["oscar", "grace"] {
        assert_refused!(
            world,
            world
                .certificates
                .sender(who(tag))
                .factory_reset(d.id(), Address::ZERO, vec![].into()),
            CallerNotOwnerOrManufacturer,
            C::CallerNotOwnerOrManufacturer {
                id: d.id(),
                account: who(tag)
            },
            "{tag}"
        );
    }
    // A plain reset by the owner.
    world
        .certificates
        .sender(uma)
        .factory_reset(d.id(), Address::ZERO, vec![].into())
        .motsu_unwrap();
    let head1 = keccak256(
        (
            B256::ZERO,
            U256::from(link::FACTORY_RESET),
            d.id(),
            d.address(),
            d.address(),
            uma,
        )
            .abi_encode(),
    );
    assert_eq!(world.view(d.id()).head, head1);

    // A rotation by the manufacturer's delegate: signed by the new key over nonce 1.
    let new = rotation_key(1);
    let stale = world.rotate_signature(&new, d.id(), 0);
    let err = world
        .certificates
        .sender(who("dave"))
        .factory_reset(d.id(), new.address(), stale)
        .motsu_unwrap_err();
    assert!(
        matches!(err, crate::Error::WrongSigner(_)),
        "stale nonce: {err:?}"
    );
    let by_old_key = world.rotate_signature(&d.key, d.id(), 1);
    let err = world
        .certificates
        .sender(who("dave"))
        .factory_reset(d.id(), new.address(), by_old_key)
        .motsu_unwrap_err();
    assert!(
        matches!(err, crate::Error::WrongSigner(_)),
        "old key: {err:?}"
    );
    let good = world.rotate_signature(&new, d.id(), 1);
    assert_refused!(
        world,
        world.certificates.sender(who("dave")).factory_reset(
            d.id(),
            new.address(),
            high_s_twin(&good).into()
        ),
        InvalidSignature,
        C::InvalidSignature {}
    );
    world
        .certificates
        .sender(who("dave"))
        .factory_reset(d.id(), new.address(), good.clone())
        .motsu_unwrap();
    let call = world.certificates.sender(Address::ZERO);
    assert_eq!(call.id_by_device_address(new.address()), d.id());
    assert_eq!(call.id_by_device_address(d.address()), U256::ZERO);
    drop(call);
    let v = world.view(d.id());
    assert_eq!((v.device, v.resets), (new.address(), 2));
    let e = decode::<C::FactoryReset>(&world.logs().0).remove(1);
    assert_eq!(
        (e.oldDevice, e.newDevice, e.count, e.by),
        (d.address(), new.address(), 2, who("dave"))
    );
    // The same signature cannot rotate again (the nonce moved on; the key is now taken).
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .factory_reset(d.id(), new.address(), good),
        DeviceAddressTaken,
        C::DeviceAddressTaken {
            device: new.address(),
            id: d.id()
        }
    );
    // Another certificate's key is taken.
    let other = world.mint(1..2).remove(0);
    let sig = world.rotate_signature(&other.key, d.id(), 2);
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .factory_reset(d.id(), other.address(), sig),
        DeviceAddressTaken,
        C::DeviceAddressTaken {
            device: other.address(),
            id: other.id()
        }
    );
    // Rotating back to the original key works and frees the rotated one.
    let back = world.rotate_signature(&d.key, d.id(), 2);
    world
        .certificates
        .sender(uma)
        .factory_reset(d.id(), d.address(), back)
        .motsu_unwrap();
    let call = world.certificates.sender(Address::ZERO);
    assert_eq!(call.id_by_device_address(d.address()), d.id());
    assert_eq!(call.id_by_device_address(new.address()), U256::ZERO);
    drop(call);
    assert_eq!(world.view(d.id()).device, d.address());
}

#[motsu::test]
fn end_of_life_is_terminal() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let uma = who("uma");
    world.claim_to(&d, uma);
    for kind in [0, 4, 255] {
        assert_refused!(
            world,
            world
                .certificates
                .sender(uma)
                .end_of_life(d.id(), kind, hash(1)),
            InvalidEndOfLifeKind,
            C::InvalidEndOfLifeKind { kind },
            "{kind}"
        );
    }
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .end_of_life(d.id(), status::RECYCLED, B256::ZERO),
        InvalidHash,
        C::InvalidHash {}
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(who("oscar"))
            .end_of_life(d.id(), status::RECYCLED, hash(1)),
        CallerNotOwnerOrManufacturer,
        C::CallerNotOwnerOrManufacturer {
            id: d.id(),
            account: who("oscar")
        }
    );
    world
        .certificates
        .sender(who("dave"))
        .end_of_life(d.id(), status::RECYCLED, hash(1))
        .motsu_unwrap();
    let head = keccak256(
        (
            B256::ZERO,
            U256::from(link::END_OF_LIFE),
            d.id(),
            U256::from(status::RECYCLED),
            hash(1),
            who("dave"),
        )
            .abi_encode(),
    );
    let v = world.view(d.id());
    assert_eq!(
        (v.status, v.retired_at, v.head),
        (status::RECYCLED, NOW, head)
    );
    let (logs, token_logs) = world.logs();
    let e = decode::<C::EndOfLife>(&logs).remove(0);
    assert_eq!(
        (e.kind, e.reason, e.head, e.by),
        (status::RECYCLED, hash(1), head, who("dave"))
    );
    assert_eq!(decode::<T::TokenRetired>(&token_logs).remove(0).id, d.id());
    assert!(world.token.sender(Address::ZERO).is_retired(d.id()));

    // Nothing changes afterwards; the record stays readable.
    let retired = C::CertificateRetired { id: d.id() };
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .end_of_life(d.id(), status::DISPOSED, hash(2)),
        CertificateRetired,
        retired.clone(),
        "end of life again"
    );
    assert_refused!(
        world,
        world.certificates.sender(who("bob")).update_firmware(
            d.id(),
            d.firmware + 1,
            hash(3),
            false
        ),
        CertificateRetired,
        retired.clone(),
        "OTA"
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .factory_reset(d.id(), Address::ZERO, vec![].into()),
        CertificateRetired,
        retired.clone(),
        "reset"
    );
    assert_refused!(
        world,
        world.certificates.sender(uma).mark_provisioned(d.id(), NOW),
        CertificateRetired,
        retired.clone(),
        "provisioning"
    );
    let sig = world.claim_signature(&d.key, d.id(), who("vic"), 1, U256::MAX);
    assert_refused!(
        world,
        world.certificates.sender(who("vic")).claim(
            d.id(),
            who("vic"),
            U256::from(1),
            U256::MAX,
            sig
        ),
        CertificateRetired,
        retired,
        "claim"
    );
    let before = world.observe();
    let err = world
        .token
        .sender(uma)
        .transfer_from(uma, who("vic"), d.id())
        .motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        alloy_sol_types::SolError::abi_encode(&T::CertificateRetired { id: d.id() })
    );
    assert!(
        world.observe() == before,
        "the refused transfer changed the state"
    );
    assert_eq!(world.owner(d.id()), uma);
}

#[motsu::test]
fn the_history_head_folds_every_lifecycle_event() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let bob = who("bob");
    world
        .certificates
        .sender(bob)
        .update_firmware(d.id(), d.firmware + 1, hash(4), false)
        .motsu_unwrap();
    let new = rotation_key(2);
    let sig = world.rotate_signature(&new, d.id(), 0);
    world
        .certificates
        .sender(bob)
        .factory_reset(d.id(), new.address(), sig)
        .motsu_unwrap();
    world
        .certificates
        .sender(bob)
        .end_of_life(d.id(), status::DECOMMISSIONED, hash(5))
        .motsu_unwrap();
    // Recompute from the events alone.
    let logs = world.logs().0;
    let mut head = B256::ZERO;
    let ota = decode::<C::FirmwareUpdated>(&logs).remove(0);
    head = keccak256(
        (
            head,
            U256::from(link::OTA_UPDATE),
            ota.id,
            U256::from(ota.from),
            U256::from(ota.to),
            ota.imageHash,
            ota.rollback,
            ota.by,
        )
            .abi_encode(),
    );
    assert_eq!(head, ota.head);
    let reset = decode::<C::FactoryReset>(&logs).remove(0);
    head = keccak256(
        (
            head,
            U256::from(link::FACTORY_RESET),
            reset.id,
            reset.oldDevice,
            reset.newDevice,
            reset.by,
        )
            .abi_encode(),
    );
    assert_eq!(head, reset.head);
    let eol = decode::<C::EndOfLife>(&logs).remove(0);
    head = keccak256(
        (
            head,
            U256::from(link::END_OF_LIFE),
            eol.id,
            U256::from(eol.kind),
            eol.reason,
            eol.by,
        )
            .abi_encode(),
    );
    assert_eq!(head, eol.head);
    assert_eq!(
        world
            .certificates
            .sender(Address::ZERO)
            .history_head(d.id()),
        head
    );
}

#[motsu::test]
fn lifecycle_calls_on_unknown_certificates_are_refused() {
    let world = World::new();
    let id = U256::from(4242);
    let unknown = C::UnknownCertificate { id };
    assert_refused!(
        world,
        world
            .certificates
            .sender(who("bob"))
            .update_firmware(id, 2, hash(1), false),
        UnknownCertificate,
        unknown.clone(),
        "OTA"
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(who("bob"))
            .factory_reset(id, Address::ZERO, vec![].into()),
        UnknownCertificate,
        unknown.clone(),
        "reset"
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(who("bob"))
            .end_of_life(id, 1, hash(1)),
        UnknownCertificate,
        unknown.clone(),
        "EOL"
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(who("bob"))
            .mark_provisioned(id, NOW),
        UnknownCertificate,
        unknown,
        "provisioning"
    );
}
