//! The ArbOS-dependent rules: programs entered earlier in the block pay the cached entry cost
//! (ArbOS 60), the entry cost itself as Nitro computes it, and the storage-miss charge
//! (ArbOS 32).

use alloy_primitives::{Address, U256};

use super::script::{alice, program, wat_program, word, world_with_scripts, Kind, Script};
use crate::{ArbosVersion, Outcome, Program, Tx, World};

/// A program that returns at once: one function of type `(i32) -> i32`, a one-page memory.
const MINIMAL: &str = r#"(module
    (memory (export "memory") 1 1)
    (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;

/// A program that traps at once.
const TRAP: &str = r#"(module
    (memory (export "memory") 1 1)
    (func (export "user_entrypoint") (param i32) (result i32) unreachable))"#;

const SCRIPT: Address = Address::repeat_byte(0x51);
const TARGET: Address = Address::repeat_byte(0x52);

/// A world with the script program at [`SCRIPT`] and `target` at [`TARGET`].
fn world(target: &Program) -> World {
    let mut world = World::new();
    world.install(SCRIPT, &program());
    world.install(TARGET, target);
    world
}

/// Calldata that makes the script call [`TARGET`] `times` times.
fn calls_target(times: usize) -> Vec<u8> {
    let mut script = Script::new();
    for _ in 0..times {
        script = script.call(Kind::Call, TARGET, u64::MAX, U256::ZERO, &[]);
    }
    script.bytes()
}

fn entry_gas(world: &mut World, to: Address, data: &[u8]) -> u64 {
    let receipt = world.call(alice(), to, data).unwrap();
    assert!(receipt.is_success(), "{:?}", receipt.outcome);
    receipt.gas.breakdown.program_entry
}

#[test]
fn the_cached_entry_cost_counts_nitros_globals() {
    // One function, two type entries, no segments, one page: 352 + 4 globals × 1.628 (6) + 5
    // for the page; the size terms round down to 0 for a module this small.
    let minimal = wat_program(MINIMAL);
    assert_eq!(minimal.entry_cost().cached, 363);
    let shape = minimal.shape();
    assert_eq!((shape.functions, shape.type_len, shape.globals), (1, 2, 0));
    // init: 8.252 + 2.118 + 0.1286 × bytes, each rounded down.
    let bytes = shape.wasm_bytes;
    assert_eq!(
        minimal.entry_cost().uncached_extra,
        8_832 + 8 + 2 + bytes * 1_286 / 10_000
    );
}

#[test]
fn a_second_entry_in_one_transaction_pays_the_cached_cost() {
    let target = wat_program(MINIMAL);
    let mut world = world(&target);
    let script = program().entry_cost().total(false);
    let full = target.entry_cost().total(false);
    let cached = target.entry_cost().cached;
    assert_eq!(
        entry_gas(&mut world, SCRIPT, &calls_target(1)),
        script + full
    );
    assert_eq!(
        entry_gas(&mut world, SCRIPT, &calls_target(3)),
        script + full + 2 * cached
    );
    // Each transaction is a block of its own by default: the next one pays in full again.
    assert_eq!(
        entry_gas(&mut world, SCRIPT, &calls_target(2)),
        script + full + cached
    );
    assert!(world.recent_programs().is_empty());
}

#[test]
fn before_arbos_60_every_entry_pays_in_full() {
    let target = wat_program(MINIMAL);
    let mut world = world(&target);
    world.set_arbos_version(ArbosVersion(51));
    let script = program().entry_cost().total(false);
    let full = target.entry_cost().total(false);
    assert_eq!(
        entry_gas(&mut world, SCRIPT, &calls_target(3)),
        script + 3 * full
    );
    world.start_block();
    assert_eq!(entry_gas(&mut world, TARGET, &[]), full);
    assert_eq!(entry_gas(&mut world, TARGET, &[]), full);
}

#[test]
fn the_next_transaction_of_the_same_block_pays_the_cached_cost() {
    let target = wat_program(MINIMAL);
    let mut world = world(&target);
    let full = target.entry_cost().total(false);
    let cached = target.entry_cost().cached;
    assert_eq!(cached, 363);

    world.start_block();
    assert_eq!(entry_gas(&mut world, TARGET, &[]), full);
    assert_eq!(entry_gas(&mut world, TARGET, &[]), cached);
    assert!(world.recent_programs().contains(target.id()));
    // Entered from another program, it is still recent; the script itself is new.
    assert_eq!(
        entry_gas(&mut world, SCRIPT, &calls_target(1)),
        program().entry_cost().total(false) + cached
    );
    assert_eq!(world.recent_programs().len(), 2);

    // A new block forgets.
    world.start_block();
    assert_eq!(entry_gas(&mut world, TARGET, &[]), full);
    assert_eq!(entry_gas(&mut world, TARGET, &[]), cached);
    // Closing the block: every transaction is a block of its own again.
    world.end_block();
    assert_eq!(entry_gas(&mut world, TARGET, &[]), full);
    assert_eq!(entry_gas(&mut world, TARGET, &[]), full);
}

#[test]
fn identical_code_at_two_addresses_is_one_program() {
    // Nitro keys the LRU by code hash: the script at another address is recent too.
    let (mut world, a) = world_with_scripts(2);
    let entry = program().entry_cost();
    let call = Script::new()
        .call(Kind::Call, a[1], u64::MAX, U256::ZERO, &[])
        .bytes();
    assert_eq!(
        entry_gas(&mut world, a[0], &call),
        entry.total(false) + entry.cached
    );
}

#[test]
fn a_failed_entry_is_recorded_and_a_view_records_nothing() {
    let trap = wat_program(TRAP);
    let mut world = world(&trap);
    let full = trap.entry_cost().total(false);
    let cached = trap.entry_cost().cached;
    world.start_block();
    // A view sees nothing recent and records nothing.
    let view = world.view(&Tx::call(alice(), TARGET, [])).unwrap();
    assert_eq!(view.gas.breakdown.program_entry, full);
    assert!(world.recent_programs().is_empty());
    // A trapping call still records the program: the next entry is cached.
    let failed = world.call(alice(), TARGET, &[]).unwrap();
    assert!(matches!(failed.outcome, Outcome::Failure(_)));
    assert_eq!(failed.gas.breakdown.program_entry, full);
    let again = world.call(alice(), TARGET, &[]).unwrap();
    assert_eq!(again.gas.breakdown.program_entry, cached);
    // A view in the block sees it recent.
    let view = world.view(&Tx::call(alice(), TARGET, [])).unwrap();
    assert_eq!(view.gas.breakdown.program_entry, cached);
}

#[test]
fn a_storage_miss_pays_5_gas_for_the_evm_call_since_arbos_32() {
    let (mut world, a) = world_with_scripts(1);
    let script = Script::new().load(word(3)).bytes();
    let read = |world: &mut World| {
        let receipt = world.call(alice(), a[0], &script).unwrap();
        (
            receipt.gas.breakdown.storage_read,
            receipt.gas.breakdown.hostio_ink,
        )
    };
    let (gas, ink) = read(&mut world);
    assert_eq!(gas, 2_100 + 5);
    world.set_arbos_version(ArbosVersion(31));
    let (old_gas, old_ink) = read(&mut world);
    // Before the fix the EVM-API ink figure was charged as gas.
    assert_eq!(old_gas, 2_100 + 59_673);
    assert_eq!(old_ink, ink);
}
