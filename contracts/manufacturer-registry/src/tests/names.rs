//! Names: the grammar, case-insensitive uniqueness, look-ups both ways, renames.

use alloc::string::String;

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    erc::IERC721,
    registry::{IManufacturerRegistry as R, NameViolation, MAX_NAME_LEN},
};
use motsu::prelude::*;

use super::{add_admin, deploy, id, mint_to};
use crate::{name, Error, ManufacturerRegistry};

/// Mints `name` to the top admin `alice` and returns the error it is refused with; checks
/// that nothing was minted.
fn refused_name(registry: &Contract<ManufacturerRegistry>, alice: Address, name: &str) -> Error {
    let err = registry
        .sender(alice)
        .mint_manufacturer(alice, name.into())
        .motsu_unwrap_err();
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::ZERO);
    err
}

/// Asserts that `err` is `InvalidManufacturerName` for `name` with `reason`.
fn assert_invalid_name(err: Error, name: &str, reason: NameViolation) {
    assert_err!(
        err,
        InvalidManufacturerName,
        R::InvalidManufacturerName {
            name: name.into(),
            reason: reason as u8
        }
    );
}

// ----- grammar ---------------------------------------------------------------------------

#[motsu::test]
fn refuses_empty_name_with_reason_1(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = refused_name(&registry, alice, "");

    assert_invalid_name(err, "", NameViolation::Empty);
    assert_eq!(NameViolation::Empty as u8, 1);
}

#[motsu::test]
fn accepts_name_of_exactly_64_bytes(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    let long = "x".repeat(MAX_NAME_LEN);
    assert_eq!(long.len(), 64);

    let node = mint_to(&registry, alice, alice, &long);

    assert_eq!(registry.sender(alice).manufacturer_name_by_id(node), long);
}

#[motsu::test]
fn refuses_name_of_65_bytes_with_reason_2(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    let long = "x".repeat(65);

    let err = refused_name(&registry, alice, &long);

    assert_invalid_name(err, &long, NameViolation::TooLong);
    assert_eq!(NameViolation::TooLong as u8, 2);
}

#[motsu::test]
fn refuses_name_with_tab_with_reason_3(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = refused_name(&registry, alice, "Auto\tPi");

    assert_invalid_name(err, "Auto\tPi", NameViolation::NotPrintableAscii);
    assert_eq!(NameViolation::NotPrintableAscii as u8, 3);
}

#[motsu::test]
fn refuses_name_with_del_byte(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = refused_name(&registry, alice, "AutoPi\u{7f}");

    assert_invalid_name(err, "AutoPi\u{7f}", NameViolation::NotPrintableAscii);
}

#[motsu::test]
fn refuses_name_with_non_ascii_utf8(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = refused_name(&registry, alice, "Renault Élec");

    assert_invalid_name(err, "Renault Élec", NameViolation::NotPrintableAscii);
}

#[motsu::test]
fn refuses_name_with_newline_or_nul(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    for bad in ["Auto\nPi", "Auto\0Pi", "\u{1f}AutoPi"] {
        let err = refused_name(&registry, alice, bad);
        assert_invalid_name(err, bad, NameViolation::NotPrintableAscii);
    }
}

#[motsu::test]
fn refuses_leading_space_with_reason_4(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = refused_name(&registry, alice, " AutoPi");

    assert_invalid_name(err, " AutoPi", NameViolation::OuterSpace);
    assert_eq!(NameViolation::OuterSpace as u8, 4);
}

#[motsu::test]
fn refuses_trailing_space_and_lone_space(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    for bad in ["AutoPi ", " "] {
        let err = refused_name(&registry, alice, bad);
        assert_invalid_name(err, bad, NameViolation::OuterSpace);
    }
}

#[motsu::test]
fn accepts_inner_spaces_and_all_printable_ascii(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    let punctuation: String = (0x21u8..=0x7e).take(60).map(char::from).collect();

    let spaced = mint_to(&registry, alice, alice, "Auto  Pi Labs");
    let symbols = mint_to(&registry, alice, alice, &punctuation);
    let single = mint_to(&registry, alice, alice, "~");

    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(spaced),
        "Auto  Pi Labs"
    );
    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(symbols),
        punctuation
    );
    assert_eq!(registry.sender(alice).manufacturer_name_by_id(single), "~");
}

#[motsu::test]
fn reports_the_first_violation_in_grammar_order(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    let long_with_tab = alloc::format!(" {}\t", "x".repeat(70));

    let err = refused_name(&registry, alice, &long_with_tab);
    assert_invalid_name(err, &long_with_tab, NameViolation::TooLong);
    let err = refused_name(&registry, alice, " é");
    assert_invalid_name(err, " é", NameViolation::NotPrintableAscii);
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
fn refuses_name_differing_only_in_case(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, alice, "AutoPi");
    super::ensure_controller(&registry, alice, bob);

    let err = registry
        .sender(alice)
        .mint_manufacturer(bob, "AUTOPI".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        ManufacturerNameTaken,
        R::ManufacturerNameTaken {
            name: "AUTOPI".into(),
            node
        }
    );
    assert_eq!(registry.sender(alice).total_manufacturers(), U256::from(1));
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
}

#[motsu::test]
fn refuses_exact_duplicate_name(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, alice, "AutoPi");

    let err = registry
        .sender(alice)
        .mint_manufacturer(alice, "AutoPi".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        ManufacturerNameTaken,
        R::ManufacturerNameTaken {
            name: "AutoPi".into(),
            node
        }
    );
}

#[motsu::test]
fn display_name_keeps_its_case(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let node = mint_to(&registry, alice, alice, "AutoPi");

    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(node),
        "AutoPi"
    );
}

#[motsu::test]
fn id_by_name_works_in_any_case(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "Hashdog");
    let node = mint_to(&registry, alice, alice, "AutoPi");

    for spelling in ["AutoPi", "autopi", "AUTOPI", "aUtOpI"] {
        assert_eq!(
            registry
                .sender(alice)
                .manufacturer_id_by_name(spelling.into()),
            node
        );
    }
}

#[motsu::test]
fn id_by_name_is_zero_for_unknown_or_invalid_names(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "AutoPi");

    for unknown in ["Ruptela", "AutoPi2", "", " AutoPi", "AutoPi\t"] {
        assert_eq!(
            registry
                .sender(alice)
                .manufacturer_id_by_name(unknown.into()),
            U256::ZERO
        );
    }
}

#[motsu::test]
fn name_by_id_is_empty_for_unknown_ids(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "AutoPi");

    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(U256::ZERO),
        ""
    );
    assert_eq!(registry.sender(alice).manufacturer_name_by_id(id(2)), "");
    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(U256::MAX),
        ""
    );
}

// ----- renames ---------------------------------------------------------------------------

#[motsu::test]
fn rename_updates_look_ups_and_emits_event(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, bob, "AutoPi");

    registry
        .sender(alice)
        .rename_manufacturer(node, "Auto Pi Labs".into())
        .motsu_unwrap();

    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(node),
        "Auto Pi Labs"
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("auto pi labs".into()),
        node
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("AutoPi".into()),
        U256::ZERO
    );
    registry.assert_emitted(&R::ManufacturerRenamed {
        node,
        previousName: "AutoPi".into(),
        newName: "Auto Pi Labs".into(),
        by: alice,
    });
}

#[motsu::test]
fn rename_releases_the_old_name_for_minting(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, alice, "AutoPi");
    registry
        .sender(alice)
        .rename_manufacturer(node, "Ruptela".into())
        .motsu_unwrap();

    let newcomer = mint_to(&registry, alice, alice, "AUTOPI");

    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("autopi".into()),
        newcomer
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("ruptela".into()),
        node
    );
}

#[motsu::test]
fn rename_to_a_case_variant_of_its_own_name(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, alice, "AutoPi");

    registry
        .sender(alice)
        .rename_manufacturer(node, "AUTOPI".into())
        .motsu_unwrap();

    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(node),
        "AUTOPI"
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("AutoPi".into()),
        node
    );
    registry.assert_emitted(&R::ManufacturerRenamed {
        node,
        previousName: "AutoPi".into(),
        newName: "AUTOPI".into(),
        by: alice,
    });
}

#[motsu::test]
fn rename_by_added_admin_of_node_it_does_not_hold(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    add_admin(&registry, alice, bob);
    let node = mint_to(&registry, alice, carol, "AutoPi");

    registry
        .sender(bob)
        .rename_manufacturer(node, "Ruptela".into())
        .motsu_unwrap();

    registry.assert_emitted(&R::ManufacturerRenamed {
        node,
        previousName: "AutoPi".into(),
        newName: "Ruptela".into(),
        by: bob,
    });
}

#[motsu::test]
fn refuses_rename_to_another_nodes_name(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    let autopi = mint_to(&registry, alice, alice, "AutoPi");
    let ruptela = mint_to(&registry, alice, alice, "Ruptela");

    let err = registry
        .sender(alice)
        .rename_manufacturer(autopi, "RUPTELA".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        ManufacturerNameTaken,
        R::ManufacturerNameTaken {
            name: "RUPTELA".into(),
            node: ruptela
        }
    );
    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(autopi),
        "AutoPi"
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("AutoPi".into()),
        autopi
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("Ruptela".into()),
        ruptela
    );
    assert!(super::events::<R::ManufacturerRenamed>(&registry).is_empty());
}

#[motsu::test]
fn refuses_rename_to_invalid_name(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, alice, "AutoPi");

    let err = registry
        .sender(alice)
        .rename_manufacturer(node, String::new())
        .motsu_unwrap_err();

    assert_invalid_name(err, "", NameViolation::Empty);
    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(node),
        "AutoPi"
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("AutoPi".into()),
        node
    );
}

#[motsu::test]
fn refuses_rename_by_non_admin(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, alice, "AutoPi");

    let err = registry
        .sender(bob)
        .rename_manufacturer(node, "Ruptela".into())
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(node),
        "AutoPi"
    );
}

#[motsu::test]
fn refuses_rename_by_the_controller_holding_the_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, bob, "AutoPi");

    let err = registry
        .sender(bob)
        .rename_manufacturer(node, "Ruptela".into())
        .motsu_unwrap_err();

    assert_err!(err, CallerNotAdmin, R::CallerNotAdmin { account: bob });
    assert_eq!(
        registry.sender(alice).manufacturer_name_by_id(node),
        "AutoPi"
    );
}

#[motsu::test]
fn refuses_rename_of_nonexistent_node(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "AutoPi");

    let err = registry
        .sender(alice)
        .rename_manufacturer(id(2), "Ruptela".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        NonexistentToken,
        IERC721::ERC721NonexistentToken { tokenId: id(2) }
    );
    assert_eq!(
        registry
            .sender(alice)
            .manufacturer_id_by_name("Ruptela".into()),
        U256::ZERO
    );
}
