//! The contract's one error enum, every custom error it can revert with, and their encoding.
//!
//! As in the registry, the encoding is written out with [`AbiWriter`] rather than derived
//! (`#[derive(SolidityError)]`, about 0.3 KB of wasm per error); a test checks each variant
//! against alloy's own encoder.

use alloc::vec::Vec;

use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{encode::AbiWriter, licenses::IManufacturingLicenses as M};
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
        /// See [`M::CallerNotLicenseManager`].
        CallerNotLicenseManager(M::CallerNotLicenseManager),
        /// See [`M::LicenseManagerAlreadyAdded`].
        LicenseManagerAlreadyAdded(M::LicenseManagerAlreadyAdded),
        /// See [`M::NotALicenseManager`].
        NotALicenseManager(M::NotALicenseManager),
        /// See [`M::StakesOutstanding`].
        StakesOutstanding(M::StakesOutstanding),
        /// See [`M::StakingTokenNotSet`].
        StakingTokenNotSet(M::StakingTokenNotSet),
        /// See [`M::TreasuryNotSet`].
        TreasuryNotSet(M::TreasuryNotSet),
        /// See [`M::InvalidAmount`].
        InvalidAmount(M::InvalidAmount),
        /// See [`M::CallerNotAuthorized`].
        CallerNotAuthorized(M::CallerNotAuthorized),
        /// See [`M::UnknownManufacturer`].
        UnknownManufacturer(M::UnknownManufacturer),
        /// See [`M::InsufficientStake`].
        InsufficientStake(M::InsufficientStake),
        /// See [`M::StakeLocked`].
        StakeLocked(M::StakeLocked),
        /// See [`M::UnstakeCooldownActive`].
        UnstakeCooldownActive(M::UnstakeCooldownActive),
        /// See [`M::SafeErc20FailedOperation`].
        SafeErc20FailedOperation(M::SafeErc20FailedOperation),
        /// See [`M::ReentrantCall`].
        ReentrantCall(M::ReentrantCall),
        /// See [`M::InvalidHash`].
        InvalidHash(M::InvalidHash),
        /// See [`M::UriTooLong`].
        UriTooLong(M::UriTooLong),
        /// See [`M::NoMouPublished`].
        NoMouPublished(M::NoMouPublished),
        /// See [`M::MouVersionMismatch`].
        MouVersionMismatch(M::MouVersionMismatch),
        /// See [`M::CallerNotNodeHolder`].
        CallerNotNodeHolder(M::CallerNotNodeHolder),
        /// See [`M::InvalidLicenseStatus`].
        InvalidLicenseStatus(M::InvalidLicenseStatus),
        /// See [`M::StakeBelowMinimum`].
        StakeBelowMinimum(M::StakeBelowMinimum),
        /// See [`M::MouNotAccepted`].
        MouNotAccepted(M::MouNotAccepted),
        /// See [`M::InvalidExpiry`].
        InvalidExpiry(M::InvalidExpiry),
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
            Error::LicenseManagerAlreadyAdded(e) => W::error_of(&e).address(&e.account),
            Error::NotALicenseManager(e) => W::error_of(&e).address(&e.account),
            Error::StakesOutstanding(e) => W::error_of(&e).uint(&e.totalStaked),
            Error::StakingTokenNotSet(e) => W::error_of(&e),
            Error::TreasuryNotSet(e) => W::error_of(&e),
            Error::InvalidAmount(e) => W::error_of(&e).uint(&e.amount),
            Error::CallerNotAuthorized(e) => W::error_of(&e).uint(&e.node).address(&e.account),
            Error::UnknownManufacturer(e) => W::error_of(&e).uint(&e.node),
            Error::InsufficientStake(e) => {
                W::error_of(&e).uint(&e.node).uint(&e.stake).uint(&e.amount)
            }
            Error::StakeLocked(e) => W::error_of(&e)
                .uint(&e.node)
                .uint(&e.remaining)
                .uint(&e.minimum),
            Error::UnstakeCooldownActive(e) => W::error_of(&e).uint(&e.node).small(e.unlocksAt),
            Error::SafeErc20FailedOperation(e) => W::error_of(&e).address(&e.token),
            Error::ReentrantCall(e) => W::error_of(&e),
            Error::InvalidHash(e) => W::error_of(&e),
            Error::UriTooLong(e) => W::error_of(&e).uint(&e.length).uint(&e.max),
            Error::NoMouPublished(e) => W::error_of(&e),
            Error::MouVersionMismatch(e) => W::error_of(&e).small(e.version).small(e.current),
            Error::CallerNotNodeHolder(e) => W::error_of(&e).uint(&e.node).address(&e.account),
            Error::InvalidLicenseStatus(e) => W::error_of(&e).uint(&e.node).small(e.status.into()),
            Error::StakeBelowMinimum(e) => W::error_of(&e)
                .uint(&e.node)
                .uint(&e.stake)
                .uint(&e.minimum),
            Error::MouNotAccepted(e) => W::error_of(&e)
                .uint(&e.node)
                .small(e.accepted)
                .small(e.current),
            Error::InvalidExpiry(e) => W::error_of(&e).small(e.expiresAt).small(e.now),
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
        let m = U256::MAX;
        same(&Adm::CallerNotAdmin { account: a });
        same(&Adm::InvalidAccount { account: a });
        same(&Adm::AdminAlreadyAdded { account: a });
        same(&Adm::NotAnAdmin { account: a });
        same(&M::CallerNotLicenseManager { account: a });
        same(&M::LicenseManagerAlreadyAdded { account: a });
        same(&M::NotALicenseManager { account: a });
        same(&M::StakesOutstanding { totalStaked: m });
        same(&M::StakingTokenNotSet {});
        same(&M::TreasuryNotSet {});
        same(&M::InvalidAmount { amount: n });
        same(&M::CallerNotAuthorized {
            node: n,
            account: a,
        });
        same(&M::UnknownManufacturer { node: n });
        same(&M::InsufficientStake {
            node: n,
            stake: m,
            amount: n,
        });
        same(&M::StakeLocked {
            node: n,
            remaining: m,
            minimum: n,
        });
        same(&M::UnstakeCooldownActive {
            node: n,
            unlocksAt: u64::MAX,
        });
        same(&M::SafeErc20FailedOperation { token: a });
        same(&M::ReentrantCall {});
        same(&M::InvalidHash {});
        same(&M::UriTooLong {
            length: n,
            max: U256::from(256),
        });
        same(&M::NoMouPublished {});
        same(&M::MouVersionMismatch {
            version: 3,
            current: u64::MAX,
        });
        same(&M::CallerNotNodeHolder {
            node: n,
            account: a,
        });
        same(&M::InvalidLicenseStatus { node: n, status: 3 });
        same(&M::StakeBelowMinimum {
            node: n,
            stake: n,
            minimum: m,
        });
        same(&M::MouNotAccepted {
            node: n,
            accepted: 1,
            current: 2,
        });
        same(&M::InvalidExpiry {
            expiresAt: 5,
            now: u64::MAX,
        });
        same(&ownable::OwnableUnauthorizedAccount { account: a });
        same(&ownable::OwnableInvalidOwner { owner: a });
    }
}
