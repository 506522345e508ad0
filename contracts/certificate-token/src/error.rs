//! The contract's one error enum, every custom error it can revert with, and their encoding.
//!
//! As in the other contracts, the encoding is written out with [`AbiWriter`] rather than
//! derived (`#[derive(SolidityError)]`); a test checks each variant against alloy's encoder.

use alloc::vec::Vec;

use dimo_interfaces::{certificates::ICertificateToken as T, encode::AbiWriter};
use openzeppelin_stylus::{access::ownable, token::erc721};
use stylus_sdk::call::MethodError;

contract_kit::error_enum! {
    /// Every error the contract reverts with, each a Solidity custom error.
    pub enum Error {
        /// See [`T::CallerNotIssuer`].
        CallerNotIssuer(T::CallerNotIssuer),
        /// See [`T::InvalidIssuer`].
        InvalidIssuer(T::InvalidIssuer),
        /// See [`T::CallerNotOwner`].
        CallerNotOwner(T::CallerNotOwner),
        /// See [`T::CertificateRetired`].
        CertificateRetired(T::CertificateRetired),
        /// See [`T::InvalidOrganization`].
        InvalidOrganization(T::InvalidOrganization),
        /// See [`T::OrganizationAlreadyAuthorized`].
        OrganizationAlreadyAuthorized(T::OrganizationAlreadyAuthorized),
        /// See [`T::OrganizationNotAuthorized`].
        OrganizationNotAuthorized(T::OrganizationNotAuthorized),
        /// See [`T::TooManyOrganizations`].
        TooManyOrganizations(T::TooManyOrganizations),
        /// See [`T::UriTooLong`].
        UriTooLong(T::UriTooLong),
        /// See [`T::InvalidBatchSize`].
        InvalidBatchSize(T::InvalidBatchSize),
        /// The zero address cannot own tokens.
        InvalidOwner(erc721::ERC721InvalidOwner),
        /// The token does not exist.
        NonexistentToken(erc721::ERC721NonexistentToken),
        /// The `from` of a transfer is not the owner.
        IncorrectOwner(erc721::ERC721IncorrectOwner),
        /// A mint of an existing token.
        InvalidSender(erc721::ERC721InvalidSender),
        /// The receiver is the zero address or refused the token.
        InvalidReceiver(erc721::ERC721InvalidReceiver),
        /// The receiver contract reverted with a reason.
        InvalidReceiverWithReason(erc721::InvalidReceiverWithReason),
        /// The caller may not move the token.
        InsufficientApproval(erc721::ERC721InsufficientApproval),
        /// The caller may not approve for the token.
        InvalidApprover(erc721::ERC721InvalidApprover),
        /// The operator cannot be approved (the zero address).
        InvalidOperator(erc721::ERC721InvalidOperator),
        /// The caller is not the owner (or the pending owner).
        OwnableUnauthorizedAccount(ownable::OwnableUnauthorizedAccount),
        /// The zero address cannot be the initial owner.
        OwnableInvalidOwner(ownable::OwnableInvalidOwner),
    }
    extra {
        /// A receiver contract reverted `safeTransferFrom` with this data, passed on as is.
        ReceiverReverted(Vec<u8>),
    }
}

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Vec<u8> {
        type W = AbiWriter;
        match e {
            Error::CallerNotIssuer(e) => W::error_of(&e).address(&e.account),
            Error::InvalidIssuer(e) => W::error_of(&e).address(&e.issuer),
            Error::CallerNotOwner(e) => W::error_of(&e).uint(&e.id).address(&e.account),
            Error::CertificateRetired(e) => W::error_of(&e).uint(&e.id),
            Error::InvalidOrganization(e) => W::error_of(&e).address(&e.org),
            Error::OrganizationAlreadyAuthorized(e) => W::error_of(&e).uint(&e.id).address(&e.org),
            Error::OrganizationNotAuthorized(e) => W::error_of(&e).uint(&e.id).address(&e.org),
            Error::TooManyOrganizations(e) => W::error_of(&e).uint(&e.id).uint(&e.max),
            Error::UriTooLong(e) => W::error_of(&e).uint(&e.length).uint(&e.max),
            Error::InvalidBatchSize(e) => W::error_of(&e).uint(&e.size).uint(&e.max),
            Error::InvalidOwner(e) => W::error_of(&e).address(&e.owner),
            Error::NonexistentToken(e) => W::error_of(&e).uint(&e.token_id),
            Error::IncorrectOwner(e) => W::error_of(&e)
                .address(&e.sender)
                .uint(&e.token_id)
                .address(&e.owner),
            Error::InvalidSender(e) => W::error_of(&e).address(&e.sender),
            Error::InvalidReceiver(e) => W::error_of(&e).address(&e.receiver),
            Error::InvalidReceiverWithReason(e) => W::error_of(&e).string(&e.reason),
            Error::InsufficientApproval(e) => {
                W::error_of(&e).address(&e.operator).uint(&e.token_id)
            }
            Error::InvalidApprover(e) => W::error_of(&e).address(&e.approver),
            Error::InvalidOperator(e) => W::error_of(&e).address(&e.operator),
            Error::OwnableUnauthorizedAccount(e) => W::error_of(&e).address(&e.account),
            Error::OwnableInvalidOwner(e) => W::error_of(&e).address(&e.owner),
            Error::ReceiverReverted(data) => return data,
        }
        .finish()
    }
}

impl MethodError for Error {
    fn encode(self) -> Vec<u8> {
        self.into()
    }
}

contract_kit::from_erc721_error!(Error);
contract_kit::from_ownable_error!(Error);
