//! What a dApp's own tools compute, accepted by the compiled contracts: the ERC-165 ids solc
//! computes for the published interfaces (`abi/*.sol`), and EIP-712 signatures made by viem's
//! `signTypedData` ([`crate::clients`], run with `node` from `tests/js`).

use std::collections::BTreeSet;

use alloy_primitives::{Address, Bytes, FixedBytes, U256};
use alloy_sol_types::{SolStruct, SolValue};
use dimo_interfaces::{
    certificates::{Claim, DeviceInput, IDeviceCertificates as C, MintDevice, RotateKey},
    erc::IERC165,
    interface_id,
    signer::{high_s_twin, DeviceKey},
};
use stylus_runtime::World;

use crate::clients::{solc_interface_ids, viem_sign_typed, with_chain, with_contract};
use crate::registry::account;
use crate::stack::{acme, recover, Device, Stack, ACME, ACME_LICENSE};

fn supports(world: &mut World, contract: Address, id: FixedBytes<4>) -> bool {
    crate::calls::view(
        world,
        contract,
        &IERC165::supportsInterfaceCall { interfaceId: id },
    )
    ._0
}

#[test]
fn every_contract_answers_the_ids_solc_computes_for_its_published_interfaces() {
    let mut s = Stack::deployed();
    let ids = solc_interface_ids();
    let covered: BTreeSet<&str> = ids.iter().map(|i| i.contract.as_str()).collect();
    let published: BTreeSet<&str> = dimo_interfaces::abi::CONTRACTS.iter().copied().collect();
    assert_eq!(covered, published, "solc saw every published contract");
    let mut checked = 0;
    for i in &ids {
        let address = match i.contract.as_str() {
            "manufacturer-registry" => s.registry,
            "manufacturing-licenses" => s.manufacturing,
            "device-licenses" => s.devices,
            "minting-certificates" => s.certificates,
            "certificate-token" => s.token,
            other => panic!("no deployment of {other} in the stack"),
        };
        if i.id == FixedBytes::ZERO {
            // An interface without functions: solc's id is 0. ERC-4906 is the only one, and
            // its EIP fixes the id the contract answers instead.
            assert_eq!(
                i.interface, "IERC4906",
                "{}: {} has no function",
                i.contract, i.interface
            );
            assert!(
                supports(&mut s.world, address, interface_id::ERC4906),
                "{}",
                i.contract
            );
        } else {
            assert!(
                supports(&mut s.world, address, i.id),
                "{} does not answer solc's id {} of {}",
                i.contract,
                i.id,
                i.interface
            );
        }
        assert!(!supports(&mut s.world, address, FixedBytes([0xff; 4])));
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} ids");
    // Each contract's own interface is the one the interfaces crate names.
    for (contract, id) in [
        ("minting-certificates", interface_id::DEVICE_CERTIFICATES),
        ("certificate-token", interface_id::CERTIFICATE_TOKEN),
        ("manufacturer-registry", interface_id::MANUFACTURER_REGISTRY),
    ] {
        let name = dimo_interfaces::abi::interface_name(contract);
        assert!(
            ids.iter()
                .any(|i| i.contract == contract && i.interface == name && i.id == id),
            "{contract}: {name}"
        );
    }
}

/// For each refused signature: the call with it and the documented error. A signature with
/// high `s` is `InvalidSignature()`; one made for another chain or another contract recovers
/// to another address: `WrongSigner(expected, recovered)`.
fn refusals<M: SolStruct + SolValue>(
    s: &Stack,
    key: &DeviceKey,
    message: &M,
    expected: Address,
) -> Vec<(Vec<u8>, Option<C::WrongSigner>)> {
    let domain = s.domain();
    let ours = message.eip712_signing_hash(&domain);
    let high_s = high_s_twin(&viem_sign_typed(key, &domain, message));
    let mut out = vec![(high_s, None)];
    let chain = s.world.block().chain_id;
    for other in [
        with_chain(&domain, chain + 1),
        with_contract(&domain, s.token),
    ] {
        let signature = viem_sign_typed(key, &other, message);
        let recovered = recover(&ours, &signature);
        out.push((
            signature,
            Some(C::WrongSigner {
                expected,
                recovered,
            }),
        ));
    }
    out
}

#[test]
fn viem_signatures_are_accepted_and_malleable_or_foreign_ones_refused() {
    let mut s = Stack::licensed();
    let c = s.certificates;
    let device = Device::new(42, 0);
    let domain = s.domain();

    // MintDevice: every recorded field, signed by viem as by the Rust signer.
    let input = s.device(ACME, &device);
    let message = MintDevice::of(ACME, ACME_LICENSE, &input);
    let mint = |signature: Vec<u8>| C::mintCertificatesCall {
        manufacturer: ACME,
        deviceLicense: ACME_LICENSE,
        devices: vec![DeviceInput {
            signature: signature.into(),
            ..input.clone()
        }],
    };
    for (signature, error) in refusals(&s, &device.key, &message, device.address()) {
        match error {
            Some(e) => s.refused(acme(), c, &mint(signature), &e),
            None => s.refused(acme(), c, &mint(signature), &C::InvalidSignature {}),
        }
    }
    let signature = viem_sign_typed(&device.key, &domain, &message);
    s.ok(acme(), c, &mint(signature));
    let id = device.id();
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

    // Claim.
    let user = account("viem user");
    let deadline = U256::from(s.now() + 3_600);
    let message = Claim {
        certificate: id,
        owner: user,
        nonce: U256::ZERO,
        deadline,
    };
    let claim = |signature: Vec<u8>| C::claimCall {
        id,
        owner: user,
        nonce: U256::ZERO,
        deadline,
        signature: Bytes::from(signature),
    };
    for (signature, error) in refusals(&s, &device.key, &message, device.address()) {
        match error {
            Some(e) => s.refused(user, c, &claim(signature), &e),
            None => s.refused(user, c, &claim(signature), &C::InvalidSignature {}),
        }
    }
    let signature = viem_sign_typed(&device.key, &domain, &message);
    s.ok(user, c, &claim(signature));
    // The claim changed the owner: the nonce moved on.
    assert_eq!(s.view(c, &C::claimNonceCall { id })._0, U256::from(1));

    rotate_key_with_viem(&mut s, user, &device);
}

/// `RotateKey`: a factory reset by the owner moves the certificate to a new device key; the
/// current key signs first (it proves possession of the device), then the new key. Each half
/// made malleable or for another domain is refused.
fn rotate_key_with_viem(s: &mut Stack, user: Address, device: &Device) {
    let c = s.certificates;
    let id = device.id();
    let domain = s.domain();
    let new_key = DeviceKey::from_seed("device 42/0 after a reset, signing with viem");
    let message = RotateKey {
        certificate: id,
        device: new_key.address(),
        nonce: U256::ZERO,
    };
    let reset = |signature: Vec<u8>| C::factoryResetCall {
        id,
        newDevice: new_key.address(),
        signature: Bytes::from(signature),
    };
    let current_half = viem_sign_typed(&device.key, &domain, &message);
    let new_half = viem_sign_typed(&new_key, &domain, &message);
    let halves = [
        (&device.key, device.address()),
        (&new_key, new_key.address()),
    ];
    for (position, (key, expected)) in halves.into_iter().enumerate() {
        for (bad, error) in refusals(s, key, &message, expected) {
            let signature = if position == 0 {
                [bad, new_half.clone()].concat()
            } else {
                [current_half.clone(), bad].concat()
            };
            match error {
                Some(e) => s.refused(user, c, &reset(signature), &e),
                None => s.refused(user, c, &reset(signature), &C::InvalidSignature {}),
            }
        }
    }
    s.ok(user, c, &reset([current_half, new_half].concat()));
    assert_eq!(
        s.view(
            c,
            &C::idByDeviceAddressCall {
                device: new_key.address()
            }
        )
        ._0,
        id
    );
}
