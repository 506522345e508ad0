//! Every error encodes exactly as alloy encodes the interface's declaration.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{address, U256};
use alloy_sol_types::SolError;
use dimo_interfaces::certificates::IDeviceCertificates as C;

use crate::Error;

/// Our encoding of `e` equals alloy's.
fn same<E: SolError + Clone>(e: &E)
where
    Error: From<E>,
{
    dimo_interfaces::encode::assert_error_matches_alloy::<Error, E>(e);
}

#[test]
fn every_error_encodes_as_alloy_does() {
    let a = address!("00000000000000000000000000000000000000a1");
    let n = U256::from(7) << 200;
    for text in ["", "SN-1", &"x".repeat(32), &"y".repeat(33)] {
        let text = String::from(text);
        {
            same(&C::CallerNotAuthorized {
                node: n,
                account: a,
            });
            same(&C::CallerNotOwnerOrManufacturer { id: n, account: a });
            same(&C::CallerNotOwner { id: n, account: a });
            same(&C::ManufacturerNotLicensed { node: n });
            same(&C::DeviceLicenseNotActive { license: n });
            same(&C::DeviceLicenseNotOwned {
                license: n,
                owner: n,
                manufacturer: n,
            });
            same(&C::InvalidBatchSize { size: n, max: n });
            same(&C::InvalidSerial {
                serial: text.clone(),
            });
            same(&C::SerialTaken {
                manufacturer: n,
                serial: text.clone(),
                id: n,
            });
            same(&C::InvalidImei { imei: u64::MAX });
            same(&C::ImeiTaken {
                imei: u64::MAX,
                id: n,
            });
            same(&C::InvalidDeviceAddress { device: a });
            same(&C::DeviceAddressTaken { device: a, id: n });
            same(&C::InvalidDate {
                date: u64::MAX,
                bound: u64::MAX,
            });
            same(&C::InvalidHash {});
            same(&C::QaNotPassed { device: a });
            same(&C::InvalidFirmwareVersion { version: u64::MAX });
            same(&C::InvalidSignature {});
            same(&C::WrongSigner {
                expected: a,
                recovered: a,
            });
            same(&C::SignatureExpired {
                deadline: n,
                now: u64::MAX,
            });
            same(&C::InvalidNonce {
                nonce: n,
                expected: n,
            });
            same(&C::NotInFactoryCustody { id: n, owner: a });
            same(&C::InvalidNewOwner { owner: a });
            same(&C::UnknownCertificate { id: n });
            same(&C::CertificateRetired { id: n });
            same(&C::AlreadyProvisioned {
                id: n,
                provisionedAt: u64::MAX,
            });
            same(&C::InvalidFirmwareChange {
                current: u64::MAX,
                next: u64::MAX,
                rollback: true,
            });
            same(&C::InvalidEndOfLifeKind { kind: 7 });
            same(&C::CallerNotRegistryAdmin { account: a });
            same(&C::InvalidConfiguration { account: a });
        }
    }
}

#[test]
fn token_revert_data_is_passed_on() {
    let data = vec![1, 2, 3];
    assert_eq!(Vec::<u8>::from(Error::TokenReverted(data.clone())), data);
}
