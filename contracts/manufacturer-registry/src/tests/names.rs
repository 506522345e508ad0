//! Names: the grammar, case-insensitive uniqueness, look-ups both ways, renames.

use alloc::{format, string::String};

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    erc::IERC721,
    registry::{IManufacturerRegistry as R, NameViolation, MAX_NAME_LEN},
};
use motsu::prelude::*;

use super::{
    deploy, deploy_with_admin, deploy_with_admin_node, ensure_controller, events, id, id_by_name,
    mint_to, name_of, total, Registry,
};
use crate::name;

/// The admin `admin` renames `node` to `name`.
fn rename(registry: &Registry, admin: Address, node: U256, name: &str) {
    registry
        .sender(admin)
        .rename_manufacturer(node, name.into())
        .motsu_unwrap();
}

// ----- grammar ---------------------------------------------------------------------------

#[motsu::test]
fn refuses_names_breaking_the_grammar_with_the_first_violation(registry: Registry, alice: Address) {
    use NameViolation::{Empty, NotPrintableAscii, OuterSpace, TooLong};

    deploy(&registry, alice);
    let long = "x".repeat(65);
    let long_with_tab = format!(" {}\t", "x".repeat(70));
    let cases = [
        ("", Empty),
        (long.as_str(), TooLong),
        ("Auto\tPi", NotPrintableAscii),
        ("AutoPi\u{7f}", NotPrintableAscii),
        ("Renault Élec", NotPrintableAscii),
        ("Auto\nPi", NotPrintableAscii),
        ("Auto\0Pi", NotPrintableAscii),
        ("\u{1f}AutoPi", NotPrintableAscii),
        (" AutoPi", OuterSpace),
        ("AutoPi ", OuterSpace),
        (" ", OuterSpace),
        // Names breaking several rules: the first violation in grammar order is reported.
        (long_with_tab.as_str(), TooLong),
        (" é", NotPrintableAscii),
    ];
    // The reasons are numbered in grammar order from 1.
    assert_eq!(
        [Empty, TooLong, NotPrintableAscii, OuterSpace].map(|violation| violation as u8),
        [1, 2, 3, 4]
    );

    for (name, violation) in cases {
        assert_refused!(
            registry,
            registry.sender(alice).mint_manufacturer(alice, name.into()),
            InvalidManufacturerName,
            R::InvalidManufacturerName {
                name: name.into(),
                reason: violation as u8
            },
            "mint {name:?}"
        );
        assert_eq!(total(&registry), U256::ZERO, "mint {name:?}");
    }

    // A rename is held to the same grammar.
    let node = mint_to(&registry, alice, alice, "AutoPi");
    for (name, violation) in cases {
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .rename_manufacturer(node, name.into()),
            InvalidManufacturerName,
            R::InvalidManufacturerName {
                name: name.into(),
                reason: violation as u8
            },
            "rename to {name:?}"
        );
    }
    assert_eq!(name_of(&registry, node), "AutoPi");
    assert_eq!(id_by_name(&registry, "AutoPi"), node);
}

#[motsu::test]
fn accepts_valid_names_and_keeps_them_as_given(registry: Registry, alice: Address) {
    deploy(&registry, alice);
    let longest = "x".repeat(MAX_NAME_LEN);
    assert_eq!(longest.len(), 64);
    let punctuation: String = (0x21u8..=0x7e).take(60).map(char::from).collect();

    for name in ["AutoPi", &longest, "Auto  Pi Labs", &punctuation, "~"] {
        let node = mint_to(&registry, alice, alice, name);

        assert_eq!(name_of(&registry, node), name);
    }
}

#[test]
fn check_answers_each_violation() {
    assert_eq!(name::check(""), Err(NameViolation::Empty));
    assert_eq!(name::check(&"a".repeat(65)), Err(NameViolation::TooLong));
    assert_eq!(
        name::check("a\u{7f}"),
        Err(NameViolation::NotPrintableAscii)
    );
    assert_eq!(name::check("é"), Err(NameViolation::NotPrintableAscii));
    assert_eq!(name::check(" a"), Err(NameViolation::OuterSpace));
    assert_eq!(name::check("a "), Err(NameViolation::OuterSpace));
    assert_eq!(name::check("a b"), Ok(()));
    assert_eq!(name::check(&"a".repeat(64)), Ok(()));
}

#[test]
fn key_ignores_ascii_case_only() {
    assert_eq!(name::key("AutoPi"), name::key("AUTOPI"));
    assert_eq!(name::key("AutoPi"), name::key("autopi"));
    assert_ne!(name::key("AutoPi"), name::key("AutoPi2"));
    assert_ne!(name::key("Auto Pi"), name::key("AutoPi"));
}

// ----- uniqueness and look-ups -----------------------------------------------------------

#[motsu::test]
fn refuses_a_name_taken_in_any_case(registry: Registry, alice: Address, bob: Address) {
    let node = deploy_with_admin_node(&registry, alice);
    ensure_controller(&registry, alice, bob);

    for (owner, name) in [(bob, "AUTOPI"), (alice, "AutoPi")] {
        assert_refused!(
            registry,
            registry.sender(alice).mint_manufacturer(owner, name.into()),
            ManufacturerNameTaken,
            R::ManufacturerNameTaken {
                name: name.into(),
                node
            },
            "{name}"
        );
    }
    assert_eq!(total(&registry), U256::from(1));
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
}

#[motsu::test]
fn look_ups_ignore_case_and_answer_nothing_for_unknowns(registry: Registry, alice: Address) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "Hashdog");
    let node = mint_to(&registry, alice, alice, "AutoPi");

    for spelling in ["AutoPi", "autopi", "AUTOPI", "aUtOpI"] {
        assert_eq!(id_by_name(&registry, spelling), node, "{spelling}");
    }
    for unknown in ["Ruptela", "AutoPi2", "", " AutoPi", "AutoPi\t"] {
        assert_eq!(id_by_name(&registry, unknown), U256::ZERO, "{unknown:?}");
    }
    for unknown in [U256::ZERO, id(3), U256::MAX] {
        assert_eq!(name_of(&registry, unknown), "", "{unknown}");
    }
}

// ----- renames ---------------------------------------------------------------------------

#[motsu::test]
fn rename_updates_look_ups_and_emits_event(registry: Registry, alice: Address, bob: Address) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, bob, "AutoPi");

    rename(&registry, alice, node, "Auto Pi Labs");

    assert_eq!(name_of(&registry, node), "Auto Pi Labs");
    assert_eq!(id_by_name(&registry, "auto pi labs"), node);
    assert_eq!(id_by_name(&registry, "AutoPi"), U256::ZERO);
    registry.assert_emitted(&R::ManufacturerRenamed {
        node,
        previousName: "AutoPi".into(),
        newName: "Auto Pi Labs".into(),
        by: alice,
    });
}

#[motsu::test]
fn renames_across_the_word_boundary_keep_exactly_the_new_name(registry: Registry, alice: Address) {
    // The name has no stored length: it ends at its first zero byte, so a rename must clear
    // what a longer name left behind, and a name filling whole words must read in full.
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, alice, &"a".repeat(MAX_NAME_LEN));
    for len in [33, 32, 31, 1, 64, 32, 2, 63] {
        let new_name = format!("{len}{}", "b".repeat(len - format!("{len}").len()));
        rename(&registry, alice, node, &new_name);
        assert_eq!(name_of(&registry, node), new_name, "length {len}");
        assert_eq!(id_by_name(&registry, &new_name), node);
    }
}

#[motsu::test]
fn rename_releases_the_old_name_for_minting(registry: Registry, alice: Address) {
    let node = deploy_with_admin_node(&registry, alice);
    rename(&registry, alice, node, "Ruptela");

    let newcomer = mint_to(&registry, alice, alice, "AUTOPI");

    assert_eq!(id_by_name(&registry, "autopi"), newcomer);
    assert_eq!(id_by_name(&registry, "ruptela"), node);
}

#[motsu::test]
fn rename_to_a_case_variant_of_its_own_name(registry: Registry, alice: Address) {
    let node = deploy_with_admin_node(&registry, alice);

    rename(&registry, alice, node, "AUTOPI");

    assert_eq!(name_of(&registry, node), "AUTOPI");
    assert_eq!(id_by_name(&registry, "AutoPi"), node);
    registry.assert_emitted(&R::ManufacturerRenamed {
        node,
        previousName: "AutoPi".into(),
        newName: "AUTOPI".into(),
        by: alice,
    });
}

#[motsu::test]
fn rename_by_added_admin_of_node_it_does_not_hold(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    let node = mint_to(&registry, alice, carol, "AutoPi");

    rename(&registry, bob, node, "Ruptela");

    registry.assert_emitted(&R::ManufacturerRenamed {
        node,
        previousName: "AutoPi".into(),
        newName: "Ruptela".into(),
        by: bob,
    });
}

#[motsu::test]
fn refuses_rename_to_another_nodes_name(registry: Registry, alice: Address) {
    let autopi = deploy_with_admin_node(&registry, alice);
    let ruptela = mint_to(&registry, alice, alice, "Ruptela");

    assert_refused!(
        registry,
        registry
            .sender(alice)
            .rename_manufacturer(autopi, "RUPTELA".into()),
        ManufacturerNameTaken,
        R::ManufacturerNameTaken {
            name: "RUPTELA".into(),
            node: ruptela
        }
    );
    assert_eq!(name_of(&registry, autopi), "AutoPi");
    assert_eq!(id_by_name(&registry, "AutoPi"), autopi);
    assert_eq!(id_by_name(&registry, "Ruptela"), ruptela);
    assert!(events::<R::ManufacturerRenamed>(&registry).is_empty());
}

#[motsu::test]
fn refuses_rename_of_nonexistent_node(registry: Registry, alice: Address) {
    deploy_with_admin_node(&registry, alice);

    assert_refused!(
        registry,
        registry
            .sender(alice)
            .rename_manufacturer(id(2), "Ruptela".into()),
        NonexistentToken,
        IERC721::ERC721NonexistentToken { tokenId: id(2) }
    );
    assert_eq!(id_by_name(&registry, "Ruptela"), U256::ZERO);
}
