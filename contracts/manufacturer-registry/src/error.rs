//! The registry's one error enum, every custom error it can revert with, and their encoding.
//!
//! The encoding is written out with [`AbiWriter`] rather than derived
//! (`#[derive(SolidityError)]`): the derive inlines one generic ABI encoder per error type,
//! 12 KB of wasm for this contract, half of what it has to spare under the 24 KB limit. A
//! test checks each variant against alloy's own encoder.

use alloc::vec::Vec;

use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{encode::AbiWriter, registry::IManufacturerRegistry as R};
use openzeppelin_stylus::{access::ownable, token::erc721};
use stylus_sdk::call::MethodError;

contract_kit::error_enum! {
    /// Every error the registry reverts with, each a Solidity custom error.
    ///
    /// OpenZeppelin's ERC-721 and ownership errors are flattened into variants of their
    /// own, so the contract's ABI lists each of them.
    pub enum Error {
        /// See [`Adm::CallerNotAdmin`].
        CallerNotAdmin(Adm::CallerNotAdmin),
        /// See [`Adm::InvalidAccount`].
        InvalidAccount(Adm::InvalidAccount),
        /// See [`Adm::AdminAlreadyAdded`].
        AdminAlreadyAdded(Adm::AdminAlreadyAdded),
        /// See [`Adm::NotAnAdmin`].
        NotAnAdmin(Adm::NotAnAdmin),
        /// See [`R::AdminHoldsNodes`].
        AdminHoldsNodes(R::AdminHoldsNodes),
        /// See [`R::NodeStranded`].
        NodeStranded(R::NodeStranded),
        /// See [`R::ControllerAlreadyAdded`].
        ControllerAlreadyAdded(R::ControllerAlreadyAdded),
        /// See [`R::NotAController`].
        NotAController(R::NotAController),
        /// See [`R::InvalidNodeOwner`].
        InvalidNodeOwner(R::InvalidNodeOwner),
        /// See [`R::ControllerAlreadyHoldsNode`].
        ControllerAlreadyHoldsNode(R::ControllerAlreadyHoldsNode),
        /// See [`R::InvalidManufacturerName`].
        InvalidManufacturerName(R::InvalidManufacturerName),
        /// See [`R::ManufacturerNameTaken`].
        ManufacturerNameTaken(R::ManufacturerNameTaken),
        /// See [`R::InvalidBatchSize`].
        InvalidBatchSize(R::InvalidBatchSize),
        /// See [`R::CallerNotNodeHolder`].
        CallerNotNodeHolder(R::CallerNotNodeHolder),
        /// See [`R::InvalidPrivilege`].
        InvalidPrivilege(R::InvalidPrivilege),
        /// See [`R::InvalidDelegate`].
        InvalidDelegate(R::InvalidDelegate),
        /// See [`R::InvalidExpiry`].
        InvalidExpiry(R::InvalidExpiry),
        /// See [`R::PrivilegeNotGranted`].
        PrivilegeNotGranted(R::PrivilegeNotGranted),
        /// See [`R::ManufacturerURITooLong`].
        ManufacturerURITooLong(R::ManufacturerURITooLong),
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
        /// A receiver contract reverted `safeTransferFrom` with this data, passed on as
        /// is (as OpenZeppelin's Solidity ERC-721 does).
        ReceiverReverted(Vec<u8>),
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
            Error::AdminHoldsNodes(e) => W::error_of(&e).address(&e.account).uint(&e.count),
            Error::NodeStranded(e) => W::error_of(&e).uint(&e.node).address(&e.holder),
            Error::ControllerAlreadyAdded(e) => W::error_of(&e).address(&e.controller),
            Error::NotAController(e) => W::error_of(&e).address(&e.account),
            Error::InvalidNodeOwner(e) => W::error_of(&e).address(&e.owner),
            Error::ControllerAlreadyHoldsNode(e) => {
                W::error_of(&e).address(&e.controller).uint(&e.node)
            }
            Error::InvalidManufacturerName(e) => {
                W::error_of(&e).string(&e.name).small(e.reason.into())
            }
            Error::ManufacturerNameTaken(e) => W::error_of(&e).string(&e.name).uint(&e.node),
            Error::InvalidBatchSize(e) => W::error_of(&e).uint(&e.size).uint(&e.max),
            Error::CallerNotNodeHolder(e) => W::error_of(&e).uint(&e.node).address(&e.account),
            Error::InvalidPrivilege(e) => W::error_of(&e).small(e.privilege.into()),
            Error::InvalidDelegate(e) => W::error_of(&e).address(&e.operator),
            Error::InvalidExpiry(e) => W::error_of(&e).small(e.expiresAt).small(e.now),
            Error::PrivilegeNotGranted(e) => W::error_of(&e)
                .uint(&e.node)
                .address(&e.operator)
                .small(e.privilege.into()),
            Error::ManufacturerURITooLong(e) => W::error_of(&e).uint(&e.length).uint(&e.max),
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

#[cfg(test)]
mod tests {
    use alloc::string::String;

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
        let b = address!("b0b0000000000000000000000000000000000b0b");
        let n = U256::from(0x1234_5678_u64) << 100;
        for name in [
            "",
            "A",
            "x".repeat(32).as_str(),
            "y".repeat(33).as_str(),
            "Acme Devices",
        ] {
            let name = String::from(name);
            same(&R::InvalidManufacturerName {
                name: name.clone(),
                reason: 3,
            });
            same(&R::ManufacturerNameTaken {
                name: name.clone(),
                node: n,
            });
            same(&erc721::InvalidReceiverWithReason { reason: name });
        }
        same(&Adm::CallerNotAdmin { account: a });
        same(&Adm::InvalidAccount { account: a });
        same(&Adm::AdminAlreadyAdded { account: a });
        same(&Adm::NotAnAdmin { account: a });
        same(&R::AdminHoldsNodes {
            account: a,
            count: n,
        });
        same(&R::ControllerAlreadyAdded { controller: a });
        same(&R::NotAController { account: a });
        same(&R::InvalidNodeOwner { owner: a });
        same(&R::ControllerAlreadyHoldsNode {
            controller: a,
            node: n,
        });
        same(&R::InvalidBatchSize {
            size: n,
            max: U256::from(100),
        });
        same(&R::NodeStranded {
            node: U256::MAX,
            holder: a,
        });
        same(&R::CallerNotNodeHolder {
            node: n,
            account: b,
        });
        same(&R::InvalidPrivilege { privilege: 255 });
        same(&R::InvalidDelegate { operator: a });
        same(&R::InvalidExpiry {
            expiresAt: u64::MAX,
            now: 7,
        });
        same(&R::PrivilegeNotGranted {
            node: n,
            operator: b,
            privilege: 6,
        });
        same(&R::ManufacturerURITooLong {
            length: n,
            max: U256::from(512),
        });
        same(&erc721::ERC721InvalidOwner { owner: a });
        same(&erc721::ERC721NonexistentToken { token_id: n });
        same(&erc721::ERC721IncorrectOwner {
            sender: a,
            token_id: n,
            owner: b,
        });
        same(&erc721::ERC721InvalidSender { sender: a });
        same(&erc721::ERC721InvalidReceiver { receiver: a });
        same(&erc721::ERC721InsufficientApproval {
            operator: a,
            token_id: n,
        });
        same(&erc721::ERC721InvalidApprover { approver: a });
        same(&erc721::ERC721InvalidOperator { operator: a });
        same(&ownable::OwnableUnauthorizedAccount { account: a });
        same(&ownable::OwnableInvalidOwner { owner: a });
    }
}
