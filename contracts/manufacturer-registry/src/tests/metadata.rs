//! Metadata: `setManufacturerURI`, `tokenURI`, `name`, `symbol`, and ERC-165.

use alloc::string::String;

use alloy_primitives::{aliases::B32, fixed_bytes, Address, U256};
use dimo_interfaces::{
    erc::{IERC4906, IERC721},
    interface_id,
    registry::{IManufacturerRegistry as R, MAX_URI_LEN},
};
use motsu::prelude::*;
use openzeppelin_stylus::{
    token::erc721::extensions::IErc721Metadata, utils::introspection::erc165::IErc165,
};

use super::{deploy, events, give, setup, setup_with_free_controller, Registry};

/// The URI `node` serves.
fn uri_of(registry: &Registry, node: U256) -> String {
    registry
        .sender(Address::ZERO)
        .token_uri(node)
        .motsu_unwrap()
}

/// `caller` sets the URI of `node` to `uri`.
fn set_uri(registry: &Registry, caller: Address, node: U256, uri: &str) {
    registry
        .sender(caller)
        .set_manufacturer_uri(node, uri.into())
        .motsu_unwrap();
}

#[motsu::test]
fn name_and_symbol_are_fixed(registry: Registry, alice: Address) {
    deploy(&registry, alice);

    assert_eq!(registry.sender(alice).name(), "DIMO Manufacturer Node");
    assert_eq!(registry.sender(alice).symbol(), "DIMO-MFR");
}

#[motsu::test]
fn holder_sets_replaces_and_clears_uri_with_both_events(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);
    assert_eq!(uri_of(&registry, node), "", "before the holder sets one");
    let longest = "u".repeat(MAX_URI_LEN);

    for (count, uri) in (1..).zip([
        "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
        "https://b.example/1",
        longest.as_str(),
        "",
    ]) {
        set_uri(&registry, bob, node, uri);

        assert_eq!(uri_of(&registry, node), uri);
        let updated = R::ManufacturerURIUpdated {
            node,
            uri: uri.into(),
        };
        assert!(registry.emitted(&updated), "no {updated:?}");
        registry.assert_emitted(&IERC4906::MetadataUpdate { tokenId: node });
        assert_eq!(
            events::<IERC4906::MetadataUpdate>(&registry).len(),
            count,
            "{uri}"
        );
    }
}

#[motsu::test]
fn refuses_uri_longer_than_the_maximum(registry: Registry, alice: Address, bob: Address) {
    let node = setup(&registry, alice, bob);
    set_uri(&registry, bob, node, "https://a.example/1");

    assert_refused!(
        registry,
        registry
            .sender(bob)
            .set_manufacturer_uri(node, "u".repeat(MAX_URI_LEN + 1)),
        ManufacturerURITooLong,
        R::ManufacturerURITooLong {
            length: U256::from(513),
            max: U256::from(512)
        }
    );
    assert_eq!(uri_of(&registry, node), "https://a.example/1");
    assert_eq!(events::<IERC4906::MetadataUpdate>(&registry).len(), 1);
}

#[motsu::test]
fn refuses_uri_calls_on_nonexistent_nodes(registry: Registry, alice: Address, bob: Address) {
    setup(&registry, alice, bob);

    for node in [U256::ZERO, U256::from(2)] {
        assert_refused!(
            registry,
            registry
                .sender(alice)
                .set_manufacturer_uri(node, "x".into()),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: node },
            "setManufacturerURI({node})"
        );
        assert_refused!(
            registry,
            registry.sender(alice).token_uri(node),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: node },
            "tokenURI({node})"
        );
    }
}

#[motsu::test]
fn uri_stays_with_the_node_and_only_the_new_holder_may_change_it(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, carol);
    set_uri(&registry, bob, node, "https://a.example/1");
    give(&registry, bob, carol, node);

    assert_eq!(uri_of(&registry, node), "https://a.example/1");
    assert_refused!(
        registry,
        registry.sender(bob).set_manufacturer_uri(node, "x".into()),
        CallerNotNodeHolder,
        R::CallerNotNodeHolder { node, account: bob }
    );
    set_uri(&registry, carol, node, "https://c.example/1");
    assert_eq!(uri_of(&registry, node), "https://c.example/1");
}

#[motsu::test]
fn supports_exactly_the_declared_interfaces(registry: Registry, alice: Address) {
    deploy(&registry, alice);

    // The standard ids are also given as published; 0xffffffff must be refused by ERC-165,
    // and 0x780e9d63 is ERC-721 Enumerable.
    for (what, id, supported) in [
        ("ERC-165", interface_id::ERC165, true),
        ("ERC-721", interface_id::ERC721, true),
        ("ERC-721 metadata", interface_id::ERC721_METADATA, true),
        ("ERC-4906", interface_id::ERC4906, true),
        ("Ownable2Step", interface_id::OWNABLE_2STEP, true),
        (
            "manufacturer registry",
            interface_id::MANUFACTURER_REGISTRY,
            true,
        ),
        ("ERC-165 as published", fixed_bytes!("01ffc9a7"), true),
        ("ERC-721 as published", fixed_bytes!("80ac58cd"), true),
        (
            "ERC-721 metadata as published",
            fixed_bytes!("5b5e139f"),
            true,
        ),
        ("ERC-4906 as published", fixed_bytes!("49064906"), true),
        ("zero", B32::ZERO, false),
        ("invalid", fixed_bytes!("ffffffff"), false),
        ("ERC-721 Enumerable", fixed_bytes!("780e9d63"), false),
        ("unknown", fixed_bytes!("12345678"), false),
    ] {
        assert_eq!(
            registry.sender(alice).supports_interface(id),
            supported,
            "{what} ({id})"
        );
    }
}

/// The standard interfaces are implemented as traits, so `export-abi` does not list their
/// functions: their ERC-165 ids, computed by OpenZeppelin from the trait methods the contract
/// implements, pin them to the interfaces published in `crates/interfaces`.
#[test]
fn trait_interfaces_match_the_published_ones() {
    use openzeppelin_stylus::{access::ownable_two_step::IOwnable2Step, token::erc721::IErc721};

    use crate::ManufacturerRegistry as M;

    for (what, computed, published) in [
        (
            "IErc721",
            <M as IErc721>::interface_id(),
            interface_id::ERC721,
        ),
        (
            "IErc721Metadata",
            <M as IErc721Metadata>::interface_id(),
            interface_id::ERC721_METADATA,
        ),
        (
            "IOwnable2Step",
            <M as IOwnable2Step>::interface_id(),
            interface_id::OWNABLE_2STEP,
        ),
        (
            "IErc165",
            <M as IErc165>::interface_id(),
            interface_id::ERC165,
        ),
    ] {
        assert_eq!(computed, published, "{what}");
    }
}
