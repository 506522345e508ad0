//! What a block changed in the world state, with the values before and after: written to the
//! store (the after values), and replayed backwards for `evm_revert` and for reads at an
//! earlier block.

use alloy::primitives::{Address, B256, U256};
use serde::{Deserialize, Serialize};
use stylus_runtime::{Account, AccountBefore, Changes, Code, State};

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
        Self::from_parts(account.balance, account.nonce, account.code.as_ref())
    }

    /// The header of an account as the runtime's record of changes kept it.
    fn of_before(account: &AccountBefore) -> Self {
        Self::from_parts(account.balance, account.nonce, account.code.as_ref())
    }

    fn from_parts(balance: alloy_primitives_08::U256, nonce: u64, code: Option<&Code>) -> Self {
        Self {
            balance: from_rt_u256(balance),
            nonce,
            code_hash: code.map(|c| from_rt_word(c.hash())),
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
    /// The changes the runtime recorded (`changes`, with the values before) that hold in
    /// `after`: in time proportional to what changed, not to the state. The same diff as
    /// comparing the whole state before and after (a test checks it against that).
    pub(crate) fn of_changes(changes: &Changes, after: &State) -> Self {
        let mut diff = Self::default();
        for (rt_address, before) in &changes.accounts {
            let old = before.as_ref().map(AccountHeader::of_before);
            let new = after.account(*rt_address).map(AccountHeader::of);
            if old != new {
                diff.accounts.push(AccountChange {
                    address: from_rt_address(*rt_address),
                    before: old,
                    after: new,
                });
            }
        }
        for ((rt_address, key), before) in &changes.slots {
            let now = after.storage(*rt_address, *key);
            if now != *before {
                diff.slots.push(SlotChange {
                    address: from_rt_address(*rt_address),
                    slot: from_rt_word(*key),
                    before: from_rt_word(*before),
                    after: from_rt_word(now),
                });
            }
        }
        diff
    }

    /// The changes from `before` to `after`, by comparing every account (the reference
    /// [`Self::of_changes`] is tested against).
    #[cfg(test)]
    fn between(before: &State, after: &State) -> Self {
        use std::collections::BTreeSet;
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

#[cfg(test)]
mod tests {
    use stylus_runtime::World;

    use super::*;
    use crate::convert::{to_rt_address, to_rt_u256, to_rt_word};

    /// The same sequence on every run (no randomness crate needed).
    fn next(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed >> 33
    }

    #[test]
    fn the_diff_from_the_record_equals_the_diff_of_the_whole_state() {
        let mut seed = 3;
        for round in 0..300 {
            let mut world = World::new();
            world.track_changes(true);
            let pick = |seed: &mut u64, n: u64| u8::try_from(next(seed) % n).unwrap();
            let mut before = world.clone();
            for step in 0..=(round % 7 + round % 11) {
                // The first steps set up the state "before"; the rest make the block.
                if step == round % 7 {
                    world.take_changes();
                    before = world.clone();
                }
                let a = to_rt_address(Address::with_last_byte(pick(&mut seed, 4)));
                let key = to_rt_word(B256::with_last_byte(pick(&mut seed, 5)));
                let value = to_rt_word(B256::with_last_byte(pick(&mut seed, 3)));
                match next(&mut seed) % 5 {
                    0 | 1 => world.set_storage(a, key, value),
                    2 => world.set_balance(a, to_rt_u256(U256::from(next(&mut seed) % 3))),
                    3 => world.set_code(a, Code::Raw(vec![pick(&mut seed, 2)])),
                    _ => {
                        let account = next(&mut seed).is_multiple_of(2).then(|| {
                            let mut account = Account {
                                nonce: 1,
                                ..Account::default()
                            };
                            account
                                .storage
                                .insert(key, to_rt_word(B256::with_last_byte(7)));
                            account
                        });
                        world.set_account(a, account);
                    }
                }
            }
            let changes = world.take_changes();
            assert_eq!(
                StateDiff::of_changes(&changes, world.state()),
                StateDiff::between(before.state(), world.state()),
                "round {round}"
            );
        }
    }
}
