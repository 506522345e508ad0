//! The contract's one error enum, every custom error it can revert with, and their encoding.
//!
//! As in the registry, the encoding is written out with [`AbiWriter`] rather than derived
//! (`#[derive(SolidityError)]`, about 0.3 KB of wasm per error); a test checks each variant
//! against alloy's own encoder.

use alloc::vec::Vec;

use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{encode::AbiWriter, licenses::IDeviceLicenses as D};
use openzeppelin_stylus::access::ownable;
use stylus_sdk::call::MethodError;

contract_kit::error_enum! {
    /// Every error the contract reverts with, each a Solidity custom error.
    pub enum Error {
        /// See [`Adm::CallerNotAdmin`].
        CallerNotAdmin(Adm::CallerNotAdmin),
        /// See [`Adm::InvalidAccount`].
        InvalidAccount(Adm::InvalidAccount),
        /// See [`Adm::AdminAlreadyAdded`].
        AdminAlreadyAdded(Adm::AdminAlreadyAdded),
        /// See [`Adm::NotAnAdmin`].
        NotAnAdmin(Adm::NotAnAdmin),
        /// See [`D::CallerNotLicenseManager`].
        CallerNotLicenseManager(D::CallerNotLicenseManager),
        /// See [`D::AuditorAlreadyAdded`].
        AuditorAlreadyAdded(D::AuditorAlreadyAdded),
        /// See [`D::NotAnAuditor`].
        NotAnAuditor(D::NotAnAuditor),
        /// See [`D::UriTooLong`].
        UriTooLong(D::UriTooLong),
        /// See [`D::TeamMemberAlreadyAdded`].
        TeamMemberAlreadyAdded(D::TeamMemberAlreadyAdded),
        /// See [`D::NotATeamMember`].
        NotATeamMember(D::NotATeamMember),
        /// See [`D::InvalidThreshold`].
        InvalidThreshold(D::InvalidThreshold),
        /// See [`D::CallerNotAuthorized`].
        CallerNotAuthorized(D::CallerNotAuthorized),
        /// See [`D::ManufacturerNotLicensed`].
        ManufacturerNotLicensed(D::ManufacturerNotLicensed),
        /// See [`D::InvalidModelName`].
        InvalidModelName(D::InvalidModelName),
        /// See [`D::InvalidHardwareRevision`].
        InvalidHardwareRevision(D::InvalidHardwareRevision),
        /// See [`D::InvalidHash`].
        InvalidHash(D::InvalidHash),
        /// See [`D::InvalidSupersededLicense`].
        InvalidSupersededLicense(D::InvalidSupersededLicense),
        /// See [`D::UnknownDeviceLicense`].
        UnknownDeviceLicense(D::UnknownDeviceLicense),
        /// See [`D::InvalidAuditKind`].
        InvalidAuditKind(D::InvalidAuditKind),
        /// See [`D::InvalidDeviceLicenseStatus`].
        InvalidDeviceLicenseStatus(D::InvalidDeviceLicenseStatus),
        /// See [`D::AuditsIncomplete`].
        AuditsIncomplete(D::AuditsIncomplete),
        /// See [`D::AlreadyVoted`].
        AlreadyVoted(D::AlreadyVoted),
        /// See [`D::ConflictOfInterest`].
        ConflictOfInterest(D::ConflictOfInterest),
        /// See [`D::SoleAuditor`].
        SoleAuditor(D::SoleAuditor),
        /// See [`D::ThresholdNotSet`].
        ThresholdNotSet(D::ThresholdNotSet),
        /// The caller is not the owner (or the pending owner).
        OwnableUnauthorizedAccount(ownable::OwnableUnauthorizedAccount),
        /// The zero address cannot be the initial owner.
        OwnableInvalidOwner(ownable::OwnableInvalidOwner),
    }
    extra {
    }
}

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Vec<u8> {
        type W = AbiWriter;
        match e {
            Error::CallerNotAdmin(e) => W::error_of(&e).address(&e.account),
            Error::InvalidAccount(e) => W::error_of(&e).address(&e.account),
            Error::AdminAlreadyAdded(e) => W::error_of(&e).address(&e.account),
            Error::NotAnAdmin(e) => W::error_of(&e).address(&e.account),
            Error::CallerNotLicenseManager(e) => W::error_of(&e).address(&e.account),
            Error::AuditorAlreadyAdded(e) => W::error_of(&e).address(&e.auditor),
            Error::NotAnAuditor(e) => W::error_of(&e).address(&e.account),
            Error::UriTooLong(e) => W::error_of(&e).uint(&e.length).uint(&e.max),
            Error::TeamMemberAlreadyAdded(e) => W::error_of(&e).address(&e.member),
            Error::NotATeamMember(e) => W::error_of(&e).address(&e.account),
            Error::InvalidThreshold(e) => W::error_of(&e).small(e.threshold).small(e.teamSize),
            Error::CallerNotAuthorized(e) => W::error_of(&e).uint(&e.node).address(&e.account),
            Error::ManufacturerNotLicensed(e) => W::error_of(&e).uint(&e.node),
            Error::InvalidModelName(e) => W::error_of(&e).uint(&e.length).uint(&e.max),
            Error::InvalidHardwareRevision(e) => W::error_of(&e).uint(&e.length).uint(&e.max),
            Error::InvalidHash(e) => W::error_of(&e),
            Error::InvalidSupersededLicense(e) => {
                W::error_of(&e).uint(&e.supersedes).uint(&e.manufacturer)
            }
            Error::UnknownDeviceLicense(e) => W::error_of(&e).uint(&e.id),
            Error::InvalidAuditKind(e) => W::error_of(&e).small(e.kind.into()),
            Error::InvalidDeviceLicenseStatus(e) => {
                W::error_of(&e).uint(&e.id).small(e.status.into())
            }
            Error::AuditsIncomplete(e) => W::error_of(&e).uint(&e.id),
            Error::AlreadyVoted(e) => W::error_of(&e).uint(&e.id).address(&e.member),
            Error::ConflictOfInterest(e) => W::error_of(&e).uint(&e.id).address(&e.account),
            Error::SoleAuditor(e) => W::error_of(&e).uint(&e.id).address(&e.auditor),
            Error::ThresholdNotSet(e) => W::error_of(&e),
            Error::OwnableUnauthorizedAccount(e) => W::error_of(&e).address(&e.account),
            Error::OwnableInvalidOwner(e) => W::error_of(&e).address(&e.owner),
        }
        .finish()
    }
}

impl MethodError for Error {
    fn encode(self) -> Vec<u8> {
        self.into()
    }
}

contract_kit::from_ownable_error!(Error);

#[cfg(test)]
mod tests {

    use alloy_primitives::{address, U256};
    use alloy_sol_types::SolError;

    use super::*;

    fn same<E: SolError + Clone>(e: &E)
    where
        Error: From<E>,
    {
        dimo_interfaces::encode::assert_error_matches_alloy::<Error, E>(e);
    }

    #[test]
    fn every_variant_encodes_as_alloy_does() {
        let a = address!("00000000000000000000000000000000000000a1");
        let n = U256::from(0x1234_5678_u64) << 100;
        same(&Adm::CallerNotAdmin { account: a });
        same(&Adm::InvalidAccount { account: a });
        same(&Adm::AdminAlreadyAdded { account: a });
        same(&Adm::NotAnAdmin { account: a });
        same(&D::CallerNotLicenseManager { account: a });
        same(&D::AuditorAlreadyAdded { auditor: a });
        same(&D::NotAnAuditor { account: a });
        same(&D::UriTooLong {
            length: n,
            max: U256::from(256),
        });
        same(&D::TeamMemberAlreadyAdded { member: a });
        same(&D::NotATeamMember { account: a });
        same(&D::InvalidThreshold {
            threshold: 4,
            teamSize: u64::MAX,
        });
        same(&D::CallerNotAuthorized {
            node: n,
            account: a,
        });
        same(&D::ManufacturerNotLicensed { node: n });
        same(&D::InvalidModelName {
            length: n,
            max: U256::from(64),
        });
        same(&D::InvalidHardwareRevision {
            length: U256::ZERO,
            max: U256::from(32),
        });
        same(&D::InvalidHash {});
        same(&D::InvalidSupersededLicense {
            supersedes: n,
            manufacturer: U256::MAX,
        });
        same(&D::UnknownDeviceLicense { id: n });
        same(&D::InvalidAuditKind { kind: 255 });
        same(&D::InvalidDeviceLicenseStatus { id: n, status: 6 });
        same(&D::AuditsIncomplete { id: n });
        same(&D::AlreadyVoted { id: n, member: a });
        same(&D::ConflictOfInterest { id: n, account: a });
        same(&D::SoleAuditor { id: n, auditor: a });
        same(&D::ThresholdNotSet {});
        same(&ownable::OwnableUnauthorizedAccount { account: a });
        same(&ownable::OwnableInvalidOwner { owner: a });
    }
}
