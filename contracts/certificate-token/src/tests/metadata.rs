//! Metadata: `name`, `symbol`, `tokenURI`, `setBaseUri` and ERC-165.

use alloc::{format, string::String};

use alloy_primitives::{aliases::B32, fixed_bytes, Address, U256};
use dimo_interfaces::{
    certificates::{ICertificateToken as T, MAX_BASE_URI_LEN},
    erc::{IOwnable2Step as O, IERC4906, IERC721},
    interface_id,
};
use motsu::prelude::*;
use openzeppelin_stylus::{
    token::erc721::extensions::IErc721Metadata, utils::introspection::erc165::IErc165,
};

use super::{assert_logs, cert, deploy, issue, log, mark, setup, setup_with_cert, Token};

/// The URI `id` serves.
fn uri_of(token: &Token, id: U256) -> String {
    token.sender(Address::ZERO).token_uri(id).motsu_unwrap()
}

/// The owner `owner` sets the base URI to `uri`.
fn set_base(token: &Token, owner: Address, uri: &str) {
    token.sender(owner).set_base_uri(uri.into()).motsu_unwrap();
}

/// The expected suffix of `id`'s URI, written independently of the contract: "0x" and the 40
/// lowercase hex digits of the id's low 160 bits.
fn suffix(id: U256) -> String {
    let low = id & ((U256::from(1) << 160) - U256::from(1));
    format!("0x{low:040x}")
}

#[motsu::test]
fn name_and_symbol_are_fixed(token: Token, owner: Address) {
    deploy(&token, owner);

    assert_eq!(
        token.sender(owner).name(),
        "DIMO Device Minting Certificate"
    );
    assert_eq!(token.sender(owner).symbol(), "DIMO-DMC");
}

#[motsu::test]
fn token_uri_is_empty_before_a_base_is_set(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);

    assert_eq!(uri_of(&token, id), "");
}

#[motsu::test]
fn token_uri_is_the_base_followed_by_the_device_address(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    setup(&token, owner, issuer);
    let ids = [
        cert(1),
        U256::from(1),
        U256::ZERO,
        // Wider than an address: only the low 160 bits are shown.
        (U256::from(0xab) << 200) | U256::from(0x1234),
        U256::MAX,
    ];
    issue(&token, issuer, alice, &ids);
    set_base(&token, owner, "https://devices.dimo.zone/certificates/");

    for id in ids {
        let uri = uri_of(&token, id);
        assert_eq!(
            uri,
            format!("https://devices.dimo.zone/certificates/{}", suffix(id)),
            "{id}"
        );
        let hex = &uri["https://devices.dimo.zone/certificates/0x".len()..];
        assert_eq!(hex.len(), 40, "{id}");
        assert!(
            hex.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{id}: {hex}"
        );
    }
    // Spot checks of the expected form itself.
    assert_eq!(
        uri_of(&token, U256::from(1)),
        "https://devices.dimo.zone/certificates/0x0000000000000000000000000000000000000001"
    );
    assert_eq!(
        uri_of(&token, U256::MAX),
        "https://devices.dimo.zone/certificates/0xffffffffffffffffffffffffffffffffffffffff"
    );
    assert_eq!(
        uri_of(&token, (U256::from(0xab) << 200) | U256::from(0x1234)),
        "https://devices.dimo.zone/certificates/0x0000000000000000000000000000000000001234"
    );
    // The id of a device address is that address, in lowercase.
    let device = Address::repeat_byte(0xab);
    let id = U256::from_be_slice(device.as_slice());
    issue(&token, issuer, alice, &[id]);
    assert_eq!(
        uri_of(&token, id),
        format!(
            "https://devices.dimo.zone/certificates/{}",
            device.to_string().to_lowercase()
        )
    );
}

#[motsu::test]
fn token_uri_refuses_nonexistent_tokens(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    setup_with_cert(&token, owner, issuer, alice);

    for (case, base) in [("no base", None), ("with a base", Some("ipfs://x/"))] {
        if let Some(base) = base {
            set_base(&token, owner, base);
        }
        for id in [U256::ZERO, cert(2)] {
            assert_refused!(
                token,
                token.sender(alice).token_uri(id),
                NonexistentToken,
                IERC721::ERC721NonexistentToken { tokenId: id },
                "{case}, tokenURI({id})"
            );
        }
    }
}

#[motsu::test]
fn owner_sets_replaces_and_clears_the_base_with_both_events(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    let longest = "u".repeat(MAX_BASE_URI_LEN);
    // 128 two-byte characters: 256 bytes.
    let wide = "é".repeat(MAX_BASE_URI_LEN / 2);

    for uri in [
        "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/",
        longest.as_str(),
        // Shorter after longer: the words the longer one used no longer show.
        "https://a.example/",
        wide.as_str(),
        "x",
        "",
        "https://b.example/c/",
    ] {
        let before = mark(&token);

        set_base(&token, owner, uri);

        assert_logs(
            &token,
            before,
            &[
                log(&T::BaseUriSet {
                    uri: uri.into(),
                    by: owner,
                }),
                log(&IERC4906::BatchMetadataUpdate {
                    fromTokenId: U256::from(1),
                    toTokenId: U256::MAX,
                }),
            ],
            &format!("setBaseUri({uri})"),
        );
        let expected = if uri.is_empty() {
            String::new()
        } else {
            format!("{uri}{}", suffix(id))
        };
        assert_eq!(uri_of(&token, id), expected, "{uri}");
    }
}

#[motsu::test]
fn refuses_a_base_longer_than_the_maximum(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    set_base(&token, owner, "https://a.example/");

    for (case, uri) in [
        ("257 ASCII bytes", "u".repeat(MAX_BASE_URI_LEN + 1)),
        (
            "128 two-byte characters and one byte",
            format!("{}a", "é".repeat(128)),
        ),
        ("far too long", "u".repeat(4 * MAX_BASE_URI_LEN)),
    ] {
        assert_refused!(
            token,
            token.sender(owner).set_base_uri(uri.clone()),
            UriTooLong,
            T::UriTooLong {
                length: U256::from(uri.len()),
                max: U256::from(256)
            },
            "{case}"
        );
    }
    assert_eq!(
        uri_of(&token, id),
        format!("https://a.example/{}", suffix(id))
    );
}

#[motsu::test]
fn refuses_set_base_uri_by_non_owner(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    setup_with_cert(&token, owner, issuer, alice);

    for (role, caller) in [
        ("issuer", issuer),
        ("holder", alice),
        ("outsider", bob),
        ("zero address", Address::ZERO),
    ] {
        assert_refused!(
            token,
            token
                .sender(caller)
                .set_base_uri("https://evil.example/".into()),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "{role}"
        );
    }
    // Too long from a non-owner: the owner check comes first.
    assert_refused!(
        token,
        token
            .sender(bob)
            .set_base_uri("u".repeat(MAX_BASE_URI_LEN + 1)),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: bob },
        "outsider, too long"
    );
}

#[motsu::test]
fn supports_its_interfaces_only(token: Token, owner: Address) {
    deploy(&token, owner);
    let supports = |id: B32| token.sender(owner).supports_interface(id);

    for (name, id) in [
        ("ERC-165", fixed_bytes!("01ffc9a7")),
        ("ERC-721", fixed_bytes!("80ac58cd")),
        ("ERC-721 metadata", fixed_bytes!("5b5e139f")),
        ("ERC-4906", fixed_bytes!("49064906")),
        ("Ownable2Step", interface_id::OWNABLE_2STEP),
        ("certificate token", interface_id::CERTIFICATE_TOKEN),
    ] {
        assert!(supports(id), "{name} ({id})");
    }
    for (name, id) in [
        ("the invalid id", fixed_bytes!("ffffffff")),
        ("zero", fixed_bytes!("00000000")),
        ("manufacturer registry", interface_id::MANUFACTURER_REGISTRY),
        ("certificate contract", interface_id::DEVICE_CERTIFICATES),
        ("ERC-721 enumerable", fixed_bytes!("780e9d63")),
        ("plain Ownable", fixed_bytes!("7f5828d0")),
    ] {
        assert!(!supports(id), "{name} ({id})");
    }
}
