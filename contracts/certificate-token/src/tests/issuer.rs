//! The constructor, `setIssuer` and the issuer's hooks `issue`, `issuerTransfer` and
//! `notifyUpdate` (`retire` is in `retirement.rs`).

use alloc::{format, vec, vec::Vec};

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    certificates::{ICertificateToken as T, MAX_BATCH},
    erc::{IOwnable2Step as O, IERC4906, IERC721},
};
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step,
    token::erc721::{extensions::IErc721Metadata, IErc721},
};

use super::{
    assert_logs, authorize, balance, cert, deploy, give, holder, issue, log, mark, org, orgs_of,
    retire, setup, setup_with_cert, Token, CERTS,
};
use crate::Error;

/// A call to the token, by the caller it was built for. The result is to be unwrapped with
/// one of motsu's helpers so that a failure is rolled back.
type Call<'a> = &'a dyn Fn() -> Result<(), Error>;

/// Asserts that `caller`, a `role` that is not the issuer, is refused every issuer hook with
/// `CallerNotIssuer`, changing nothing. The hooks name certificate `id` (issued or not), held
/// by `from`, and the receiver `to`.
fn assert_refused_issuer_calls(
    token: &Token,
    role: &str,
    caller: Address,
    from: Address,
    to: Address,
    id: U256,
) {
    let calls: [(&str, Call); 4] = [
        ("issue", &|| {
            token.sender(caller).issue(to, vec![cert(CERTS)])
        }),
        ("issuerTransfer", &|| {
            token.sender(caller).issuer_transfer(from, to, id)
        }),
        ("retire", &|| token.sender(caller).retire(id)),
        ("notifyUpdate", &|| token.sender(caller).notify_update(id)),
    ];
    for (function, call) in calls {
        assert_refused!(
            token,
            call(),
            CallerNotIssuer,
            T::CallerNotIssuer { account: caller },
            "{role} calls {function}"
        );
    }
}

// ----- constructor ------------------------------------------------------------------------

#[motsu::test]
fn constructor_sets_the_owner_and_no_issuer(token: Token, owner: Address, alice: Address) {
    deploy(&token, owner);

    let view = token.sender(alice);
    assert_eq!(view.owner(), owner);
    assert_eq!(view.pending_owner(), Address::ZERO);
    assert_eq!(view.issuer(), Address::ZERO);
    assert_logs(
        &token,
        0,
        &[log(&O::OwnershipTransferred {
            previousOwner: Address::ZERO,
            newOwner: owner,
        })],
        "constructor",
    );
}

#[motsu::test]
fn constructor_refuses_the_zero_owner(token: Token, owner: Address) {
    assert_refused!(
        token,
        token.sender(owner).constructor(Address::ZERO),
        OwnableInvalidOwner,
        O::OwnableInvalidOwner {
            owner: Address::ZERO
        }
    );
    assert_eq!(token.sender(owner).owner(), Address::ZERO);
}

// ----- setIssuer ----------------------------------------------------------------------------

#[motsu::test]
fn owner_sets_the_issuer_with_event(token: Token, owner: Address, issuer: Address) {
    deploy(&token, owner);
    let before = mark(&token);

    token.sender(owner).set_issuer(issuer).motsu_unwrap();

    assert_eq!(token.sender(owner).issuer(), issuer);
    assert_logs(
        &token,
        before,
        &[log(&T::IssuerSet { issuer, by: owner })],
        "setIssuer",
    );
}

#[motsu::test]
fn refuses_set_issuer_by_non_owner(token: Token, owner: Address, issuer: Address, alice: Address) {
    deploy(&token, owner);

    for (role, caller) in [
        ("the future issuer", issuer),
        ("an outsider", alice),
        ("the zero address", Address::ZERO),
    ] {
        assert_refused!(
            token,
            token.sender(caller).set_issuer(issuer),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "{role}"
        );
    }
    assert_eq!(token.sender(owner).issuer(), Address::ZERO);
}

#[motsu::test]
fn refuses_the_zero_issuer(token: Token, owner: Address) {
    deploy(&token, owner);

    assert_refused!(
        token,
        token.sender(owner).set_issuer(Address::ZERO),
        InvalidIssuer,
        T::InvalidIssuer {
            issuer: Address::ZERO
        }
    );
    assert_eq!(token.sender(owner).issuer(), Address::ZERO);
}

#[motsu::test]
fn issuer_is_set_once(token: Token, owner: Address, issuer: Address, alice: Address) {
    setup(&token, owner, issuer);

    for (case, next) in [
        ("another issuer", alice),
        ("the same issuer", issuer),
        ("the zero address", Address::ZERO),
    ] {
        assert_refused!(
            token,
            token.sender(owner).set_issuer(next),
            InvalidIssuer,
            T::InvalidIssuer { issuer: next },
            "{case}"
        );
    }
    // Not even a new owner may replace it.
    token.sender(owner).transfer_ownership(alice).motsu_unwrap();
    token.sender(alice).accept_ownership().motsu_unwrap();
    assert_refused!(
        token,
        token.sender(alice).set_issuer(alice),
        InvalidIssuer,
        T::InvalidIssuer { issuer: alice },
        "new owner"
    );
    assert_eq!(token.sender(owner).issuer(), issuer);
}

// ----- issuer only --------------------------------------------------------------------------

#[motsu::test]
fn issuer_hooks_refuse_everyone_before_an_issuer_is_set(
    token: Token,
    owner: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&token, owner);

    for (role, caller) in [
        ("owner", owner),
        ("outsider", alice),
        // The unset issuer is the zero address; the zero address is still refused.
        ("zero address", Address::ZERO),
    ] {
        assert_refused_issuer_calls(&token, role, caller, alice, bob, cert(1));
    }
}

#[motsu::test]
fn issuer_hooks_refuse_everyone_but_the_issuer(
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

    for (role, caller) in [
        ("owner", owner),
        ("holder", alice),
        ("operator", bob),
        ("approved address", carol),
        ("zero address", Address::ZERO),
    ] {
        assert_refused_issuer_calls(&token, role, caller, alice, bob, id);
    }
    assert_eq!(holder(&token, id), alice);
}

// ----- issue --------------------------------------------------------------------------------

#[motsu::test]
fn issuer_mints_a_batch_with_transfer_events(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    setup(&token, owner, issuer);
    let ids = [cert(1), cert(2), cert(3)];
    let before = mark(&token);

    issue(&token, issuer, alice, &ids);

    let minted: Vec<_> = ids
        .iter()
        .map(|&id| {
            log(&IERC721::Transfer {
                from: Address::ZERO,
                to: alice,
                tokenId: id,
            })
        })
        .collect();
    assert_logs(&token, before, &minted, "first batch");
    for id in ids {
        assert_eq!(holder(&token, id), alice);
        assert!(!token.sender(bob).is_retired(id));
        assert_eq!(orgs_of(&token, id), Vec::<Address>::new());
        assert_eq!(
            token.sender(bob).get_approved(id).motsu_unwrap(),
            Address::ZERO
        );
        assert_eq!(token.sender(bob).token_uri(id).motsu_unwrap(), "");
    }
    assert_eq!(balance(&token, alice), U256::from(3));

    // A second batch, to another account.
    let before = mark(&token);
    issue(&token, issuer, bob, &[cert(4)]);

    assert_logs(
        &token,
        before,
        &[log(&IERC721::Transfer {
            from: Address::ZERO,
            to: bob,
            tokenId: cert(4),
        })],
        "second batch",
    );
    assert_eq!(holder(&token, cert(4)), bob);
    assert_eq!(balance(&token, alice), U256::from(3));
    assert_eq!(balance(&token, bob), U256::from(1));
}

#[motsu::test]
fn issue_of_no_id_does_nothing(token: Token, owner: Address, issuer: Address, alice: Address) {
    setup(&token, owner, issuer);
    let before = super::observe(&token);

    issue(&token, issuer, alice, &[]);

    assert_eq!(super::observe(&token), before);
    assert_eq!(balance(&token, alice), U256::ZERO);
}

#[motsu::test]
fn issue_takes_ids_that_are_no_address(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    setup(&token, owner, issuer);
    // The token does not check that an id fits an address: the issuer decides.
    let ids = [U256::ZERO, U256::MAX];

    issue(&token, issuer, alice, &ids);

    for id in ids {
        assert_eq!(holder(&token, id), alice, "{id}");
    }
}

#[motsu::test]
fn issue_mints_a_full_batch(token: Token, owner: Address, issuer: Address, alice: Address) {
    setup(&token, owner, issuer);
    let ids: Vec<U256> = (1..=MAX_BATCH as u64)
        .map(|n| U256::from(n) << 100)
        .collect();

    issue(&token, issuer, alice, &ids);

    assert_eq!(balance(&token, alice), U256::from(MAX_BATCH));
    assert_eq!(super::events::<IERC721::Transfer>(&token).len(), MAX_BATCH);
    assert_eq!(holder(&token, ids[MAX_BATCH - 1]), alice);
}

/// Pins the current behaviour beyond [`MAX_BATCH`]: the ids past the first `MAX_BATCH` are
/// skipped without an error (the issuer itself refuses larger batches with
/// `InvalidBatchSize` before it calls `issue`).
#[motsu::test]
fn issue_refuses_more_than_max_batch_ids(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    setup(&token, owner, issuer);
    let ids: Vec<U256> = (1..=MAX_BATCH as u64 + 1)
        .map(|n| U256::from(n) << 100)
        .collect();
    assert_refused!(
        token,
        token.sender(issuer).issue(alice, ids.clone()),
        InvalidBatchSize,
        T::InvalidBatchSize {
            size: U256::from(MAX_BATCH + 1),
            max: U256::from(MAX_BATCH)
        }
    );
    token
        .sender(issuer)
        .issue(alice, ids[..MAX_BATCH].to_vec())
        .motsu_unwrap();
    assert_eq!(balance(&token, alice), U256::from(MAX_BATCH));
}

#[motsu::test]
fn issue_refuses_an_existing_id_and_rolls_back_the_batch(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    setup(&token, owner, issuer);
    issue(&token, issuer, alice, &[cert(1)]);

    for (case, to, ids) in [
        ("alone, to its holder", alice, vec![cert(1)]),
        ("alone, to another", bob, vec![cert(1)]),
        ("after a new id", bob, vec![cert(2), cert(1)]),
        ("twice in one batch", bob, vec![cert(3), cert(3)]),
    ] {
        assert_refused!(
            token,
            token.sender(issuer).issue(to, ids.clone()),
            InvalidSender,
            IERC721::ERC721InvalidSender {
                sender: Address::ZERO
            },
            "{case}"
        );
    }
    assert_eq!(holder(&token, cert(1)), alice);
    assert_eq!(balance(&token, bob), U256::ZERO);
}

#[motsu::test]
fn issue_refuses_the_zero_receiver(token: Token, owner: Address, issuer: Address) {
    setup(&token, owner, issuer);

    assert_refused!(
        token,
        token
            .sender(issuer)
            .issue(Address::ZERO, vec![cert(1), cert(2)]),
        InvalidReceiver,
        IERC721::ERC721InvalidReceiver {
            receiver: Address::ZERO
        }
    );
}

// ----- issuerTransfer ---------------------------------------------------------------------

#[motsu::test]
fn issuer_moves_a_token_without_approval(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    token.sender(alice).approve(carol, id).motsu_unwrap();
    let before = mark(&token);

    token
        .sender(issuer)
        .issuer_transfer(alice, bob, id)
        .motsu_unwrap();

    assert_eq!(holder(&token, id), bob);
    assert_eq!(balance(&token, alice), U256::ZERO);
    assert_eq!(balance(&token, bob), U256::from(1));
    // The approval does not follow the token.
    assert_eq!(
        token.sender(bob).get_approved(id).motsu_unwrap(),
        Address::ZERO
    );
    // An empty list is not "cleared": no event.
    assert_logs(
        &token,
        before,
        &[log(&IERC721::Transfer {
            from: alice,
            to: bob,
            tokenId: id,
        })],
        "issuerTransfer",
    );
}

#[motsu::test]
fn issuer_transfer_clears_the_organizations(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &[org(1), org(2)]);
    let before = mark(&token);

    token
        .sender(issuer)
        .issuer_transfer(alice, bob, id)
        .motsu_unwrap();

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
        "issuerTransfer",
    );
    assert_eq!(orgs_of(&token, id), Vec::<Address>::new());
    for n in [1, 2] {
        assert!(!token.sender(bob).is_authorized_organization(id, org(n)));
    }
    // Back to the earlier holder: the list stays empty.
    token
        .sender(issuer)
        .issuer_transfer(bob, alice, id)
        .motsu_unwrap();
    assert_eq!(orgs_of(&token, id), Vec::<Address>::new());
}

/// A claim to the holder itself still counts as a change of owner: the claim
/// signatures of the certificate die with it, and its organization list is cleared.
#[motsu::test]
fn issuer_transfer_to_the_holder_itself_counts_as_a_change_of_owner(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &[org(1)]);
    let before = mark(&token);

    token
        .sender(issuer)
        .issuer_transfer(alice, alice, id)
        .motsu_unwrap();

    assert_logs(
        &token,
        before,
        &[
            log(&IERC721::Transfer {
                from: alice,
                to: alice,
                tokenId: id,
            }),
            log(&T::OrganizationsCleared { id }),
        ],
        "self transfer",
    );
    assert_eq!(holder(&token, id), alice);
    assert_eq!(balance(&token, alice), U256::from(1));
    assert_eq!(token.sender(alice).owner_changes(id), U256::from(1));
    assert_eq!(orgs_of(&token, id), Vec::<Address>::new());
}

/// `ownerChanges` counts every change of owner (ERC-721 transfers on every path, issuer
/// transfers), not a mint, not an owner's transfer to itself, not a refused transfer.
#[motsu::test]
fn owner_changes_count_every_change_of_owner(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    let changes = |token: &Token| token.sender(bob).owner_changes(id);
    assert_eq!(changes(&token), U256::ZERO);
    assert_eq!(token.sender(bob).owner_changes(cert(77)), U256::ZERO);
    token
        .sender(alice)
        .transfer_from(alice, alice, id)
        .motsu_unwrap();
    assert_eq!(changes(&token), U256::ZERO);
    token
        .sender(alice)
        .transfer_from(alice, bob, id)
        .motsu_unwrap();
    assert_eq!(changes(&token), U256::from(1));
    token
        .sender(alice)
        .transfer_from(bob, alice, id)
        .motsu_unwrap_err();
    assert_eq!(changes(&token), U256::from(1));
    token
        .sender(issuer)
        .issuer_transfer(bob, alice, id)
        .motsu_unwrap();
    assert_eq!(changes(&token), U256::from(2));
    token
        .sender(alice)
        .safe_transfer_from(alice, bob, id)
        .motsu_unwrap();
    assert_eq!(changes(&token), U256::from(3));
}

/// `ownerState` answers `ownerOf` and `ownerChanges` in one call (what a claim asks); an
/// unknown id has no owner and no change, where `ownerOf` reverts.
#[motsu::test]
fn owner_state_answers_owner_and_changes(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    let state = |id: U256| token.sender(bob).owner_state(id);
    assert_eq!(state(id), (alice, U256::ZERO));
    for unknown in [U256::ZERO, cert(77), U256::MAX] {
        assert_eq!(state(unknown), (Address::ZERO, U256::ZERO));
        token.sender(bob).owner_of(unknown).motsu_unwrap_err();
    }
    give(&token, alice, bob, id);
    assert_eq!(state(id), (bob, U256::from(1)));
    token
        .sender(issuer)
        .issuer_transfer(bob, alice, id)
        .motsu_unwrap();
    assert_eq!(state(id), (alice, U256::from(2)));
    retire(&token, issuer, id);
    assert_eq!(state(id), (alice, U256::from(2)));
    assert_eq!(
        state(id),
        (holder(&token, id), token.sender(bob).owner_changes(id))
    );
}

#[motsu::test]
fn issuer_transfer_refuses_wrong_from_zero_receiver_and_unknown_ids(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);

    for from in [bob, Address::ZERO] {
        assert_refused!(
            token,
            token.sender(issuer).issuer_transfer(from, bob, id),
            IncorrectOwner,
            IERC721::ERC721IncorrectOwner {
                sender: from,
                tokenId: id,
                owner: alice
            },
            "from {from}"
        );
    }
    assert_refused!(
        token,
        token
            .sender(issuer)
            .issuer_transfer(alice, Address::ZERO, id),
        InvalidReceiver,
        IERC721::ERC721InvalidReceiver {
            receiver: Address::ZERO
        },
        "to zero"
    );
    assert_refused!(
        token,
        token.sender(issuer).issuer_transfer(alice, bob, cert(2)),
        NonexistentToken,
        IERC721::ERC721NonexistentToken { tokenId: cert(2) },
        "unknown id"
    );
    assert_eq!(holder(&token, id), alice);
}

// ----- notifyUpdate -------------------------------------------------------------------------

#[motsu::test]
fn issuer_notifies_updates(token: Token, owner: Address, issuer: Address, alice: Address) {
    let id = setup_with_cert(&token, owner, issuer, alice);

    // Any id: the issuer vouches for it.
    for id in [id, cert(2), U256::MAX] {
        let before = mark(&token);
        let observed = super::observe(&token);

        token.sender(issuer).notify_update(id).motsu_unwrap();

        assert_logs(
            &token,
            before,
            &[log(&IERC4906::MetadataUpdate { tokenId: id })],
            &format!("notifyUpdate({id})"),
        );
        // Nothing else changed.
        let mut now = super::observe(&token);
        now.events.pop();
        assert_eq!(now, observed, "notifyUpdate({id})");
    }
}
