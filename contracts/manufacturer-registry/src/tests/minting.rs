//! Minting: `mintManufacturer`, `mintManufacturerBatch`, `totalManufacturers`.

use alloc::{format, string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    erc::IERC721,
    registry::{IManufacturerRegistry as R, MAX_BATCH},
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{add_admin, deploy, ensure_controller, events, id, mint_to, strings};
use crate::ManufacturerRegistry;

#[motsu::test]
fn admin_mints_to_controller_and_emits_events(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    let node = registry
        .sender(alice)
        .mint_manufacturer(bob, "AutoPi".into())
        .motsu_unwrap();

    assert_eq!(node, id(1));
    assert_eq!(registry.sender(alice).owner_of(node).motsu_unwrap(), bob);
    assert_eq!(
        registry.sender(alice).balance_of(bob).motsu_unwrap(),
        U256::from(1)
    );
    assert_eq!(registry.sender(alice).manufacturer_of(bob), node);
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::from(1));
    registry.assert_emitted(&IERC721::Transfer {
        from: Address::ZERO,
        to: bob,
        tokenId: node,
    });
    registry.assert_emitted(&R::ManufacturerMinted {
        node,
        owner: bob,
        name: "AutoPi".into(),
    });
}

#[motsu::test]
fn added_admin_mints_to_itself_without_taking_a_slot(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    let node = registry
        .sender(bob)
        .mint_manufacturer(bob, "AutoPi".into())
        .motsu_unwrap();

    assert_eq!(registry.sender(alice).owner_of(node).motsu_unwrap(), bob);
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
    registry.assert_emitted(&R::ManufacturerMinted {
        node,
        owner: bob,
        name: "AutoPi".into(),
    });
}

#[motsu::test]
fn admin_may_hold_many_nodes(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    for name in ["AutoPi", "Ruptela", "Hashdog"] {
        mint_to(&registry, alice, alice, name);
    }

    assert_eq!(
        registry.sender(alice).balance_of(alice).motsu_unwrap(),
        U256::from(3)
    );
}

#[motsu::test]
fn ids_are_consecutive_from_one(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);

    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
    assert_eq!(mint_to(&registry, alice, alice, "AutoPi"), id(1));
    assert_eq!(mint_to(&registry, alice, bob, "Ruptela"), id(2));
    assert_eq!(mint_to(&registry, alice, carol, "Hashdog"), id(3));
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::from(3));
}

#[motsu::test]
fn refuses_mint_by_outsider(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(bob)
        .mint_manufacturer(alice, "AutoPi".into())
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("AutoPi".into()),
        U256::ZERO
    );
}

#[motsu::test]
fn refuses_mint_by_controller(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    let err = registry
        .sender(bob)
        .mint_manufacturer(bob, "AutoPi".into())
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert_eq!(
        registry.sender(alice).balance_of(bob).motsu_unwrap(),
        U256::ZERO
    );
}

#[motsu::test]
fn refuses_mint_to_outsider(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .mint_manufacturer(bob, "AutoPi".into())
        .motsu_unwrap_err();

    assert_err!(err, InvalidNodeOwner, R::InvalidNodeOwner { owner: bob });
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
    assert_eq!(
        registry.all_events().len(),
        1,
        "only the constructor's event remains"
    );
}

#[motsu::test]
fn refuses_mint_to_zero_address(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .mint_manufacturer(Address::ZERO, "AutoPi".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        InvalidNodeOwner,
        R::InvalidNodeOwner {
            owner: Address::ZERO
        }
    );
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
}

#[motsu::test]
fn refuses_mint_to_controller_already_holding_a_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, bob, "AutoPi");

    let err = registry
        .sender(alice)
        .mint_manufacturer(bob, "Ruptela".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        ControllerAlreadyHoldsNode,
        R::ControllerAlreadyHoldsNode {
            controller: bob,
            node
        }
    );
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::from(1));
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("Ruptela".into()),
        U256::ZERO
    );
    assert_eq!(registry.sender(alice).manufacturer_of(bob), node);
}

#[motsu::test]
fn controller_that_is_also_admin_may_hold_many_nodes(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);
    add_admin(&registry, alice, bob);

    mint_to(&registry, alice, bob, "AutoPi");
    mint_to(&registry, alice, bob, "Ruptela");

    assert_eq!(
        registry.sender(alice).balance_of(bob).motsu_unwrap(),
        U256::from(2)
    );
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
}

#[motsu::test]
fn batch_mint_returns_first_id_and_ids_are_consecutive(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    mint_to(&registry, alice, bob, "Existing");

    let first = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&["AutoPi", "Ruptela", "Hashdog"]))
        .motsu_unwrap();

    assert_eq!(first, id(2));
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::from(4));
    for (offset, name) in ["AutoPi", "Ruptela", "Hashdog"].into_iter().enumerate() {
        let node = first + U256::from(offset);
        assert_eq!(registry.sender(alice).manufacturer_name_by_id(node), name);
        assert_eq!(
            registry.sender(alice).manufacturer_id_by_name(name.into()),
            node
        );
        assert_eq!(registry.sender(alice).owner_of(node).motsu_unwrap(), alice);
    }
    assert_eq!(
        registry.sender(alice).balance_of(alice).motsu_unwrap(),
        U256::from(3)
    );
}

#[motsu::test]
fn batch_mint_emits_one_event_per_name(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    let names = ["AutoPi", "Ruptela", "Hashdog"];

    registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&names))
        .motsu_unwrap();

    let minted = events::<R::ManufacturerMinted>(&registry);
    assert_eq!(minted.len(), names.len());
    for (n, name) in (1..).zip(names) {
        let node = id(n);
        registry.assert_emitted(&R::ManufacturerMinted {
            node,
            owner: alice,
            name: name.into(),
        });
        registry.assert_emitted(&IERC721::Transfer {
            from: Address::ZERO,
            to: alice,
            tokenId: node,
        });
    }
    assert_eq!(events::<IERC721::Transfer>(&registry).len(), names.len());
}

#[motsu::test]
fn batch_mint_by_added_admin_to_another_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);

    let first = registry
        .sender(bob)
        .mint_manufacturer_batch(alice, strings(&["AutoPi", "Ruptela"]))
        .motsu_unwrap();

    assert_eq!(first, id(1));
    assert_eq!(
        registry.sender(alice).balance_of(alice).motsu_unwrap(),
        U256::from(2)
    );
}

#[motsu::test]
fn refuses_empty_batch(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, Vec::new())
        .motsu_unwrap_err();

    assert_err!(
        err,
        InvalidBatchSize,
        R::InvalidBatchSize {
            size: U256::ZERO,
            max: U256::from(MAX_BATCH)
        }
    );
}

/// `count` distinct valid names.
fn numbered_names(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("Maker {i}")).collect()
}

#[motsu::test]
fn accepts_batch_of_the_maximum_size(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let first = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, numbered_names(MAX_BATCH))
        .motsu_unwrap();

    assert_eq!(first, id(1));
    assert_eq!(
        registry.sender(alice).total_manufacturers(),
        U256::from(MAX_BATCH)
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_name_by_id(U256::from(MAX_BATCH)),
        "Maker 99"
    );
}

#[motsu::test]
fn refuses_batch_of_101_names(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, numbered_names(MAX_BATCH + 1))
        .motsu_unwrap_err();

    assert_err!(
        err,
        InvalidBatchSize,
        R::InvalidBatchSize {
            size: U256::from(101),
            max: U256::from(100)
        }
    );
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
}

#[motsu::test]
fn refuses_batch_to_controller_owner(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    let err = registry
        .sender(alice)
        .mint_manufacturer_batch(bob, strings(&["AutoPi"]))
        .motsu_unwrap_err();

    assert_err!(err, InvalidNodeOwner, R::InvalidNodeOwner { owner: bob });
    assert_eq!(
        registry.sender(alice).balance_of(bob).motsu_unwrap(),
        U256::ZERO
    );
}

#[motsu::test]
fn refuses_batch_to_outsider_or_zero_address(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    for owner in [bob, Address::ZERO] {
        let err = registry
            .sender(alice)
            .mint_manufacturer_batch(owner, strings(&["AutoPi"]))
            .motsu_unwrap_err();
        assert_err!(err, InvalidNodeOwner, R::InvalidNodeOwner { owner });
    }
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
}

#[motsu::test]
fn refuses_batch_by_non_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    let err = registry
        .sender(bob)
        .mint_manufacturer_batch(alice, strings(&["AutoPi"]))
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
}

#[motsu::test]
fn refuses_batch_with_duplicate_names_inside(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&["AutoPi", "Ruptela", "AUTOPI"]))
        .motsu_unwrap_err();

    assert_err!(
        err,
        ManufacturerNameTaken,
        R::ManufacturerNameTaken {
            name: "AUTOPI".into(),
            node: id(1)
        }
    );
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("AutoPi".into()),
        U256::ZERO
    );
}

#[motsu::test]
fn refuses_batch_with_name_taken_by_existing_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    let taken = mint_to(&registry, alice, alice, "Ruptela");

    let err = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&["AutoPi", "ruptela"]))
        .motsu_unwrap_err();

    assert_err!(
        err,
        ManufacturerNameTaken,
        R::ManufacturerNameTaken {
            name: "ruptela".into(),
            node: taken
        }
    );
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::from(1));
}

#[motsu::test]
fn failed_batch_leaves_state_unchanged(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    let events_before = registry.all_events();

    let err = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&["AutoPi", "Ruptela", " Hashdog"]))
        .motsu_unwrap_err();

    assert_err!(
        err,
        InvalidManufacturerName,
        R::InvalidManufacturerName {
            name: " Hashdog".into(),
            reason: 4
        }
    );
    // The first two nodes were written before the third name failed; all of it is undone.
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("AutoPi".into()),
        U256::ZERO
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("Ruptela".into()),
        U256::ZERO
    );
    assert_eq!(registry.sender(alice).manufacturer_name_by_id(id(1)), "");
    assert_eq!(
        registry.sender(alice).balance_of(alice).motsu_unwrap(),
        U256::ZERO
    );
    let err = registry.sender(alice).owner_of(id(1)).motsu_unwrap_err();
    assert_err!(
        err,
        NonexistentToken,
        IERC721::ERC721NonexistentToken { tokenId: id(1) }
    );
    assert_eq!(registry.all_events(), events_before);

    // The names are free: the same batch without the bad name mints from id 1.
    let first = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&["AutoPi", "Ruptela"]))
        .motsu_unwrap();
    assert_eq!(first, id(1));
}

#[motsu::test]
fn batch_numbering_continues_after_single_mints(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&["A", "B"]))
        .motsu_unwrap();

    let single = mint_to(&registry, alice, alice, "C");
    let first = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&["D"]))
        .motsu_unwrap();

    assert_eq!(single, id(3));
    assert_eq!(first, id(4));
}
