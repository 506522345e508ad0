//! What the certificate contract and its token refuse, at artifact level, each with its exact
//! custom error bytes and no change to the world: unauthorized callers, unlicensed
//! manufacturers, another manufacturer's or an inactive device licence, duplicate and invalid
//! identities, and forged, replayed, expired or malleable signatures.

use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolStruct, SolValue};
use dimo_interfaces::{
    certificates::{
        Claim, DeviceInput, ICertificateToken as T, IDeviceCertificates as C, MintDevice, MAX_BATCH,
    },
    erc::IOwnable2Step as O,
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M},
    privileges,
    registry::IManufacturerRegistry as R,
    signer::{domain, high_s_twin, DeviceKey},
};
use stylus_runtime::Tx;

use super::events;
use crate::registry::account;
use crate::stack::{
    acme, hash, manager, owner, recover, rival, startup, Device, Stack, ACME, ACME_LICENSE,
    FIRMWARE, RIVAL, RIVAL_LICENSE, STARTUP,
};

/// A mint of `devices` (already built) by ACME under its licence.
fn mint_of(devices: Vec<DeviceInput>) -> C::mintCertificatesCall {
    C::mintCertificatesCall {
        manufacturer: ACME,
        deviceLicense: ACME_LICENSE,
        devices,
    }
}

#[test]
fn minting_needs_the_holder_or_a_live_mint_delegate() {
    let mut s = Stack::licensed();
    let (c, registry) = (s.certificates, s.registry);
    let call = s.mint_call(ACME, ACME_LICENSE, &[Device::new(1, 0)]);
    let (stranger, line, ota) = (
        account("stranger"),
        account("factory line"),
        account("ota service"),
    );
    for caller in [stranger, rival(), owner(), manager(), line, ota] {
        s.refused(
            caller,
            c,
            &call,
            &C::CallerNotAuthorized {
                node: ACME,
                account: caller,
            },
        );
    }
    let expires = s.now() + 1_000;
    for (operator, privilege) in [
        (line, privileges::MINT_DEVICES),
        (ota, privileges::OTA_UPDATE),
    ] {
        s.ok(
            acme(),
            registry,
            &R::grantPrivilegeCall {
                node: ACME,
                operator,
                privilege,
                expiresAt: expires,
            },
        );
    }
    // A privilege other than MINT_DEVICES does not do.
    s.refused(
        ota,
        c,
        &call,
        &C::CallerNotAuthorized {
            node: ACME,
            account: ota,
        },
    );
    // The delegate mints to the holder (factory custody), as the batch's minter.
    let mut delegate = s.clone();
    let sent = delegate.send(line, c, &call);
    sent.ok();
    let batches = events::<C::BatchMinted>(&sent.receipt, c);
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].minter, line);
    assert_eq!(
        delegate
            .view(
                delegate.token,
                &dimo_interfaces::erc::IERC721::ownerOfCall {
                    tokenId: Device::new(1, 0).id()
                }
            )
            ._0,
        acme()
    );
    // Once the grant expires, it is refused.
    s.world.set_timestamp(expires);
    let call = s.mint_call(ACME, ACME_LICENSE, &[Device::new(1, 0)]);
    s.refused(
        line,
        c,
        &call,
        &C::CallerNotAuthorized {
            node: ACME,
            account: line,
        },
    );
}

#[test]
fn an_unlicensed_manufacturer_cannot_mint() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    // Never licensed: whatever device licence it names.
    for license in [ACME_LICENSE, RIVAL_LICENSE, U256::from(77)] {
        let call = s.mint_call(STARTUP, license, &[Device::new(3, 0)]);
        s.refused(
            startup(),
            c,
            &call,
            &C::ManufacturerNotLicensed { node: STARTUP },
        );
    }
}

#[test]
fn a_device_licence_of_another_manufacturer_or_none_is_refused() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    for (license, owner) in [
        (RIVAL_LICENSE, RIVAL),
        (U256::from(3), U256::ZERO),
        (U256::ZERO, U256::ZERO),
        (U256::MAX, U256::ZERO),
    ] {
        let call = s.mint_call(ACME, license, &[Device::new(1, 0)]);
        s.refused(
            acme(),
            c,
            &call,
            &C::DeviceLicenseNotOwned {
                license,
                owner,
                manufacturer: ACME,
            },
        );
    }
}

#[test]
fn suspended_revoked_or_underfunded_licences_stop_minting() {
    let s0 = Stack::licensed();
    let (m, d, c) = (s0.manufacturing, s0.devices, s0.certificates);
    let call = s0.mint_call(ACME, ACME_LICENSE, &[Device::new(1, 0)]);
    let not_licensed = C::ManufacturerNotLicensed { node: ACME };
    let not_active = C::DeviceLicenseNotActive {
        license: ACME_LICENSE,
    };

    // Manufacturing License suspended, then reinstated.
    let mut s = s0.clone();
    let reason = hash(0x5e);
    s.ok(
        manager(),
        m,
        &M::suspendManufacturingLicenseCall { node: ACME, reason },
    );
    s.refused(acme(), c, &call, &not_licensed);
    s.ok(
        manager(),
        m,
        &M::reinstateManufacturingLicenseCall { node: ACME, reason },
    );
    s.ok(acme(), c, &call);

    // Manufacturing License revoked.
    let mut s = s0.clone();
    s.ok(
        manager(),
        m,
        &M::revokeManufacturingLicenseCall { node: ACME, reason },
    );
    s.refused(acme(), c, &call, &not_licensed);

    // Stake slashed below the minimum.
    let mut s = s0.clone();
    s.ok(
        owner(),
        m,
        &M::slashCall {
            node: ACME,
            amount: U256::from(1),
            reason,
        },
    );
    s.refused(acme(), c, &call, &not_licensed);

    // Hardware Device License suspended, then reinstated.
    let mut s = s0.clone();
    s.ok(
        manager(),
        d,
        &D::suspendDeviceLicenseCall {
            id: ACME_LICENSE,
            reason,
        },
    );
    s.refused(acme(), c, &call, &not_active);
    s.ok(
        manager(),
        d,
        &D::reinstateDeviceLicenseCall {
            id: ACME_LICENSE,
            reason,
        },
    );
    s.ok(acme(), c, &call);

    // Hardware Device License revoked; a pending one is not active either.
    let mut s = s0.clone();
    s.ok(
        manager(),
        d,
        &D::revokeDeviceLicenseCall {
            id: ACME_LICENSE,
            reason,
        },
    );
    s.refused(acme(), c, &call, &not_active);
    let pending = s.apply(ACME, "Model Two");
    let call = s.mint_call(ACME, pending, &[Device::new(1, 0)]);
    s.refused(
        acme(),
        c,
        &call,
        &C::DeviceLicenseNotActive { license: pending },
    );
}

#[test]
// One list of cases: splitting it would only scatter them.
#[allow(clippy::too_many_lines)]
fn serials_imeis_and_device_addresses_are_unique() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let first = Device::new(1, 0);
    s.mint(std::slice::from_ref(&first));
    let id = first.id();

    // The same serial with another key and IMEI.
    let same_serial = Device {
        serial: first.serial.clone(),
        ..Device::new(1, 1)
    };
    let call = s.mint_call(ACME, ACME_LICENSE, &[same_serial]);
    s.refused(
        acme(),
        c,
        &call,
        &C::SerialTaken {
            manufacturer: ACME,
            serial: first.serial.clone(),
            id,
        },
    );
    // The same IMEI, even for another manufacturer.
    let same_imei = Device {
        imei: first.imei,
        ..Device::new(1, 2)
    };
    let call = s.mint_call(ACME, ACME_LICENSE, std::slice::from_ref(&same_imei));
    s.refused(
        acme(),
        c,
        &call,
        &C::ImeiTaken {
            imei: first.imei,
            id,
        },
    );
    let call = s.mint_call(RIVAL, RIVAL_LICENSE, &[same_imei]);
    s.refused(
        rival(),
        c,
        &call,
        &C::ImeiTaken {
            imei: first.imei,
            id,
        },
    );
    // The same key (signing its new serial and IMEI).
    let same_key = Device {
        key: first.key.clone(),
        ..Device::new(1, 3)
    };
    let call = s.mint_call(ACME, ACME_LICENSE, std::slice::from_ref(&same_key));
    s.refused(
        acme(),
        c,
        &call,
        &C::DeviceAddressTaken {
            device: first.address(),
            id,
        },
    );
    let call = s.mint_call(RIVAL, RIVAL_LICENSE, &[same_key]);
    s.refused(
        rival(),
        c,
        &call,
        &C::DeviceAddressTaken {
            device: first.address(),
            id,
        },
    );
    // Duplicates within one batch: the second copy is refused, and nothing of the batch
    // stays.
    let (a, b) = (Device::new(1, 10), Device::new(1, 11));
    for (dup, expected) in [
        (
            Device {
                serial: a.serial.clone(),
                ..b.clone()
            },
            C::SerialTaken {
                manufacturer: ACME,
                serial: a.serial.clone(),
                id: a.id(),
            }
            .abi_encode(),
        ),
        (
            Device {
                imei: a.imei,
                ..b.clone()
            },
            C::ImeiTaken {
                imei: a.imei,
                id: a.id(),
            }
            .abi_encode(),
        ),
        (
            Device {
                key: a.key.clone(),
                ..b.clone()
            },
            C::DeviceAddressTaken {
                device: a.address(),
                id: a.id(),
            }
            .abi_encode(),
        ),
    ] {
        let before = s.world.state().clone();
        let call = s.mint_call(ACME, ACME_LICENSE, &[a.clone(), dup]);
        let sent = s.send(acme(), c, &call);
        assert_eq!(sent.revert_data(), expected);
        assert!(s.world.state() == &before);
    }
    // A serial is unique per manufacturer only: the rival may use ACME's.
    let rivals = Device {
        serial: first.serial.clone(),
        ..Device::new(2, 0)
    };
    let call = s.mint_call(RIVAL, RIVAL_LICENSE, &[rivals]);
    s.ok(rival(), c, &call);
}

#[test]
fn a_rotated_key_and_the_original_key_both_stay_taken() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let first = Device::new(1, 0);
    s.mint(std::slice::from_ref(&first));
    let id = first.id();
    let new_key = DeviceKey::from_seed("rotated key");
    let signature = s.rotate_signature(&first.key, &new_key, id, 0);
    s.ok(
        acme(),
        c,
        &C::factoryResetCall {
            id,
            newDevice: new_key.address(),
            signature,
        },
    );
    for key in [first.key.clone(), new_key.clone()] {
        let device = Device {
            key: key.clone(),
            ..Device::new(1, 5)
        };
        let call = s.mint_call(ACME, ACME_LICENSE, &[device]);
        s.refused(
            acme(),
            c,
            &call,
            &C::DeviceAddressTaken {
                device: key.address(),
                id,
            },
        );
    }
    // A second certificate cannot rotate to a key in use either.
    let second = Device::new(1, 1);
    s.mint(std::slice::from_ref(&second));
    let signature = s.rotate_signature(&second.key, &new_key, second.id(), 0);
    s.refused(
        acme(),
        c,
        &C::factoryResetCall {
            id: second.id(),
            newDevice: new_key.address(),
            signature,
        },
        &C::DeviceAddressTaken {
            device: new_key.address(),
            id,
        },
    );
}

#[test]
// One list of cases: splitting it would only scatter them.
#[allow(clippy::too_many_lines)]
fn invalid_identities_and_records_are_refused() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let now = s.now();
    let good = s.device(ACME, &Device::new(1, 0));
    let with = |change: &dyn Fn(&mut DeviceInput)| {
        let mut d = good.clone();
        change(&mut d);
        d
    };
    let imei = good.imei;
    let cases: Vec<(DeviceInput, Vec<u8>)> = vec![
        (
            with(&|d| d.imei = imei + 1),
            C::InvalidImei { imei: imei + 1 }.abi_encode(),
        ),
        (
            with(&|d| d.imei = 1_000_000_000_000_000 + 8),
            C::InvalidImei {
                imei: 1_000_000_000_000_008,
            }
            .abi_encode(),
        ),
        (
            with(&|d| d.imei = 19),
            C::InvalidImei { imei: 19 }.abi_encode(),
        ),
        (
            with(&|d| d.serial = String::new()),
            C::InvalidSerial {
                serial: String::new(),
            }
            .abi_encode(),
        ),
        (
            with(&|d| d.serial = "SN 0001".into()),
            C::InvalidSerial {
                serial: "SN 0001".into(),
            }
            .abi_encode(),
        ),
        (
            with(&|d| d.serial = "x".repeat(33)),
            C::InvalidSerial {
                serial: "x".repeat(33),
            }
            .abi_encode(),
        ),
        (
            with(&|d| d.device = Address::ZERO),
            C::InvalidDeviceAddress {
                device: Address::ZERO,
            }
            .abi_encode(),
        ),
        (
            with(&|d| d.manufacturedAt = now + 1),
            C::InvalidDate {
                date: now + 1,
                bound: now,
            }
            .abi_encode(),
        ),
        (
            with(&|d| d.qaInspectedAt = d.manufacturedAt - 1),
            C::InvalidDate {
                date: good.manufacturedAt - 1,
                bound: good.manufacturedAt,
            }
            .abi_encode(),
        ),
        (
            with(&|d| d.ictReport = B256::ZERO),
            C::InvalidHash {}.abi_encode(),
        ),
        (
            with(&|d| d.qaReport = B256::ZERO),
            C::InvalidHash {}.abi_encode(),
        ),
        (
            with(&|d| d.qaPassed = false),
            C::QaNotPassed {
                device: good.device,
            }
            .abi_encode(),
        ),
        (
            with(&|d| d.firmware = 0),
            C::InvalidFirmwareVersion { version: 0 }.abi_encode(),
        ),
    ];
    let second = s.device(ACME, &Device::new(1, 1));
    for (bad, expected) in cases {
        // Alone, and second in a batch after a valid device: nothing of the batch stays.
        for devices in [vec![bad.clone()], vec![second.clone(), bad]] {
            let before = s.world.state().clone();
            let sent = s.send(acme(), c, &mint_of(devices));
            assert_eq!(
                sent.revert_data(),
                expected,
                "{}",
                crate::calls::describe_revert(sent.revert_data())
            );
            assert!(sent.receipt.logs.is_empty());
            assert!(s.world.state() == &before);
        }
    }
    // Batch sizes.
    s.refused(
        acme(),
        c,
        &mint_of(Vec::new()),
        &C::InvalidBatchSize {
            size: U256::ZERO,
            max: U256::from(MAX_BATCH),
        },
    );
    s.refused(
        acme(),
        c,
        &mint_of(vec![good; MAX_BATCH + 1]),
        &C::InvalidBatchSize {
            size: U256::from(MAX_BATCH + 1),
            max: U256::from(MAX_BATCH),
        },
    );
}

/// `calldata` with the first occurrence of `placeholder` replaced by `bytes` (same length).
fn with_bytes_in_place_of(mut calldata: Vec<u8>, placeholder: &[u8], bytes: &[u8]) -> Vec<u8> {
    let at = calldata
        .windows(placeholder.len())
        .position(|w| w == placeholder)
        .expect("the placeholder is in the calldata");
    calldata[at..at + bytes.len()].copy_from_slice(bytes);
    calldata
}

/// A serial that is not UTF-8 reaches the contract (Solidity's decoder does not check UTF-8
/// either): the compiled contract refuses it with `InvalidSerial` carrying exactly the bytes
/// sent, and `idBySerial` answers 0 for it. alloy cannot put such bytes in a `string`, so the
/// calldata is patched.
#[test]
fn a_serial_that_is_not_utf8_is_refused_with_its_bytes_as_sent() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let mut device = s.device(ACME, &Device::new(1, 0));
    device.serial = "SNXY".into();
    let sent = [b'S', b'N', 0xff, 0xc3];
    let calldata = with_bytes_in_place_of(mint_of(vec![device]).abi_encode(), b"SNXY", &sent);
    let before = s.world.state().clone();
    let receipt = s
        .world
        .transact(&Tx::call(acme(), c, calldata))
        .expect("executed");
    assert!(!receipt.is_success());
    // A `string` is encoded as `bytes` is: alloy's encoding of the same bytes.
    let expected = [
        &C::InvalidSerial::SELECTOR[..],
        &(Bytes::from(sent.to_vec()),).abi_encode_params(),
    ]
    .concat();
    assert_eq!(receipt.output, expected);
    assert!(receipt.logs.is_empty());
    assert!(s.world.state() == &before);

    let query = C::idBySerialCall {
        manufacturer: ACME,
        serial: "SNXY".into(),
    }
    .abi_encode();
    let answer = s
        .world
        .view(&Tx::call(
            Address::ZERO,
            c,
            with_bytes_in_place_of(query, b"SNXY", &sent),
        ))
        .expect("executed");
    assert!(answer.is_success());
    assert_eq!(answer.output, U256::ZERO.to_be_bytes::<32>().to_vec());
}

#[test]
fn forged_foreign_or_malleable_mint_signatures_are_refused() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let device = Device::new(1, 0);
    let good = s.device(ACME, &device);
    let message = MintDevice::of(ACME, ACME_LICENSE, &good);
    let with_signature = |signature: Vec<u8>| DeviceInput {
        signature: signature.into(),
        ..good.clone()
    };

    // Signed by another key.
    let forger = DeviceKey::from_seed("forger");
    s.refused(
        acme(),
        c,
        &mint_of(vec![with_signature(
            forger.sign_typed(&s.domain(), &message),
        )]),
        &C::WrongSigner {
            expected: device.address(),
            recovered: forger.address(),
        },
    );
    // The device's own signature, but for another manufacturer, another chain or another
    // contract: it recovers to some other address.
    let ours = message.eip712_signing_hash(&s.domain());
    let foreign = [
        (
            MintDevice {
                manufacturer: RIVAL,
                ..message.clone()
            },
            s.domain(),
        ),
        (message.clone(), domain(1, c)),
        (
            message.clone(),
            domain(s.world.block().chain_id, s.registry),
        ),
    ];
    for (other, other_domain) in foreign {
        let signature = device.key.sign_typed(&other_domain, &other);
        s.refused(
            acme(),
            c,
            &mint_of(vec![with_signature(signature.clone())]),
            &C::WrongSigner {
                expected: device.address(),
                recovered: recover(&ours, &signature),
            },
        );
    }
    // ACME's device signature replayed by the rival for its own node.
    let call = C::mintCertificatesCall {
        manufacturer: RIVAL,
        deviceLicense: RIVAL_LICENSE,
        devices: vec![good.clone()],
    };
    let theirs = MintDevice {
        manufacturer: RIVAL,
        deviceLicense: RIVAL_LICENSE,
        ..message.clone()
    }
    .eip712_signing_hash(&s.domain());
    s.refused(
        rival(),
        c,
        &call,
        &C::WrongSigner {
            expected: device.address(),
            recovered: recover(&theirs, &good.signature),
        },
    );
    // Malformed or malleable.
    let sig = good.signature.to_vec();
    let mut bad_v = sig.clone();
    bad_v[64] = 29;
    let mut zero_r = sig.clone();
    zero_r[..32].fill(0);
    for bad in [
        high_s_twin(&sig),
        sig[..64].to_vec(),
        [sig.as_slice(), &[0]].concat(),
        Vec::new(),
        bad_v,
        zero_r,
    ] {
        s.refused(
            acme(),
            c,
            &mint_of(vec![with_signature(bad)]),
            &C::InvalidSignature {},
        );
    }
    // The genuine one passes.
    s.ok(acme(), c, &mint_of(vec![good]));
}

#[test]
// One list of cases: splitting it would only scatter them.
#[allow(clippy::too_many_lines)]
fn claims_refuse_forged_replayed_expired_and_malleable_signatures() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let devices: Vec<Device> = (0..2).map(|i| Device::new(1, i)).collect();
    s.mint(&devices);
    let device = &devices[0];
    let id = device.id();
    let (user, mallory) = (account("user"), account("mallory"));
    let now = s.now();
    let deadline = now + 600;
    let claim = |signature: Bytes, owner: Address, nonce: u64, deadline: u64| C::claimCall {
        id,
        owner,
        nonce: U256::from(nonce),
        deadline: U256::from(deadline),
        signature,
    };
    let good = s.claim_signature(&device.key, user, 0, deadline);

    // Expired.
    let stale = s.claim_signature(&device.key, user, 0, now - 1);
    s.refused(
        mallory,
        c,
        &claim(stale, user, 0, now - 1),
        &C::SignatureExpired {
            deadline: U256::from(now - 1),
            now,
        },
    );
    // Another key, or the device's signature redirected to another owner or deadline.
    let forger = DeviceKey::from_seed("forger");
    let by_forger = forger.sign_typed(
        &s.domain(),
        &Claim {
            certificate: id,
            owner: user,
            nonce: U256::ZERO,
            deadline: U256::from(deadline),
        },
    );
    s.refused(
        mallory,
        c,
        &claim(by_forger.into(), user, 0, deadline),
        &C::WrongSigner {
            expected: device.address(),
            recovered: forger.address(),
        },
    );
    for (owner, deadline) in [(mallory, deadline), (user, deadline + 1)] {
        let digest = Claim {
            certificate: id,
            owner,
            nonce: U256::ZERO,
            deadline: U256::from(deadline),
        }
        .eip712_signing_hash(&s.domain());
        s.refused(
            mallory,
            c,
            &claim(good.clone(), owner, 0, deadline),
            &C::WrongSigner {
                expected: device.address(),
                recovered: recover(&digest, &good),
            },
        );
    }
    // Another certificate's signature.
    let other = s.claim_signature(&devices[1].key, user, 0, deadline);
    let digest = Claim {
        certificate: id,
        owner: user,
        nonce: U256::ZERO,
        deadline: U256::from(deadline),
    }
    .eip712_signing_hash(&s.domain());
    s.refused(
        mallory,
        c,
        &claim(other.clone(), user, 0, deadline),
        &C::WrongSigner {
            expected: device.address(),
            recovered: recover(&digest, &other),
        },
    );
    // Malleable, malformed; wrong nonce; zero owner; unknown certificate.
    s.refused(
        mallory,
        c,
        &claim(high_s_twin(&good).into(), user, 0, deadline),
        &C::InvalidSignature {},
    );
    s.refused(
        mallory,
        c,
        &claim(good[..64].to_vec().into(), user, 0, deadline),
        &C::InvalidSignature {},
    );
    s.refused(
        mallory,
        c,
        &claim(good.clone(), user, 1, deadline),
        &C::InvalidNonce {
            nonce: U256::from(1),
            expected: U256::ZERO,
        },
    );
    s.refused(
        mallory,
        c,
        &claim(good.clone(), Address::ZERO, 0, deadline),
        &C::InvalidNewOwner {
            owner: Address::ZERO,
        },
    );
    let unknown = U256::from(12_345);
    s.refused(
        mallory,
        c,
        &C::claimCall {
            id: unknown,
            ..claim(good.clone(), user, 0, deadline)
        },
        &C::UnknownCertificate { id: unknown },
    );

    // The genuine claim; replaying it is refused by its nonce.
    s.ok(mallory, c, &claim(good.clone(), user, 0, deadline));
    s.refused(
        mallory,
        c,
        &claim(good.clone(), user, 0, deadline),
        &C::InvalidNonce {
            nonce: U256::ZERO,
            expected: U256::from(1),
        },
    );
    // Even with the next nonce, a certificate out of factory custody cannot be claimed.
    let next = s.claim_signature(&device.key, mallory, 1, deadline);
    s.refused(
        mallory,
        c,
        &claim(next, mallory, 1, deadline),
        &C::NotInFactoryCustody { id, owner: user },
    );
}

/// A licensed stack where ACME minted two devices (line 1) and the user claimed the first;
/// with that device and its id.
fn claimed() -> (Stack, Device, U256) {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let devices: Vec<Device> = (0..2).map(|i| Device::new(1, i)).collect();
    s.mint(&devices);
    let device = devices[0].clone();
    let id = device.id();
    s.ok(account("user"), c, &s.claim_call(&device, account("user")));
    (s, device, id)
}

/// ACME grants `operator` its `OTA_UPDATE` privilege for a while.
fn grant_ota(s: &mut Stack, operator: Address) {
    let registry = s.registry;
    let expires = s.now() + 1_000;
    s.ok(
        acme(),
        registry,
        &R::grantPrivilegeCall {
            node: ACME,
            operator,
            privilege: privileges::OTA_UPDATE,
            expiresAt: expires,
        },
    );
}

#[test]
fn ota_updates_need_the_manufacturer_and_a_real_change() {
    let (mut s, _, id) = claimed();
    let c = s.certificates;
    let (user, stranger) = (account("user"), account("stranger"));
    // OTA: the manufacturer (holder or OTA_UPDATE delegate) only, not the owner.
    let ota = C::updateFirmwareCall {
        id,
        version: FIRMWARE + 1,
        imageHash: hash(7),
        rollback: false,
    };
    for caller in [user, stranger, rival(), owner()] {
        s.refused(
            caller,
            c,
            &ota,
            &C::CallerNotAuthorized {
                node: ACME,
                account: caller,
            },
        );
    }
    for (version, rollback) in [
        (FIRMWARE, false),
        (FIRMWARE - 1, false),
        (FIRMWARE + 1, true),
        (0, true),
    ] {
        s.refused(
            acme(),
            c,
            &C::updateFirmwareCall {
                id,
                version,
                imageHash: hash(7),
                rollback,
            },
            &C::InvalidFirmwareChange {
                current: FIRMWARE,
                next: version,
                rollback,
            },
        );
    }
    s.refused(
        acme(),
        c,
        &C::updateFirmwareCall {
            id,
            imageHash: B256::ZERO,
            ..ota.clone()
        },
        &C::InvalidHash {},
    );
    let ops = account("acme ota");
    grant_ota(&mut s, ops);
    s.ok(ops, c, &ota);
}

#[test]
// One list of cases: splitting it would only scatter them.
#[allow(clippy::too_many_lines)]
fn resets_and_end_of_life_need_the_owner_or_the_manufacturer_and_a_fresh_key_signature() {
    let (mut s, device, id) = claimed();
    let c = s.certificates;
    let (user, stranger, ops) = (account("user"), account("stranger"), account("acme ota"));
    grant_ota(&mut s, ops);
    // Reset and end of life: the owner or the manufacturer.
    let new_key = DeviceKey::from_seed("new key");
    let rotate = s.rotate_signature(&device.key, &new_key, id, 0);
    let reset = C::factoryResetCall {
        id,
        newDevice: new_key.address(),
        signature: rotate.clone(),
    };
    let eol = C::endOfLifeCall {
        id,
        kind: 1,
        reason: hash(9),
    };
    for caller in [stranger, rival(), ops] {
        s.refused(
            caller,
            c,
            &reset,
            &C::CallerNotOwnerOrManufacturer {
                id,
                account: caller,
            },
        );
        s.refused(
            caller,
            c,
            &eol,
            &C::CallerNotOwnerOrManufacturer {
                id,
                account: caller,
            },
        );
    }
    for kind in [0, 4, 255] {
        s.refused(
            user,
            c,
            &C::endOfLifeCall {
                kind,
                ..eol.clone()
            },
            &C::InvalidEndOfLifeKind { kind },
        );
    }
    s.refused(
        user,
        c,
        &C::endOfLifeCall {
            reason: B256::ZERO,
            ..eol.clone()
        },
        &C::InvalidHash {},
    );
    // RotateKey signatures: the current key's half by another key, either half malleable or
    // missing; then a key once used never comes back.
    let forger = DeviceKey::from_seed("forger");
    let by_forger = s.rotate_signature(&forger, &new_key, id, 0);
    s.refused(
        user,
        c,
        &C::factoryResetCall {
            signature: by_forger.clone(),
            ..reset.clone()
        },
        &C::WrongSigner {
            expected: device.address(),
            recovered: forger.address(),
        },
    );
    let mut high_first = high_s_twin(&rotate[..65]);
    high_first.extend_from_slice(&rotate[65..]);
    let mut high_second = rotate[..65].to_vec();
    high_second.extend(high_s_twin(&rotate[65..]));
    for bad in [high_first, high_second, rotate[65..].to_vec()] {
        s.refused(
            user,
            c,
            &C::factoryResetCall {
                signature: bad.into(),
                ..reset.clone()
            },
            &C::InvalidSignature {},
        );
    }
    s.ok(user, c, &reset);
    // Back to the original key: refused, a key once used stays taken.
    let back = s.rotate_signature(&new_key, &device.key, id, 1);
    s.refused(
        user,
        c,
        &C::factoryResetCall {
            id,
            newDevice: device.address(),
            signature: back,
        },
        &C::DeviceAddressTaken {
            device: device.address(),
            id,
        },
    );
}

/// H1 on the wasm: a wallet holding only `FACTORY_RESET` cannot rotate an unclaimed device's
/// key to one it controls and claim the certificate out of factory custody.
#[test]
fn a_factory_reset_delegate_cannot_steal_an_unclaimed_device() {
    let mut s = Stack::licensed();
    let (c, registry) = (s.certificates, s.registry);
    let device = Device::new(1, 0);
    s.mint(std::slice::from_ref(&device));
    let id = device.id();
    let thief = account("reset delegate");
    s.ok(
        acme(),
        registry,
        &R::grantPrivilegeCall {
            node: ACME,
            operator: thief,
            privilege: privileges::FACTORY_RESET,
            expiresAt: u64::MAX,
        },
    );
    let thief_key = DeviceKey::from_seed("the thief's key");
    // The attack of the review: only the new (thief's) key signs.
    let only_new = s.rotate_half(&thief_key, thief_key.address(), id, 0);
    let reset = C::factoryResetCall {
        id,
        newDevice: thief_key.address(),
        signature: only_new.into(),
    };
    s.refused(thief, c, &reset, &C::InvalidSignature {});
    // The thief's key signing for the device too is refused: the device key must agree.
    s.refused(
        thief,
        c,
        &C::factoryResetCall {
            signature: s.rotate_signature(&thief_key, &thief_key, id, 0),
            ..reset
        },
        &C::WrongSigner {
            expected: device.address(),
            recovered: thief_key.address(),
        },
    );
    // So the thief's own claim signature moves nothing.
    let deadline = U256::from(s.now() + 86_400);
    let claim = Claim {
        certificate: id,
        owner: thief,
        nonce: U256::ZERO,
        deadline,
    };
    let signature: Bytes = thief_key.sign_typed(&s.domain(), &claim).into();
    s.refused(
        thief,
        c,
        &C::claimCall {
            id,
            owner: thief,
            nonce: U256::ZERO,
            deadline,
            signature,
        },
        &C::WrongSigner {
            expected: device.address(),
            recovered: thief_key.address(),
        },
    );
    // The device's own claim still goes to its buyer.
    let buyer = account("buyer");
    s.ok(account("relayer"), c, &s.claim_call(&device, buyer));
    let token = s.token;
    assert_eq!(
        s.view(
            token,
            &dimo_interfaces::erc::IERC721::ownerOfCall { tokenId: id }
        )
        ._0,
        buyer
    );
}

#[test]
fn provisioning_is_the_owners_once() {
    let (mut s, _, id) = claimed();
    let c = s.certificates;
    let user = account("user");
    // Provisioning: the owner only, once, not in the future.
    let at = s.now();
    s.refused(
        acme(),
        c,
        &C::markProvisionedCall {
            id,
            provisionedAt: at,
        },
        &C::CallerNotOwner {
            id,
            account: acme(),
        },
    );
    s.refused(
        user,
        c,
        &C::markProvisionedCall {
            id,
            provisionedAt: at + 1,
        },
        &C::InvalidDate {
            date: at + 1,
            bound: at,
        },
    );
    s.ok(
        user,
        c,
        &C::markProvisionedCall {
            id,
            provisionedAt: at,
        },
    );
    s.refused(
        user,
        c,
        &C::markProvisionedCall {
            id,
            provisionedAt: at,
        },
        &C::AlreadyProvisioned {
            id,
            provisionedAt: at,
        },
    );
}

#[test]
fn the_token_refuses_everyone_but_the_owner_and_the_issuer() {
    let (mut s, _, id) = claimed();
    let (c, token) = (s.certificates, s.token);
    let (user, stranger) = (account("user"), account("stranger"));
    // The token: organizations by the owner only; the issuer's hooks by the issuer only;
    // the issuer set once, by the token's owner.
    let org = account("org");
    for caller in [acme(), stranger, c] {
        s.refused(
            caller,
            token,
            &T::authorizeOrganizationCall { id, org },
            &T::CallerNotOwner {
                id,
                account: caller,
            },
        );
    }
    s.refused(
        user,
        token,
        &T::authorizeOrganizationCall {
            id,
            org: Address::ZERO,
        },
        &T::InvalidOrganization { org: Address::ZERO },
    );
    s.refused(
        user,
        token,
        &T::revokeOrganizationCall { id, org },
        &T::OrganizationNotAuthorized { id, org },
    );
    for caller in [owner(), acme(), user] {
        s.refused(
            caller,
            token,
            &T::issueCall {
                to: caller,
                ids: vec![U256::from(1)],
            },
            &T::CallerNotIssuer { account: caller },
        );
        s.refused(
            caller,
            token,
            &T::retireCall { id },
            &T::CallerNotIssuer { account: caller },
        );
        s.refused(
            caller,
            token,
            &T::issuerTransferCall {
                from: user,
                to: caller,
                id,
            },
            &T::CallerNotIssuer { account: caller },
        );
    }
    s.refused(
        owner(),
        token,
        &T::setIssuerCall { issuer: stranger },
        &T::InvalidIssuer { issuer: stranger },
    );
    s.refused(
        stranger,
        token,
        &T::setIssuerCall { issuer: stranger },
        &O::OwnableUnauthorizedAccount { account: stranger },
    );
    // The issuer cannot mint an id twice.
    s.refused(
        c,
        token,
        &T::issueCall {
            to: user,
            ids: vec![id],
        },
        &dimo_interfaces::erc::IERC721::ERC721InvalidSender {
            sender: Address::ZERO,
        },
    );
}
