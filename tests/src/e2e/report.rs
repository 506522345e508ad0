//! The gas report's scenarios run, their gas adds up, their new slots are the ones the
//! contracts' storage layouts promise, and the report renders one row per scenario, the
//! target section and the comparison with DIMO.

use crate::report::{render, BeyondFloor, NEW_SLOT_GAS, TARGET_EXECUTION_PER_DEVICE};
use crate::scenarios::{self, Scenario, TARGET_SCENARIO};

/// The scenario whose operation starts with `operation`.
fn find<'a>(all: &'a [Scenario], operation: &str) -> &'a Scenario {
    all.iter()
        .find(|s| s.operation.starts_with(operation))
        .unwrap_or_else(|| panic!("no scenario {operation}"))
}

/// New slots of the scenario whose operation starts with `operation`.
fn slots(all: &[Scenario], operation: &str) -> usize {
    find(all, operation).uncached.new_slots
}

/// What holds for every scenario: the gas adds up, caching helps, the floor is a floor, and
/// each renders as a row.
fn check_and_render(all: &[Scenario]) -> String {
    for s in all {
        let gas = &s.uncached.receipt.gas;
        assert_eq!(
            gas.used + gas.refund,
            gas.intrinsic + gas.calldata + gas.compute + gas.evm,
            "{}",
            s.operation
        );
        assert_eq!(s.execution() + gas.refund, gas.execution, "{}", s.operation);
        assert!(s.cached_gas_used < gas.used, "{}", s.operation);
        assert!(
            s.execution() >= NEW_SLOT_GAS * s.uncached.new_slots as u64,
            "{}: below the storage floor",
            s.operation
        );
        // One view per contract and path: the registry and both licence contracts are
        // entered at most once (the certificate token twice: a view, then a hook).
        assert!(s.entries[..4].iter().all(|n| *n <= 1), "{}", s.operation);
        assert!(s.entries[4] <= 2, "{}", s.operation);
        // Caching changes the entry costs and nothing else.
        let slots = s.uncached.new_slots;
        let cached = BeyondFloor::of(&s.cached, slots, 1);
        let uncached = BeyondFloor::of(gas, slots, 1);
        assert!(cached.entries < uncached.entries, "{}", s.operation);
        assert_eq!(
            uncached.execution - cached.execution,
            uncached.entries - cached.entries,
            "{}",
            s.operation
        );
        assert_eq!(
            (cached.storage, cached.logs, cached.calls, cached.compute),
            (
                uncached.storage,
                uncached.logs,
                uncached.calls,
                uncached.compute
            ),
            "{}",
            s.operation
        );
    }
    let markdown = render(all, &[]);
    for s in all {
        assert!(
            markdown.contains(&format!("| {} | {} |", s.operation, s.items)),
            "{}",
            s.operation
        );
    }
    markdown
}

#[test]
fn registry_scenarios_run_and_render() {
    let all = scenarios::registry();
    // A mint to a fresh controller: name key, name word, owner, balance (the held node goes
    // into the controller's existing word; the node's packed word stays empty until a change
    // of holder or a URI). A batch name: name key, name word, owner.
    assert_eq!(slots(&all, "register a manufacturer (steady state"), 4);
    assert_eq!(slots(&all, "batch register 10 "), 30);
    let markdown = check_and_render(&all);
    assert!(markdown.contains("| 7,690,713 |"), "DIMO's batch of 100");
    assert!(markdown.contains("Not measured in this run."));
    for s in &all {
        assert_eq!(s.entries, [1, 0, 0, 0, 0, 0], "{}", s.operation);
    }
}

/// The entries of the scenario whose operation starts with `operation`, in
/// [`scenarios::CONTRACTS`] order.
fn entries(all: &[Scenario], operation: &str) -> [u32; 6] {
    find(all, operation).entries
}

#[test]
fn licence_scenarios_run_and_render() {
    let all = scenarios::licences();
    assert_eq!(all.len(), 10);
    // Registry, manufacturing licences, device licences, certificates, token, staking token:
    // `nodeAccess` answers both the caller's right and the holder (unstake), one
    // `authorizedPrivileges` the independence of an auditor or a voter; the stake reads the
    // ERC-20 balance before and after the pull.
    for (operation, expected) in [
        ("stake", [1, 1, 0, 0, 0, 3]),
        ("unstake", [1, 1, 0, 0, 0, 1]),
        ("accept the MOU", [1, 1, 0, 0, 0, 0]),
        ("grant", [1, 1, 0, 0, 0, 0]),
        ("apply", [1, 1, 1, 0, 0, 0]),
        ("record audit 1", [1, 0, 1, 0, 0, 0]),
        ("vote: first", [1, 0, 1, 0, 0, 0]),
        ("vote: deciding", [1, 1, 1, 0, 0, 0]),
    ] {
        assert_eq!(entries(&all, operation), expected, "{operation}");
    }
    // The stake and the grant each fill one word of the node's record, the MOU acceptance
    // two (version and time, and the accepting holder); an application writes its record,
    // model and revision text and the manufacturer's list; an audit its result, report hash
    // and URI; a vote its ballot.
    for (operation, expected) in [
        ("stake", 1),
        ("accept the MOU", 2),
        ("grant", 1),
        ("apply", 8),
        ("record audit 1", 3),
        ("record audit 3", 3),
        ("vote: first", 1),
        ("vote: deciding", 1),
    ] {
        assert_eq!(slots(&all, operation), expected, "{operation}");
    }
    check_and_render(&all);
}

#[test]
fn certificate_scenarios_run_and_meet_the_target() {
    let all = scenarios::certificates();
    // Five new slots per full certificate (the token's owner, two record words, the serial
    // and IMEI indexes), one per batch (its record: minter and digest are in the event only);
    // the first batch ever also creates the batch counter and the holder's balance.
    for (operation, expected) in [
        ("mint 1 full certificate (first ever)", 8),
        ("mint 1 full certificate (steady state)", 6),
        ("mint 10 full certificates (one batch)", 51),
        (TARGET_SCENARIO, 501),
        ("claim", 2),
        ("mark provisioned", 1),
        // The claim already wrote the token's per-token word (its owner-change count).
        ("authorize an organization", 1),
        // Word 3 of the record (firmware, counters) is first written by these, not by the
        // claim (which writes the token's word instead).
        ("OTA update", 2),
        ("factory reset rotating the key", 4),
        ("end of life", 3),
    ] {
        assert_eq!(slots(&all, operation), expected, "{operation}");
    }
    // A mint asks the registry, each licence contract and the token once each (`nodeAccess`,
    // `manufacturingLicenseCheck`, `deviceLicenseCheck`, `issue`); a claim asks the token's
    // `ownerState` then moves it; the other steps check the owner (`ownerOf`) or the
    // manufacturer's privilege (`nodeAccess`), then call the token's hook.
    for (operation, expected) in [
        ("mint 1 full certificate (steady state)", [1, 1, 1, 1, 1, 0]),
        (TARGET_SCENARIO, [1, 1, 1, 1, 1, 0]),
        ("claim", [0, 0, 0, 1, 2, 0]),
        ("mark provisioned", [0, 0, 0, 1, 2, 0]),
        ("OTA update", [1, 0, 0, 1, 1, 0]),
        ("factory reset rotating the key", [1, 0, 0, 1, 2, 0]),
        ("end of life", [0, 0, 0, 1, 2, 0]),
    ] {
        assert_eq!(entries(&all, operation), expected, "{operation}");
    }
    let markdown = check_and_render(&all);
    assert!(markdown.contains("## Calls per contract"));
    assert!(markdown.contains("## Single operations against the floor and DIMO"));
    assert!(markdown.contains("* **claim (a relayer sends"));
    let target = find(&all, TARGET_SCENARIO);
    assert_eq!(target.items, 100);
    let per_device = target.execution_per_item();
    let gas = &target.uncached.receipt.gas;
    assert_eq!(per_device, (gas.used - 21_000 - gas.calldata) / 100);
    assert!(markdown.contains(&format!(
        "| **Execution per device** | **{}** |",
        stylus_wasm::report::thousands(i64::try_from(per_device).unwrap_or(i64::MAX))
    )));
    assert!(
        per_device <= TARGET_EXECUTION_PER_DEVICE,
        "the project's target: at most {TARGET_EXECUTION_PER_DEVICE} gas of execution per \
         device in a batch of 100 full certificates; measured {per_device}"
    );
    assert!(markdown.contains("**Meets the target**"));
    assert!(markdown.contains("| 15,824,467 |"), "DIMO's batch of 100");
}
