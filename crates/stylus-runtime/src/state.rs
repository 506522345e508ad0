//! World state: accounts with balance, nonce, code and storage.
//!
//! Maps are ordered and zero storage words are not stored, so two states are equal exactly
//! when every account's balance, nonce, code and storage are equal; a transaction that
//! reverted leaves a state equal to the one before it.

use std::collections::BTreeMap;

use alloy_primitives::{keccak256, Address, B256, U256};

use crate::program::Program;

/// keccak-256 of empty code: `account_codehash` of an account without code.
pub const EMPTY_CODE_HASH: B256 = B256::new([
    0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
    0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
]);

/// Code held by an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    /// An activated Stylus program.
    Stylus(Program),
    /// Other code (for example EVM bytecode): visible to `account_code*`, but calls to it
    /// fail with [`crate::Failure::UnsupportedCode`].
    Raw(Vec<u8>),
}

impl Code {
    /// The bytes `account_code` returns: for a program, its deployed code (`EF F0 00 00` and
    /// the Brotli-compressed wasm).
    pub fn bytes(&self) -> &[u8] {
        match self {
            Self::Stylus(program) => program.code(),
            Self::Raw(bytes) => bytes,
        }
    }

    /// keccak-256 of [`Self::bytes`].
    pub fn hash(&self) -> B256 {
        match self {
            Self::Stylus(program) => program.codehash(),
            Self::Raw(bytes) => keccak256(bytes),
        }
    }
}

/// One account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce (contracts created by the runtime start at 1).
    pub nonce: u64,
    /// Code, if any.
    pub code: Option<Code>,
    /// Storage; absent keys hold zero, and zero is never stored.
    pub storage: BTreeMap<B256, B256>,
}

impl Account {
    /// Empty in the sense of EIP-161: no code, zero nonce, zero balance.
    pub fn is_empty(&self) -> bool {
        self.code.is_none() && self.nonce == 0 && self.balance.is_zero()
    }

    /// Nothing at all: empty and without storage (such accounts are dropped from the state).
    pub fn is_void(&self) -> bool {
        self.is_empty() && self.storage.is_empty()
    }
}

/// All accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    accounts: BTreeMap<Address, Account>,
}

impl State {
    /// The account at `address`, if it exists.
    pub fn account(&self, address: Address) -> Option<&Account> {
        self.accounts.get(&address)
    }

    /// Every account, ordered by address.
    pub fn accounts(&self) -> impl Iterator<Item = (&Address, &Account)> {
        self.accounts.iter()
    }

    /// Balance of `address`.
    pub fn balance(&self, address: Address) -> U256 {
        self.account(address).map_or(U256::ZERO, |a| a.balance)
    }

    /// Nonce of `address`.
    pub fn nonce(&self, address: Address) -> u64 {
        self.account(address).map_or(0, |a| a.nonce)
    }

    /// Code of `address`.
    pub fn code(&self, address: Address) -> Option<&Code> {
        self.account(address).and_then(|a| a.code.as_ref())
    }

    /// Storage word `key` of `address`.
    pub fn storage(&self, address: Address, key: B256) -> B256 {
        self.account(address)
            .and_then(|a| a.storage.get(&key).copied())
            .unwrap_or_default()
    }

    /// Whether `address` is empty (EIP-161), which includes not existing.
    pub fn is_empty(&self, address: Address) -> bool {
        self.account(address).is_none_or(Account::is_empty)
    }

    /// `account_codehash`: zero for an empty account, else the hash of its code.
    pub fn codehash(&self, address: Address) -> B256 {
        match self.account(address) {
            None => B256::ZERO,
            Some(a) if a.is_empty() => B256::ZERO,
            Some(a) => a.code.as_ref().map_or(EMPTY_CODE_HASH, Code::hash),
        }
    }

    pub(crate) fn account_mut(&mut self, address: Address) -> &mut Account {
        self.accounts.entry(address).or_default()
    }

    /// Sets a storage word (zero removes it).
    pub(crate) fn set_storage(&mut self, address: Address, key: B256, value: B256) {
        let account = self.account_mut(address);
        if value.is_zero() {
            account.storage.remove(&key);
        } else {
            account.storage.insert(key, value);
        }
    }

    /// Drops accounts that hold nothing, so that creating and undoing an account leaves an
    /// equal state.
    pub(crate) fn prune(&mut self) {
        self.accounts.retain(|_, account| !account.is_void());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_code_hash_is_keccak_of_nothing() {
        assert_eq!(EMPTY_CODE_HASH, keccak256([]));
    }

    #[test]
    fn zero_words_are_not_stored_and_void_accounts_are_pruned() {
        let a = Address::with_last_byte(1);
        let key = B256::with_last_byte(7);
        let mut state = State::default();
        state.set_storage(a, key, B256::with_last_byte(1));
        assert_eq!(state.storage(a, key), B256::with_last_byte(1));
        state.set_storage(a, key, B256::ZERO);
        assert_eq!(state.storage(a, key), B256::ZERO);
        state.prune();
        assert_eq!(state, State::default());
    }

    #[test]
    fn codehash_of_missing_empty_and_funded_accounts() {
        let a = Address::with_last_byte(1);
        let mut state = State::default();
        assert_eq!(state.codehash(a), B256::ZERO);
        state.account_mut(a).balance = U256::from(1);
        assert_eq!(state.codehash(a), EMPTY_CODE_HASH);
        state.account_mut(a).code = Some(Code::Raw(vec![1, 2]));
        assert_eq!(state.codehash(a), keccak256([1, 2]));
    }
}
