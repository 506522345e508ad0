//! World state: accounts with balance, nonce, code and storage.
//!
//! Maps are ordered and zero storage words are not stored, so two states are equal exactly
//! when every account's balance, nonce, code and storage are equal; a transaction that
//! reverted leaves a state equal to the one before it.
//!
//! A state can also record what it changes ([`State::track_changes`]): each account header
//! and storage word as it was before its first change since the last [`State::take_changes`].
//! A node builds a block's state diff from that record in time proportional to what the block
//! changed, where comparing two copies of the state would take time proportional to the
//! whole state.

use std::collections::btree_map::Entry;
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

/// An account's header (everything but its storage) before its first recorded change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountBefore {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// Code, if any.
    pub code: Option<Code>,
}

impl AccountBefore {
    fn of(account: &Account) -> Self {
        Self {
            balance: account.balance,
            nonce: account.nonce,
            code: account.code.clone(),
        }
    }
}

/// What changed since recording began or was last taken: every account and storage word that
/// may have changed, with its value before the first change. An entry whose value is the same
/// again (a change undone) is still listed; comparing with the current state tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Accounts whose header may have changed, as they were (`None`: the account did not
    /// exist).
    pub accounts: BTreeMap<Address, Option<AccountBefore>>,
    /// Storage words that may have changed, as they were (zero: absent).
    pub slots: BTreeMap<(Address, B256), B256>,
}

/// All accounts.
#[derive(Debug, Clone, Default)]
pub struct State {
    accounts: BTreeMap<Address, Account>,
    /// The record of changes, when [`Self::track_changes`] turned it on.
    changes: Option<Changes>,
}

/// States are equal when their accounts are: the record of changes is bookkeeping.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.accounts == other.accounts
    }
}

impl Eq for State {}

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
        if let Some(changes) = &mut self.changes {
            changes
                .accounts
                .entry(address)
                .or_insert_with(|| self.accounts.get(&address).map(AccountBefore::of));
        }
        self.accounts.entry(address).or_default()
    }

    /// Replaces the whole account at `address` (`None` removes it), recording every word of
    /// the old and the new storage.
    pub(crate) fn replace_account(&mut self, address: Address, account: Option<Account>) {
        let account = account.unwrap_or_default();
        if let Some(changes) = &mut self.changes {
            let old = self.accounts.get(&address);
            let old_storage = old.into_iter().flat_map(|a| a.storage.iter());
            for (key, value) in old_storage {
                changes.slots.entry((address, *key)).or_insert(*value);
            }
            for key in account.storage.keys() {
                changes.slots.entry((address, *key)).or_insert(B256::ZERO);
            }
        }
        *self.account_mut(address) = account;
    }

    /// Sets a storage word (zero removes it).
    pub(crate) fn set_storage(&mut self, address: Address, key: B256, value: B256) {
        if let Some(changes) = &mut self.changes {
            if let Entry::Vacant(slot) = changes.slots.entry((address, key)) {
                let old = self
                    .accounts
                    .get(&address)
                    .and_then(|a| a.storage.get(&key).copied())
                    .unwrap_or_default();
                slot.insert(old);
            }
        }
        // A word of an account with code, nonce or balance leaves its header as it is; an
        // account that holds only storage may appear or (pruned) go, which is recorded.
        let account = if self.accounts.get(&address).is_some_and(|a| !a.is_empty()) {
            self.accounts.entry(address).or_default()
        } else {
            self.account_mut(address)
        };
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

    /// Starts (`true`) or stops recording changes; starting clears the record.
    pub fn track_changes(&mut self, on: bool) {
        self.changes = on.then(Changes::default);
    }

    /// The changes recorded since tracking began or since the last call, and a new empty
    /// record (an empty record if tracking is off).
    pub fn take_changes(&mut self) -> Changes {
        self.changes
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Puts back every account header and storage word of `changes` as it was before: after
    /// `let c = state.take_changes()` and then `state.undo(&c)`, the accounts are as they were
    /// when the record began. The undo itself is recorded like any change.
    pub fn undo(&mut self, changes: &Changes) {
        for ((address, key), value) in &changes.slots {
            self.set_storage(*address, *key, *value);
        }
        for (address, before) in &changes.accounts {
            let account = self.account_mut(*address);
            let before = before.clone().unwrap_or(AccountBefore {
                balance: U256::ZERO,
                nonce: 0,
                code: None,
            });
            account.balance = before.balance;
            account.nonce = before.nonce;
            account.code = before.code;
        }
        self.prune();
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

    /// A small generator: the same sequence on every run (the tests need no randomness crate).
    fn next(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed >> 33
    }

    /// Applies `n` changes of every kind to a few accounts and words.
    fn mutate(state: &mut State, seed: &mut u64, n: usize) {
        for _ in 0..n {
            let a = Address::with_last_byte(u8::try_from(next(seed) % 4).unwrap());
            let key = B256::with_last_byte(u8::try_from(next(seed) % 5).unwrap());
            let value = B256::with_last_byte(u8::try_from(next(seed) % 3).unwrap());
            match next(seed) % 6 {
                0 | 1 => state.set_storage(a, key, value),
                2 => state.account_mut(a).balance = U256::from(next(seed) % 3),
                3 => state.account_mut(a).nonce = next(seed) % 2,
                4 => {
                    let code = next(seed).is_multiple_of(2).then(|| Code::Raw(vec![1]));
                    state.account_mut(a).code = code;
                }
                _ => {
                    let account = next(seed).is_multiple_of(2).then(|| {
                        let mut account = Account {
                            balance: U256::from(1),
                            ..Account::default()
                        };
                        account.storage.insert(key, B256::with_last_byte(9));
                        account
                    });
                    state.replace_account(a, account);
                }
            }
            state.prune();
        }
    }

    #[test]
    fn the_record_names_every_change_with_its_first_value_and_undo_restores_it() {
        let mut seed = 7;
        for round in 0..200 {
            let mut state = State::default();
            mutate(&mut state, &mut seed, round % 13);
            state.track_changes(true);
            let before = state.clone();
            mutate(&mut state, &mut seed, 1 + round % 17);
            let changes = state.take_changes();
            // Every account or word that differs is in the record, with its old value.
            for address in (0..4).map(Address::with_last_byte) {
                let (old, new) = (before.account(address), state.account(address));
                let header = |a: Option<&Account>| a.map(AccountBefore::of);
                if header(old) != header(new) {
                    assert_eq!(changes.accounts.get(&address), Some(&header(old)));
                }
                for key in (0..5).map(B256::with_last_byte) {
                    let old_value = before.storage(address, key);
                    if old_value != state.storage(address, key) {
                        assert_eq!(changes.slots.get(&(address, key)), Some(&old_value));
                    }
                }
            }
            for ((address, key), value) in &changes.slots {
                assert_eq!(before.storage(*address, *key), *value);
            }
            state.undo(&changes);
            assert_eq!(state, before, "round {round}");
        }
    }

    #[test]
    fn nothing_is_recorded_unless_tracking_is_on() {
        let mut state = State::default();
        state.set_storage(
            Address::with_last_byte(1),
            B256::with_last_byte(1),
            B256::with_last_byte(1),
        );
        assert_eq!(state.take_changes(), Changes::default());
        state.track_changes(true);
        state.set_storage(
            Address::with_last_byte(1),
            B256::with_last_byte(1),
            B256::ZERO,
        );
        assert_eq!(state.take_changes().slots.len(), 1);
        assert_eq!(state.take_changes(), Changes::default());
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
