//! Rollback: a reverted, failed or out-of-gas frame leaves no storage write, log or value
//! transfer behind, nested frames included.

use alloy_primitives::{B256, U256};

use super::script::{alice, bob, u32_at, word, world_with_scripts, Kind, Script};
use crate::{Failure, Outcome, Tx};

#[test]
fn revert_rolls_back_storage_and_logs_and_returns_the_data() {
    let (mut world, a) = world_with_scripts(1);
    let before = world.state().clone();
    let script = Script::new()
        .store(word(1), word(1))
        .flush()
        .log(&[word(9)], b"x")
        .sender()
        .revert();
    let receipt = world.call(alice(), a[0], &script.bytes()).unwrap();
    assert_eq!(receipt.outcome, Outcome::Revert);
    assert_eq!(
        receipt.output,
        alice().to_vec(),
        "revert data is the output so far"
    );
    assert!(receipt.logs.is_empty());
    assert_eq!(world.state(), &before);
}

#[test]
fn a_trap_is_a_failure_with_empty_data_and_no_effects() {
    let (mut world, a) = world_with_scripts(1);
    let before = world.state().clone();
    let script = Script::new()
        .store(word(1), word(1))
        .flush()
        .sender()
        .trap();
    let receipt = world.call(alice(), a[0], &script.bytes()).unwrap();
    assert_eq!(receipt.outcome, Outcome::Failure(Failure::Unreachable));
    assert!(receipt.output.is_empty());
    assert_eq!(world.state(), &before);
    // A trap returns the unused gas.
    assert!(receipt.gas.used < 100_000);
}

#[test]
fn a_bad_pointer_fails_the_frame() {
    let (mut world, a) = world_with_scripts(1);
    let receipt = world
        .call(alice(), a[0], &Script::new().bad_pointer().bytes())
        .unwrap();
    assert_eq!(
        receipt.outcome,
        Outcome::Failure(Failure::MemoryOutOfBounds)
    );
}

#[test]
fn out_of_gas_consumes_everything_and_rolls_back() {
    let (mut world, a) = world_with_scripts(1);
    let before = world.state().clone();
    let script = Script::new().store(word(1), word(1)).flush().spin(u32::MAX);
    let tx = Tx::call(alice(), a[0], script.bytes()).gas_limit(200_000);
    let receipt = world.transact(&tx).unwrap();
    assert_eq!(receipt.outcome, Outcome::OutOfGas);
    assert_eq!(receipt.gas.used, 200_000);
    assert!(receipt.output.is_empty());
    assert_eq!(world.state(), &before);
}

#[test]
fn a_reverted_callee_is_rolled_back_while_its_caller_goes_on() {
    let (mut world, a) = world_with_scripts(2);
    let inner = Script::new()
        .store(word(1), word(11))
        .flush()
        .log(&[], b"inner")
        .sender()
        .revert();
    let outer = Script::new()
        .call(Kind::Call, a[1], u64::MAX, U256::ZERO, &inner.bytes())
        .store(word(2), word(22))
        .flush()
        .log(&[], b"outer");
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    // status 2, then the revert data: the inner frame's sender (the outer contract).
    assert_eq!(receipt.output[0], 2);
    assert_eq!(u32_at(&receipt.output, 1), 20);
    assert_eq!(&receipt.output[5..25], a[0].as_slice());
    assert_eq!(world.storage(a[1], word(1)), B256::ZERO);
    assert_eq!(world.storage(a[0], word(2)), word(22));
    assert_eq!(receipt.logs.len(), 1);
    assert_eq!(receipt.logs[0].data, b"outer".to_vec());
}

#[test]
fn a_trapped_callee_returns_empty_data() {
    let (mut world, a) = world_with_scripts(2);
    let inner = Script::new()
        .store(word(1), word(11))
        .flush()
        .sender()
        .trap();
    let outer = Script::new().call(Kind::Call, a[1], u64::MAX, U256::ZERO, &inner.bytes());
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    assert_eq!(
        receipt.output,
        [vec![2], 0u32.to_le_bytes().to_vec()].concat()
    );
    assert_eq!(world.storage(a[1], word(1)), B256::ZERO);
}

#[test]
fn a_caller_that_reverts_after_a_successful_call_undoes_both() {
    let (mut world, a) = world_with_scripts(2);
    world.set_balance(alice(), U256::from(1_000));
    let before = world.state().clone();
    let inner = Script::new()
        .store(word(1), word(11))
        .flush()
        .log(&[], b"in");
    let outer = Script::new()
        .call(Kind::Call, a[1], u64::MAX, U256::from(10), &inner.bytes())
        .store(word(2), word(22))
        .flush()
        .revert();
    let tx = Tx::call(alice(), a[0], outer.bytes()).value(U256::from(100));
    let receipt = world.transact(&tx).unwrap();
    assert_eq!(receipt.outcome, Outcome::Revert);
    assert!(receipt.logs.is_empty());
    assert_eq!(
        world.state(),
        &before,
        "storage, logs and both value transfers undone"
    );
}

#[test]
fn value_moves_and_is_returned_when_the_callee_reverts() {
    let (mut world, a) = world_with_scripts(2);
    world.set_balance(a[0], U256::from(1_000));
    let reverting = Script::new().revert();
    let outer = Script::new()
        .call(
            Kind::Call,
            a[1],
            u64::MAX,
            U256::from(300),
            &reverting.bytes(),
        )
        .call(Kind::Call, bob(), u64::MAX, U256::from(200), &[])
        .call(Kind::Call, bob(), u64::MAX, U256::from(5_000), &[]);
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    // Reverted (value returned), sent to an account (created), refused (balance too low).
    assert_eq!(receipt.output[0], 2);
    assert_eq!(receipt.output[5], 0);
    assert_eq!(receipt.output[10], 2);
    assert_eq!(world.balance(a[0]), U256::from(800));
    assert_eq!(world.balance(a[1]), U256::ZERO);
    assert_eq!(world.balance(bob()), U256::from(200));
    // Value to an empty account pays 9,000 + 25,000 on top of the cold access.
    assert!(receipt.gas.breakdown.calls >= 2_600 + 9_000 + 25_000);
}

#[test]
fn out_of_gas_in_a_callee_costs_the_callee_gas_only() {
    let (mut world, a) = world_with_scripts(2);
    let inner = Script::new().store(word(1), word(1)).flush().spin(u32::MAX);
    let outer = Script::new()
        .call(Kind::Call, a[1], 100_000, U256::ZERO, &inner.bytes())
        .store(word(3), word(3))
        .flush();
    let receipt = world.call(alice(), a[0], &outer.bytes()).unwrap();
    assert!(receipt.is_success());
    assert_eq!(receipt.output[0], 2);
    assert_eq!(world.storage(a[1], word(1)), B256::ZERO);
    assert_eq!(world.storage(a[0], word(3)), word(3));
    let used = receipt.gas.used;
    assert!(used > 100_000 && used < 200_000, "{used}");
}

#[test]
fn exit_early_keeps_the_output() {
    let (mut world, a) = world_with_scripts(1);
    let receipt = world
        .call(alice(), a[0], &Script::new().sender().exit(0).bytes())
        .unwrap();
    assert!(receipt.is_success());
    assert_eq!(receipt.output, alice().to_vec());
    let before = world.state().clone();
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new()
                .store(word(1), word(1))
                .flush()
                .sender()
                .exit(3)
                .bytes(),
        )
        .unwrap();
    assert_eq!(receipt.outcome, Outcome::Revert);
    assert_eq!(receipt.output, alice().to_vec());
    assert_eq!(world.state(), &before);
}
