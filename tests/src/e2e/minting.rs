//! Minting nodes, one at a time and in batches, with the receiver and name rules.

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{
    erc::IERC721 as E,
    registry::{IManufacturerRegistry as R, NameViolation, MAX_BATCH},
};

use super::{assert_event, events};
use crate::registry::{account, RegistryFixture};

#[test]
fn mint_to_a_controller() {
    let mut f = RegistryFixture::new();
    let (owner, carol) = (f.owner, account("carol"));
    f.add_controller(carol);
    let sent = f.send(
        owner,
        &R::mintManufacturerCall {
            owner: carol,
            name: "AutoPi".into(),
        },
    );
    let node = sent.ok()._0;
    assert_eq!(node, U256::from(1));
    assert_event(
        &sent.receipt,
        f.registry,
        &E::Transfer {
            from: Address::ZERO,
            to: carol,
            tokenId: node,
        },
    );
    assert_event(
        &sent.receipt,
        f.registry,
        &R::ManufacturerMinted {
            node,
            owner: carol,
            name: "AutoPi".into(),
        },
    );
    assert_eq!(f.view(&E::ownerOfCall { tokenId: node })._0, carol);
    assert_eq!(f.view(&E::balanceOfCall { owner: carol })._0, U256::from(1));
    assert_eq!(f.view(&R::manufacturerOfCall { account: carol })._0, node);
    assert_eq!(f.view(&R::totalManufacturersCall {})._0, U256::from(1));
}

#[test]
fn admins_hold_many_nodes_without_a_slot() {
    let mut f = RegistryFixture::new();
    let owner = f.owner;
    let a = f.mint(owner, "One");
    let b = f.mint(owner, "Two");
    assert_eq!((a, b), (U256::from(1), U256::from(2)));
    assert_eq!(f.view(&E::balanceOfCall { owner })._0, U256::from(2));
    assert_eq!(
        f.view(&R::manufacturerOfCall { account: owner })._0,
        U256::ZERO
    );
}

#[test]
fn mint_refusals() {
    let mut f = RegistryFixture::new();
    let (owner, carol, dave, mallory) = (
        f.owner,
        account("carol"),
        account("dave"),
        account("mallory"),
    );
    let mint = |owner: Address, name: &str| R::mintManufacturerCall {
        owner,
        name: name.into(),
    };
    f.refused(
        mallory,
        &mint(owner, "Acme"),
        &Adm::CallerNotAdmin { account: mallory },
    );
    f.refused(
        owner,
        &mint(dave, "Acme"),
        &R::InvalidNodeOwner { owner: dave },
    );
    let node = f.controller_with_node(carol, "Acme");
    f.refused(
        owner,
        &mint(carol, "Second"),
        &R::ControllerAlreadyHoldsNode {
            controller: carol,
            node,
        },
    );
    f.refused(
        owner,
        &mint(owner, "ACME"),
        &R::ManufacturerNameTaken {
            name: "ACME".into(),
            node,
        },
    );
    for (name, reason) in [
        (String::new(), NameViolation::Empty),
        ("x".repeat(65), NameViolation::TooLong),
        ("Bad\tname".to_owned(), NameViolation::NotPrintableAscii),
        ("Ünicode".to_owned(), NameViolation::NotPrintableAscii),
        (" Acme2".to_owned(), NameViolation::OuterSpace),
        ("Acme2 ".to_owned(), NameViolation::OuterSpace),
    ] {
        f.refused(
            owner,
            &mint(owner, &name),
            &R::InvalidManufacturerName {
                name: name.clone(),
                reason: reason as u8,
            },
        );
    }
    // 64 bytes is the longest name.
    f.mint(owner, &"y".repeat(64));
}

#[test]
fn batch_mint_to_an_admin() {
    let mut f = RegistryFixture::new();
    let owner = f.owner;
    f.mint(owner, "First");
    let names: Vec<String> = (0..10).map(|i| format!("Maker {i}")).collect();
    let sent = f.send(
        owner,
        &R::mintManufacturerBatchCall {
            owner,
            names: names.clone(),
        },
    );
    assert_eq!(sent.ok()._0, U256::from(2));
    let minted = events::<R::ManufacturerMinted>(&sent.receipt, f.registry);
    assert_eq!(minted.len(), 10);
    for (i, event) in minted.iter().enumerate() {
        assert_eq!(event.node, U256::from(i + 2));
        assert_eq!(event.name, names[i]);
    }
    assert_eq!(events::<E::Transfer>(&sent.receipt, f.registry).len(), 10);
    assert_eq!(f.view(&R::totalManufacturersCall {})._0, U256::from(11));
    assert_eq!(f.view(&E::balanceOfCall { owner })._0, U256::from(11));
}

#[test]
fn batch_mint_refusals_leave_nothing_behind() {
    let mut f = RegistryFixture::new();
    let (owner, carol) = (f.owner, account("carol"));
    f.add_controller(carol);
    let batch = |owner: Address, names: Vec<String>| R::mintManufacturerBatchCall { owner, names };
    f.refused(
        owner,
        &batch(owner, vec![]),
        &R::InvalidBatchSize {
            size: U256::ZERO,
            max: U256::from(MAX_BATCH),
        },
    );
    let too_many: Vec<String> = (0..=MAX_BATCH).map(|i| format!("N{i}")).collect();
    f.refused(
        owner,
        &batch(owner, too_many),
        &R::InvalidBatchSize {
            size: U256::from(MAX_BATCH + 1),
            max: U256::from(MAX_BATCH),
        },
    );
    f.refused(
        owner,
        &batch(carol, vec!["C".into()]),
        &R::InvalidNodeOwner { owner: carol },
    );
    // A duplicate inside the batch reverts the names before it too.
    f.refused(
        owner,
        &batch(owner, vec!["Dup".into(), "Other".into(), "dup".into()]),
        &R::ManufacturerNameTaken {
            name: "dup".into(),
            node: U256::from(1),
        },
    );
    assert_eq!(f.view(&R::totalManufacturersCall {})._0, U256::ZERO);
}

#[test]
fn a_full_batch_of_100_fits_a_transaction() {
    let mut f = RegistryFixture::new();
    let owner = f.owner;
    let names: Vec<String> = (0..MAX_BATCH)
        .map(|i| format!("Batch maker {i:03}"))
        .collect();
    let sent = f.send(owner, &R::mintManufacturerBatchCall { owner, names });
    assert_eq!(sent.ok()._0, U256::from(1));
    assert_eq!(
        f.view(&R::totalManufacturersCall {})._0,
        U256::from(MAX_BATCH)
    );
    assert!(sent.receipt.gas.used < 32_000_000);
}
