//! Metadata: `setManufacturerURI`, `tokenURI`, `name`, `symbol`, and ERC-165.

use alloc::string::String;

use alloy_primitives::{aliases::B32, fixed_bytes, Address, U256};
use dimo_interfaces::{
    erc::{IERC4906, IERC721},
    interface_id,
    privileges::MINT_DEVICES,
    registry::{IManufacturerRegistry as R, MAX_URI_LEN},
};
use motsu::prelude::*;
use openzeppelin_stylus::{
    token::erc721::{extensions::IErc721Metadata, IErc721},
    utils::introspection::erc165::IErc165,
};

use super::{deploy, ensure_controller, events, id, setup};
use crate::ManufacturerRegistry;

#[motsu::test]
fn name_and_symbol_are_fixed(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    assert_eq!(registry.sender(alice).name(), "DIMO Manufacturer Node");
    assert_eq!(registry.sender(alice).symbol(), "DIMO-MFR");
}

#[motsu::test]
fn token_uri_is_empty_before_the_holder_sets_one(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);

    assert_eq!(registry.sender(alice).token_uri(node).motsu_unwrap(), "");
}

#[motsu::test]
fn holder_sets_uri_and_emits_both_events(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);
    let uri = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

    registry
        .sender(bob)
        .set_manufacturer_uri(node, uri.into())
        .motsu_unwrap();

    assert_eq!(registry.sender(alice).token_uri(node).motsu_unwrap(), uri);
    registry.assert_emitted(&R::ManufacturerURIUpdated {
        node,
        uri: uri.into(),
    });
    registry.assert_emitted(&IERC4906::MetadataUpdate { tokenId: node });
}

#[motsu::test]
fn holder_replaces_and_clears_uri(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .set_manufacturer_uri(node, "https://a.example/1".into())
        .motsu_unwrap();

    registry
        .sender(bob)
        .set_manufacturer_uri(node, "https://b.example/1".into())
        .motsu_unwrap();
    assert_eq!(
        registry.sender(alice).token_uri(node).motsu_unwrap(),
        "https://b.example/1"
    );

    registry
        .sender(bob)
        .set_manufacturer_uri(node, String::new())
        .motsu_unwrap();
    assert_eq!(registry.sender(alice).token_uri(node).motsu_unwrap(), "");
    assert_eq!(events::<IERC4906::MetadataUpdate>(&registry).len(), 3);
}

#[motsu::test]
fn accepts_uri_of_exactly_the_maximum_length(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);
    let uri = "u".repeat(MAX_URI_LEN);

    registry
        .sender(bob)
        .set_manufacturer_uri(node, uri.clone())
        .motsu_unwrap();

    assert_eq!(registry.sender(alice).token_uri(node).motsu_unwrap(), uri);
}

#[motsu::test]
fn refuses_uri_longer_than_the_maximum(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .set_manufacturer_uri(node, "https://a.example/1".into())
        .motsu_unwrap();

    let err = registry
        .sender(bob)
        .set_manufacturer_uri(node, "u".repeat(MAX_URI_LEN + 1))
        .motsu_unwrap_err();

    assert_err!(
        err,
        ManufacturerURITooLong,
        R::ManufacturerURITooLong {
            length: U256::from(513),
            max: U256::from(512)
        }
    );
    assert_eq!(
        registry.sender(alice).token_uri(node).motsu_unwrap(),
        "https://a.example/1"
    );
    assert_eq!(events::<IERC4906::MetadataUpdate>(&registry).len(), 1);
}

#[motsu::test]
fn refuses_set_uri_on_nonexistent_node(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    let err = registry
        .sender(alice)
        .set_manufacturer_uri(id(1), "x".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        NonexistentToken,
        IERC721::ERC721NonexistentToken { tokenId: id(1) }
    );
}

#[motsu::test]
fn refuses_set_uri_by_admin_not_holding_the_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);

    let err = registry
        .sender(alice)
        .set_manufacturer_uri(node, "x".into())
        .motsu_unwrap_err();

    assert_err!(
        err,
        CallerNotNodeHolder,
        R::CallerNotNodeHolder {
            node,
            account: alice
        }
    );
    assert_eq!(registry.sender(alice).token_uri(node).motsu_unwrap(), "");
}

#[motsu::test]
fn refuses_set_uri_by_delegate_or_outsider(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    dave: Address,
    erin: Address,
) {
    let node = setup(&registry, alice, bob);
    registry
        .sender(bob)
        .grant_privilege(node, dave, MINT_DEVICES, u64::MAX)
        .motsu_unwrap();

    for caller in [dave, erin] {
        let err = registry
            .sender(caller)
            .set_manufacturer_uri(node, "x".into())
            .motsu_unwrap_err();
        assert_err!(
            err,
            CallerNotNodeHolder,
            R::CallerNotNodeHolder {
                node,
                account: caller
            }
        );
    }
    assert!(events::<R::ManufacturerURIUpdated>(&registry).is_empty());
}

#[motsu::test]
fn uri_stays_with_the_node_and_only_the_new_holder_may_change_it(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    let node = setup(&registry, alice, bob);
    ensure_controller(&registry, alice, carol);
    registry
        .sender(bob)
        .set_manufacturer_uri(node, "https://a.example/1".into())
        .motsu_unwrap();
    registry
        .sender(bob)
        .transfer_from(bob, carol, node)
        .motsu_unwrap();

    assert_eq!(
        registry.sender(alice).token_uri(node).motsu_unwrap(),
        "https://a.example/1"
    );
    let err = registry
        .sender(bob)
        .set_manufacturer_uri(node, "x".into())
        .motsu_unwrap_err();
    assert_err!(
        err,
        CallerNotNodeHolder,
        R::CallerNotNodeHolder { node, account: bob }
    );
    registry
        .sender(carol)
        .set_manufacturer_uri(node, "https://c.example/1".into())
        .motsu_unwrap();
    assert_eq!(
        registry.sender(alice).token_uri(node).motsu_unwrap(),
        "https://c.example/1"
    );
}

#[motsu::test]
fn refuses_token_uri_of_nonexistent_node(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
    bob: Address,
) {
    setup(&registry, alice, bob);

    for node in [U256::ZERO, id(2)] {
        let err = registry.sender(alice).token_uri(node).motsu_unwrap_err();
        assert_err!(
            err,
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: node }
        );
    }
}

#[motsu::test]
fn supports_every_declared_interface(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    for (what, id) in [
        ("ERC-165", interface_id::ERC165),
        ("ERC-721", interface_id::ERC721),
        ("ERC-721 metadata", interface_id::ERC721_METADATA),
        ("ERC-4906", interface_id::ERC4906),
        ("Ownable2Step", interface_id::OWNABLE_2STEP),
        ("manufacturer registry", interface_id::MANUFACTURER_REGISTRY),
    ] {
        assert!(registry.sender(alice).supports_interface(id), "{what}");
    }
}

#[motsu::test]
fn supports_the_standard_ids_as_published(
    registry: Contract<ManufacturerRegistry>,
    alice: Address,
) {
    deploy(&registry, alice);

    for id in [
        fixed_bytes!("01ffc9a7"),
        fixed_bytes!("80ac58cd"),
        fixed_bytes!("5b5e139f"),
        fixed_bytes!("49064906"),
    ] {
        assert!(registry.sender(alice).supports_interface(id), "{id}");
    }
}

#[motsu::test]
fn does_not_support_other_interfaces(registry: Contract<ManufacturerRegistry>, alice: Address) {
    deploy(&registry, alice);

    // 0xffffffff must be refused by ERC-165; 0x780e9d63 is ERC-721 Enumerable.
    for id in [
        B32::ZERO,
        fixed_bytes!("ffffffff"),
        fixed_bytes!("780e9d63"),
        fixed_bytes!("12345678"),
    ] {
        assert!(!registry.sender(alice).supports_interface(id), "{id}");
    }
}

/// The standard interfaces are implemented as traits, so `export-abi` does not list their
/// functions: their ERC-165 ids, computed by OpenZeppelin from the trait methods the contract
/// implements, pin them to the interfaces published in `crates/interfaces`.
#[test]
fn trait_interfaces_match_the_published_ones() {
    use openzeppelin_stylus::{
        access::ownable_two_step::IOwnable2Step,
        token::erc721::{extensions::IErc721Metadata, IErc721},
        utils::introspection::erc165::IErc165,
    };

    use crate::ManufacturerRegistry as M;

    assert_eq!(
        <M as IErc721>::interface_id(),
        dimo_interfaces::interface_id::ERC721
    );
    assert_eq!(
        <M as IErc721Metadata>::interface_id(),
        dimo_interfaces::interface_id::ERC721_METADATA
    );
    assert_eq!(
        <M as IOwnable2Step>::interface_id(),
        dimo_interfaces::interface_id::OWNABLE_2STEP
    );
    assert_eq!(
        <M as IErc165>::interface_id(),
        dimo_interfaces::interface_id::ERC165
    );
}
