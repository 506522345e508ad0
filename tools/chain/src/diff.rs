//! What a block changed in the world state, with the values before and after: written to the
//! store (the after values), and replayed backwards for `evm_revert` and for reads at an
//! earlier block.

use std::collections::BTreeSet;

use alloy::primitives::{Address, B256, U256};
use serde::{Deserialize, Serialize};
use stylus_runtime::{Account, State};

use crate::convert::{from_rt_address, from_rt_u256, from_rt_word};

/// An account without its storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountHeader {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// keccak-256 of its code, if it has code.
    pub code_hash: Option<B256>,
}

impl AccountHeader {
    /// The header of a runtime account.
    pub(crate) fn of(account: &Account) -> Self {
        Self {
            balance: from_rt_u256(account.balance),
            nonce: account.nonce,
            code_hash: account.code.as_ref().map(|c| from_rt_word(c.hash())),
        }
    }
}

/// One account's header before and after (`None`: the account does not exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountChange {
    /// The account.
    pub address: Address,
    /// Before.
    pub before: Option<AccountHeader>,
    /// After.
    pub after: Option<AccountHeader>,
}

/// One storage word before and after (zero: absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotChange {
    /// The account.
    pub address: Address,
    /// The key.
    pub slot: B256,
    /// Before.
    pub before: B256,
    /// After.
    pub after: B256,
}

/// Everything a block changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateDiff {
    /// Account headers.
    pub accounts: Vec<AccountChange>,
    /// Storage words.
    pub slots: Vec<SlotChange>,
    /// Code hashes activated by `ArbWasm` in this block, with their Stylus version.
    pub activated: Vec<(B256, u16)>,
}

impl StateDiff {
    /// The changes from `before` to `after`.
    pub(crate) fn between(before: &State, after: &State) -> Self {
        let addresses: BTreeSet<_> = before
            .accounts()
            .map(|(a, _)| *a)
            .chain(after.accounts().map(|(a, _)| *a))
            .collect();
        let mut diff = Self::default();
        for rt_address in addresses {
            let old = before.account(rt_address);
            let new = after.account(rt_address);
            if old == new {
                continue;
            }
            let address = from_rt_address(rt_address);
            let (old_header, new_header) = (old.map(AccountHeader::of), new.map(AccountHeader::of));
            if old_header != new_header {
                diff.accounts.push(AccountChange {
                    address,
                    before: old_header,
                    after: new_header,
                });
            }
            let empty = std::collections::BTreeMap::new();
            let old_slots = old.map_or(&empty, |a| &a.storage);
            let new_slots = new.map_or(&empty, |a| &a.storage);
            let keys: BTreeSet<_> = old_slots.keys().chain(new_slots.keys()).collect();
            for key in keys {
                let b = old_slots.get(key).copied().unwrap_or_default();
                let a = new_slots.get(key).copied().unwrap_or_default();
                if a != b {
                    diff.slots.push(SlotChange {
                        address,
                        slot: from_rt_word(*key),
                        before: from_rt_word(b),
                        after: from_rt_word(a),
                    });
                }
            }
        }
        diff
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.slots.is_empty() && self.activated.is_empty()
    }
}
