//! The per-frame storage cache: load, cache, flush; and the storage and log charges worked out
//! by hand.

use alloy_primitives::B256;

use super::script::{alice, program, word, world_with_scripts, Script};
use crate::gas::calldata_gas;
use crate::{Outcome, Tx};

#[test]
fn cached_writes_reach_state_only_when_flushed() {
    let (mut world, a) = world_with_scripts(1);
    let key = word(7);
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new().store(key, word(1)).load(key).bytes(),
        )
        .unwrap();
    assert!(receipt.is_success());
    // The load sees the cached value, but nothing was flushed.
    assert_eq!(receipt.output, word(1).to_vec());
    assert_eq!(world.storage(a[0], key), B256::ZERO);

    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new().store(key, word(2)).flush().bytes(),
        )
        .unwrap();
    assert!(receipt.is_success());
    assert_eq!(world.storage(a[0], key), word(2));
    let receipt = world
        .call(alice(), a[0], &Script::new().load(key).bytes())
        .unwrap();
    assert_eq!(receipt.output, word(2).to_vec());
}

#[test]
fn first_store_to_a_new_slot_costs_22_100() {
    let (mut world, a) = world_with_scripts(1);
    let script = Script::new().store(word(1), word(42)).flush().bytes();
    let receipt = world.call(alice(), a[0], &script).unwrap();
    assert!(receipt.is_success());
    let gas = receipt.gas;
    let breakdown = gas.breakdown;
    assert_eq!(breakdown.storage_write, 22_100);
    assert_eq!(breakdown.storage_read, 0);
    let entry = program().entry_cost().total(false);
    assert_eq!(breakdown.program_entry, entry);
    assert_eq!(
        breakdown.memory, 0,
        "a one-page program as first frame is free"
    );
    assert_eq!(breakdown.evm_gas(), entry + 22_100);
    // Every gas unit is accounted for: the only rounding is the ink left over.
    assert_eq!(gas.intrinsic, 21_000);
    assert_eq!(gas.calldata, calldata_gas(&script));
    assert_eq!(gas.compute, breakdown.ink() / 10_000);
    let rounding = u64::from(breakdown.ink() % 10_000 != 0);
    assert_eq!(gas.execution, entry + 22_100 + gas.compute + rounding);
    assert_eq!(gas.used, 21_000 + gas.calldata + gas.execution);
    assert_eq!(gas.refund, 0);

    // Updating it later: 2,900 + 2,100 cold.
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new().store(word(1), word(43)).flush().bytes(),
        )
        .unwrap();
    assert_eq!(receipt.gas.breakdown.storage_write, 5_000);
    // Writing the same value again: 100 + 2,100 cold.
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new().store(word(1), word(43)).flush().bytes(),
        )
        .unwrap();
    assert_eq!(receipt.gas.breakdown.storage_write, 2_200);
}

#[test]
fn clearing_a_slot_refunds_4_800_capped_at_a_fifth() {
    let (mut world, a) = world_with_scripts(1);
    world.set_storage(a[0], word(1), word(9));
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new().store(word(1), B256::ZERO).flush().bytes(),
        )
        .unwrap();
    assert!(receipt.is_success());
    assert_eq!(receipt.gas.breakdown.storage_write, 5_000);
    let before_refund = receipt.gas.used + receipt.gas.refund;
    assert_eq!(receipt.gas.refund, 4_800.min(before_refund / 5));
    assert_eq!(world.storage(a[0], word(1)), B256::ZERO);
}

#[test]
fn set_and_reset_within_one_transaction_refunds_19_900() {
    let (mut world, a) = world_with_scripts(1);
    let script = Script::new()
        .store(word(1), word(5))
        .flush()
        .store(word(1), B256::ZERO)
        .flush()
        .bytes();
    let receipt = world.call(alice(), a[0], &script).unwrap();
    // 22,100 then 100 (dirty slot); refund 19,900 capped at a fifth of the gas used.
    assert_eq!(receipt.gas.breakdown.storage_write, 22_200);
    let before_refund = receipt.gas.used + receipt.gas.refund;
    assert_eq!(receipt.gas.refund, 19_900.min(before_refund / 5));
    assert_eq!(receipt.gas.refund, before_refund / 5);
}

#[test]
fn cold_load_then_warm_reload() {
    let (mut world, a) = world_with_scripts(1);
    world.set_storage(a[0], word(3), word(33));
    // Cold miss 2,100; a cache hit costs no SLOAD; after clearing the cache the reload misses
    // again, now warm: 100. Each miss also pays 5 gas for the EVM-API call.
    let script = Script::new()
        .load(word(3))
        .load(word(3))
        .clear()
        .load(word(3))
        .bytes();
    let receipt = world.call(alice(), a[0], &script).unwrap();
    assert!(receipt.is_success());
    assert_eq!(receipt.gas.breakdown.storage_read, 2_105 + 105);
    assert_eq!(receipt.output, [word(33).0; 3].concat());
    // Nothing was dirty: the clear writes nothing.
    assert_eq!(receipt.gas.breakdown.storage_write, 0);
}

#[test]
fn a_log_with_two_topics() {
    let (mut world, a) = world_with_scripts(1);
    let topics = [word(0xaa), word(0xbb)];
    let data = [7u8; 32];
    let receipt = world
        .call(alice(), a[0], &Script::new().log(&topics, &data).bytes())
        .unwrap();
    assert!(receipt.is_success());
    // 375 + 2 × 375 + 8 × 32.
    assert_eq!(receipt.gas.breakdown.logs, 1_381);
    assert_eq!(receipt.logs.len(), 1);
    assert_eq!(receipt.logs[0].address, a[0]);
    assert_eq!(receipt.logs[0].topics, topics.to_vec());
    assert_eq!(receipt.logs[0].data, data.to_vec());
}

#[test]
fn malformed_logs_fail_the_frame() {
    let (mut world, a) = world_with_scripts(1);
    for script in [
        Script::new().raw_log(5, &[0; 160]),
        Script::new().raw_log(2, &[0; 63]),
    ] {
        let receipt = world.call(alice(), a[0], &script.bytes()).unwrap();
        assert_eq!(receipt.outcome, Outcome::Failure(crate::Failure::BadLog));
        assert!(receipt.output.is_empty() && receipt.logs.is_empty());
    }
}

#[test]
fn the_cache_read_surcharge_starts_after_32_reads() {
    let (mut world, a) = world_with_scripts(1);
    let mut script = Script::new();
    for _ in 0..34 {
        script = script.load(word(1));
    }
    let receipt = world.call(alice(), a[0], &script.bytes()).unwrap();
    // One cold miss (2,100 and the 5-gas EVM-API call), 33 hits; reads 33 and 34 pay 2 gas
    // each.
    assert_eq!(receipt.gas.breakdown.storage_read, 2_105 + 4);
}

#[test]
fn transient_storage_lives_for_the_transaction_only() {
    let (mut world, a) = world_with_scripts(1);
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new()
                .tstore(word(1), word(5))
                .tload(word(1))
                .bytes(),
        )
        .unwrap();
    assert_eq!(receipt.output, word(5).to_vec());
    let receipt = world
        .call(alice(), a[0], &Script::new().tload(word(1)).bytes())
        .unwrap();
    assert_eq!(receipt.output, B256::ZERO.to_vec());
    assert_eq!(receipt.gas.breakdown.transient, 100);
}

#[test]
fn view_commits_nothing() {
    let (mut world, a) = world_with_scripts(1);
    let before = world.state().clone();
    let receipt = world
        .view(&Tx::call(
            alice(),
            a[0],
            Script::new().store(word(1), word(1)).flush().bytes(),
        ))
        .unwrap();
    assert!(receipt.is_success());
    assert_eq!(world.state(), &before);
}
