//! Node metadata: the URI set by the holder and served as `tokenURI`.

use alloy_primitives::U256;
use dimo_interfaces::{
    erc::{IERC721Metadata as M, IERC4906, IERC721 as E},
    registry::{IManufacturerRegistry as R, MAX_URI_LEN},
};

use super::assert_event;
use crate::registry::{account, RegistryFixture};

#[test]
fn holder_sets_the_uri() {
    let mut f = RegistryFixture::new();
    let carol = account("carol");
    let node = f.controller_with_node(carol, "Acme");
    assert_eq!(f.view(&M::tokenURICall { tokenId: node })._0, "");
    let uri = format!("ipfs://{}", "b".repeat(MAX_URI_LEN - 7));
    let sent = f.send(
        carol,
        &R::setManufacturerURICall {
            node,
            uri: uri.clone(),
        },
    );
    assert_event(
        &sent.receipt,
        f.registry,
        &R::ManufacturerURIUpdated {
            node,
            uri: uri.clone(),
        },
    );
    assert_event(
        &sent.receipt,
        f.registry,
        &IERC4906::MetadataUpdate { tokenId: node },
    );
    assert_eq!(f.view(&M::tokenURICall { tokenId: node })._0, uri);
    // A shorter URI replaces it whole.
    f.ok(
        carol,
        &R::setManufacturerURICall {
            node,
            uri: "https://acme.example".into(),
        },
    );
    assert_eq!(
        f.view(&M::tokenURICall { tokenId: node })._0,
        "https://acme.example"
    );
    assert_eq!(f.view(&M::nameCall {})._0, "DIMO Manufacturer Node");
    assert_eq!(f.view(&M::symbolCall {})._0, "DIMO-MFR");
}

#[test]
fn uri_refusals() {
    let mut f = RegistryFixture::new();
    let (carol, mallory) = (account("carol"), account("mallory"));
    let node = f.controller_with_node(carol, "Acme");
    f.refused(
        carol,
        &R::setManufacturerURICall {
            node,
            uri: "u".repeat(MAX_URI_LEN + 1),
        },
        &R::ManufacturerURITooLong {
            length: U256::from(MAX_URI_LEN + 1),
            max: U256::from(MAX_URI_LEN),
        },
    );
    f.refused(
        mallory,
        &R::setManufacturerURICall {
            node,
            uri: "x".into(),
        },
        &R::CallerNotNodeHolder {
            node,
            account: mallory,
        },
    );
    f.refused(
        carol,
        &M::tokenURICall {
            tokenId: U256::from(3),
        },
        &E::ERC721NonexistentToken {
            tokenId: U256::from(3),
        },
    );
}
