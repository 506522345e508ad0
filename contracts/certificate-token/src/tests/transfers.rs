//! ERC-721 transfers and approvals on every path, and the receiver check of
//! `safeTransferFrom`.

use alloc::{format, vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, U256};
use dimo_interfaces::{certificates::ICertificateToken as T, erc::IERC721};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::IErc721;
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageBytes, StorageU256},
};

use super::{
    assert_logs, authorize, balance, cert, give, holder, issue, log, mark, observe, org, orgs_of,
    revert_data, setup, setup_with_cert, transfer, Path, Token, PATHS,
};

#[motsu::test]
fn holder_transfers_on_every_path(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    setup(&token, owner, issuer);
    issue(&token, issuer, alice, &[cert(1), cert(2)]);

    let mut from = alice;
    for path in PATHS {
        let to = if from == alice { bob } else { alice };
        let before = mark(&token);

        transfer(&token, path, from, from, to, cert(1)).motsu_unwrap();

        assert_eq!(holder(&token, cert(1)), to, "{path:?}");
        assert_eq!(holder(&token, cert(2)), alice, "{path:?}");
        let (alices, bobs) = if to == bob { (1, 1) } else { (2, 0) };
        assert_eq!(balance(&token, alice), U256::from(alices), "{path:?}");
        assert_eq!(balance(&token, bob), U256::from(bobs), "{path:?}");
        assert_logs(
            &token,
            before,
            &[log(&IERC721::Transfer {
                from,
                to,
                tokenId: cert(1),
            })],
            &format!("{path:?}"),
        );
        from = to;
    }
}

#[motsu::test]
fn approved_address_and_operator_transfer_on_every_path(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    let before = mark(&token);
    token
        .sender(alice)
        .set_approval_for_all(dave, true)
        .motsu_unwrap();
    assert_logs(
        &token,
        before,
        &[log(&IERC721::ApprovalForAll {
            owner: alice,
            operator: dave,
            approved: true,
        })],
        "setApprovalForAll",
    );
    assert!(token.sender(owner).is_approved_for_all(alice, dave));

    for path in PATHS {
        let before = mark(&token);
        token.sender(alice).approve(carol, id).motsu_unwrap();
        assert_logs(
            &token,
            before,
            &[log(&IERC721::Approval {
                owner: alice,
                approved: carol,
                tokenId: id,
            })],
            &format!("approve, {path:?}"),
        );
        assert_eq!(token.sender(owner).get_approved(id).motsu_unwrap(), carol);

        for (role, caller) in [("approved address", carol), ("operator", dave)] {
            transfer(&token, path, caller, alice, bob, id).motsu_unwrap();

            assert_eq!(holder(&token, id), bob, "{role}, {path:?}");
            assert_eq!(
                token.sender(owner).get_approved(id).motsu_unwrap(),
                Address::ZERO,
                "{role}, {path:?}: the approval does not follow the token"
            );
            // Hand the token back for the next caller.
            give(&token, bob, alice, id);
        }
    }
}

#[motsu::test]
fn refuses_transfer_by_callers_without_approval(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    for approved in [true, false] {
        token
            .sender(alice)
            .set_approval_for_all(dave, approved)
            .motsu_unwrap();
    }
    authorize(&token, alice, id, &[org(1)]);

    for path in PATHS {
        for (role, caller) in [
            ("outsider", bob),
            ("contract owner", owner),
            ("issuer", issuer),
            ("revoked operator", dave),
            ("authorized organization", org(1)),
        ] {
            assert_refused!(
                token,
                transfer(&token, path, caller, alice, bob, id),
                InsufficientApproval,
                IERC721::ERC721InsufficientApproval {
                    operator: caller,
                    tokenId: id
                },
                "{role}, {path:?}"
            );
        }
    }
    // The previous holder is refused too.
    give(&token, alice, bob, id);
    for path in PATHS {
        assert_refused!(
            token,
            transfer(&token, path, alice, bob, alice, id),
            InsufficientApproval,
            IERC721::ERC721InsufficientApproval {
                operator: alice,
                tokenId: id
            },
            "previous holder, {path:?}"
        );
    }
}

#[motsu::test]
fn refuses_transfer_with_wrong_from_to_zero_or_of_unknown_token(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);

    for path in PATHS {
        assert_refused!(
            token,
            transfer(&token, path, alice, bob, owner, id),
            IncorrectOwner,
            IERC721::ERC721IncorrectOwner {
                sender: bob,
                tokenId: id,
                owner: alice
            },
            "wrong from, {path:?}"
        );
        assert_refused!(
            token,
            transfer(&token, path, alice, alice, Address::ZERO, id),
            InvalidReceiver,
            IERC721::ERC721InvalidReceiver {
                receiver: Address::ZERO
            },
            "to zero, {path:?}"
        );
        assert_refused!(
            token,
            transfer(&token, path, alice, alice, bob, cert(2)),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: cert(2) },
            "unknown token, {path:?}"
        );
    }
    assert_eq!(holder(&token, id), alice);
}

#[motsu::test]
fn approvals_follow_openzeppelin_rules(
    token: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);

    assert_refused!(
        token,
        token.sender(bob).approve(carol, id),
        InvalidApprover,
        IERC721::ERC721InvalidApprover { approver: bob },
        "outsider approves"
    );
    assert_refused!(
        token,
        token.sender(issuer).approve(carol, id),
        InvalidApprover,
        IERC721::ERC721InvalidApprover { approver: issuer },
        "issuer approves"
    );
    assert_refused!(
        token,
        token.sender(alice).approve(carol, cert(2)),
        NonexistentToken,
        IERC721::ERC721NonexistentToken { tokenId: cert(2) },
        "unknown token"
    );
    assert_refused!(
        token,
        token
            .sender(alice)
            .set_approval_for_all(Address::ZERO, true),
        InvalidOperator,
        IERC721::ERC721InvalidOperator {
            operator: Address::ZERO
        },
        "zero operator"
    );

    // An operator may approve for the holder.
    token
        .sender(alice)
        .set_approval_for_all(dave, true)
        .motsu_unwrap();
    token.sender(dave).approve(carol, id).motsu_unwrap();
    assert_eq!(token.sender(owner).get_approved(id).motsu_unwrap(), carol);
}

#[motsu::test]
fn erc721_views_refuse_the_zero_owner_and_unknown_tokens(
    token: Token,
    owner: Address,
    issuer: Address,
) {
    setup(&token, owner, issuer);

    assert_refused!(
        token,
        token.sender(owner).balance_of(Address::ZERO),
        InvalidOwner,
        IERC721::ERC721InvalidOwner {
            owner: Address::ZERO
        }
    );
    for id in [U256::ZERO, cert(1)] {
        let unknown = IERC721::ERC721NonexistentToken { tokenId: id };
        assert_refused!(
            token,
            token.sender(owner).owner_of(id),
            NonexistentToken,
            unknown.clone(),
            "ownerOf({id})"
        );
        assert_refused!(
            token,
            token.sender(owner).get_approved(id),
            NonexistentToken,
            unknown,
            "getApproved({id})"
        );
    }
    assert_eq!(balance(&token, owner), U256::ZERO);
}

// ----- contract receivers -----------------------------------------------------------------

/// An ERC-721 receiver contract that records the callback; it can be told to revert with
/// some data or to answer the wrong value.
#[storage]
struct ReceiverMock {
    /// Revert in `onERC721Received` with `revert_data`.
    reverts: StorageBool,
    /// What to revert with.
    revert_data: StorageBytes,
    /// Answer a wrong value from `onERC721Received`.
    answers_wrong: StorageBool,
    /// The callback's arguments.
    operator: StorageAddress,
    from: StorageAddress,
    token_id: StorageU256,
    data: StorageBytes,
    /// How many times the callback ran.
    calls: StorageU256,
}

unsafe impl TopLevelStorage for ReceiverMock {}

#[public]
impl ReceiverMock {
    fn revert_with(&mut self, data: Bytes) {
        self.reverts.set(true);
        self.revert_data.set_bytes(data);
    }

    fn answer_wrong(&mut self) {
        self.answers_wrong.set(true);
    }

    #[selector(name = "onERC721Received")]
    fn on_erc721_received(
        &mut self,
        operator: Address,
        from: Address,
        token_id: U256,
        data: Bytes,
    ) -> Result<B32, Vec<u8>> {
        if self.reverts.get() {
            return Err(self.revert_data.get_bytes());
        }
        self.operator.set(operator);
        self.from.set(from);
        self.token_id.set(token_id);
        self.data.set_bytes(data);
        self.calls.set(self.calls.get() + U256::from(1));
        if self.answers_wrong.get() {
            Ok(B32::ZERO)
        } else {
            Ok(B32::from(contract_kit::receiver::RECEIVER_SELECTOR))
        }
    }
}

#[motsu::test]
fn safe_transfer_calls_back_a_contract_receiver_after_clearing(
    owner: Address,
    issuer: Address,
    alice: Address,
    dave: Address,
) {
    for (path, data) in [
        (Path::Safe, Vec::new()),
        (Path::SafeWithData, vec![0xd1, 0x40]),
    ] {
        let token = Token::new();
        let receiver = Contract::<ReceiverMock>::new();
        let id = setup_with_cert(&token, owner, issuer, alice);
        authorize(&token, alice, id, &[org(1)]);
        token.sender(alice).approve(dave, id).motsu_unwrap();

        transfer(&token, path, dave, alice, receiver.address(), id).motsu_unwrap();

        assert_eq!(holder(&token, id), receiver.address(), "{path:?}");
        assert_eq!(orgs_of(&token, id), Vec::<Address>::new(), "{path:?}");
        let seen = receiver.sender(alice);
        assert_eq!(seen.operator.get(), dave, "{path:?}");
        assert_eq!(seen.from.get(), alice, "{path:?}");
        assert_eq!(seen.token_id.get(), id, "{path:?}");
        assert_eq!(seen.data.get_bytes(), data, "{path:?}");
        assert_eq!(seen.calls.get(), U256::from(1), "{path:?}");
    }
}

#[motsu::test]
fn safe_transfer_passes_a_receivers_revert_data_on(
    token: Token,
    receiver: Contract<ReceiverMock>,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    authorize(&token, alice, id, &[org(1)]);
    let custom = T::CertificateRetired { id: U256::from(7) };
    let custom = alloy_sol_types::SolError::abi_encode(&custom);

    for reason in [b"receiver says no".to_vec(), custom, vec![0]] {
        receiver.sender(alice).revert_with(reason.clone().into());
        let before = observe(&token);
        for path in [Path::Safe, Path::SafeWithData] {
            let err =
                transfer(&token, path, alice, alice, receiver.address(), id).motsu_unwrap_err();

            assert!(
                matches!(err, crate::Error::ReceiverReverted(..)),
                "{path:?}: {err:?}"
            );
            assert_eq!(revert_data(err), reason, "{path:?}");
            // The bookkeeping done before the callback is undone with the rest.
            assert_eq!(observe(&token), before, "{path:?}");
            assert_eq!(orgs_of(&token, id), [org(1)], "{path:?}");
        }
    }
}

#[motsu::test]
fn refuses_safe_transfer_to_a_receiver_answering_wrong(
    token: Token,
    receiver: Contract<ReceiverMock>,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    receiver.sender(alice).answer_wrong();

    for path in [Path::Safe, Path::SafeWithData] {
        assert_refused!(
            token,
            transfer(&token, path, alice, alice, receiver.address(), id),
            InvalidReceiver,
            IERC721::ERC721InvalidReceiver {
                receiver: receiver.address()
            },
            "{path:?}"
        );
    }
    assert_eq!(holder(&token, id), alice);
}

#[motsu::test]
fn refuses_safe_transfer_to_a_contract_without_callback(
    token: Token,
    other: Token,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    let before = observe(&token);

    // On chain the call reverts without data (`ERC721InvalidReceiver`); motsu reverts with a
    // "function not found" message instead, so only the refusal itself is checked.
    token
        .sender(alice)
        .safe_transfer_from(alice, other.address(), id)
        .motsu_unwrap_err();

    assert_eq!(observe(&token), before);
}

#[motsu::test]
fn transfer_from_to_a_contract_skips_the_callback(
    token: Token,
    receiver: Contract<ReceiverMock>,
    owner: Address,
    issuer: Address,
    alice: Address,
) {
    let id = setup_with_cert(&token, owner, issuer, alice);
    receiver.sender(alice).revert_with(vec![1].into());

    give(&token, alice, receiver.address(), id);

    assert_eq!(holder(&token, id), receiver.address());
    assert_eq!(receiver.sender(alice).calls.get(), U256::ZERO);
}
