//! Deployment through the SDK constructor.

use alloy_primitives::{Address, U256};
use alloy_sol_types::{SolCall, SolValue};
use dimo_interfaces::erc::IOwnable2Step as O;
use stylus_runtime::{constructor_selector, DeployError, Outcome, Tx, World};

use super::assert_event;
use crate::calls::send;
use crate::registry::{account, registry_program, RegistryFixture};

#[test]
fn constructor_sets_the_top_admin_and_emits_the_event() {
    let mut f = RegistryFixture::new();
    assert_eq!(f.view(&O::ownerCall {})._0, f.owner);
    assert_eq!(f.view(&O::pendingOwnerCall {})._0, Address::ZERO);
    assert_event(
        &f.deployment,
        f.registry,
        &O::OwnershipTransferred {
            previousOwner: Address::ZERO,
            newOwner: f.owner,
        },
    );
    assert_eq!(f.world.nonce(RegistryFixture::deployer()), 1);
}

#[test]
fn the_constructor_runs_once() {
    let mut f = RegistryFixture::new();
    let mut data = constructor_selector().to_vec();
    data.extend_from_slice(&(account("mallory"),).abi_encode_params());
    let before = f.world.state().clone();
    let receipt = f.world.call(account("mallory"), f.registry, &data).unwrap();
    assert_eq!(receipt.outcome, Outcome::Revert);
    assert!(
        receipt.output.is_empty(),
        "the SDK's guard reverts without data"
    );
    assert_eq!(f.world.state(), &before);
    assert_eq!(f.view(&O::ownerCall {})._0, f.owner);
}

#[test]
fn a_zero_initial_owner_is_refused() {
    let mut world = World::new();
    let result = world.deploy(
        account("deployer"),
        &registry_program(),
        &(Address::ZERO,).abi_encode_params(),
    );
    let Err(DeployError::Constructor(receipt)) = result else {
        panic!("deployment should fail: {result:?}");
    };
    let error =
        <O::OwnableInvalidOwner as alloy_sol_types::SolError>::abi_decode(&receipt.output, true)
            .unwrap();
    assert_eq!(error.owner, Address::ZERO);
    assert!(world.state().accounts().all(|(_, a)| a.code.is_none()));
}

#[test]
fn the_registry_refuses_value_and_unknown_selectors() {
    let mut f = RegistryFixture::new();
    let before = f.world.state().clone();
    let unknown = f
        .world
        .call(f.owner, f.registry, &[0xde, 0xad, 0xbe, 0xef])
        .unwrap();
    assert_eq!(unknown.outcome, Outcome::Revert);
    assert!(unknown.output.is_empty());
    let empty = f.world.call(f.owner, f.registry, &[]).unwrap();
    assert_eq!(empty.outcome, Outcome::Revert);
    assert_eq!(f.world.state(), &before);
    // A view call sent through a transaction works and commits nothing.
    let sent = send(&mut f.world, f.owner, f.registry, &O::ownerCall {});
    assert_eq!(sent.ok()._0, f.owner);
    assert_eq!(f.world.state(), &before);
    // Non-payable: value is refused.
    f.world.set_balance(f.owner, U256::from(10));
    let before = f.world.state().clone();
    let tx = Tx::call(f.owner, f.registry, O::ownerCall {}.abi_encode()).value(U256::from(1));
    let paid = f.world.transact(&tx).unwrap();
    assert_eq!(paid.outcome, Outcome::Revert);
    assert_eq!(f.world.state(), &before);
}

#[test]
fn every_artifact_imports_only_hooks_the_runtime_links() {
    let names = crate::artifacts::artifact_names();
    assert!(
        names.iter().any(|n| n == crate::artifacts::REGISTRY),
        "{names:?}"
    );
    for name in names {
        let raw = std::fs::read(crate::artifacts::artifact_path(&name)).unwrap();
        let summary = stylus_wasm::normalize(&raw)
            .map_err(|e| e.to_string())
            .and_then(|wasm| stylus_wasm::validate(&wasm).map_err(|e| e.to_string()))
            .unwrap_or_else(|e| panic!("{name} does not activate: {e}"));
        for hook in &summary.imports {
            assert!(
                stylus_runtime::HOOK_NAMES.contains(&hook.as_str()),
                "{name} imports {hook}, which the runtime does not link"
            );
        }
    }
}
