//! The views the contracts ask each other, one per need, so that a transaction enters each
//! contract it reads at most once: their calldata, written with [`AbiWriter`], and their
//! answers, read word by word (the contracts link neither alloy's decoder nor the SDK's typed
//! calls, [`crate::encode`] explains why).
//!
//! | Asked of | View | Answers | Asked by |
//! |---|---|---|---|
//! | registry | `nodeAccess(node, account, privilege)` | [`NodeAccess`] | mint, stake and unstake, MOU, licence grant |
//! | registry | `authorizedPrivileges(node, account)` | bit set | audits and votes (independence) |
//! | manufacturing licences | `manufacturingLicenseCheck(node)` | [`ManufacturingLicenseCheck`] | mint |
//! | device licences | `deviceLicenseCheck(id)` | [`DeviceLicenseCheck`] | mint |
//! | certificate token | `ownerState(id)` | [`OwnerState`] | claim, `claimNonce` |
//!
//! A failed call (an empty or short answer) reads as the answer for "none": no holder, not
//! authorized, not licensed, no manufacturer, no owner; a boolean reads true only for the
//! encoding of `true`. The other words are read as the callee (one of the registry's own
//! contracts) encodes them: a number's low bytes, an address's low 20 bytes.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;

use crate::{
    certificates::ICertificateToken as T,
    encode::AbiWriter,
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M},
    registry::IManufacturerRegistry as R,
};

/// Word `i` of `answer`; zeros when the answer is shorter.
fn word(answer: &[u8], i: usize) -> B256 {
    answer
        .get(i * 32..i * 32 + 32)
        .map_or(B256::ZERO, B256::from_slice)
}

/// Word `i` as a `uint256`.
fn uint(answer: &[u8], i: usize) -> U256 {
    U256::from_be_bytes(word(answer, i).0)
}

/// Word `i` as a `uint64` (its low 8 bytes).
fn small(answer: &[u8], i: usize) -> u64 {
    uint(answer, i).as_limbs()[0]
}

/// Word `i` as a `bool`: true only for the encoding of `true`.
fn flag(answer: &[u8], i: usize) -> bool {
    word(answer, i) == B256::with_last_byte(1)
}

/// Word `i` as an `address` (its low 20 bytes).
fn address(answer: &[u8], i: usize) -> Address {
    Address::from_word(word(answer, i))
}

/// The registry's answer to `nodeAccess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeAccess {
    /// The node's holder; zero when the node does not exist.
    pub holder: Address,
    /// Whether the account may use the privilege on the node (`isAuthorized`).
    pub authorized: bool,
}

impl NodeAccess {
    /// `nodeAccess(node, account, privilege)`.
    #[must_use]
    pub fn calldata(node: U256, account: Address, privilege: u8) -> Vec<u8> {
        AbiWriter::call(R::nodeAccessCall::SELECTOR)
            .uint(&node)
            .address(&account)
            .small(privilege.into())
            .finish()
    }

    /// Reads an answer.
    #[must_use]
    pub fn decode(answer: &[u8]) -> Self {
        Self {
            holder: address(answer, 0),
            authorized: flag(answer, 1),
        }
    }
}

/// `authorizedPrivileges(node, account)`.
#[must_use]
pub fn authorized_privileges_calldata(node: U256, account: Address) -> Vec<u8> {
    AbiWriter::call(R::authorizedPrivilegesCall::SELECTOR)
        .uint(&node)
        .address(&account)
        .finish()
}

/// Reads the answer to `authorizedPrivileges` (0, no privilege, when the call failed).
#[must_use]
pub fn decode_privileges(answer: &[u8]) -> U256 {
    uint(answer, 0)
}

/// The manufacturing-licence contract's answer to `manufacturingLicenseCheck`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ManufacturingLicenseCheck {
    /// Whether the node is licensed now (`isManufacturerLicensed`).
    pub licensed: bool,
    /// The licence's grant number.
    pub grant: u64,
    /// The licence's expiry; 0 for none.
    pub expires_at: u64,
}

impl ManufacturingLicenseCheck {
    /// `manufacturingLicenseCheck(node)`.
    #[must_use]
    pub fn calldata(node: U256) -> Vec<u8> {
        AbiWriter::call(M::manufacturingLicenseCheckCall::SELECTOR)
            .uint(&node)
            .finish()
    }

    /// Reads an answer.
    #[must_use]
    pub fn decode(answer: &[u8]) -> Self {
        Self {
            licensed: flag(answer, 0),
            grant: small(answer, 1),
            expires_at: small(answer, 2),
        }
    }
}

/// The device-licence contract's answer to `deviceLicenseCheck`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviceLicenseCheck {
    /// The licence's manufacturer node; 0 when the licence does not exist.
    pub manufacturer: U256,
    /// Whether the licence is active.
    pub active: bool,
}

impl DeviceLicenseCheck {
    /// `deviceLicenseCheck(id)`.
    #[must_use]
    pub fn calldata(id: U256) -> Vec<u8> {
        AbiWriter::call(D::deviceLicenseCheckCall::SELECTOR)
            .uint(&id)
            .finish()
    }

    /// Reads an answer.
    #[must_use]
    pub fn decode(answer: &[u8]) -> Self {
        Self {
            manufacturer: uint(answer, 0),
            active: flag(answer, 1),
        }
    }
}

/// The certificate token's answer to `ownerState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OwnerState {
    /// The token's owner; zero when it does not exist.
    pub owner: Address,
    /// How many times it changed owner (`ownerChanges`).
    pub changes: U256,
}

impl OwnerState {
    /// `ownerState(id)`.
    #[must_use]
    pub fn calldata(id: U256) -> Vec<u8> {
        AbiWriter::call(T::ownerStateCall::SELECTOR)
            .uint(&id)
            .finish()
    }

    /// Reads an answer.
    #[must_use]
    pub fn decode(answer: &[u8]) -> Self {
        Self {
            owner: address(answer, 0),
            changes: uint(answer, 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::address;
    use alloy_sol_types::SolCall;

    use super::*;

    const NODES: [u64; 3] = [0, 1, u64::MAX];

    fn accounts() -> [Address; 3] {
        [
            Address::ZERO,
            address!("00000000000000000000000000000000000000a1"),
            Address::repeat_byte(0xff),
        ]
    }

    #[test]
    fn node_access_matches_alloy() {
        for node in NODES.map(|n| U256::from(n) << 192) {
            for account in accounts() {
                for privilege in [0u8, 1, 6, 255] {
                    assert_eq!(
                        NodeAccess::calldata(node, account, privilege),
                        R::nodeAccessCall {
                            node,
                            account,
                            privilege
                        }
                        .abi_encode()
                    );
                }
                for authorized in [false, true] {
                    let answer = R::nodeAccessCall::abi_encode_returns(&(account, authorized));
                    let ours = NodeAccess::decode(&answer);
                    assert_eq!(
                        ours,
                        NodeAccess {
                            holder: account,
                            authorized
                        }
                    );
                }
            }
            let call = R::authorizedPrivilegesCall {
                node,
                account: accounts()[1],
            };
            assert_eq!(
                authorized_privileges_calldata(node, accounts()[1]),
                call.abi_encode()
            );
            let answer = R::authorizedPrivilegesCall::abi_encode_returns(&(node,));
            assert_eq!(decode_privileges(&answer), node);
        }
    }

    #[test]
    fn licence_checks_match_alloy() {
        for n in NODES {
            let node = U256::from(n) << 100;
            assert_eq!(
                ManufacturingLicenseCheck::calldata(node),
                M::manufacturingLicenseCheckCall { node }.abi_encode()
            );
            assert_eq!(
                DeviceLicenseCheck::calldata(node),
                D::deviceLicenseCheckCall { id: node }.abi_encode()
            );
            for yes in [false, true] {
                let answer =
                    M::manufacturingLicenseCheckCall::abi_encode_returns(&(yes, n, n / 2 + 1));
                assert_eq!(
                    ManufacturingLicenseCheck::decode(&answer),
                    ManufacturingLicenseCheck {
                        licensed: yes,
                        grant: n,
                        expires_at: n / 2 + 1
                    }
                );
                let answer = D::deviceLicenseCheckCall::abi_encode_returns(&(node, yes));
                assert_eq!(
                    DeviceLicenseCheck::decode(&answer),
                    DeviceLicenseCheck {
                        manufacturer: node,
                        active: yes
                    }
                );
            }
        }
    }

    #[test]
    fn owner_state_matches_alloy() {
        for account in accounts() {
            for changes in [U256::ZERO, U256::from(1), U256::MAX] {
                let id = U256::from_be_bytes(account.into_word().0);
                assert_eq!(
                    OwnerState::calldata(id),
                    T::ownerStateCall { id }.abi_encode()
                );
                let answer = T::ownerStateCall::abi_encode_returns(&(account, changes));
                assert_eq!(
                    OwnerState::decode(&answer),
                    OwnerState {
                        owner: account,
                        changes
                    }
                );
            }
        }
    }

    #[test]
    fn failed_answers_read_as_none_and_only_true_is_true() {
        for answer in [&[][..], &[1u8; 31][..], &[1u8; 63][..]] {
            assert!(!NodeAccess::decode(answer).authorized);
            assert!(!ManufacturingLicenseCheck::decode(answer).licensed);
            assert!(!DeviceLicenseCheck::decode(answer).active);
        }
        for answer in [&[][..], &[1u8; 31][..]] {
            assert_eq!(NodeAccess::decode(answer), NodeAccess::default());
            assert_eq!(
                ManufacturingLicenseCheck::decode(answer),
                ManufacturingLicenseCheck::default()
            );
            assert_eq!(
                DeviceLicenseCheck::decode(answer),
                DeviceLicenseCheck::default()
            );
            assert_eq!(OwnerState::decode(answer), OwnerState::default());
        }
        // A word of all ones is no boolean: never "yes".
        let ones = [0xffu8; 96];
        assert!(!NodeAccess::decode(&ones).authorized);
        assert!(!ManufacturingLicenseCheck::decode(&ones).licensed);
        assert!(!DeviceLicenseCheck::decode(&ones).active);
        // A boolean word other than 0 or 1 is not `true`.
        let mut answer = R::nodeAccessCall::abi_encode_returns(&(accounts()[1], true));
        answer[63] = 2;
        assert!(!NodeAccess::decode(&answer).authorized);
        // Only a full answer counts: a missing second word is "not active".
        let answer = D::deviceLicenseCheckCall::abi_encode_returns(&(U256::from(3), true));
        assert!(!DeviceLicenseCheck::decode(&answer[..32]).active);
    }
}
