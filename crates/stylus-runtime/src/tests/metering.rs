//! Ink metering worked out by hand: block costs, loop iterations, `memory.copy` bytes,
//! memory growth, hostio prices, and out of gas at the exact boundary.

use alloy_primitives::{Address, U256};

use super::script::{alice, wat_program, world_with_scripts, Kind, Script};
use crate::{Outcome, Tx, World};

/// The smallest Stylus program: returns 0 at once.
const MINIMAL: &str = r#"(module
    (memory (export "memory") 1 1)
    (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;

#[test]
fn a_single_block_costs_its_operators_plus_2450() {
    let program = wat_program(MINIMAL);
    let mut world = World::new();
    let address = Address::repeat_byte(0x31);
    world.install(address, &program);
    let receipt = world.call(alice(), address, &[]).unwrap();
    assert!(receipt.is_success());
    // One block: i32.const (1) + end (1) + 2,450.
    assert_eq!(receipt.gas.breakdown.wasm_ink, 2_452);
    assert_eq!(receipt.gas.breakdown.hostio_ink, 0);
    let entry = program.entry_cost().total(false);
    // 2,452 ink is less than one gas, but the frame returns whole gas only: 1 gas.
    assert_eq!(receipt.gas.used, 21_000 + entry + 1);
    assert_eq!(receipt.gas.compute, 0);
    assert_eq!(receipt.gas.evm, entry + 1);

    // Cached: only the cached part of the entry cost.
    world.set_cached(&program, true);
    let receipt = world.call(alice(), address, &[]).unwrap();
    assert_eq!(receipt.gas.used, 21_000 + program.entry_cost().cached + 1);
}

#[test]
fn each_loop_iteration_costs_two_blocks() {
    let (mut world, a) = world_with_scripts(1);
    let ink = |world: &mut World, n| {
        world
            .call(alice(), a[0], &Script::new().spin(n).bytes())
            .unwrap()
            .gas
            .breakdown
            .wasm_ink
    };
    let ten = ink(&mut world, 10);
    let twenty = ink(&mut world, 20);
    // [local.get, i32.eqz, br_if] = 75 + 170 + 765 + 2,450 and
    // [local.get, i32.const, i32.sub, local.set, br] = 75 + 1 + 70 + 210 + 765 + 2,450.
    assert_eq!(twenty - ten, 10 * (3_460 + 3_571));
}

#[test]
fn memory_copy_pays_100_ink_per_byte() {
    let (mut world, a) = world_with_scripts(1);
    let mut ink = |n| {
        world
            .call(alice(), a[0], &Script::new().copy(n).bytes())
            .unwrap()
            .gas
            .breakdown
            .wasm_ink
    };
    assert_eq!(ink(1_000) - ink(0), 100_000);
}

#[test]
fn keccak_pays_per_word_beyond_two() {
    let (mut world, a) = world_with_scripts(1);
    let mut hostio = |len| {
        world
            .call(alice(), a[0], &Script::new().keccak(&vec![1; len]).bytes())
            .unwrap()
            .gas
            .breakdown
            .hostio_ink
    };
    // One more word: 21,000 ink for keccak, and 32 × 30 ink more for read_args.
    assert_eq!(hostio(96) - hostio(64), 21_000 + 960);
}

#[test]
fn memory_growth_is_priced_by_the_page_model() {
    let (mut world, a) = world_with_scripts(3);
    let receipt = world
        .call(alice(), a[0], &Script::new().grow(10).bytes())
        .unwrap();
    assert!(receipt.is_success());
    assert_eq!(
        receipt.output,
        1_i32.to_le_bytes(),
        "memory.grow returns the old size"
    );
    // 1 -> 11 pages: 9 paid pages (two are free) and exp[11] - exp[1] = 4 - 1.
    assert_eq!(receipt.gas.breakdown.memory, 9_003);

    // Three nested one-page frames: the third opens a paid page.
    let innermost = Script::new();
    let middle = Script::new().call(Kind::Call, a[2], u64::MAX, U256::ZERO, &innermost.bytes());
    let outer = Script::new().call(Kind::Call, a[1], u64::MAX, U256::ZERO, &middle.bytes());
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert_eq!(receipt.gas.breakdown.memory, 1_000);

    // More than 128 pages: out of gas.
    let receipt = world
        .call(alice(), a[0], &Script::new().grow(200).bytes())
        .unwrap();
    assert_eq!(receipt.outcome, Outcome::OutOfGas);
}

#[test]
fn out_of_gas_exactly_at_the_boundary() {
    let (mut world, a) = world_with_scripts(1);
    let script = Script::new().spin(50).keccak(b"boundary").bytes();
    let used = world.call(alice(), a[0], &script).unwrap().gas.used;
    let at_limit = world
        .transact(&Tx::call(alice(), a[0], script.clone()).gas_limit(used))
        .unwrap();
    assert!(at_limit.is_success());
    assert_eq!(at_limit.gas.used, used);
    let below = world
        .transact(&Tx::call(alice(), a[0], script).gas_limit(used - 1))
        .unwrap();
    assert_eq!(below.outcome, Outcome::OutOfGas);
    assert_eq!(below.gas.used, used - 1);
}

#[test]
fn random_scripts_never_crash_the_host() {
    let (mut world, a) = world_with_scripts(2);
    let mut seed = 0x1234_5678_9abc_def0_u64;
    for _ in 0..300 {
        let len = usize::try_from(seed % 200).unwrap();
        let mut bytes = Vec::with_capacity(len);
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Mostly valid opcodes, so that scripts get somewhere.
            let byte = seed.to_le_bytes()[3];
            bytes.push(if byte < 200 { byte % 0x1d } else { byte });
        }
        let before = world.state().clone();
        let tx = Tx::call(alice(), a[0], bytes).gas_limit(3_000_000);
        let receipt = world.transact(&tx).unwrap();
        if !receipt.is_success() {
            assert_eq!(world.state(), &before);
        }
    }
}
