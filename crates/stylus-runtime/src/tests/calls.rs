//! Calls between programs: sender and acting address per call kind, static write
//! protection, the 63/64 rule, `msg_reentrant`, return data and the depth limit.

use alloy_primitives::{Address, U256};

use super::script::{alice, bob, u32_at, u64_at, word, world_with_scripts, Kind, Script};
use crate::{Config, Tx, World};

/// The data a script call returned, from the caller's output at `at` (status, length, data).
fn returned(output: &[u8], at: usize) -> (u8, &[u8]) {
    let len = u32_at(output, at + 1) as usize;
    (output[at], &output[at + 5..at + 5 + len])
}

#[test]
fn sender_and_acting_address_per_call_kind() {
    let (mut world, a) = world_with_scripts(2);
    let inner = Script::new().sender().store(word(1), word(7)).flush();
    let outer = Script::new()
        .call(Kind::Call, a[1], u64::MAX, U256::ZERO, &inner.bytes())
        .call(Kind::Delegate, a[1], u64::MAX, U256::ZERO, &inner.bytes());
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    let (status, data) = returned(&receipt.output, 0);
    assert_eq!(
        (status, data),
        (0, a[0].as_slice()),
        "a call's sender is the caller"
    );
    let (status, data) = returned(&receipt.output, 25);
    assert_eq!(
        (status, data),
        (0, alice().as_slice()),
        "a delegate call keeps the sender"
    );
    // The call wrote the callee's storage, the delegate call the caller's.
    assert_eq!(world.storage(a[1], word(1)), word(7));
    assert_eq!(world.storage(a[0], word(1)), word(7));
}

#[test]
fn static_calls_cannot_write() {
    let (mut world, a) = world_with_scripts(3);
    world.set_storage(a[1], word(1), word(5));
    world.set_balance(a[1], U256::from(10));
    let reads = Script::new().load(word(1));
    let writes = Script::new().store(word(1), word(6)).flush();
    let logs = Script::new().log(&[], b"no");
    let tstores = Script::new().tstore(word(1), word(1));
    let pays = Script::new().call(Kind::Call, a[2], u64::MAX, U256::from(1), &[]);
    // Caching without flushing is allowed: nothing reaches state.
    let caches = Script::new().store(word(1), word(6));
    let outer = Script::new()
        .call(Kind::Static, a[1], u64::MAX, U256::ZERO, &reads.bytes())
        .call(Kind::Static, a[1], u64::MAX, U256::ZERO, &writes.bytes())
        .call(Kind::Static, a[1], u64::MAX, U256::ZERO, &logs.bytes())
        .call(Kind::Static, a[1], u64::MAX, U256::ZERO, &tstores.bytes())
        .call(Kind::Static, a[1], u64::MAX, U256::ZERO, &pays.bytes())
        .call(Kind::Static, a[1], u64::MAX, U256::ZERO, &caches.bytes());
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    let out = &receipt.output;
    let (status, data) = returned(out, 0);
    assert_eq!((status, data), (0, word(5).as_slice()));
    let mut at = 5 + 32;
    for _ in 0..4 {
        assert_eq!(returned(out, at), (2, &[][..]));
        at += 5;
    }
    assert_eq!(returned(out, at), (0, &[][..]));
    assert_eq!(world.storage(a[1], word(1)), word(5));
    assert!(receipt.logs.is_empty());
    assert_eq!(world.balance(a[2]), U256::ZERO);
}

#[test]
fn a_callee_gets_at_most_63_64_of_the_gas_left() {
    let (mut world, a) = world_with_scripts(2);
    let inner = Script::new().gas_left();
    let outer = Script::new()
        .gas_left()
        .call(Kind::Call, a[1], u64::MAX, U256::ZERO, &inner.bytes())
        .call(Kind::Call, a[1], 50_000, U256::ZERO, &inner.bytes());
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    let out = &receipt.output;
    let outer_left = u64_at(out, 0);
    let (status, data) = returned(out, 8);
    assert_eq!(status, 0);
    let inner_left = u64_at(data, 0);
    assert!(
        inner_left < outer_left - outer_left / 64,
        "{inner_left} vs {outer_left}"
    );
    // The callee starts with 63/64 of what the caller had left after the cold access, minus
    // its entry cost (the cached one: the same program was entered by the caller in this
    // transaction, ArbOS 60); a few thousand gas of hostio ink lie in between.
    let entry = super::script::program().entry_cost().cached;
    let upper = (outer_left - 2_600) - (outer_left - 2_600) / 64 - entry;
    assert!(
        inner_left <= upper && inner_left + 100 > upper,
        "{inner_left} vs {upper}"
    );
    // An explicit gas argument is honoured.
    let (_, data) = returned(out, 8 + 13);
    let limited = u64_at(data, 0);
    assert!(
        limited <= 50_000 - entry && limited + 100 > 50_000 - entry,
        "{limited}"
    );
}

#[test]
fn msg_reentrant_counts_open_non_delegate_frames() {
    let (mut world, a) = world_with_scripts(2);
    // a0 -> a1 -> a0 (re-entered): the inner a0 frame sees msg_reentrant = 1.
    let innermost = Script::new().reentrant();
    let middle =
        Script::new()
            .reentrant()
            .call(Kind::Call, a[0], u64::MAX, U256::ZERO, &innermost.bytes());
    let outer = Script::new()
        .reentrant()
        .call(Kind::Call, a[1], u64::MAX, U256::ZERO, &middle.bytes())
        .call(
            Kind::Delegate,
            a[1],
            u64::MAX,
            U256::ZERO,
            &Script::new().reentrant().bytes(),
        );
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    let out = &receipt.output;
    assert_eq!(out[0], 0, "the first frame is not re-entrant");
    let (_, middle_out) = returned(out, 1);
    assert_eq!(middle_out[0], 0, "a1 is entered once");
    let (_, inner_out) = returned(middle_out, 1);
    assert_eq!(inner_out, [1], "a0 entered again");
    // A delegate call into a1 acts as a0 but does not count as a second frame of a0.
    let (_, delegated) = returned(out, 1 + 5 + middle_out.len());
    assert_eq!(delegated, [0]);
}

#[test]
fn return_data_reads_never_fail_past_the_end() {
    let (mut world, a) = world_with_scripts(2);
    let inner = Script::new().sender();
    let outer = Script::new()
        .return_size()
        .call(Kind::Call, a[1], u64::MAX, U256::ZERO, &inner.bytes())
        .return_size()
        .return_data(10, 100)
        .return_data(25, 4);
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    let out = &receipt.output;
    assert_eq!(u32_at(out, 0), 0, "no call yet");
    let at = 4 + 25;
    assert_eq!(u32_at(out, at), 20);
    assert_eq!(u32_at(out, at + 4), 10);
    assert_eq!(&out[at + 8..at + 18], &a[0].as_slice()[10..]);
    assert_eq!(u32_at(out, at + 18), 0);
}

#[test]
fn calls_to_accounts_without_code_succeed_empty() {
    let (mut world, a) = world_with_scripts(1);
    let nobody = Address::repeat_byte(0x77);
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new()
                .call(Kind::Call, nobody, u64::MAX, U256::ZERO, b"hello")
                .codehash(nobody)
                .code_size(a[0])
                .codehash(a[0])
                .bytes(),
        )
        .unwrap();
    let out = &receipt.output;
    assert_eq!(returned(out, 0), (0, &[][..]));
    assert_eq!(
        &out[5..37],
        [0u8; 32].as_slice(),
        "empty account: zero code hash"
    );
    let program = super::script::program();
    assert_eq!(u32_at(out, 37) as usize, program.code().len());
    assert_eq!(&out[41..73], program.codehash().as_slice());
}

#[test]
fn unbounded_recursion_ends_cleanly() {
    // Gas runs out long before the depth limit with a normal gas limit.
    let (mut world, a) = world_with_scripts(1);
    let receipt = world
        .call(alice(), a[0], &Script::new().recurse().bytes())
        .unwrap();
    assert!(receipt.is_success());
    // The deepest frame's call ran out of gas; every frame above it saw a success.
    assert_eq!(receipt.output, [0]);
}

#[test]
fn the_depth_limit_fails_the_deepest_call() {
    let mut world = World::with_config(Config {
        max_depth: 8,
        ..Config::default()
    });
    let address = Address::repeat_byte(0x42);
    world.install(address, &super::script::program());
    world.set_cache_all(true);
    let tx = Tx::call(alice(), address, Script::new().recurse().bytes()).gas_limit(1_000_000_000);
    let receipt = world.transact(&tx).unwrap();
    assert!(receipt.is_success());
    // The ninth frame's call hit the limit; every frame succeeded.
    assert_eq!(receipt.output, [0]);
    assert!(receipt.gas.used < 1_000_000);
}

#[test]
fn a_precompile_call_through_a_program() {
    let (mut world, a) = world_with_scripts(1);
    let ecrecover = Address::with_last_byte(1);
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new()
                .call(Kind::Static, ecrecover, u64::MAX, U256::ZERO, &[0; 128])
                .call(
                    Kind::Call,
                    Address::with_last_byte(2),
                    u64::MAX,
                    U256::ZERO,
                    b"x",
                )
                .bytes(),
        )
        .unwrap();
    assert!(receipt.is_success());
    assert_eq!(
        returned(&receipt.output, 0),
        (0, &[][..]),
        "invalid signature: empty"
    );
    assert_eq!(
        returned(&receipt.output, 5),
        (2, &[][..]),
        "unsupported precompile"
    );
}

#[test]
fn receipts_count_program_entries_per_program() {
    let (mut world, a) = world_with_scripts(3);
    let reads = Script::new().load(word(1));
    let reverts = Script::new().revert();
    let outer = Script::new()
        .call(Kind::Call, a[1], u64::MAX, U256::ZERO, &reads.bytes())
        .call(Kind::Static, a[1], u64::MAX, U256::ZERO, &reads.bytes())
        .call(Kind::Delegate, a[2], u64::MAX, U256::ZERO, &reads.bytes())
        // A reverted call paid its entry: it counts.
        .call(Kind::Call, a[2], u64::MAX, U256::ZERO, &reverts.bytes())
        // An account without code runs no program.
        .call(Kind::Call, bob(), u64::MAX, U256::ZERO, &[]);
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    let counted: Vec<(Address, u32)> = receipt.entries.into_iter().collect();
    let mut expected = vec![(a[0], 1), (a[1], 2), (a[2], 2)];
    expected.sort();
    assert_eq!(counted, expected);
    // Each transaction counts its own.
    let receipt = world.call(alice(), a[1], &reads.bytes()).unwrap();
    assert_eq!(receipt.entries.into_iter().collect::<Vec<_>>(), [(a[1], 1)]);
}
