//! The per-frame storage cache (reference note 1.5).
//!
//! Every program invocation gets a fresh cache. A load hits the cache or reads state (and
//! remembers the value as known); a cached write only changes the cache. A slot is dirty when
//! its value differs from the known state value, or when no state value is known (a write to a
//! slot never loaded is always dirty). A flush writes the dirty slots to state and marks them
//! clean; a clearing flush also forgets everything.

use std::collections::BTreeMap;

use alloy_primitives::B256;

/// One cached slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    /// The value the program sees.
    value: B256,
    /// The state value, when known (loaded or flushed).
    known: Option<B256>,
}

/// The cache of one frame, with its read and write counters (for the surcharges).
#[derive(Debug, Clone, Default)]
pub(crate) struct StorageCache {
    slots: BTreeMap<B256, Slot>,
    /// Loads so far in this frame.
    pub(crate) reads: u64,
    /// Cached writes so far in this frame.
    pub(crate) writes: u64,
}

impl StorageCache {
    /// The cached value of `key`, if any.
    pub(crate) fn get(&self, key: B256) -> Option<B256> {
        self.slots.get(&key).map(|slot| slot.value)
    }

    /// Records `value`, just read from state.
    pub(crate) fn insert_known(&mut self, key: B256, value: B256) {
        self.slots.insert(
            key,
            Slot {
                value,
                known: Some(value),
            },
        );
    }

    /// A cached write.
    pub(crate) fn write(&mut self, key: B256, value: B256) {
        self.slots
            .entry(key)
            .and_modify(|slot| slot.value = value)
            .or_insert(Slot { value, known: None });
    }

    /// The dirty slots, ordered by key.
    pub(crate) fn dirty(&self) -> Vec<(B256, B256)> {
        self.slots
            .iter()
            .filter(|(_, slot)| slot.known != Some(slot.value))
            .map(|(key, slot)| (*key, slot.value))
            .collect()
    }

    /// After a flush: every slot's value is now the state value.
    pub(crate) fn mark_clean(&mut self) {
        for slot in self.slots.values_mut() {
            slot.known = Some(slot.value);
        }
    }

    /// Forgets every slot (the counters stay: they count per frame).
    pub(crate) fn clear(&mut self) {
        self.slots.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: u8) -> B256 {
        B256::with_last_byte(n)
    }

    #[test]
    fn unknown_writes_are_dirty_and_known_equal_writes_are_not() {
        let mut cache = StorageCache::default();
        cache.write(w(1), w(0));
        cache.insert_known(w(2), w(5));
        cache.write(w(2), w(5));
        cache.insert_known(w(3), w(5));
        cache.write(w(3), w(6));
        assert_eq!(cache.dirty(), vec![(w(1), w(0)), (w(3), w(6))]);
        cache.mark_clean();
        assert!(cache.dirty().is_empty());
        assert_eq!(cache.get(w(3)), Some(w(6)));
        cache.clear();
        assert_eq!(cache.get(w(3)), None);
    }
}
