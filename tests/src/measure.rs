//! One operation's gas and storage footprint: its receipt, and how many storage words it
//! created, changed and cleared (from the world state before and after).

use stylus_runtime::{Receipt, State, World};

/// What one operation cost.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// The transaction's receipt.
    pub receipt: Receipt,
    /// Storage words that went from zero to non-zero.
    pub new_slots: usize,
    /// Storage words that went from one non-zero value to another.
    pub changed_slots: usize,
    /// Storage words that went from non-zero to zero.
    pub cleared_slots: usize,
}

/// Counts new, changed and cleared storage words between two states.
pub fn slot_changes(before: &State, after: &State) -> (usize, usize, usize) {
    let (mut new, mut changed, mut cleared) = (0, 0, 0);
    for (address, account) in after.accounts() {
        for (key, value) in &account.storage {
            let old = before.storage(*address, *key);
            if old.is_zero() {
                new += 1;
            } else if old != *value {
                changed += 1;
            }
        }
    }
    for (address, account) in before.accounts() {
        for key in account.storage.keys() {
            if after.storage(*address, *key).is_zero() {
                cleared += 1;
            }
        }
    }
    (new, changed, cleared)
}

/// Runs `operation` on `world` and measures it.
pub fn measure(world: &mut World, operation: impl FnOnce(&mut World) -> Receipt) -> Measurement {
    let before = world.state().clone();
    let receipt = operation(world);
    let (new_slots, changed_slots, cleared_slots) = slot_changes(&before, world.state());
    Measurement {
        receipt,
        new_slots,
        changed_slots,
        cleared_slots,
    }
}
