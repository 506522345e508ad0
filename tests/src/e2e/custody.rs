//! Factory custody on the compiled contracts: every change of owner kills outstanding claim
//! signatures (issue 9, L2), a node transfer strands no device (claims from the previous
//! holder's wallet), and a second minting wallet cannot front-run a pending mint with altered
//! records (the device signs every recorded field).

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    certificates::{DeviceInput, IDeviceCertificates as C},
    erc::IERC721 as E,
    privileges,
    registry::IManufacturerRegistry as R,
};

use super::events;
use crate::registry::account;
use crate::stack::{acme, hash, owner, recover, Device, Stack, ACME, ACME_LICENSE};

/// `from`'s ERC-721 transfer of certificate `id` to `to`.
fn transfer(s: &mut Stack, from: Address, to: Address, id: U256) {
    let token = s.token;
    s.ok(
        from,
        token,
        &E::transferFromCall {
            from,
            to,
            tokenId: id,
        },
    );
}

/// The owner of certificate `id`.
fn owner_of(s: &mut Stack, id: U256) -> Address {
    let token = s.token;
    s.view(token, &E::ownerOfCall { tokenId: id })._0
}

/// The claim of `device` for `owner` with `nonce`, deadline in a day.
fn claim(s: &Stack, device: &Device, owner: Address, nonce: u64) -> C::claimCall {
    let deadline = s.now() + 86_400;
    C::claimCall {
        id: device.id(),
        owner,
        nonce: U256::from(nonce),
        deadline: U256::from(deadline),
        signature: s.claim_signature(&device.key, owner, nonce, deadline),
    }
}

#[test]
fn a_warranty_return_kills_the_claim_signatures_made_before() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let d = Device::new(1, 0);
    s.mint(std::slice::from_ref(&d));
    let (buyer, user) = (account("buyer"), account("user"));
    let unused = claim(&s, &d, user, 0);
    transfer(&mut s, acme(), buyer, d.id());
    transfer(&mut s, buyer, acme(), d.id());
    assert_eq!(
        s.view(c, &C::claimNonceCall { id: d.id() })._0,
        U256::from(2)
    );
    s.refused(
        user,
        c,
        &unused,
        &C::InvalidNonce {
            nonce: U256::ZERO,
            expected: U256::from(2),
        },
    );
    let fresh = claim(&s, &d, user, 2);
    s.ok(user, c, &fresh);
    assert_eq!(owner_of(&mut s, d.id()), user);
}

#[test]
fn a_node_transfer_strands_no_device() {
    let mut s = Stack::licensed();
    let (c, registry) = (s.certificates, s.registry);
    let devices: Vec<Device> = (0..3).map(|i| Device::new(1, i)).collect();
    s.mint(&devices);
    let (heir, user) = (account("acme heir"), account("user"));
    s.ok(
        owner(),
        registry,
        &R::addControllerCall { controller: heir },
    );
    s.ok(
        acme(),
        registry,
        &E::transferFromCall {
            from: acme(),
            to: heir,
            tokenId: ACME,
        },
    );

    // The previous holder can no longer act for the node.
    s.refused(
        acme(),
        c,
        &C::updateFirmwareCall {
            id: devices[1].id(),
            version: 2 << 48,
            imageHash: hash(9),
            rollback: false,
        },
        &C::CallerNotAuthorized {
            node: ACME,
            account: acme(),
        },
    );
    let again = s.mint_call(ACME, ACME_LICENSE, &[Device::new(1, 7)]);
    s.refused(
        acme(),
        c,
        &again,
        &C::CallerNotAuthorized {
            node: ACME,
            account: acme(),
        },
    );

    // Devices left in the previous holder's wallet are still claimable there.
    for d in &devices {
        let sent = s.send(user, c, &claim(&s, d, user, 0));
        sent.ok();
        assert_eq!(
            events::<E::Transfer>(&sent.receipt, s.token),
            vec![E::Transfer {
                from: acme(),
                to: user,
                tokenId: d.id(),
            }]
        );
        assert_eq!(owner_of(&mut s, d.id()), user);
    }
}

/// A named change a second minting wallet makes to a pending device input.
type Alteration = (&'static str, fn(&mut DeviceInput));

#[test]
fn a_second_minting_wallet_cannot_front_run_with_altered_records() {
    let mut s = Stack::licensed();
    let (c, registry) = (s.certificates, s.registry);
    let line2 = account("second factory line");
    s.ok(
        acme(),
        registry,
        &R::grantPrivilegeCall {
            node: ACME,
            operator: line2,
            privilege: privileges::MINT_DEVICES,
            expiresAt: u64::MAX,
        },
    );
    let device = Device::new(1, 0);
    let pending = s.device(ACME, &device);
    let altered: Vec<Alteration> = vec![
        ("firmware", |d| d.firmware += 1),
        ("QA report", |d| d.qaReport = hash(0x99)),
        ("ICT result", |d| d.ictPassed = false),
        ("manufacturing date", |d| d.manufacturedAt -= 1),
    ];
    for (field, alter) in altered {
        let mut input = pending.clone();
        alter(&mut input);
        let message = dimo_interfaces::certificates::MintDevice::of(ACME, ACME_LICENSE, &input);
        let digest = alloy_sol_types::SolStruct::eip712_signing_hash(&message, &s.domain());
        let call = C::mintCertificatesCall {
            manufacturer: ACME,
            deviceLicense: ACME_LICENSE,
            devices: vec![input],
        };
        let sent = s.send(line2, c, &call);
        assert_eq!(
            sent.revert_data(),
            alloy_sol_types::SolError::abi_encode(&C::WrongSigner {
                expected: device.address(),
                recovered: recover(&digest, &pending.signature),
            }),
            "{field}"
        );
    }
    // The pending mint, as the device signed it, still goes through.
    s.ok(
        acme(),
        c,
        &C::mintCertificatesCall {
            manufacturer: ACME,
            deviceLicense: ACME_LICENSE,
            devices: vec![pending],
        },
    );
    assert_eq!(owner_of(&mut s, device.id()), acme());
}
