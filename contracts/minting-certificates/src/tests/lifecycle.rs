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

    // A rotation by the manufacturer's delegate: the current key agrees and the new key
    // proves itself, both over nonce 1.
    let new = rotation_key(1);
    let stale = world.rotate_signature(&d.key, &new, d.id(), 0);
    let err = world
        .certificates
        .sender(who("dave"))
        .factory_reset(d.id(), new.address(), stale)
        .motsu_unwrap_err();
    assert!(
        matches!(err, crate::Error::WrongSigner(_)),
        "stale nonce: {err:?}"
    );
    let good = world.rotate_signature(&d.key, &new, d.id(), 1);
    let mut high_first = high_s_twin(&good[..65]);
    high_first.extend_from_slice(&good[65..]);
    let mut high_second = good[..65].to_vec();
    high_second.extend(high_s_twin(&good[65..]));
    for (case, bad) in [
        ("high s, current key", high_first),
        ("high s, new key", high_second),
        ("one signature", good[..65].to_vec()),
    ] {
        assert_refused!(
            world,
            world
                .certificates
                .sender(who("dave"))
                .factory_reset(d.id(), new.address(), bad.into()),
            InvalidSignature,
            C::InvalidSignature {},
            "{case}"
        );
    }
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
    let sig = world.rotate_signature(&new, &other.key, d.id(), 2);
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
    // A key once used stays taken: not even the certificate's own original key comes back.
    let back = world.rotate_signature(&new, &d.key, d.id(), 2);
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .factory_reset(d.id(), d.address(), back),
        DeviceAddressTaken,
        C::DeviceAddressTaken {
            device: d.address(),
            id: d.id()
        }
    );
    assert_eq!(world.view(d.id()).device, new.address());
}

/// H1: a wallet holding only `FACTORY_RESET` cannot take an unclaimed device by rotating its
/// key to one it controls: the rotation needs the current device key's agreement.
#[motsu::test]
fn a_reset_delegate_cannot_rotate_to_its_own_key_and_claim() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let thief = rotation_key(9);
    let mallory = who("mallory");
    world
        .registry
        .sender(who("bob"))
        .grant_privilege(
            super::node1(),
            mallory,
            dimo_interfaces::privileges::FACTORY_RESET,
            u64::MAX,
        )
        .motsu_unwrap();
    // Yesterday's attack: only the new key signs.
    let only_new: stylus_sdk::abi::Bytes =
        world.rotate_half(&thief, thief.address(), d.id(), 0).into();
    assert_refused!(
        world,
        world
            .certificates
            .sender(mallory)
            .factory_reset(d.id(), thief.address(), only_new),
        InvalidSignature,
        C::InvalidSignature {}
    );
    // The thief's key signing both halves is refused: the first half must be the device's.
    let forged = world.rotate_signature(&thief, &thief, d.id(), 0);
    assert_refused!(
        world,
        world
            .certificates
            .sender(mallory)
            .factory_reset(d.id(), thief.address(), forged),
        WrongSigner,
        C::WrongSigner {
            expected: d.address(),
            recovered: thief.address()
        }
    );
    // So the thief's own Claim signature gets nowhere: the device key is still the original.
    let claim = world.claim_signature(&thief, d.id(), mallory, 0, U256::MAX);
    assert_refused!(
        world,
        world
            .certificates
            .sender(mallory)
            .claim(d.id(), mallory, U256::ZERO, U256::MAX, claim),
        WrongSigner,
        C::WrongSigner {
            expected: d.address(),
            recovered: thief.address()
        }
    );
    assert_eq!(world.owner(d.id()), who("bob"));
}

/// L1: a key rotated away from is never released: it cannot name a new certificate nor be
/// rotated into another one.
#[motsu::test]
fn a_key_rotated_away_from_stays_taken() {
    let world = World::new();
    let mut minted = world.mint(0..2);
    let (b, a) = (minted.remove(1), minted.remove(0));
    let (k1, k2) = (rotation_key(1), rotation_key(2));
    let bob = who("bob");
    let sig = world.rotate_signature(&a.key, &k1, a.id(), 0);
    world
        .certificates
        .sender(bob)
        .factory_reset(a.id(), k1.address(), sig)
        .motsu_unwrap();
    let sig = world.rotate_signature(&k1, &k2, a.id(), 1);
    world
        .certificates
        .sender(bob)
        .factory_reset(a.id(), k2.address(), sig)
        .motsu_unwrap();
    // k1 no longer looks up, but it is retired, not free.
    assert_eq!(
        world
            .certificates
            .sender(Address::ZERO)
            .id_by_device_address(k1.address()),
        U256::ZERO
    );
    let sig = world.rotate_signature(&b.key, &k1, b.id(), 0);
    assert_refused!(
        world,
        world
            .certificates
            .sender(bob)
            .factory_reset(b.id(), k1.address(), sig),
        DeviceAddressTaken,
        C::DeviceAddressTaken {
            device: k1.address(),
            id: a.id()
        }
    );
    let mut fresh = super::Device::new(40);
    fresh.key = k1.clone();
    let input = fresh.input(world.at(), super::node1());
    assert_refused!(
        world,
        world.certificates.sender(bob).mint_certificates(
            super::node1(),
            World::license1(),
            alloc::vec![input]
        ),
        DeviceAddressTaken,
        C::DeviceAddressTaken {
            device: k1.address(),
            id: a.id()
        }
    );
}

/// L2: a key rotation invalidates outstanding claim signatures, made by either key.
#[motsu::test]
fn a_key_rotation_invalidates_outstanding_claim_signatures() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    let uma = who("uma");
    let old_claim = world.claim_signature(&d.key, d.id(), uma, 0, U256::MAX);
    let new = rotation_key(1);
    let sig = world.rotate_signature(&d.key, &new, d.id(), 0);
    world
        .certificates
        .sender(who("bob"))
        .factory_reset(d.id(), new.address(), sig)
        .motsu_unwrap();
    assert_eq!(
        world.certificates.sender(uma).claim_nonce(d.id()),
        U256::from(1)
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(uma)
            .claim(d.id(), uma, U256::ZERO, U256::MAX, old_claim),
        InvalidNonce,
        C::InvalidNonce {
            nonce: U256::ZERO,
            expected: U256::from(1)
        }
    );
    // The new key signs with the new nonce.
    let fresh = world.claim_signature(&new, d.id(), uma, 1, U256::MAX);
    world
        .certificates
        .sender(uma)
        .claim(d.id(), uma, U256::from(1), U256::MAX, fresh)
        .motsu_unwrap();
    assert_eq!(world.owner(d.id()), uma);
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
    let sig = world.rotate_signature(&d.key, &new, d.id(), 0);
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
