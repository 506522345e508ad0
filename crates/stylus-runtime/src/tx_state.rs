//! Everything a transaction in flight owns: the world state, the journal, the access lists,
//! original slot values, transient storage, the refund counter, logs, page counters, the
//! open-frame counts behind `msg_reentrant`, and the gas tally.
//!
//! The frame that is running owns the [`TxState`] (it lives in that frame's wasmtime store);
//! a call hands it to the callee's store and takes it back afterwards.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use alloy_primitives::{Address, B256, U256};

use crate::arbos::{ArbosVersion, RecentPrograms};
use crate::env::BlockEnv;
use crate::gas::GasBreakdown;
use crate::journal::{Checkpoint, Entry};
use crate::receipt::Log;
use crate::state::{Code, State};

/// Runtime limits of one transaction.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Limits {
    /// Deepest call stack.
    pub(crate) max_depth: usize,
    /// Lowest native stack address at which another program frame may still start.
    pub(crate) stack_floor: usize,
}

/// A transaction in flight.
#[derive(Debug, Default)]
pub(crate) struct TxState {
    pub(crate) state: State,
    journal: Vec<Entry>,
    pub(crate) logs: Vec<Log>,
    pub(crate) block: BlockEnv,
    pub(crate) origin: Address,
    pub(crate) gas_price: U256,
    warm_accounts: BTreeSet<Address>,
    warm_slots: BTreeSet<(Address, B256)>,
    originals: HashMap<(Address, B256), B256>,
    transient: BTreeMap<(Address, B256), B256>,
    refund: i64,
    /// Pages open over the live frames.
    pub(crate) pages_open: u16,
    /// High-water mark of [`Self::pages_open`].
    pub(crate) pages_ever: u16,
    /// Open non-delegate frames per acting address.
    open_programs: HashMap<Address, u32>,
    /// Frames on the stack.
    pub(crate) depth: usize,
    /// Where the gas went.
    pub(crate) tally: GasBreakdown,
    /// Programs that pay the cached entry cost.
    pub(crate) cached: BTreeSet<B256>,
    /// Whether every program counts as cached.
    pub(crate) cache_all: bool,
    /// The ArbOS version whose rules apply.
    pub(crate) arbos: ArbosVersion,
    /// Programs entered so far in the block (this transaction's calls included).
    pub(crate) recent: RecentPrograms,
    /// Program entries charged in this transaction, per code address (reverted frames
    /// included: their entry was paid).
    pub(crate) entries: BTreeMap<Address, u32>,
    pub(crate) limits: Limits,
}

impl TxState {
    /// A transaction over `state`.
    pub(crate) fn new(state: State, block: BlockEnv, origin: Address, gas_price: U256) -> Self {
        Self {
            state,
            block,
            origin,
            gas_price,
            ..Self::default()
        }
    }

    /// The current rollback point.
    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            entries: self.journal.len(),
            logs: self.logs.len(),
        }
    }

    /// Undoes every change after `checkpoint`, newest first.
    pub(crate) fn revert_to(&mut self, checkpoint: Checkpoint) {
        while self.journal.len() > checkpoint.entries {
            let Some(entry) = self.journal.pop() else {
                break;
            };
            match entry {
                Entry::Storage {
                    address,
                    key,
                    previous,
                } => self.state.set_storage(address, key, previous),
                Entry::Balance { address, previous } => {
                    self.state.account_mut(address).balance = previous;
                }
                Entry::Nonce { address, previous } => {
                    self.state.account_mut(address).nonce = previous;
                }
                Entry::Code { address, previous } => {
                    self.state.account_mut(address).code = previous;
                }
                Entry::WarmAccount(address) => {
                    self.warm_accounts.remove(&address);
                }
                Entry::WarmSlot(address, key) => {
                    self.warm_slots.remove(&(address, key));
                }
                Entry::Transient {
                    address,
                    key,
                    previous,
                } => {
                    if previous.is_zero() {
                        self.transient.remove(&(address, key));
                    } else {
                        self.transient.insert((address, key), previous);
                    }
                }
                Entry::Refund(previous) => self.refund = previous,
            }
        }
        self.logs.truncate(checkpoint.logs);
    }

    /// Marks `address` warm; returns whether it was cold.
    pub(crate) fn touch_account(&mut self, address: Address) -> bool {
        let cold = self.warm_accounts.insert(address);
        if cold {
            self.journal.push(Entry::WarmAccount(address));
        }
        cold
    }

    /// Marks `address` warm without journaling (the transaction's initial access list).
    pub(crate) fn prewarm(&mut self, address: Address) {
        self.warm_accounts.insert(address);
    }

    /// Marks the slot warm; returns whether it was cold.
    pub(crate) fn touch_slot(&mut self, address: Address, key: B256) -> bool {
        let cold = self.warm_slots.insert((address, key));
        if cold {
            self.journal.push(Entry::WarmSlot(address, key));
        }
        cold
    }

    /// The slot's value at the start of the transaction.
    pub(crate) fn original(&mut self, address: Address, key: B256) -> B256 {
        let current = self.state.storage(address, key);
        *self.originals.entry((address, key)).or_insert(current)
    }

    /// Writes a storage word.
    pub(crate) fn set_storage(&mut self, address: Address, key: B256, value: B256) {
        // Record the original before the first change.
        self.original(address, key);
        let previous = self.state.storage(address, key);
        self.journal.push(Entry::Storage {
            address,
            key,
            previous,
        });
        self.state.set_storage(address, key, value);
    }

    /// Moves `value` wei; false (and no change) if `from` cannot pay.
    pub(crate) fn transfer(&mut self, from: Address, to: Address, value: U256) -> bool {
        if value.is_zero() {
            return true;
        }
        let from_balance = self.state.balance(from);
        if from_balance < value {
            return false;
        }
        self.set_balance(from, from_balance - value);
        let to_balance = self.state.balance(to);
        self.set_balance(to, to_balance.saturating_add(value));
        true
    }

    fn set_balance(&mut self, address: Address, balance: U256) {
        let account = self.state.account_mut(address);
        let previous = account.balance;
        account.balance = balance;
        self.journal.push(Entry::Balance { address, previous });
    }

    /// Sets the nonce of `address`.
    pub(crate) fn set_nonce(&mut self, address: Address, nonce: u64) {
        let account = self.state.account_mut(address);
        let previous = account.nonce;
        account.nonce = nonce;
        self.journal.push(Entry::Nonce { address, previous });
    }

    /// Sets the code of `address`.
    pub(crate) fn set_code(&mut self, address: Address, code: Code) {
        let account = self.state.account_mut(address);
        let previous = account.code.replace(code);
        self.journal.push(Entry::Code { address, previous });
    }

    /// A transient word.
    pub(crate) fn transient(&self, address: Address, key: B256) -> B256 {
        self.transient
            .get(&(address, key))
            .copied()
            .unwrap_or_default()
    }

    /// Writes a transient word.
    pub(crate) fn set_transient(&mut self, address: Address, key: B256, value: B256) {
        let previous = self.transient(address, key);
        self.journal.push(Entry::Transient {
            address,
            key,
            previous,
        });
        if value.is_zero() {
            self.transient.remove(&(address, key));
        } else {
            self.transient.insert((address, key), value);
        }
    }

    /// Adds `delta` to the refund counter.
    pub(crate) fn add_refund(&mut self, delta: i64) {
        if delta != 0 {
            self.journal.push(Entry::Refund(self.refund));
            self.refund += delta;
        }
    }

    /// The refund counter.
    pub(crate) fn refund(&self) -> i64 {
        self.refund
    }

    /// Appends a log.
    pub(crate) fn push_log(&mut self, log: Log) {
        self.logs.push(log);
    }

    /// A non-delegate frame of `address` opens.
    pub(crate) fn open_program(&mut self, address: Address) {
        *self.open_programs.entry(address).or_default() += 1;
    }

    /// A non-delegate frame of `address` closes.
    pub(crate) fn close_program(&mut self, address: Address) {
        if let Some(count) = self.open_programs.get_mut(&address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                self.open_programs.remove(&address);
            }
        }
    }

    /// `msg_reentrant`: more than one open non-delegate frame for `address`.
    pub(crate) fn is_reentrant(&self, address: Address) -> bool {
        self.open_programs.get(&address).copied().unwrap_or(0) > 1
    }

    /// Whether calls into `program` pay the cached entry cost.
    pub(crate) fn is_cached(&self, program: &crate::Program) -> bool {
        self.cache_all || self.cached.contains(&program.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revert_undoes_everything_after_the_checkpoint() {
        let a = Address::with_last_byte(1);
        let b = Address::with_last_byte(2);
        let key = B256::with_last_byte(9);
        let mut state = State::default();
        state.account_mut(a).balance = U256::from(100);
        state.set_storage(a, key, B256::with_last_byte(1));
        let mut tx = TxState::new(state.clone(), BlockEnv::default(), a, U256::ZERO);

        let start = tx.checkpoint();
        assert!(tx.touch_account(b));
        assert!(!tx.touch_account(b));
        assert!(tx.touch_slot(a, key));
        tx.set_storage(a, key, B256::with_last_byte(2));
        assert!(tx.transfer(a, b, U256::from(40)));
        assert!(!tx.transfer(a, b, U256::from(400)));
        tx.set_nonce(b, 3);
        tx.set_code(b, Code::Raw(vec![1]));
        tx.set_transient(a, key, B256::with_last_byte(5));
        tx.add_refund(4_800);
        tx.push_log(Log {
            address: a,
            topics: vec![],
            data: vec![],
        });
        assert_eq!(tx.original(a, key), B256::with_last_byte(1));

        tx.revert_to(start);
        tx.state.prune();
        assert_eq!(tx.state, state);
        assert!(tx.logs.is_empty());
        assert_eq!(tx.refund(), 0);
        assert_eq!(tx.transient(a, key), B256::ZERO);
        assert!(tx.touch_account(b), "warmth is rolled back too");
        assert!(tx.touch_slot(a, key));
    }

    #[test]
    fn reentrancy_counts_open_frames() {
        let a = Address::with_last_byte(1);
        let mut tx = TxState::default();
        tx.open_program(a);
        assert!(!tx.is_reentrant(a));
        tx.open_program(a);
        assert!(tx.is_reentrant(a));
        tx.close_program(a);
        assert!(!tx.is_reentrant(a));
        tx.close_program(a);
        tx.close_program(a);
        assert!(!tx.is_reentrant(a));
    }
}
