//! The revert data of every error: each custom error encodes exactly as alloy encodes the
//! Solidity error, OpenZeppelin's errors land in the flattened variants, and a receiver's
//! revert data is passed on as is.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{address, Address, U256};
use alloy_sol_types::SolError;
use dimo_interfaces::{
    certificates::ICertificateToken as T,
    erc::{IOwnable2Step as O, IERC721},
};
use openzeppelin_stylus::{access::ownable, token::erc721};
use stylus_sdk::call::MethodError;

use crate::Error;

/// Asserts that `e`, converted into [`Error`], encodes as alloy encodes it.
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
    for (account, id) in [(a, n), (b, U256::MAX), (Address::ZERO, U256::ZERO)] {
        same(&T::CallerNotIssuer { account });
        same(&T::InvalidIssuer { issuer: account });
        same(&T::CallerNotOwner { id, account });
        same(&T::CertificateRetired { id });
        same(&T::InvalidBatchSize { size: id, max: id });
        same(&T::InvalidOrganization { org: account });
        same(&T::OrganizationAlreadyAuthorized { id, org: account });
        same(&T::OrganizationNotAuthorized { id, org: account });
        same(&T::TooManyOrganizations {
            id,
            max: U256::from(8),
        });
        same(&T::UriTooLong {
            length: id,
            max: U256::from(256),
        });
        same(&erc721::ERC721InvalidOwner { owner: account });
        same(&erc721::ERC721NonexistentToken { token_id: id });
        same(&erc721::ERC721IncorrectOwner {
            sender: account,
            token_id: id,
            owner: b,
        });
        same(&erc721::ERC721InvalidSender { sender: account });
        same(&erc721::ERC721InvalidReceiver { receiver: account });
        same(&erc721::ERC721InsufficientApproval {
            operator: account,
            token_id: id,
        });
        same(&erc721::ERC721InvalidApprover { approver: account });
        same(&erc721::ERC721InvalidOperator { operator: account });
        same(&ownable::OwnableUnauthorizedAccount { account });
        same(&ownable::OwnableInvalidOwner { owner: account });
    }
    for reason in [
        "",
        "A",
        &"x".repeat(32),
        &"y".repeat(33),
        "receiver says no",
    ] {
        same(&erc721::InvalidReceiverWithReason {
            reason: String::from(reason),
        });
    }
}

#[test]
fn openzeppelin_errors_encode_as_the_interface_declares_them() {
    // The variants wrap OpenZeppelin's types; the published ABI declares ours. Same bytes.
    let a = address!("00000000000000000000000000000000000000a1");
    let n = U256::from(77);
    let pairs: [(Error, Vec<u8>); 4] = [
        (
            erc721::ERC721IncorrectOwner {
                sender: a,
                token_id: n,
                owner: Address::ZERO,
            }
            .into(),
            IERC721::ERC721IncorrectOwner {
                sender: a,
                tokenId: n,
                owner: Address::ZERO,
            }
            .abi_encode(),
        ),
        (
            erc721::ERC721NonexistentToken { token_id: n }.into(),
            IERC721::ERC721NonexistentToken { tokenId: n }.abi_encode(),
        ),
        (
            ownable::OwnableUnauthorizedAccount { account: a }.into(),
            O::OwnableUnauthorizedAccount { account: a }.abi_encode(),
        ),
        (
            ownable::OwnableInvalidOwner { owner: a }.into(),
            O::OwnableInvalidOwner { owner: a }.abi_encode(),
        ),
    ];
    for (err, expected) in pairs {
        let shown = alloc::format!("{err:?}");
        assert_eq!(Vec::<u8>::from(err), expected, "{shown}");
    }
}

#[test]
fn openzeppelin_error_enums_land_in_the_flattened_variants() {
    use erc721::Error as E;
    let a = address!("00000000000000000000000000000000000000a1");
    let n = U256::from(5);
    let erc721_errors = [
        (
            E::InvalidOwner(erc721::ERC721InvalidOwner { owner: a }),
            "InvalidOwner",
        ),
        (
            E::NonexistentToken(erc721::ERC721NonexistentToken { token_id: n }),
            "NonexistentToken",
        ),
        (
            E::IncorrectOwner(erc721::ERC721IncorrectOwner {
                sender: a,
                token_id: n,
                owner: a,
            }),
            "IncorrectOwner",
        ),
        (
            E::InvalidSender(erc721::ERC721InvalidSender { sender: a }),
            "InvalidSender",
        ),
        (
            E::InvalidReceiver(erc721::ERC721InvalidReceiver { receiver: a }),
            "InvalidReceiver",
        ),
        (
            E::InvalidReceiverWithReason(erc721::InvalidReceiverWithReason {
                reason: "no".into(),
            }),
            "InvalidReceiverWithReason",
        ),
        (
            E::InsufficientApproval(erc721::ERC721InsufficientApproval {
                operator: a,
                token_id: n,
            }),
            "InsufficientApproval",
        ),
        (
            E::InvalidApprover(erc721::ERC721InvalidApprover { approver: a }),
            "InvalidApprover",
        ),
        (
            E::InvalidOperator(erc721::ERC721InvalidOperator { operator: a }),
            "InvalidOperator",
        ),
    ];
    for (inner, variant) in erc721_errors {
        let err = Error::from(inner);
        let shown = alloc::format!("{err:?}");
        assert!(shown.starts_with(&alloc::format!("{variant}(")), "{shown}");
    }
    assert_err!(
        Error::from(ownable::Error::UnauthorizedAccount(
            ownable::OwnableUnauthorizedAccount { account: a }
        )),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: a },
        "ownable UnauthorizedAccount"
    );
    assert_err!(
        Error::from(ownable::Error::InvalidOwner(ownable::OwnableInvalidOwner {
            owner: a
        })),
        OwnableInvalidOwner,
        O::OwnableInvalidOwner { owner: a },
        "ownable InvalidOwner"
    );
}

#[test]
fn receiver_reverted_passes_the_data_through() {
    let custom = T::CertificateRetired { id: U256::from(3) }.abi_encode();
    for data in [
        Vec::new(),
        vec![0],
        b"receiver says no".to_vec(),
        custom,
        vec![0xab; 1000],
    ] {
        assert_eq!(Vec::<u8>::from(Error::ReceiverReverted(data.clone())), data);
        assert_eq!(
            MethodError::encode(Error::ReceiverReverted(data.clone())),
            data
        );
    }
}

#[test]
fn method_error_encodes_as_the_conversion_does() {
    let a = address!("00000000000000000000000000000000000000a1");
    let expected = T::CallerNotIssuer { account: a }.abi_encode();

    assert_eq!(
        MethodError::encode(Error::from(T::CallerNotIssuer { account: a })),
        expected
    );
}
