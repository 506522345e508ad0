//! How the artifacts encode return values, against the Solidity ABI.
//!
//! **Known defect** (stylus-sdk 0.9,
//! [stylus-sdk-rs#308](https://github.com/OffchainLabs/stylus-sdk-rs/issues/308)): a function
//! with several return values of which one is dynamic returns `abi.encode((a, b, …))`, one
//! leading word `0x20` followed by the Solidity encoding `abi.encode(a, b, …)`, which Solidity
//! callers, ethers and viem decode wrongly. The test below pins this so that a fix (an SDK
//! with stylus-sdk-rs#328, or another return type) is noticed: when it fails because the
//! extra word is gone, switch the tests' `view_tuple` calls back to `view` and turn the first
//! assertion around.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{
    certificates::{ICertificateToken as T, IDeviceCertificates as C},
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M},
    registry::IManufacturerRegistry as R,
};
use stylus_runtime::Tx;

use crate::calls::split_tuple_return;
use crate::stack::{acme, Device, Stack, ACME, ACME_LICENSE};

/// The raw output of the view `call` of `to`.
fn raw<C: SolCall>(s: &mut Stack, to: Address, call: &C) -> Vec<u8> {
    let receipt = s
        .world
        .view(&Tx::call(Address::ZERO, to, call.abi_encode()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(receipt.is_success(), "{}", C::SIGNATURE);
    receipt.output
}

/// Whether `call`'s output is the Solidity encoding preceded by the extra word (`true`), or
/// the Solidity encoding itself (`false`).
fn has_extra_word<C: SolCall>(s: &mut Stack, to: Address, call: &C) -> bool {
    let output = raw(s, to, call);
    if C::abi_decode_returns(&output, true).is_ok() {
        return false;
    }
    let (rest, extra) = split_tuple_return(&output);
    assert!(
        extra && C::abi_decode_returns(rest, true).is_ok(),
        "{}: not the Solidity encoding, with or without the extra word",
        C::SIGNATURE
    );
    true
}

#[test]
fn returns_with_a_dynamic_member_carry_the_sdks_extra_word() {
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
    let affected = [
        has_extra_word(&mut s, m, &M::mouCall { version: 1 }),
        has_extra_word(&mut s, d, &D::deviceLicenseCall { id: ACME_LICENSE }),
        has_extra_word(
            &mut s,
            d,
            &D::deviceLicenseAuditCall {
                id: ACME_LICENSE,
                kind: 1,
            },
        ),
        has_extra_word(
            &mut s,
            d,
            &D::deviceLicensesOfCall {
                manufacturer: ACME,
                offset: 0,
                limit: 10,
            },
        ),
        has_extra_word(&mut s, c, &C::certificateCall { id: device.id() }),
    ];
    assert_eq!(
        affected, [true; 5],
        "mou, deviceLicense, deviceLicenseAudit, deviceLicensesOf, certificate"
    );
    // Single dynamic values and all-static tuples are encoded as Solidity does.
    let unaffected = [
        has_extra_word(
            &mut s,
            registry,
            &R::manufacturerNameByIdCall { node: ACME },
        ),
        has_extra_word(
            &mut s,
            token,
            &T::authorizedOrganizationsCall { id: device.id() },
        ),
        has_extra_word(&mut s, m, &M::manufacturingLicenseCall { node: ACME }),
        has_extra_word(
            &mut s,
            c,
            &C::batchCall {
                batch: U256::from(1),
            },
        ),
    ];
    assert_eq!(unaffected, [false; 4]);
    assert_eq!(
        s.view(registry, &R::manufacturerNameByIdCall { node: ACME })
            ._0,
        "Acme Devices"
    );
    assert_eq!(
        s.view(
            token,
            &dimo_interfaces::erc::IERC721::ownerOfCall {
                tokenId: device.id()
            }
        )
        ._0,
        acme()
    );
}
