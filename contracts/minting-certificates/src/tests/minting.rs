//! `mintCertificates`: the success path with its records and events, the licence checks
//! made once per call, every per-device refusal, and the device-key proof.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{SolError, SolValue};
use dimo_interfaces::{
    certificates::{ICertificateToken as T, IDeviceCertificates as C, MintDevice, MAX_BATCH},
    erc::IERC721,
    signer::{self, high_s_twin},
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{decode, hash, node1, node2, who, Device, World, CHAIN_ID, NOW};
use crate::DeviceInput;

#[motsu::test]
fn a_batch_records_every_field_and_mints_to_the_holder() {
    let world = World::new();
    let mut devices: Vec<Device> = (0..3).map(Device::new).collect();
    devices[1].imei = 0;
    devices[2].ict = false;
    devices[2].mechanical = false;
    devices[2].firmware = (2 << 48) | (3 << 32) | (4 << 16) | 5;
    let batch = world.mint_as(who("dave"), node1(), World::license1(), &devices);
    assert_eq!(batch, U256::from(1));

    for d in &devices {
        let v = world.view(d.id());
        assert_eq!(v.device, d.address());
        assert_eq!(v.manufacturer, node1());
        assert_eq!(v.serial, d.serial);
        assert_eq!(v.imei, d.imei);
        assert_eq!(v.batch, batch);
        assert_eq!(v.device_license, World::license1());
        assert_eq!(v.manufactured_at, d.manufactured_at);
        assert_eq!((v.ict, v.mechanical, v.qa), (d.ict, d.mechanical, true));
        assert_eq!(v.qa_at, d.qa_at);
        assert_eq!((v.initial_firmware, v.firmware), (d.firmware, d.firmware));
        assert_eq!((v.provisioned_at, v.status, v.retired_at), (0, 0, 0));
        assert_eq!((v.ota, v.resets, v.head), (0, 0, B256::ZERO));
        assert_eq!(world.owner(d.id()), who("bob"), "factory custody");
        let call = world.certificates.sender(Address::ZERO);
        assert_eq!(call.id_by_device_address(d.address()), d.id());
        assert_eq!(call.id_by_serial(node1(), d.serial.clone().into()), d.id());
        assert_eq!(
            call.id_by_serial(node2(), d.serial.clone().into()),
            U256::ZERO
        );
        let by_imei = call.id_by_imei(d.imei);
        assert_eq!(by_imei, if d.imei == 0 { U256::ZERO } else { d.id() });
    }
    assert_eq!(
        world
            .token
            .sender(Address::ZERO)
            .balance_of(who("bob"))
            .motsu_unwrap(),
        U256::from(3)
    );

    // Events: one CertificateMinted per device, then BatchMinted with the digest.
    let (logs, token_logs) = world.logs();
    let minted = decode::<C::CertificateMinted>(&logs);
    assert_eq!(minted.len(), 3);
    let mut digest = B256::ZERO;
    for (e, d) in minted.iter().zip(&devices) {
        assert_eq!((e.id, e.manufacturer, e.batch), (d.id(), node1(), batch));
        assert_eq!((e.serial.clone(), e.imei), (d.serial.clone(), d.imei));
        assert_eq!(
            (e.ictReport, e.mechanicalReport, e.qaReport),
            (d.reports[0], d.reports[1], d.reports[2])
        );
        assert_eq!((e.ictPassed, e.mechanicalPassed), (d.ict, d.mechanical));
        assert_eq!((e.qaInspectedAt, e.firmware), (d.qa_at, d.firmware));
        let leaf = keccak256(
            (
                e.id,
                keccak256(e.serial.as_bytes()),
                U256::from(e.imei),
                U256::from(e.manufacturedAt),
                e.ictPassed,
                e.ictReport,
                e.mechanicalPassed,
                e.mechanicalReport,
                e.qaReport,
                U256::from(e.qaInspectedAt),
                U256::from(e.firmware),
            )
                .abi_encode(),
        );
        digest = keccak256([digest.0, leaf.0].concat());
    }
    let batches = decode::<C::BatchMinted>(&logs);
    assert_eq!(batches.len(), 1);
    let b = &batches[0];
    assert_eq!(
        (b.batch, b.manufacturer, b.deviceLicense, b.count, b.minter),
        (
            batch,
            node1(),
            World::license1(),
            U256::from(3),
            who("dave")
        )
    );
    assert_eq!(
        b.digest, digest,
        "the digest is recomputable from the events"
    );
    let (grant, expires) = (b.licenseGrant, b.licenseExpiresAt);
    assert_eq!(
        grant, 1,
        "the first grant of node 1's Manufacturing License"
    );
    assert_eq!(
        world.certificates.sender(Address::ZERO).batch(batch),
        (node1(), World::license1(), grant, expires, NOW, 3),
        "the stored record: minter and digest are in the event only"
    );
    assert_eq!(
        world.certificates.sender(Address::ZERO).total_batches(),
        U256::from(1)
    );
    let transfers = decode::<IERC721::Transfer>(&token_logs);
    let expected: Vec<_> = devices
        .iter()
        .map(|d| (Address::ZERO, who("bob"), d.id()))
        .collect();
    let got: Vec<_> = transfers
        .iter()
        .map(|t| (t.from, t.to, t.tokenId))
        .collect();
    assert_eq!(got, expected);
}

#[motsu::test]
fn the_largest_batch_mints_and_one_more_is_refused() {
    let world = World::new();
    let devices: Vec<Device> = (100..100 + MAX_BATCH as u64).map(Device::new).collect();
    let inputs: Vec<_> = devices
        .iter()
        .map(|d| d.input(world.at(), node1()))
        .collect();
    let mut too_many = inputs.clone();
    too_many.push(Device::new(99).input(world.at(), node1()));
    assert_refused!(
        world,
        world.certificates.sender(who("bob")).mint_certificates(
            node1(),
            World::license1(),
            too_many
        ),
        InvalidBatchSize,
        C::InvalidBatchSize {
            size: U256::from(MAX_BATCH + 1),
            max: U256::from(MAX_BATCH)
        }
    );
    assert_refused!(
        world,
        world
            .certificates
            .sender(who("bob"))
            .mint_certificates(node1(), World::license1(), vec![]),
        InvalidBatchSize,
        C::InvalidBatchSize {
            size: U256::ZERO,
            max: U256::from(MAX_BATCH)
        }
    );
    world
        .certificates
        .sender(who("bob"))
        .mint_certificates(node1(), World::license1(), inputs)
        .motsu_unwrap();
    assert_eq!(
        world
            .token
            .sender(Address::ZERO)
            .balance_of(who("bob"))
            .motsu_unwrap(),
        U256::from(MAX_BATCH)
    );
}

#[motsu::test]
fn only_the_holder_and_minting_delegates_mint() {
    let world = World::new();
    let device = Device::new(0);
    for tag in ["oscar", "grace", "alice", "carol"] {
        assert_refused!(
            world,
            world.certificates.sender(who(tag)).mint_certificates(
                node1(),
                World::license1(),
                vec![device.input(world.at(), node1())]
            ),
            CallerNotAuthorized,
            C::CallerNotAuthorized {
                node: node1(),
                account: who(tag)
            },
            "{tag}"
        );
    }
    // A delegate whose grant is revoked is refused too.
    world
        .registry
        .sender(who("bob"))
        .revoke_privilege(
            node1(),
            who("dave"),
            dimo_interfaces::privileges::MINT_DEVICES,
        )
        .motsu_unwrap();
    assert_refused!(
        world,
        world.certificates.sender(who("dave")).mint_certificates(
            node1(),
            World::license1(),
            vec![device.input(world.at(), node1())]
        ),
        CallerNotAuthorized,
        C::CallerNotAuthorized {
            node: node1(),
            account: who("dave")
        }
    );
    // An unknown node has no holder and no delegate.
    assert_refused!(
        world,
        world.certificates.sender(who("bob")).mint_certificates(
            U256::from(9),
            World::license1(),
            vec![device.input(world.at(), U256::from(9))]
        ),
        CallerNotAuthorized,
        C::CallerNotAuthorized {
            node: U256::from(9),
            account: who("bob")
        }
    );
}

#[motsu::test]
fn the_manufacturing_license_must_be_active() {
    let world = World::new();
    let device = Device::new(0);
    let mint = |world: &World| {
        world.certificates.sender(who("bob")).mint_certificates(
            node1(),
            World::license1(),
            vec![device.input(world.at(), node1())],
        )
    };
    world
        .manufacturing
        .sender(who("carol"))
        .suspend_manufacturing_license(node1(), hash(1))
        .motsu_unwrap();
    assert_refused!(
        world,
        mint(&world),
        ManufacturerNotLicensed,
        C::ManufacturerNotLicensed { node: node1() },
        "suspended"
    );
    world
        .manufacturing
        .sender(who("carol"))
        .reinstate_manufacturing_license(node1(), hash(2))
        .motsu_unwrap();
    mint(&world).motsu_unwrap();
    world
        .manufacturing
        .sender(who("carol"))
        .revoke_manufacturing_license(node1(), hash(3))
        .motsu_unwrap();
    let device = Device::new(1);
    assert_refused!(
        world,
        world.certificates.sender(who("bob")).mint_certificates(
            node1(),
            World::license1(),
            vec![device.input(world.at(), node1())]
        ),
        ManufacturerNotLicensed,
        C::ManufacturerNotLicensed { node: node1() },
        "revoked"
    );
}

#[motsu::test]
fn the_device_license_must_be_the_manufacturers_own_and_active() {
    let world = World::new();
    let device = Device::new(0);
    let mint = |world: &World, license: U256| {
        world.certificates.sender(who("bob")).mint_certificates(
            node1(),
            license,
            vec![device.input(world.at(), node1())],
        )
    };
    assert_refused!(
        world,
        mint(&world, World::license2()),
        DeviceLicenseNotOwned,
        C::DeviceLicenseNotOwned {
            license: World::license2(),
            owner: node2(),
            manufacturer: node1()
        },
        "another manufacturer's licence"
    );
    assert_refused!(
        world,
        mint(&world, U256::from(77)),
        DeviceLicenseNotOwned,
        C::DeviceLicenseNotOwned {
            license: U256::from(77),
            owner: U256::ZERO,
            manufacturer: node1()
        },
        "an unknown licence"
    );
    for (step, revoke) in [("suspended", false), ("revoked", true)] {
        let devices = world.devices.sender(who("alice"));
        if revoke {
            drop(devices);
            world
                .devices
                .sender(who("alice"))
                .revoke_device_license(World::license1(), hash(5))
                .motsu_unwrap();
        } else {
            drop(devices);
            world
                .devices
                .sender(who("alice"))
                .suspend_device_license(World::license1(), hash(4))
                .motsu_unwrap();
        }
        assert_refused!(
            world,
            mint(&world, World::license1()),
            DeviceLicenseNotActive,
            C::DeviceLicenseNotActive {
                license: World::license1()
            },
            "{step}"
        );
    }
}

/// Mints `device` for node 1 as `bob` expecting the refusal `$variant`/`$expected`.
macro_rules! refuse_device {
    ($world:expr, $device:expr, $variant:ident, $expected:expr, $case:expr) => {{
        let input = $device.input($world.at(), node1());
        assert_refused!(
            $world,
            $world.certificates.sender(who("bob")).mint_certificates(
                node1(),
                World::license1(),
                vec![input]
            ),
            $variant,
            $expected,
            "{}",
            $case
        );
    }};
}

/// A serial that is not UTF-8 (any bytes reach the contract, as with Solidity) is refused
/// with `InvalidSerial` carrying exactly the bytes sent, and nothing is written.
#[motsu::test]
fn a_serial_that_is_not_utf8_is_refused_and_echoed_as_sent() {
    let world = World::new();
    let mut input = Device::new(0).input(world.at(), node1());
    let sent = vec![b'S', b'N', 0xff, 0xc3];
    input.0 = contract_kit::raw_string::RawString(sent.clone());
    let before = world.observe();
    let err = world
        .certificates
        .sender(who("bob"))
        .mint_certificates(node1(), World::license1(), vec![input])
        .motsu_unwrap_err();
    assert!(matches!(&err, crate::Error::InvalidSerial(s) if s.as_bytes() == sent.as_slice()));
    // A `string` is encoded as `bytes` is: alloy's encoding of the same bytes.
    let expected = [
        &C::InvalidSerial::SELECTOR[..],
        &(alloy_primitives::Bytes::from(sent.clone()),).abi_encode_params(),
    ]
    .concat();
    assert_eq!(Vec::<u8>::from(err), expected);
    assert_eq!(world.observe(), before);
}

#[motsu::test]
fn each_invalid_field_is_refused() {
    let world = World::new();
    let base = Device::new(0);
    for serial in [
        String::new(),
        "x".repeat(33),
        "has space".into(),
        "é".into(),
    ] {
        let mut d = base.clone();
        d.serial.clone_from(&serial);
        refuse_device!(
            world,
            d,
            InvalidSerial,
            C::InvalidSerial {
                serial: serial.clone()
            },
            serial
        );
    }
    for imei in [
        super::imei(35_209_900_000_000) + 1,
        1_000_000_000_000_000,
        5,
    ] {
        let mut d = base.clone();
        d.imei = imei;
        refuse_device!(world, d, InvalidImei, C::InvalidImei { imei }, imei);
    }
    for (manufactured, qa, date, bound) in [
        (0, NOW, 0, NOW),
        (NOW + 1, NOW, NOW + 1, NOW),
        (NOW - 10, NOW + 1, NOW + 1, NOW),
        (NOW - 10, NOW - 11, NOW - 11, NOW - 10),
        (NOW - 10, 0, 0, NOW),
    ] {
        let mut d = base.clone();
        d.manufactured_at = manufactured;
        d.qa_at = qa;
        refuse_device!(world, d, InvalidDate, C::InvalidDate { date, bound }, date);
    }
    for which in 0..3 {
        let mut d = base.clone();
        d.reports[which] = B256::ZERO;
        refuse_device!(world, d, InvalidHash, C::InvalidHash {}, which);
    }
    let mut d = base.clone();
    d.qa = false;
    refuse_device!(
        world,
        d,
        QaNotPassed,
        C::QaNotPassed {
            device: d.address()
        },
        "QA"
    );
    let mut d = base.clone();
    d.firmware = 0;
    refuse_device!(
        world,
        d,
        InvalidFirmwareVersion,
        C::InvalidFirmwareVersion { version: 0 },
        "fw"
    );
    // A zero device address: no key signs for it.
    let input = {
        let mut input = base.input(world.at(), node1());
        input.2 = Address::ZERO;
        input
    };
    assert_refused!(
        world,
        world.certificates.sender(who("bob")).mint_certificates(
            node1(),
            World::license1(),
            vec![input]
        ),
        InvalidDeviceAddress,
        C::InvalidDeviceAddress {
            device: Address::ZERO
        }
    );
    // Edge values that pass: a 32-byte serial, ICT and mechanical failures, same-second QA.
    let mut d = base.clone();
    d.serial = "A.b_C-9".repeat(4) + "zzzz";
    d.ict = false;
    d.qa_at = d.manufactured_at;
    world.mint_as(who("bob"), node1(), World::license1(), &[d.clone()]);
    assert_eq!(world.view(d.id()).serial, d.serial);
}

#[motsu::test]
fn duplicates_are_refused_within_and_across_batches() {
    let world = World::new();
    let first = world.mint(0..1).remove(0);
    // The same serial for node 1 again; the same serial for node 2 is fine.
    let mut d = Device::new(1);
    d.serial.clone_from(&first.serial);
    refuse_device!(
        world,
        d,
        SerialTaken,
        C::SerialTaken {
            manufacturer: node1(),
            serial: first.serial.clone(),
            id: first.id()
        },
        "serial"
    );
    world.mint_as(who("grace"), node2(), World::license2(), &[d.clone()]);
    assert_eq!(
        world
            .certificates
            .sender(Address::ZERO)
            .id_by_serial(node2(), first.serial.clone().into()),
        d.id()
    );
    let mut d = Device::new(2);
    d.imei = first.imei;
    refuse_device!(
        world,
        d,
        ImeiTaken,
        C::ImeiTaken {
            imei: first.imei,
            id: first.id()
        },
        "imei"
    );
    let mut d = Device::new(3);
    d.key = first.key.clone();
    refuse_device!(
        world,
        d,
        DeviceAddressTaken,
        C::DeviceAddressTaken {
            device: first.address(),
            id: first.id()
        },
        "address"
    );
    // Within one batch: the second of two equal serials is refused, and nothing is kept.
    let a = Device::new(4);
    let mut b = Device::new(5);
    b.serial.clone_from(&a.serial);
    assert_refused!(
        world,
        world.certificates.sender(who("bob")).mint_certificates(
            node1(),
            World::license1(),
            vec![a.input(world.at(), node1()), b.input(world.at(), node1())]
        ),
        SerialTaken,
        C::SerialTaken {
            manufacturer: node1(),
            serial: a.serial.clone(),
            id: a.id()
        }
    );
}

/// A named change a minter makes to a device's record after the device signed it.
type Alteration = (&'static str, fn(&mut Device));

/// The device signs every field its certificate records, and the manufacturer and licence:
/// a minter (a second `MINT_DEVICES` wallet included) that alters any of them is refused.
#[motsu::test]
fn the_device_key_must_sign_every_recorded_field() {
    let world = World::new();
    let d = Device::new(0);
    let other = Device::new(1);
    let domain = signer::domain(CHAIN_ID, world.at());
    let sign = |key: &signer::DeviceKey, manufacturer: U256, license: U256, device: &Device| {
        key.sign_typed(
            &domain,
            &MintDevice::of(manufacturer, license, &device.named_input(Vec::new())),
        )
    };
    let good = sign(&d.key, node1(), World::license1(), &d);
    // The good signature with one recorded field altered by the minter.
    let altered: Vec<Alteration> = vec![
        ("serial", |x| x.serial = "SN-OTHER".into()),
        ("IMEI", |x| x.imei = 0),
        ("manufacturing date", |x| x.manufactured_at -= 1),
        ("ICT result", |x| x.ict = false),
        ("ICT report", |x| x.reports[0] = hash(0x01)),
        ("mechanical result", |x| x.mechanical = false),
        ("mechanical report", |x| x.reports[1] = hash(0x02)),
        ("QA report", |x| x.reports[2] = hash(0x03)),
        ("QA date", |x| x.qa_at -= 1),
        ("firmware", |x| x.firmware += 1),
    ];
    let mut cases: Vec<(&str, DeviceInput, Option<Address>)> = altered
        .into_iter()
        .map(|(case, alter)| {
            let mut x = d.clone();
            alter(&mut x);
            (case, x.input_with(good.clone()), None)
        })
        .collect();
    let mut signed = |case, signature| cases.push((case, d.input_with(signature), None));
    signed(
        "another manufacturer",
        sign(&d.key, node2(), World::license1(), &d),
    );
    signed(
        "another licence",
        sign(&d.key, node1(), World::license2(), &d),
    );
    signed(
        "another contract",
        d.key.sign_typed(
            &signer::domain(CHAIN_ID, who("oscar")),
            &MintDevice::of(node1(), World::license1(), &d.named_input(Vec::new())),
        ),
    );
    signed(
        "another chain",
        d.key.sign_typed(
            &signer::domain(1, world.at()),
            &MintDevice::of(node1(), World::license1(), &d.named_input(Vec::new())),
        ),
    );
    cases.push((
        "another key",
        d.input_with(sign(&other.key, node1(), World::license1(), &d)),
        Some(other.address()),
    ));
    for (case, input, signer) in cases {
        let err = world
            .certificates
            .sender(who("dave"))
            .mint_certificates(node1(), World::license1(), vec![input])
            .motsu_unwrap_err();
        match signer {
            Some(recovered) => assert_err!(
                err,
                WrongSigner,
                C::WrongSigner {
                    expected: d.address(),
                    recovered
                },
                "{case}"
            ),
            None => assert!(
                matches!(err, crate::Error::WrongSigner(ref e) if e.expected == d.address() && e.recovered != d.address()),
                "{case}: {err:?}"
            ),
        }
    }
    // Malformed and malleable signatures.
    let mut bad_v = good.clone();
    bad_v[64] = 29;
    let mut zero_r = good.clone();
    zero_r[..32].fill(0);
    for (case, signature) in [
        ("high s", high_s_twin(&good)),
        ("v = 29", bad_v),
        ("r = 0", zero_r),
        ("64 bytes", good[..64].to_vec()),
        ("empty", Vec::new()),
    ] {
        assert_refused!(
            world,
            world.certificates.sender(who("bob")).mint_certificates(
                node1(),
                World::license1(),
                vec![d.input_with(signature)]
            ),
            InvalidSignature,
            C::InvalidSignature {},
            "{case}"
        );
    }
    world
        .certificates
        .sender(who("bob"))
        .mint_certificates(node1(), World::license1(), vec![d.input_with(good)])
        .motsu_unwrap();
}

#[motsu::test]
fn a_minted_address_is_never_a_new_devices_original_key() {
    let world = World::new();
    let d = world.mint(0..1).remove(0);
    // Rotate d's key away: its original address is free in the index, but still d's id.
    let new = super::rotation_key(0);
    let sig = world.rotate_signature(&d.key, &new, d.id(), 0);
    world
        .certificates
        .sender(who("bob"))
        .factory_reset(d.id(), new.address(), sig)
        .motsu_unwrap();
    assert_eq!(
        world
            .certificates
            .sender(Address::ZERO)
            .id_by_device_address(d.address()),
        U256::ZERO
    );
    let mut again = Device::new(7);
    again.key = d.key.clone();
    refuse_device!(
        world,
        again,
        DeviceAddressTaken,
        C::DeviceAddressTaken {
            device: d.address(),
            id: d.id()
        },
        "retired original key"
    );
    // Nor can a new device start with a key another certificate rotated to.
    let mut clash = Device::new(8);
    clash.key = new.clone();
    refuse_device!(
        world,
        clash,
        DeviceAddressTaken,
        C::DeviceAddressTaken {
            device: new.address(),
            id: d.id()
        },
        "rotated-in key"
    );
}

#[motsu::test]
fn unknown_certificates_answer_zero_or_refuse() {
    let world = World::new();
    let call = world.certificates.sender(Address::ZERO);
    let unknown = U256::from(12_345);
    let err = call.certificate(unknown).motsu_unwrap_err();
    assert_err!(
        err,
        UnknownCertificate,
        C::UnknownCertificate { id: unknown }
    );
    assert_eq!(call.id_by_device_address(Address::ZERO), U256::ZERO);
    assert_eq!(call.id_by_serial(node1(), "nope".into()), U256::ZERO);
    assert_eq!(call.id_by_serial(node1(), "not valid!".into()), U256::ZERO);
    assert_eq!(call.id_by_imei(0), U256::ZERO);
    assert_eq!(
        call.batch(U256::from(5)),
        (U256::ZERO, U256::ZERO, 0, 0, 0, 0)
    );
    drop(call);
    // The token refuses direct issues: only the certificate contract mints.
    let err = world
        .token
        .sender(who("bob"))
        .issue(who("bob"), vec![U256::from(1)])
        .motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        alloy_sol_types::SolError::abi_encode(&T::CallerNotIssuer {
            account: who("bob")
        })
    );
}

/// Serials are unique per manufacturer **case-sensitively** (unlike manufacturer names): a
/// maker's serials are opaque identifiers printed on the device, and `SN-a` and `SN-A` are
/// two serials.
#[motsu::test]
fn serials_are_case_sensitive() {
    let world = World::new();
    let mut lower = Device::new(30);
    lower.serial = "SN-abc".into();
    let mut upper = Device::new(31);
    upper.serial = "SN-ABC".into();
    world.mint_as(
        who("bob"),
        node1(),
        World::license1(),
        &[lower.clone(), upper.clone()],
    );
    let call = world.certificates.sender(Address::ZERO);
    assert_eq!(call.id_by_serial(node1(), "SN-abc".into()), lower.id());
    assert_eq!(call.id_by_serial(node1(), "SN-ABC".into()), upper.id());
    assert_eq!(call.id_by_serial(node1(), "sn-abc".into()), U256::ZERO);
}
