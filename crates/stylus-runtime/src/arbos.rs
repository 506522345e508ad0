//! The ArbOS version whose Stylus rules the runtime follows, and the block's recently used
//! programs (Nitro's "recent wasms").
//!
//! Rules that depend on the version (read in Nitro's `arbos/programs/programs.go`,
//! `CallProgram`, the geth fork's `core/state/statedb_arbitrum.go`, and the hostio
//! `storage_load_bytes32`; facts only, no code):
//!
//! * **Recently used programs** (ArbOS 60 and later): every call into a program records the
//!   program's code hash in a per-block LRU of `BlockCacheSize` entries (32 by default); a
//!   call into a program already in it pays only the cached entry cost, as if the program were
//!   in the `CacheManager`. The record is made before the entry is charged and is not undone
//!   when the call reverts or runs out of gas; the LRU is dropped at the end of the block, so
//!   it spans the block's transactions, and it is keyed by code hash, so identical code at two
//!   addresses is one program. (The geth fork's first version of this LRU took `Insert`'s
//!   receiver by value: the cache it created on first use was dropped, so no call ever hit.
//!   The fix, a pointer receiver, came with Nitro applying the rule from ArbOS 60 on.)
//! * **Storage-cache misses** (ArbOS 32, "Stylus charging fixes", and later): the EVM-API call
//!   of a `storage_load_bytes32` that misses the frame's cache costs 5 gas (`EVM_API_INK`
//!   converted to gas, rounded down); before ArbOS 32 Nitro charged the ink figure (59,673) as
//!   gas.

use std::collections::VecDeque;
use std::fmt;

use alloy_primitives::B256;

use crate::pricing::{EVM_API_INK, INK_PER_GAS};

/// An ArbOS version. The default is [`ArbosVersion::ARBITRUM_ONE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArbosVersion(pub u64);

impl ArbosVersion {
    /// ArbOS 32: the Stylus charging fixes (storage-miss EVM-API gas in gas, not ink).
    pub const STYLUS_CHARGING_FIXES: Self = Self(32);
    /// ArbOS 60: programs used earlier in the block pay the cached entry cost.
    pub const RECENT_PROGRAMS: Self = Self(60);
    /// ArbOS 61 "Elara", the version Arbitrum One runs (activated 2026-08-20).
    pub const ARBITRUM_ONE: Self = Self(61);

    /// Whether a program entered earlier in the block pays the cached entry cost.
    pub fn has_recent_programs(self) -> bool {
        self >= Self::RECENT_PROGRAMS
    }

    /// Gas of the EVM-API call a storage-cache miss makes: 5 since ArbOS 32, the ink figure
    /// (59,673) read as gas before.
    pub fn storage_miss_api_gas(self) -> u64 {
        if self >= Self::STYLUS_CHARGING_FIXES {
            EVM_API_INK / INK_PER_GAS
        } else {
            EVM_API_INK
        }
    }
}

impl Default for ArbosVersion {
    fn default() -> Self {
        Self::ARBITRUM_ONE
    }
}

impl fmt::Display for ArbosVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArbOS {}", self.0)
    }
}

/// Entries of the recently-used-programs LRU (`BlockCacheSize`, Nitro's default).
pub const BLOCK_CACHE_SIZE: usize = 32;

/// The programs entered in the current block, least recently used first (an LRU of
/// [`BLOCK_CACHE_SIZE`] program ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentPrograms {
    ids: VecDeque<B256>,
    capacity: usize,
}

impl Default for RecentPrograms {
    fn default() -> Self {
        Self::with_capacity(BLOCK_CACHE_SIZE)
    }
}

impl RecentPrograms {
    /// An empty LRU of `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            ids: VecDeque::with_capacity(capacity),
            capacity,
        }
    }

    /// Records a call into `id`; returns whether `id` was already recent (then it becomes the
    /// most recent). A new entry evicts the least recent one when the LRU is full.
    pub fn insert(&mut self, id: B256) -> bool {
        if let Some(at) = self.ids.iter().position(|known| *known == id) {
            self.ids.remove(at);
            self.ids.push_back(id);
            return true;
        }
        if self.capacity == 0 {
            return false;
        }
        if self.ids.len() == self.capacity {
            self.ids.pop_front();
        }
        self.ids.push_back(id);
        false
    }

    /// Whether `id` is recent, without recording anything.
    pub fn contains(&self, id: B256) -> bool {
        self.ids.contains(&id)
    }

    /// Programs recorded.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no program was entered in the block yet.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Forgets everything (a new block).
    pub fn clear(&mut self) {
        self.ids.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> B256 {
        B256::with_last_byte(n)
    }

    #[test]
    fn version_gates() {
        assert_eq!(ArbosVersion::default(), ArbosVersion(61));
        assert!(ArbosVersion(61).has_recent_programs());
        assert!(ArbosVersion(60).has_recent_programs());
        assert!(!ArbosVersion(51).has_recent_programs());
        assert_eq!(ArbosVersion(61).storage_miss_api_gas(), 5);
        assert_eq!(ArbosVersion(32).storage_miss_api_gas(), 5);
        assert_eq!(ArbosVersion(31).storage_miss_api_gas(), 59_673);
        assert_eq!(ArbosVersion(61).to_string(), "ArbOS 61");
    }

    #[test]
    fn second_insert_hits() {
        let mut recent = RecentPrograms::default();
        assert!(!recent.insert(id(1)));
        assert!(recent.insert(id(1)));
        assert!(!recent.insert(id(2)));
        assert_eq!(recent.len(), 2);
        recent.clear();
        assert!(recent.is_empty());
        assert!(!recent.insert(id(1)));
    }

    #[test]
    fn least_recently_used_is_evicted() {
        let mut recent = RecentPrograms::with_capacity(2);
        recent.insert(id(1));
        recent.insert(id(2));
        // A hit makes 1 the most recent, so 2 is evicted by 3.
        assert!(recent.insert(id(1)));
        assert!(!recent.insert(id(3)));
        assert!(recent.contains(id(1)) && recent.contains(id(3)) && !recent.contains(id(2)));
        assert!(!RecentPrograms::with_capacity(0).insert(id(1)));
    }

    #[test]
    fn the_default_holds_32_programs() {
        let mut recent = RecentPrograms::default();
        for n in 0..=32 {
            recent.insert(id(n));
        }
        assert_eq!(recent.len(), BLOCK_CACHE_SIZE);
        assert!(!recent.contains(id(0)) && recent.contains(id(32)));
    }
}
