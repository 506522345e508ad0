//! The gas report's scenarios run, and the report renders one row per scenario.

use crate::report::{render, NEW_SLOT_GAS};
use crate::scenarios;

#[test]
fn registry_scenarios_run_and_render() {
    let all = scenarios::registry();
    let slots = |operation: &str| {
        all.iter()
            .find(|s| s.operation.starts_with(operation))
            .unwrap_or_else(|| panic!("no scenario {operation}"))
            .uncached
            .new_slots
    };
    // A mint to a fresh controller: name key, node word, name word, owner, balance, held
    // node. A batch name: name key, node word, name word, owner.
    assert_eq!(slots("register a manufacturer (steady state"), 6);
    assert_eq!(slots("batch register 10 "), 40);
    for s in &all {
        let gas = &s.uncached.receipt.gas;
        assert_eq!(
            gas.used + gas.refund,
            gas.intrinsic + gas.calldata + gas.compute + gas.evm,
            "{}",
            s.operation
        );
        assert!(s.cached_gas_used < gas.used, "{}", s.operation);
        assert!(
            gas.used >= NEW_SLOT_GAS * s.uncached.new_slots as u64,
            "{}: below the storage floor",
            s.operation
        );
    }
    let markdown = render(&all, &[]);
    for s in &all {
        assert!(markdown.contains(&format!("| {} |", s.operation)));
    }
    assert!(markdown.contains("| 7,690,713 |"), "DIMO's batch of 100");
}
