//! How the artifacts encode return values, against the Solidity ABI.
//!
//! stylus-sdk 0.9 encodes a return tuple with a dynamic member as one value, behind a
//! leading offset word `0x20` that Solidity callers, ethers and viem do not expect
//! ([stylus-sdk-rs#308](https://github.com/OffchainLabs/stylus-sdk-rs/issues/308)). The
//! contracts return such tuples through `contract_kit::returns::Returns`, which gives the
//! Solidity encoding; this test checks every affected function, and a few that never were,
//! with alloy's strict decoder on the real artifacts.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{
    certificates::{ICertificateToken as T, IDeviceCertificates as C},
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M},
    registry::IManufacturerRegistry as R,
};
use stylus_runtime::Tx;

use crate::stack::{Device, Stack, ACME, ACME_LICENSE};

/// Whether the view `call` of `to` answers the Solidity encoding of its return values:
/// alloy's strict decoder accepts it (it refuses the SDK's form with the extra word).
fn solidity_encoded<C: SolCall>(s: &mut Stack, to: Address, call: &C) -> bool {
    let receipt = s
        .world
        .view(&Tx::call(Address::ZERO, to, call.abi_encode()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(receipt.is_success(), "{}", C::SIGNATURE);
    C::abi_decode_returns(&receipt.output, true).is_ok()
}

#[test]
fn every_multi_value_return_is_solidity_encoded() {
    let mut s = Stack::licensed();
    let device = Device::new(1, 0);
    s.mint(std::slice::from_ref(&device));
    let (m, d, c, token, registry) = (
        s.manufacturing,
        s.devices,
        s.certificates,
        s.token,
        s.registry,
    );
    let checks = [
        (
            "mou",
            solidity_encoded(&mut s, m, &M::mouCall { version: 1 }),
        ),
        (
            "deviceLicense",
            solidity_encoded(&mut s, d, &D::deviceLicenseCall { id: ACME_LICENSE }),
        ),
        (
            "deviceLicenseAudit",
            solidity_encoded(
                &mut s,
                d,
                &D::deviceLicenseAuditCall {
                    id: ACME_LICENSE,
                    kind: 1,
                },
            ),
        ),
        (
            "deviceLicensesOf",
            solidity_encoded(
                &mut s,
                d,
                &D::deviceLicensesOfCall {
                    manufacturer: ACME,
                    offset: 0,
                    limit: 10,
                },
            ),
        ),
        (
            "certificate",
            solidity_encoded(&mut s, c, &C::certificateCall { id: device.id() }),
        ),
        (
            "manufacturerNameById",
            solidity_encoded(
                &mut s,
                registry,
                &R::manufacturerNameByIdCall { node: ACME },
            ),
        ),
        (
            "authorizedOrganizations",
            solidity_encoded(
                &mut s,
                token,
                &T::authorizedOrganizationsCall { id: device.id() },
            ),
        ),
        (
            "manufacturingLicense",
            solidity_encoded(&mut s, m, &M::manufacturingLicenseCall { node: ACME }),
        ),
        (
            "batch",
            solidity_encoded(
                &mut s,
                c,
                &C::batchCall {
                    batch: U256::from(1),
                },
            ),
        ),
    ];
    for (name, ok) in checks {
        assert!(ok, "{name} is not Solidity-encoded");
    }
    let cert = s.view(c, &C::certificateCall { id: device.id() });
    assert_eq!(cert.device, device.address());
    assert_eq!(cert.serial, device.serial);
}
