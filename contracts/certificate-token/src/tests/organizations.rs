//! Organizations: `authorizeOrganization`, `revokeOrganization`, `authorizedOrganizations`,
//! `isAuthorizedOrganization`, and their clearing on a change of owner.

use alloc::{format, vec::Vec};

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    certificates::{ICertificateToken as T, MAX_ORGANIZATIONS},
    erc::IERC721,
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;

use super::{
    assert_logs, authorize, cert, give, holder, issue, log, mark, org, orgs_of, revoke, setup,
    setup_with_cert, transfer, Token, PATHS,
};

/// Organizations `1..=n`.
fn orgs(n: u8) -> Vec<Address> {
    (1..=n).map(org).collect()
}

#[motsu::test]
fn holder_authorizes_organizations_in_order_with_events(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    assert_eq!(orgs_of(&token, id), Vec::<Address>::new());

    for n in 1..=3 {
        let before = mark(&token);

        token
            .sender(alice)
            .authorize_organization(id, org(n))
            .motsu_unwrap();

        assert_logs(
            &token,
            before,
            &[log(&T::OrganizationAuthorized {
                id,
                org: org(n),
                by: alice,
            })],
            &format!("authorize org {n}"),
        );
        assert_eq!(orgs_of(&token, id), orgs(n));
        assert!(token.sender(owner).is_authorized_organization(id, org(n)));
    }
    assert!(!token.sender(owner).is_authorized_organization(id, org(4)));
}

#[motsu::test]
fn is_authorized_organization_answers_false_for_zero_and_strangers(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    let view = |id, who| token.sender(owner).is_authorized_organization(id, who);

    assert!(!view(id, Address::ZERO), "zero, empty list");
    authorize(&token, alice, id, &[org(1)]);
    assert!(!view(id, Address::ZERO), "zero, one organization");
    assert!(!view(id, alice), "the holder");
    assert!(!view(cert(2), org(1)), "another, unissued id");
    assert!(!view(U256::ZERO, Address::ZERO), "id 0, zero address");
    assert_eq!(orgs_of(&token, cert(2)), Vec::<Address>::new());
}

#[motsu::test]
fn organizations_are_per_token(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    setup(&token, owner, issuer);
    issue(&token, issuer, alice, &[cert(1), cert(2)]);
    issue(&token, issuer, bob, &[cert(3)]);

    authorize(&token, alice, cert(1), &[org(1), org(2)]);
    authorize(&token, alice, cert(2), &[org(2)]);
    authorize(&token, bob, cert(3), &[org(3), org(1)]);
    revoke(&token, alice, cert(1), org(2));

    assert_eq!(orgs_of(&token, cert(1)), [org(1)]);
    assert_eq!(orgs_of(&token, cert(2)), [org(2)]);
    assert_eq!(orgs_of(&token, cert(3)), [org(3), org(1)]);
    // Moving one token clears only its list.
    give(&token, alice, bob, cert(2));
    assert_eq!(orgs_of(&token, cert(1)), [org(1)]);
    assert_eq!(orgs_of(&token, cert(2)), Vec::<Address>::new());
    assert_eq!(orgs_of(&token, cert(3)), [org(3), org(1)]);
}

#[motsu::test]
fn refuses_organization_calls_by_non_holders(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &[org(1)]);
    token.sender(alice).approve(carol, id).motsu_unwrap();
    token
        .sender(alice)
        .set_approval_for_all(bob, true)
        .motsu_unwrap();

    for (role, caller) in [
        ("contract owner", owner),
        ("issuer", issuer),
        ("operator", bob),
        ("approved address", carol),
        ("outsider", dave),
        ("the organization itself", org(1)),
        ("zero address", Address::ZERO),
    ] {
        assert_refused!(
            token,
            token.sender(caller).authorize_organization(id, org(2)),
            CallerNotOwner,
            T::CallerNotOwner {
                id,
                account: caller
            },
            "{role} authorizes"
        );
        assert_refused!(
            token,
            token.sender(caller).revoke_organization(id, org(1)),
            CallerNotOwner,
            T::CallerNotOwner {
                id,
                account: caller
            },
            "{role} revokes"
        );
    }
    assert_eq!(orgs_of(&token, id), [org(1)]);
}

#[motsu::test]
fn previous_holder_loses_the_right(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    give(&token, alice, bob, id);

    assert_refused!(
        token,
        token.sender(alice).authorize_organization(id, org(1)),
        CallerNotOwner,
        T::CallerNotOwner { id, account: alice }
    );
    authorize(&token, bob, id, &[org(1)]);
    assert_refused!(
        token,
        token.sender(alice).revoke_organization(id, org(1)),
        CallerNotOwner,
        T::CallerNotOwner { id, account: alice }
    );
}

#[motsu::test]
fn refuses_organization_calls_on_nonexistent_tokens(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    setup_with_cert(&token, owner, issuer, alice);

    for id in [U256::ZERO, cert(2)] {
        assert_refused!(
            token,
            token.sender(alice).authorize_organization(id, org(1)),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: id },
            "authorize on {id}"
        );
        assert_refused!(
            token,
            token.sender(alice).revoke_organization(id, org(1)),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: id },
            "revoke on {id}"
        );
    }
}

#[motsu::test]
fn refuses_the_zero_organization(token: Token, owner: Address, issuer: Address, alice: Address) {
    let id = setup_with_cert(&token, owner, issuer, alice);

    assert_refused!(
        token,
        token
            .sender(alice)
            .authorize_organization(id, Address::ZERO),
        InvalidOrganization,
        T::InvalidOrganization { org: Address::ZERO },
        "empty list"
    );
    authorize(&token, alice, id, &[org(1)]);
    assert_refused!(
        token,
        token
            .sender(alice)
            .authorize_organization(id, Address::ZERO),
        InvalidOrganization,
        T::InvalidOrganization { org: Address::ZERO },
        "one organization"
    );
    // And there is none to revoke.
    assert_refused!(
        token,
        token.sender(alice).revoke_organization(id, Address::ZERO),
        OrganizationNotAuthorized,
        T::OrganizationNotAuthorized {
            id,
            org: Address::ZERO
        },
        "revoke zero"
    );
}

#[motsu::test]
fn refuses_a_duplicate_organization(token: Token, owner: Address, issuer: Address, alice: Address) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &orgs(3));

    for n in 1..=3 {
        assert_refused!(
            token,
            token.sender(alice).authorize_organization(id, org(n)),
            OrganizationAlreadyAuthorized,
            T::OrganizationAlreadyAuthorized { id, org: org(n) },
            "org {n}"
        );
    }
    assert_eq!(orgs_of(&token, id), orgs(3));
}

#[motsu::test]
fn refuses_more_than_max_organizations(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    let max = u8::try_from(MAX_ORGANIZATIONS).expect("small bound");
    assert_eq!(max, 8);
    authorize(&token, alice, id, &orgs(max));
    assert_eq!(orgs_of(&token, id), orgs(max));

    assert_refused!(
        token,
        token.sender(alice).authorize_organization(id, org(max + 1)),
        TooManyOrganizations,
        T::TooManyOrganizations {
            id,
            max: U256::from(8)
        },
        "the 9th"
    );
    // A duplicate in a full list is refused as a duplicate.
    assert_refused!(
        token,
        token.sender(alice).authorize_organization(id, org(max)),
        OrganizationAlreadyAuthorized,
        T::OrganizationAlreadyAuthorized { id, org: org(max) },
        "a duplicate in a full list"
    );

    // A revocation makes room for one more.
    revoke(&token, alice, id, org(3));
    authorize(&token, alice, id, &[org(max + 1)]);
    let mut expected = orgs(max);
    expected[2] = org(max);
    expected[max as usize - 1] = org(max + 1);
    assert_eq!(orgs_of(&token, id), expected);
    assert_refused!(
        token,
        token.sender(alice).authorize_organization(id, org(max + 2)),
        TooManyOrganizations,
        T::TooManyOrganizations {
            id,
            max: U256::from(8)
        },
        "full again"
    );
}

#[motsu::test]
fn revoke_moves_the_last_organization_into_the_gap(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &orgs(5));

    for (revoked, expected) in [
        (org(2), [org(1), org(5), org(3), org(4)].as_slice()),
        (org(4), &[org(1), org(5), org(3)]),
        (org(1), &[org(3), org(5)]),
        (org(5), &[org(3)]),
        (org(3), &[]),
    ] {
        let before = mark(&token);

        revoke(&token, alice, id, revoked);

        assert_logs(
            &token,
            before,
            &[log(&T::OrganizationRevoked {
                id,
                org: revoked,
                by: alice,
            })],
            &format!("revoke {revoked}"),
        );
        assert_eq!(orgs_of(&token, id), expected, "after revoking {revoked}");
        assert!(!token.sender(owner).is_authorized_organization(id, revoked));
        for &kept in expected {
            assert!(token.sender(owner).is_authorized_organization(id, kept));
        }
    }
    // A revoked organization can be authorized again, at the end.
    authorize(&token, alice, id, &[org(9), org(2)]);
    assert_eq!(orgs_of(&token, id), [org(9), org(2)]);
}

#[motsu::test]
fn refuses_to_revoke_an_organization_not_authorized(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    assert_refused!(
        token,
        token.sender(alice).revoke_organization(id, org(1)),
        OrganizationNotAuthorized,
        T::OrganizationNotAuthorized { id, org: org(1) },
        "empty list"
    );
    authorize(&token, alice, id, &orgs(2));
    revoke(&token, alice, id, org(1));

    for (case, org) in [("revoked already", org(1)), ("never authorized", org(3))] {
        assert_refused!(
            token,
            token.sender(alice).revoke_organization(id, org),
            OrganizationNotAuthorized,
            T::OrganizationNotAuthorized { id, org },
            "{case}"
        );
    }
    assert_eq!(orgs_of(&token, id), [org(2)]);
}

// ----- clearing on a change of owner ------------------------------------------------------

#[motsu::test]
fn every_transfer_path_clears_the_organizations(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);

    let mut from = alice;
    for path in PATHS {
        let to = if from == alice { bob } else { alice };
        authorize(&token, from, id, &[org(1), org(2)]);
        let before = mark(&token);

        transfer(&token, path, from, from, to, id).motsu_unwrap();

        assert_logs(
            &token,
            before,
            &[
                log(&IERC721::Transfer {
                    from,
                    to,
                    tokenId: id,
                }),
                log(&T::OrganizationsCleared { id }),
            ],
            &format!("{path:?}"),
        );
        assert_eq!(orgs_of(&token, id), Vec::<Address>::new(), "{path:?}");
        for n in [1, 2] {
            assert!(
                !token.sender(owner).is_authorized_organization(id, org(n)),
                "{path:?}"
            );
        }
        from = to;
    }
}

#[motsu::test]
fn a_transfer_with_no_organizations_emits_no_clearing(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    // A list emptied by revocation is empty too.
    authorize(&token, alice, id, &[org(1)]);
    revoke(&token, alice, id, org(1));

    let mut from = alice;
    for path in PATHS {
        let to = if from == alice { bob } else { alice };
        let before = mark(&token);

        transfer(&token, path, from, from, to, id).motsu_unwrap();

        assert_logs(
            &token,
            before,
            &[log(&IERC721::Transfer {
                from,
                to,
                tokenId: id,
            })],
            &format!("{path:?}"),
        );
        from = to;
    }
}

#[motsu::test]
fn organizations_are_not_restored_when_the_token_comes_back(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &orgs(3));
    give(&token, alice, bob, id);

    give(&token, bob, alice, id);

    assert_eq!(orgs_of(&token, id), Vec::<Address>::new());
    for n in 1..=3 {
        assert!(!token.sender(owner).is_authorized_organization(id, org(n)));
    }
    // Back to the earlier holder: no clearing event, the list was already empty.
    assert_eq!(super::events::<T::OrganizationsCleared>(&token).len(), 1);
    // The list starts afresh; an earlier organization is a new entry, first again.
    authorize(&token, alice, id, &[org(2), org(4)]);
    assert_eq!(orgs_of(&token, id), [org(2), org(4)]);
    // And a revocation works on the new list only.
    assert_refused!(
        token,
        token.sender(alice).revoke_organization(id, org(1)),
        OrganizationNotAuthorized,
        T::OrganizationNotAuthorized { id, org: org(1) }
    );
    revoke(&token, alice, id, org(2));
    assert_eq!(orgs_of(&token, id), [org(4)]);
}

#[motsu::test]
fn many_changes_of_owner_keep_clearing(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    let mut from = alice;
    for round in 1..=5u8 {
        let to = if from == alice { bob } else { alice };
        authorize(&token, from, id, &[org(round), org(round + 1)]);
        assert_eq!(orgs_of(&token, id), [org(round), org(round + 1)]);
        give(&token, from, to, id);
        assert_eq!(orgs_of(&token, id), Vec::<Address>::new(), "round {round}");
        from = to;
    }
    assert_eq!(super::events::<T::OrganizationsCleared>(&token).len(), 5);
}

#[motsu::test]
fn approved_callers_moving_the_token_clear_the_organizations(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    token
        .sender(alice)
        .set_approval_for_all(dave, true)
        .motsu_unwrap();

    for path in PATHS {
        for (role, caller) in [("approved address", carol), ("operator", dave)] {
            authorize(&token, alice, id, &[org(1)]);
            if caller == carol {
                token.sender(alice).approve(carol, id).motsu_unwrap();
            }
            let before = mark(&token);

            transfer(&token, path, caller, alice, bob, id).motsu_unwrap();

            assert_eq!(holder(&token, id), bob, "{role}, {path:?}");
            assert_logs(
                &token,
                before,
                &[
                    log(&IERC721::Transfer {
                        from: alice,
                        to: bob,
                        tokenId: id,
                    }),
                    log(&T::OrganizationsCleared { id }),
                ],
                &format!("{role}, {path:?}"),
            );
            assert_eq!(orgs_of(&token, id), Vec::<Address>::new());
            give(&token, bob, alice, id);
        }
    }
}

#[motsu::test]
fn transfer_to_the_holder_itself_keeps_the_organizations(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &orgs(2));

    for path in PATHS {
        let before = mark(&token);

        transfer(&token, path, alice, alice, alice, id).motsu_unwrap();

        assert_logs(
            &token,
            before,
            &[log(&IERC721::Transfer {
                from: alice,
                to: alice,
                tokenId: id,
            })],
            &format!("{path:?}"),
        );
        assert_eq!(orgs_of(&token, id), orgs(2), "{path:?}");
        assert_eq!(
            token.sender(alice).balance_of(alice).motsu_unwrap(),
            U256::from(1)
        );
    }
}

#[motsu::test]
fn a_refused_transfer_keeps_the_organizations(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &orgs(2));

    for path in PATHS {
        assert_refused!(
            token,
            transfer(&token, path, bob, alice, bob, id),
            InsufficientApproval,
            IERC721::ERC721InsufficientApproval {
                operator: bob,
                tokenId: id
            },
            "{path:?}"
        );
    }
    assert_eq!(orgs_of(&token, id), orgs(2));
}
