//! Device Minting Certificates on the deployed artifacts: a batch of 100 devices with real
//! device-key signatures, then one device's life: claim out of factory custody, provisioning,
//! an organization on the token, an OTA update, a factory reset that rotates the key, end of
//! life, and everything refused afterwards.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{SolEvent, SolValue};
use dimo_interfaces::{
    certificates::{link, status, ICertificateToken as T, IDeviceCertificates as C},
    erc::{IERC4906, IERC721 as E},
    signer::DeviceKey,
};

use super::{assert_event, events};
use crate::registry::account;
use crate::stack::{acme, hash, id_of, Device, Stack, ACME, ACME_LICENSE, FIRMWARE};

/// The leaf of one device in a batch digest: keccak-256 of its `CertificateMinted` fields
/// (the serial as its hash), as `batch()` documents.
fn leaf(e: &C::CertificateMinted) -> B256 {
    keccak256(
        (
            e.id,
            keccak256(e.serial.as_bytes()),
            e.imei,
            e.manufacturedAt,
            e.ictPassed,
            e.ictReport,
            e.mechanicalPassed,
            e.mechanicalReport,
            e.qaReport,
            e.qaInspectedAt,
            e.firmware,
        )
            .abi_encode(),
    )
}

#[test]
// One story, start to end: splitting it would only scatter it.
#[allow(clippy::too_many_lines)]
fn a_batch_of_100_devices_signed_by_their_keys() {
    let mut s = Stack::licensed();
    let (c, token) = (s.certificates, s.token);
    let devices: Vec<Device> = (0..100).map(|i| Device::new(1, i)).collect();
    let call = s.mint_call(ACME, ACME_LICENSE, &devices);
    let sent = s.send(acme(), c, &call);
    let batch = sent.ok()._0;
    assert_eq!(batch, U256::from(1));
    let now = s.now();

    // One CertificateMinted per device, in order, carrying every field.
    let minted = events::<C::CertificateMinted>(&sent.receipt, c);
    assert_eq!(minted.len(), 100);
    for ((event, device), input) in minted.iter().zip(&devices).zip(&call.devices) {
        assert_eq!(
            event,
            &C::CertificateMinted {
                id: device.id(),
                manufacturer: ACME,
                batch,
                serial: device.serial.clone(),
                imei: device.imei,
                manufacturedAt: input.manufacturedAt,
                ictPassed: true,
                ictReport: hash(0x11),
                mechanicalPassed: true,
                mechanicalReport: hash(0x22),
                qaReport: hash(0x33),
                qaInspectedAt: input.qaInspectedAt,
                firmware: FIRMWARE,
            }
        );
    }
    let digest = minted.iter().fold(B256::ZERO, |d, e| {
        keccak256([d.as_slice(), leaf(e).as_slice()].concat())
    });
    assert_event(
        &sent.receipt,
        c,
        &C::BatchMinted {
            batch,
            manufacturer: ACME,
            deviceLicense: ACME_LICENSE,
            licenseGrant: 1,
            licenseExpiresAt: 0,
            count: U256::from(100),
            digest,
            minter: acme(),
        },
    );
    // The token minted every id to the node's holder (factory custody), after the records.
    let transfers = events::<E::Transfer>(&sent.receipt, token);
    assert_eq!(
        transfers,
        devices
            .iter()
            .map(|d| E::Transfer {
                from: Address::ZERO,
                to: acme(),
                tokenId: d.id(),
            })
            .collect::<Vec<_>>()
    );
    let order: Vec<(Address, B256)> = sent
        .receipt
        .logs
        .iter()
        .map(|l| (l.address, l.topics[0]))
        .collect();
    assert_eq!(order.len(), 201);
    assert!(order[..100]
        .iter()
        .all(|l| *l == (c, C::CertificateMinted::SIGNATURE_HASH)));
    assert_eq!(order[100], (c, C::BatchMinted::SIGNATURE_HASH));
    assert!(order[101..]
        .iter()
        .all(|l| *l == (token, E::Transfer::SIGNATURE_HASH)));

    // The records.
    assert_eq!(
        s.view(token, &E::balanceOfCall { owner: acme() })._0,
        U256::from(100)
    );
    assert_eq!(s.view(c, &C::totalBatchesCall {})._0, U256::from(1));
    let b = s.view(c, &C::batchCall { batch });
    assert_eq!(
        (
            b.manufacturer,
            b.deviceLicense,
            b.licenseGrant,
            b.licenseExpiresAt
        ),
        (ACME, ACME_LICENSE, 1, 0)
    );
    // Minter and digest are in `BatchMinted` (checked above), not stored.
    assert_eq!((b.mintedAt, b.count), (now, 100));
    for (device, input) in [
        (&devices[0], &call.devices[0]),
        (&devices[99], &call.devices[99]),
    ] {
        let id = device.id();
        assert_eq!(s.view(token, &E::ownerOfCall { tokenId: id })._0, acme());
        let r = s.view(c, &C::certificateCall { id });
        assert_eq!(
            (r.device, r.manufacturer, r.serial.clone(), r.imei, r.batch),
            (
                device.address(),
                ACME,
                device.serial.clone(),
                device.imei,
                batch
            )
        );
        assert_eq!(
            (r.deviceLicense, r.manufacturedAt, r.qaInspectedAt),
            (ACME_LICENSE, input.manufacturedAt, input.qaInspectedAt)
        );
        assert!(r.ictPassed && r.mechanicalPassed && r.qaPassed);
        assert_eq!((r.initialFirmware, r.firmware), (FIRMWARE, FIRMWARE));
        assert_eq!(
            (
                r.provisionedAt,
                r.status,
                r.retiredAt,
                r.otaUpdates,
                r.factoryResets
            ),
            (0, status::ACTIVE, 0, 0, 0)
        );
        assert_eq!(r.historyHead, B256::ZERO);
        assert_eq!(
            s.view(
                c,
                &C::idBySerialCall {
                    manufacturer: ACME,
                    serial: device.serial.clone()
                }
            )
            ._0,
            id
        );
        assert_eq!(s.view(c, &C::idByImeiCall { imei: device.imei })._0, id);
        assert_eq!(
            s.view(
                c,
                &C::idByDeviceAddressCall {
                    device: device.address()
                }
            )
            ._0,
            id
        );
        assert_eq!(s.view(c, &C::claimNonceCall { id })._0, U256::ZERO);
    }
    assert_eq!(
        s.view(c, &C::domainSeparatorCall {})._0,
        s.domain().separator()
    );
}

#[test]
// One story, start to end: splitting it would only scatter it.
#[allow(clippy::too_many_lines)]
fn one_devices_life_from_claim_to_end_of_life() {
    let mut s = Stack::licensed();
    let (c, token) = (s.certificates, s.token);
    let devices: Vec<Device> = (0..3).map(|i| Device::new(1, i)).collect();
    s.mint(&devices);
    let device = &devices[0];
    let id = device.id();
    let (user, relayer, org) = (account("user"), account("relayer"), account("fleet org"));

    // Claim, sent by a relayer: the signature fixes the new owner.
    let sent = s.send(relayer, c, &s.claim_call(device, user));
    sent.ok();
    assert_event(
        &sent.receipt,
        c,
        &C::CertificateClaimed {
            id,
            owner: user,
            nonce: U256::ZERO,
        },
    );
    assert_event(
        &sent.receipt,
        token,
        &E::Transfer {
            from: acme(),
            to: user,
            tokenId: id,
        },
    );
    assert_eq!(s.view(token, &E::ownerOfCall { tokenId: id })._0, user);
    assert_eq!(s.view(c, &C::claimNonceCall { id })._0, U256::from(1));
    assert_eq!(
        s.view(token, &E::balanceOfCall { owner: acme() })._0,
        U256::from(2)
    );

    // Provisioning, by the owner.
    let provisioned_at = s.now() - 3_600;
    let sent = s.send(
        user,
        c,
        &C::markProvisionedCall {
            id,
            provisionedAt: provisioned_at,
        },
    );
    sent.ok();
    assert_event(
        &sent.receipt,
        c,
        &C::DeviceProvisioned {
            id,
            provisionedAt: provisioned_at,
            by: user,
        },
    );
    assert_event(
        &sent.receipt,
        token,
        &IERC4906::MetadataUpdate { tokenId: id },
    );

    // An organization, on the token.
    let sent = s.send(user, token, &T::authorizeOrganizationCall { id, org });
    sent.ok();
    assert_event(
        &sent.receipt,
        token,
        &T::OrganizationAuthorized { id, org, by: user },
    );
    assert_eq!(
        s.view(token, &T::authorizedOrganizationsCall { id })._0,
        vec![org]
    );
    assert!(
        s.view(token, &T::isAuthorizedOrganizationCall { id, org })
            ._0
    );

    // An OTA update, by the manufacturer.
    let v2 = 1 << 48 | 5 << 32;
    let image = hash(0x77);
    let sent = s.send(
        acme(),
        c,
        &C::updateFirmwareCall {
            id,
            version: v2,
            imageHash: image,
            rollback: false,
        },
    );
    sent.ok();
    let head1 = keccak256(
        (
            B256::ZERO,
            U256::from(link::OTA_UPDATE),
            id,
            FIRMWARE,
            v2,
            image,
            false,
            acme(),
        )
            .abi_encode(),
    );
    assert_event(
        &sent.receipt,
        c,
        &C::FirmwareUpdated {
            id,
            manufacturer: ACME,
            from: FIRMWARE,
            to: v2,
            imageHash: image,
            rollback: false,
            count: 1,
            head: head1,
            by: acme(),
        },
    );
    assert_event(
        &sent.receipt,
        token,
        &IERC4906::MetadataUpdate { tokenId: id },
    );

    // A factory reset by the owner, rotating the key: the current and the new key sign
    // RotateKey.
    let new_key = DeviceKey::from_seed("device 1/0, after its factory reset");
    let new = new_key.address();
    let signature = s.rotate_signature(&device.key, &new_key, id, 0);
    let sent = s.send(
        user,
        c,
        &C::factoryResetCall {
            id,
            newDevice: new,
            signature,
        },
    );
    sent.ok();
    let head2 = keccak256(
        (
            head1,
            U256::from(link::FACTORY_RESET),
            id,
            device.address(),
            new,
            user,
        )
            .abi_encode(),
    );
    assert_event(
        &sent.receipt,
        c,
        &C::FactoryReset {
            id,
            manufacturer: ACME,
            oldDevice: device.address(),
            newDevice: new,
            count: 1,
            head: head2,
            by: user,
        },
    );
    assert_eq!(s.view(c, &C::idByDeviceAddressCall { device: new })._0, id);
    assert_eq!(
        s.view(
            c,
            &C::idByDeviceAddressCall {
                device: device.address()
            }
        )
        ._0,
        U256::ZERO
    );

    // End of life, by the owner.
    let reason = hash(0xe0);
    let sent = s.send(
        user,
        c,
        &C::endOfLifeCall {
            id,
            kind: status::RECYCLED,
            reason,
        },
    );
    sent.ok();
    let head3 = keccak256(
        (
            head2,
            U256::from(link::END_OF_LIFE),
            id,
            U256::from(status::RECYCLED),
            reason,
            user,
        )
            .abi_encode(),
    );
    assert_event(
        &sent.receipt,
        c,
        &C::EndOfLife {
            id,
            manufacturer: ACME,
            kind: status::RECYCLED,
            reason,
            head: head3,
            by: user,
        },
    );
    assert_event(&sent.receipt, token, &T::TokenRetired { id });
    assert!(s.view(token, &T::isRetiredCall { id })._0);

    // The record keeps everything, and stays readable.
    let r = s.view(c, &C::certificateCall { id });
    assert_eq!(r.device, new);
    assert_eq!((r.initialFirmware, r.firmware), (FIRMWARE, v2));
    assert_eq!(r.provisionedAt, provisioned_at);
    assert_eq!((r.status, r.retiredAt), (status::RECYCLED, s.now()));
    assert_eq!((r.otaUpdates, r.factoryResets), (1, 1));
    assert_eq!(r.historyHead, head3);
    assert_eq!(s.view(c, &C::historyHeadCall { id })._0, head3);
    assert_eq!(s.view(token, &E::ownerOfCall { tokenId: id })._0, user);
}

#[test]
fn a_change_of_owner_clears_the_organizations() {
    let mut s = Stack::licensed();
    let (c, token) = (s.certificates, s.token);
    let device = Device::new(1, 0);
    s.mint(std::slice::from_ref(&device));
    let (user, buyer, org) = (account("user"), account("buyer"), account("fleet org"));
    s.ok(user, c, &s.claim_call(&device, user));
    let id = device.id();
    s.ok(user, token, &T::authorizeOrganizationCall { id, org });
    let sent = s.send(
        user,
        token,
        &E::transferFromCall {
            from: user,
            to: buyer,
            tokenId: id,
        },
    );
    sent.ok();
    assert_event(&sent.receipt, token, &T::OrganizationsCleared { id });
    assert!(s
        .view(token, &T::authorizedOrganizationsCall { id })
        ._0
        .is_empty());
    assert!(
        !s.view(token, &T::isAuthorizedOrganizationCall { id, org })
            ._0
    );
}

#[test]
// One story, start to end: splitting it would only scatter it.
#[allow(clippy::too_many_lines)]
fn nothing_moves_or_changes_after_end_of_life() {
    let mut s = Stack::licensed();
    let (c, token) = (s.certificates, s.token);
    let devices: Vec<Device> = (0..2).map(|i| Device::new(1, i)).collect();
    s.mint(&devices);
    let (user, other) = (account("user"), account("other"));

    // Device 0: claimed, then retired by its owner.
    let (claimed, id) = (&devices[0], devices[0].id());
    s.ok(user, c, &s.claim_call(claimed, user));
    s.ok(
        user,
        c,
        &C::endOfLifeCall {
            id,
            kind: status::DISPOSED,
            reason: hash(1),
        },
    );
    let retired = T::CertificateRetired { id };
    s.refused(
        user,
        token,
        &E::transferFromCall {
            from: user,
            to: other,
            tokenId: id,
        },
        &retired,
    );
    s.refused(
        user,
        token,
        &E::safeTransferFrom_0Call {
            from: user,
            to: other,
            tokenId: id,
            data: vec![1, 2].into(),
        },
        &retired,
    );
    s.refused(
        user,
        token,
        &E::safeTransferFrom_1Call {
            from: user,
            to: other,
            tokenId: id,
        },
        &retired,
    );
    s.refused(
        user,
        token,
        &T::authorizeOrganizationCall {
            id,
            org: account("org"),
        },
        &retired,
    );
    // Not even the issuer moves it.
    s.refused(
        c,
        token,
        &T::issuerTransferCall {
            from: user,
            to: other,
            id,
        },
        &retired,
    );
    let gone = C::CertificateRetired { id };
    s.refused(
        acme(),
        c,
        &C::updateFirmwareCall {
            id,
            version: FIRMWARE + 1,
            imageHash: hash(2),
            rollback: false,
        },
        &gone,
    );
    let new_key = DeviceKey::from_seed("a key after end of life");
    let signature = s.rotate_signature(&claimed.key, &new_key, id, 0);
    for caller in [user, acme()] {
        s.refused(
            caller,
            c,
            &C::factoryResetCall {
                id,
                newDevice: new_key.address(),
                signature: signature.clone(),
            },
            &gone,
        );
        s.refused(
            caller,
            c,
            &C::factoryResetCall {
                id,
                newDevice: Address::ZERO,
                signature: Vec::new().into(),
            },
            &gone,
        );
        s.refused(
            caller,
            c,
            &C::endOfLifeCall {
                id,
                kind: status::DECOMMISSIONED,
                reason: hash(3),
            },
            &gone,
        );
    }
    s.refused(
        user,
        c,
        &C::markProvisionedCall {
            id,
            provisionedAt: s.now(),
        },
        &gone,
    );

    // Device 1: retired by the manufacturer while still in factory custody; its valid claim
    // is refused.
    let (in_custody, id1) = (&devices[1], devices[1].id());
    s.ok(
        acme(),
        c,
        &C::endOfLifeCall {
            id: id1,
            kind: status::DECOMMISSIONED,
            reason: hash(4),
        },
    );
    s.refused(
        account("relayer"),
        c,
        &s.claim_call(in_custody, user),
        &C::CertificateRetired { id: id1 },
    );
    s.refused(
        acme(),
        token,
        &E::transferFromCall {
            from: acme(),
            to: user,
            tokenId: id1,
        },
        &T::CertificateRetired { id: id1 },
    );
    assert_eq!(s.view(token, &E::ownerOfCall { tokenId: id1 })._0, acme());
    assert_eq!(id_of(in_custody.address()), id1);
}
