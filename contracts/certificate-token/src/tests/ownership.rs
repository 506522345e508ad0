//! The owner's two-step hand-over: `transferOwnership`, `acceptOwnership`,
//! `renounceOwnership`, `owner`, `pendingOwner`; and what the owner alone may do.

use alloy_primitives::Address;
use dimo_interfaces::erc::IOwnable2Step as O;
use motsu::prelude::*;
use openzeppelin_stylus::access::ownable_two_step::IOwnable2Step;

use super::{assert_logs, deploy, log, mark, Token};
use crate::Error;

/// A call to the token, by the caller it was built for. The result is to be unwrapped with
/// one of motsu's helpers so that a failure is rolled back.
type Call<'a> = &'a dyn Fn() -> Result<(), Error>;

/// Asserts that `caller`, a `role` that is not the owner, is refused every owner-only call
/// with `OwnableUnauthorizedAccount`, changing nothing. The calls name `account`.
fn assert_refused_owner_calls(token: &Token, role: &str, caller: Address, account: Address) {
    let calls: [(&str, Call); 4] = [
        ("setIssuer", &|| token.sender(caller).set_issuer(account)),
        ("setBaseUri", &|| {
            token
                .sender(caller)
                .set_base_uri("https://x.example/".into())
        }),
        ("transferOwnership", &|| {
            token.sender(caller).transfer_ownership(account)
        }),
        ("renounceOwnership", &|| {
            token.sender(caller).renounce_ownership()
        }),
    ];
    for (function, call) in calls {
        assert_refused!(
            token,
            call(),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "{role} calls {function}"
        );
    }
}

#[motsu::test]
fn two_step_hand_over(token: Token, owner: Address, alice: Address, bob: Address, issuer: Address) {
    deploy(&token, owner);

    // Start: nothing changes but the pending owner.
    let before = mark(&token);
    token.sender(owner).transfer_ownership(alice).motsu_unwrap();
    assert_logs(
        &token,
        before,
        &[log(&O::OwnershipTransferStarted {
            previousOwner: owner,
            newOwner: alice,
        })],
        "transferOwnership",
    );
    assert_eq!(token.sender(bob).owner(), owner);
    assert_eq!(token.sender(bob).pending_owner(), alice);
    assert_refused_owner_calls(&token, "pending owner", alice, bob);

    // Only the pending owner may accept.
    for caller in [bob, owner] {
        assert_refused!(
            token,
            token.sender(caller).accept_ownership(),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "acceptOwnership by {caller}"
        );
    }

    let before = mark(&token);
    token.sender(alice).accept_ownership().motsu_unwrap();
    assert_logs(
        &token,
        before,
        &[log(&O::OwnershipTransferred {
            previousOwner: owner,
            newOwner: alice,
        })],
        "acceptOwnership",
    );
    assert_eq!(token.sender(bob).owner(), alice);
    assert_eq!(token.sender(bob).pending_owner(), Address::ZERO);

    // The new owner has the owner's powers, the previous one none.
    assert_refused_owner_calls(&token, "previous owner", owner, bob);
    token.sender(alice).set_issuer(issuer).motsu_unwrap();
    token
        .sender(alice)
        .set_base_uri("https://a.example/".into())
        .motsu_unwrap();
    assert_eq!(token.sender(bob).issuer(), issuer);
}

#[motsu::test]
fn a_new_offer_replaces_the_pending_one(
    token: Token,
    owner: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&token, owner);
    token.sender(owner).transfer_ownership(alice).motsu_unwrap();

    token.sender(owner).transfer_ownership(bob).motsu_unwrap();

    assert_eq!(token.sender(owner).pending_owner(), bob);
    assert_refused!(
        token,
        token.sender(alice).accept_ownership(),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: alice }
    );
    token.sender(bob).accept_ownership().motsu_unwrap();
    assert_eq!(token.sender(owner).owner(), bob);
}

#[motsu::test]
fn outsiders_are_refused_owner_calls(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&token, owner);

    for (role, caller) in [
        ("future issuer", issuer),
        ("outsider", alice),
        ("zero address", Address::ZERO),
    ] {
        assert_refused_owner_calls(&token, role, caller, bob);
    }
}

#[motsu::test]
fn renounced_ownership_leaves_no_owner(token: Token, owner: Address, alice: Address, bob: Address) {
    deploy(&token, owner);
    token.sender(owner).transfer_ownership(alice).motsu_unwrap();
    let before = mark(&token);

    token.sender(owner).renounce_ownership().motsu_unwrap();

    assert_logs(
        &token,
        before,
        &[log(&O::OwnershipTransferred {
            previousOwner: owner,
            newOwner: Address::ZERO,
        })],
        "renounceOwnership",
    );
    assert_eq!(token.sender(bob).owner(), Address::ZERO);
    assert_eq!(token.sender(bob).pending_owner(), Address::ZERO);
    assert_refused_owner_calls(&token, "former owner", owner, bob);
    // The pending offer is gone with it.
    assert_refused!(
        token,
        token.sender(alice).accept_ownership(),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: alice }
    );
}
