//! `retire` and `isRetired`: a retired token can no longer move or change its organizations,
//! while every view still answers.

use alloc::format;

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    certificates::ICertificateToken as T,
    erc::{IERC4906, IERC721},
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::{extensions::IErc721Metadata, IErc721};

use super::{
    assert_logs, authorize, balance, cert, holder, issue, log, mark, org, orgs_of, retire, setup,
    setup_with_cert, transfer, Token, PATHS,
};

#[motsu::test]
fn issuer_retires_a_token_with_both_events(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    setup(&token, owner, issuer);
    issue(&token, issuer, alice, &[cert(1), cert(2)]);
    assert!(!token.sender(alice).is_retired(cert(1)));
    let before = mark(&token);

    retire(&token, issuer, cert(1));

    assert_logs(
        &token,
        before,
        &[
            log(&T::TokenRetired { id: cert(1) }),
            log(&IERC4906::MetadataUpdate { tokenId: cert(1) }),
        ],
        "retire",
    );
    assert!(token.sender(alice).is_retired(cert(1)));
    // Only that token.
    assert!(!token.sender(alice).is_retired(cert(2)));
    give_back_and_forth(&token, alice, cert(2));
}

/// The holder `alice` moves `id` to `frank` and back: asserts that `id` still moves.
fn give_back_and_forth(token: &Token, alice: Address, id: U256) {
    let frank = Address::from_tag("frank");
    super::give(token, alice, frank, id);
    super::give(token, frank, alice, id);
    assert_eq!(holder(token, id), alice);
}

#[motsu::test]
fn retire_refuses_nonexistent_tokens(token: Token, owner: Address, issuer: Address) {
    setup(&token, owner, issuer);

    for id in [U256::ZERO, cert(1)] {
        assert_refused!(
            token,
            token.sender(issuer).retire(id),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: id },
            "retire({id})"
        );
        assert!(!token.sender(issuer).is_retired(id));
    }
}

#[motsu::test]
fn retired_token_cannot_move_on_any_path(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    token.sender(alice).approve(carol, id).motsu_unwrap();
    token
        .sender(alice)
        .set_approval_for_all(bob, true)
        .motsu_unwrap();
    retire(&token, issuer, id);

    let retired = || T::CertificateRetired { id };
    assert_refused!(
        token,
        token.sender(issuer).retire(id),
        CertificateRetired,
        retired(),
        "retire again"
    );
    for path in PATHS {
        for (role, caller, from, to) in [
            ("holder", alice, alice, bob),
            ("approved address", carol, alice, bob),
            ("operator", bob, alice, bob),
            ("outsider with a wrong from", owner, bob, owner),
            ("holder to the zero address", alice, alice, Address::ZERO),
        ] {
            assert_refused!(
                token,
                transfer(&token, path, caller, from, to, id),
                CertificateRetired,
                retired(),
                "{role}, {path:?}"
            );
        }
    }
    for (case, from, to) in [
        ("claim", alice, bob),
        ("wrong from", bob, carol),
        ("to the zero address", alice, Address::ZERO),
    ] {
        assert_refused!(
            token,
            token.sender(issuer).issuer_transfer(from, to, id),
            CertificateRetired,
            retired(),
            "issuerTransfer, {case}"
        );
    }
    assert_eq!(holder(&token, id), alice);
}

#[motsu::test]
fn retired_token_keeps_its_organizations_frozen(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &[org(1), org(2)]);
    retire(&token, issuer, id);

    for (case, caller, org) in [
        ("holder authorizes", alice, org(3)),
        ("holder authorizes again", alice, org(1)),
        ("outsider authorizes", bob, org(3)),
        ("holder authorizes zero", alice, Address::ZERO),
    ] {
        assert_refused!(
            token,
            token.sender(caller).authorize_organization(id, org),
            CertificateRetired,
            T::CertificateRetired { id },
            "{case}"
        );
    }
    for (case, caller, org) in [
        ("holder revokes", alice, org(1)),
        ("holder revokes unknown", alice, org(3)),
        ("outsider revokes", bob, org(2)),
    ] {
        assert_refused!(
            token,
            token.sender(caller).revoke_organization(id, org),
            CertificateRetired,
            T::CertificateRetired { id },
            "{case}"
        );
    }
    assert_eq!(orgs_of(&token, id), [org(1), org(2)]);
}

#[motsu::test]
fn views_still_answer_for_a_retired_token(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    carol: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &[org(1)]);
    token.sender(alice).approve(carol, id).motsu_unwrap();
    token
        .sender(owner)
        .set_base_uri("https://dimo.example/c/".into())
        .motsu_unwrap();

    retire(&token, issuer, id);

    let view = token.sender(carol);
    assert!(view.is_retired(id));
    assert_eq!(view.owner_of(id).motsu_unwrap(), alice);
    assert_eq!(view.get_approved(id).motsu_unwrap(), carol);
    assert_eq!(
        view.token_uri(id).motsu_unwrap(),
        format!("https://dimo.example/c/0x{}", &format!("{id:064x}")[24..])
    );
    assert_eq!(view.authorized_organizations(id), [org(1)]);
    assert!(view.is_authorized_organization(id, org(1)));
    drop(view);
    assert_eq!(balance(&token, alice), U256::from(1));

    // The issuer may still announce a change of its record.
    let before = mark(&token);
    token.sender(issuer).notify_update(id).motsu_unwrap();
    assert_logs(
        &token,
        before,
        &[log(&IERC4906::MetadataUpdate { tokenId: id })],
        "notifyUpdate",
    );
}
