//! Minting: `mintManufacturer`, `mintManufacturerBatch`, `totalManufacturers`.

use alloc::{format, string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    erc::IERC721,
    registry::{IManufacturerRegistry as R, MAX_BATCH},
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{
    add_admin, add_and_remove_controller, balance, deploy, deploy_with_admin, ensure_controller,
    events, holder, id, id_by_name, mint_to, name_of, strings, total, Registry,
};

#[motsu::test]
fn admins_mint_to_a_controller_or_an_admin_with_events(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);
    add_admin(&registry, alice, carol);

    // A controller takes its one-node slot; an admin takes none.
    for (n, (case, minter, owner, name, takes_slot)) in (1..).zip([
        ("top admin to a controller", alice, bob, "AutoPi", true),
        ("added admin to itself", carol, carol, "Ruptela", false),
    ]) {
        let node = registry
            .sender(minter)
            .mint_manufacturer(owner, name.into())
            .motsu_unwrap();

        assert_eq!(node, id(n), "{case}");
        assert_eq!(total(&registry), U256::from(n), "{case}");
        assert_eq!(holder(&registry, node), owner, "{case}");
        assert_eq!(balance(&registry, owner), U256::from(1), "{case}");
        let slot = if takes_slot { node } else { U256::ZERO };
        assert_eq!(
            registry.sender(alice).manufacturer_of(owner),
            slot,
            "{case}"
        );
        let transfer = IERC721::Transfer {
            from: Address::ZERO,
            to: owner,
            tokenId: node,
        };
        assert!(registry.emitted(&transfer), "{case}: no {transfer:?}");
        let minted = R::ManufacturerMinted {
            node,
            owner,
            name: name.into(),
        };
        assert!(registry.emitted(&minted), "{case}: no {minted:?}");
    }
}

#[motsu::test]
fn admins_hold_many_nodes_without_a_slot(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    ensure_controller(&registry, alice, carol);
    add_admin(&registry, alice, carol);

    for (role, admin, names) in [
        (
            "top admin",
            alice,
            ["AutoPi", "Ruptela", "Hashdog"].as_slice(),
        ),
        ("added admin", bob, &["Teltonika", "Queclink"]),
        (
            "controller that is also admin",
            carol,
            &["Kaiko", "Smartcar"],
        ),
    ] {
        for name in names {
            mint_to(&registry, alice, admin, name);
        }
        assert_eq!(balance(&registry, admin), U256::from(names.len()), "{role}");
        assert_eq!(
            registry.sender(alice).manufacturer_of(admin),
            U256::ZERO,
            "{role}"
        );
    }
}

#[motsu::test]
fn ids_are_consecutive_from_one(registry: Registry, alice: Address, bob: Address, carol: Address) {
    deploy(&registry, alice);

    assert_eq!(total(&registry), U256::ZERO);
    assert_eq!(mint_to(&registry, alice, alice, "AutoPi"), id(1));
    assert_eq!(mint_to(&registry, alice, bob, "Ruptela"), id(2));
    assert_eq!(mint_to(&registry, alice, carol, "Hashdog"), id(3));
    assert_eq!(total(&registry), U256::from(3));
}

#[motsu::test]
fn refuses_mint_to_accounts_neither_admin_nor_controller(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_and_remove_controller(&registry, alice, carol);

    for (role, owner) in [
        ("outsider", bob),
        ("zero address", Address::ZERO),
        ("removed controller", carol),
    ] {
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .mint_manufacturer(owner, "AutoPi".into()),
            InvalidNodeOwner,
            R::InvalidNodeOwner { owner },
            "{role}"
        );
    }
    assert_eq!(balance(&registry, bob), U256::ZERO);
    assert_eq!(balance(&registry, carol), U256::ZERO);
    assert_eq!(total(&registry), U256::ZERO);
    assert!(events::<R::ManufacturerMinted>(&registry).is_empty());
    assert!(events::<IERC721::Transfer>(&registry).is_empty());
}

#[motsu::test]
fn refuses_mint_to_a_controller_already_holding_a_node(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    let bobs = mint_to(&registry, alice, bob, "AutoPi");
    let carols = mint_to(&registry, alice, carol, "Hashdog");
    add_and_remove_controller(&registry, alice, carol);
    registry.sender(alice).add_controller(carol).motsu_unwrap();

    for (role, controller, node) in [
        ("controller", bob, bobs),
        ("re-added controller", carol, carols),
    ] {
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .mint_manufacturer(controller, "Ruptela".into()),
            ControllerAlreadyHoldsNode,
            R::ControllerAlreadyHoldsNode { controller, node },
            "{role}"
        );
        assert_eq!(
            registry.sender(alice).manufacturer_of(controller),
            node,
            "{role}"
        );
    }
    assert_eq!(total(&registry), U256::from(2));
    assert_eq!(id_by_name(&registry, "Ruptela"), U256::ZERO);
}

#[motsu::test]
fn batch_mint_returns_the_first_id_and_mints_consecutive_ids_with_events(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    mint_to(&registry, alice, bob, "Existing");
    let names = ["AutoPi", "Ruptela", "Hashdog"];

    let first = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, strings(&names))
        .motsu_unwrap();

    assert_eq!(first, id(2));
    assert_eq!(total(&registry), U256::from(4));
    for (offset, name) in names.into_iter().enumerate() {
        let node = first + U256::from(offset);
        assert_eq!(name_of(&registry, node), name);
        assert_eq!(id_by_name(&registry, name), node);
        assert_eq!(holder(&registry, node), alice);
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
    assert_eq!(balance(&registry, alice), U256::from(3));
    assert_eq!(events::<R::ManufacturerMinted>(&registry).len(), 4);
    assert_eq!(events::<IERC721::Transfer>(&registry).len(), 4);
}

#[motsu::test]
fn batch_mint_by_added_admin_to_another_admin(registry: Registry, alice: Address, bob: Address) {
    deploy_with_admin(&registry, alice, bob);

    let first = registry
        .sender(bob)
        .mint_manufacturer_batch(alice, strings(&["AutoPi", "Ruptela"]))
        .motsu_unwrap();

    assert_eq!(first, id(1));
    assert_eq!(balance(&registry, alice), U256::from(2));
}

/// `count` distinct valid names.
fn numbered_names(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("Maker {i}")).collect()
}

#[motsu::test]
fn accepts_batch_of_the_maximum_size(registry: Registry, alice: Address) {
    deploy(&registry, alice);

    let first = registry
        .sender(alice)
        .mint_manufacturer_batch(alice, numbered_names(MAX_BATCH))
        .motsu_unwrap();

    assert_eq!(first, id(1));
    assert_eq!(total(&registry), U256::from(MAX_BATCH));
    assert_eq!(name_of(&registry, U256::from(MAX_BATCH)), "Maker 99");
}

#[motsu::test]
fn refuses_empty_batch_and_batch_of_101_names(registry: Registry, alice: Address) {
    deploy(&registry, alice);

    for size in [0, MAX_BATCH + 1] {
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .mint_manufacturer_batch(alice, numbered_names(size)),
            InvalidBatchSize,
            R::InvalidBatchSize {
                size: U256::from(size),
                max: U256::from(100)
            },
            "{size} names"
        );
    }
    assert_eq!(total(&registry), U256::ZERO);
}

#[motsu::test]
fn refuses_batch_to_owner_that_is_not_an_admin(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    for (role, owner) in [
        ("controller", bob),
        ("outsider", dave),
        ("zero address", Address::ZERO),
    ] {
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .mint_manufacturer_batch(owner, strings(&["AutoPi"])),
            InvalidNodeOwner,
            R::InvalidNodeOwner { owner },
            "{role}"
        );
    }
    assert_eq!(balance(&registry, bob), U256::ZERO);
    assert_eq!(total(&registry), U256::ZERO);
}

#[motsu::test]
fn refuses_batch_with_a_name_taken_inside_it_or_by_an_existing_node(
    registry: Registry,
    alice: Address,
) {
    deploy(&registry, alice);
    let taken = mint_to(&registry, alice, alice, "Ruptela");

    for (case, names, name, node) in [
        (
            "inside the batch",
            ["AutoPi", "Hashdog", "AUTOPI"].as_slice(),
            "AUTOPI",
            id(2),
        ),
        (
            "by an existing node",
            &["AutoPi", "ruptela"],
            "ruptela",
            taken,
        ),
    ] {
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .mint_manufacturer_batch(alice, strings(names)),
            ManufacturerNameTaken,
            R::ManufacturerNameTaken {
                name: name.into(),
                node
            },
            "{case}"
        );
    }
    assert_eq!(total(&registry), U256::from(1));
    assert_eq!(id_by_name(&registry, "AutoPi"), U256::ZERO);
}

#[motsu::test]
fn failed_batch_leaves_state_unchanged(registry: Registry, alice: Address) {
    deploy(&registry, alice);
    let events_before = registry.all_events();

    assert_refused!(
        registry,
        registry
            .sender(alice)
            .mint_manufacturer_batch(alice, strings(&["AutoPi", "Ruptela", " Hashdog"])),
        InvalidManufacturerName,
        R::InvalidManufacturerName {
            name: " Hashdog".into(),
            reason: 4
        }
    );
    // The first two nodes were written before the third name failed; all of it is undone.
    assert_eq!(total(&registry), U256::ZERO);
    assert_eq!(id_by_name(&registry, "AutoPi"), U256::ZERO);
    assert_eq!(id_by_name(&registry, "Ruptela"), U256::ZERO);
    assert_eq!(name_of(&registry, id(1)), "");
    assert_eq!(balance(&registry, alice), U256::ZERO);
    assert_refused!(
        registry,
        registry.sender(alice).owner_of(id(1)),
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
fn batch_numbering_continues_after_single_mints(registry: Registry, alice: Address) {
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
