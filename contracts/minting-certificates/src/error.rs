//! The contract's one error enum, every custom error it can revert with, and their encoding.
//!
//! As in the other contracts, the encoding is written out with [`AbiWriter`] rather than
//! derived (`#[derive(SolidityError)]`); a test checks each variant against alloy's encoder.

use alloc::vec::Vec;

use alloy_sol_types::SolError;
use contract_kit::raw_string::RawString;
use dimo_interfaces::{certificates::IDeviceCertificates as C, encode::AbiWriter};
use stylus_sdk::call::MethodError;

contract_kit::error_enum! {
    /// Every error the contract reverts with, each a Solidity custom error.
    pub enum Error {
        /// See [`C::CallerNotAuthorized`].
        CallerNotAuthorized(C::CallerNotAuthorized),
        /// See [`C::CallerNotOwnerOrManufacturer`].
        CallerNotOwnerOrManufacturer(C::CallerNotOwnerOrManufacturer),
        /// See [`C::CallerNotOwner`].
        CallerNotOwner(C::CallerNotOwner),
        /// See [`C::ManufacturerNotLicensed`].
        ManufacturerNotLicensed(C::ManufacturerNotLicensed),
        /// See [`C::DeviceLicenseNotActive`].
        DeviceLicenseNotActive(C::DeviceLicenseNotActive),
        /// See [`C::DeviceLicenseNotOwned`].
        DeviceLicenseNotOwned(C::DeviceLicenseNotOwned),
        /// See [`C::InvalidBatchSize`].
        InvalidBatchSize(C::InvalidBatchSize),
        /// See [`C::SerialTaken`].
        SerialTaken(C::SerialTaken),
        /// See [`C::InvalidImei`].
        InvalidImei(C::InvalidImei),
        /// See [`C::ImeiTaken`].
        ImeiTaken(C::ImeiTaken),
        /// See [`C::InvalidDeviceAddress`].
        InvalidDeviceAddress(C::InvalidDeviceAddress),
        /// See [`C::DeviceAddressTaken`].
        DeviceAddressTaken(C::DeviceAddressTaken),
        /// See [`C::InvalidDate`].
        InvalidDate(C::InvalidDate),
        /// See [`C::InvalidHash`].
        InvalidHash(C::InvalidHash),
        /// See [`C::QaNotPassed`].
        QaNotPassed(C::QaNotPassed),
        /// See [`C::InvalidFirmwareVersion`].
        InvalidFirmwareVersion(C::InvalidFirmwareVersion),
        /// See [`C::InvalidSignature`].
        InvalidSignature(C::InvalidSignature),
        /// See [`C::WrongSigner`].
        WrongSigner(C::WrongSigner),
        /// See [`C::SignatureExpired`].
        SignatureExpired(C::SignatureExpired),
        /// See [`C::InvalidNonce`].
        InvalidNonce(C::InvalidNonce),
        /// See [`C::NotInFactoryCustody`].
        NotInFactoryCustody(C::NotInFactoryCustody),
        /// See [`C::InvalidNewOwner`].
        InvalidNewOwner(C::InvalidNewOwner),
        /// See [`C::UnknownCertificate`].
        UnknownCertificate(C::UnknownCertificate),
        /// See [`C::CertificateRetired`].
        CertificateRetired(C::CertificateRetired),
        /// See [`C::AlreadyProvisioned`].
        AlreadyProvisioned(C::AlreadyProvisioned),
        /// See [`C::InvalidFirmwareChange`].
        InvalidFirmwareChange(C::InvalidFirmwareChange),
        /// See [`C::InvalidEndOfLifeKind`].
        InvalidEndOfLifeKind(C::InvalidEndOfLifeKind),
        /// See [`C::CallerNotRegistryAdmin`].
        CallerNotRegistryAdmin(C::CallerNotRegistryAdmin),
        /// See [`C::InvalidConfiguration`].
        InvalidConfiguration(C::InvalidConfiguration),
    }
    extra {
        /// [`C::InvalidSerial`], with the serial's bytes as sent: they need not be UTF-8, which
        /// the alloy type's `String` requires.
        InvalidSerial(RawString),
        /// The token refused an issuer hook; its revert data is passed on.
        TokenReverted(Vec<u8>),
    }
    exported { C::InvalidSerial, }
}

impl From<C::InvalidSerial> for Error {
    fn from(e: C::InvalidSerial) -> Self {
        Self::InvalidSerial(e.serial.into())
    }
}

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Vec<u8> {
        type W = AbiWriter;
        match e {
            Error::CallerNotAuthorized(e) => W::error_of(&e).uint(&e.node).address(&e.account),
            Error::CallerNotOwnerOrManufacturer(e) => {
                W::error_of(&e).uint(&e.id).address(&e.account)
            }
            Error::CallerNotOwner(e) => W::error_of(&e).uint(&e.id).address(&e.account),
            Error::ManufacturerNotLicensed(e) => W::error_of(&e).uint(&e.node),
            Error::DeviceLicenseNotActive(e) => W::error_of(&e).uint(&e.license),
            Error::DeviceLicenseNotOwned(e) => W::error_of(&e)
                .uint(&e.license)
                .uint(&e.owner)
                .uint(&e.manufacturer),
            Error::InvalidBatchSize(e) => W::error_of(&e).uint(&e.size).uint(&e.max),
            Error::InvalidSerial(serial) => {
                W::error(C::InvalidSerial::SELECTOR).bytes(serial.as_bytes())
            }
            Error::SerialTaken(e) => W::error_of(&e)
                .uint(&e.manufacturer)
                .string(&e.serial)
                .uint(&e.id),
            Error::InvalidImei(e) => W::error_of(&e).small(e.imei),
            Error::ImeiTaken(e) => W::error_of(&e).small(e.imei).uint(&e.id),
            Error::InvalidDeviceAddress(e) => W::error_of(&e).address(&e.device),
            Error::DeviceAddressTaken(e) => W::error_of(&e).address(&e.device).uint(&e.id),
            Error::InvalidDate(e) => W::error_of(&e).small(e.date).small(e.bound),
            Error::InvalidHash(e) => W::error_of(&e),
            Error::QaNotPassed(e) => W::error_of(&e).address(&e.device),
            Error::InvalidFirmwareVersion(e) => W::error_of(&e).small(e.version),
            Error::InvalidSignature(e) => W::error_of(&e),
            Error::WrongSigner(e) => W::error_of(&e).address(&e.expected).address(&e.recovered),
            Error::SignatureExpired(e) => W::error_of(&e).uint(&e.deadline).small(e.now),
            Error::InvalidNonce(e) => W::error_of(&e).uint(&e.nonce).uint(&e.expected),
            Error::NotInFactoryCustody(e) => W::error_of(&e).uint(&e.id).address(&e.owner),
            Error::InvalidNewOwner(e) => W::error_of(&e).address(&e.owner),
            Error::UnknownCertificate(e) => W::error_of(&e).uint(&e.id),
            Error::CertificateRetired(e) => W::error_of(&e).uint(&e.id),
            Error::AlreadyProvisioned(e) => W::error_of(&e).uint(&e.id).small(e.provisionedAt),
            Error::InvalidFirmwareChange(e) => W::error_of(&e)
                .small(e.current)
                .small(e.next)
                .small(e.rollback.into()),
            Error::InvalidEndOfLifeKind(e) => W::error_of(&e).small(e.kind.into()),
            Error::CallerNotRegistryAdmin(e) => W::error_of(&e).address(&e.account),
            Error::InvalidConfiguration(e) => W::error_of(&e).address(&e.account),
            Error::TokenReverted(data) => return data,
        }
        .finish()
    }
}

impl MethodError for Error {
    fn encode(self) -> Vec<u8> {
        self.into()
    }
}
