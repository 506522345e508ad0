//! ERC-721 transfers, approvals and the receiver rule on every path.

use alloc::vec::Vec;

use alloy_primitives::{aliases::B32, Address, U256};
use alloy_sol_types::SolError;
use dimo_interfaces::{
    erc::IERC721, privileges::MINT_DEVICES, registry::IManufacturerRegistry as R,
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::{self, IErc721};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageBytes, StorageU256},
};

use super::{
    add_admin, add_and_remove_controller, balance, deploy, ensure_controller, expiry, give, grant,
    holder, id, mint_to, observe, revert_data, set_operator, setup, setup_with_free_controller,
    setup_with_two_holders, transfer, Path, Registry, NOW, PATHS,
};

#[motsu::test]
fn holder_transfers_to_a_fresh_controller_on_every_path(
    alice: Address,
    bob: Address,
    carol: Address,
) {
    for path in PATHS {
        let registry = Registry::new();
        let node = setup_with_free_controller(&registry, alice, bob, carol);

        transfer(&registry, path, bob, bob, carol, node).motsu_unwrap();

        assert_eq!(holder(&registry, node), carol, "{path:?}");
        assert_eq!(balance(&registry, bob), U256::ZERO, "{path:?}");
        assert_eq!(balance(&registry, carol), U256::from(1), "{path:?}");
        let slots = [bob, carol].map(|account| registry.sender(alice).manufacturer_of(account));
        assert_eq!(slots, [U256::ZERO, node], "{path:?}");
        let moved = IERC721::Transfer {
            from: bob,
            to: carol,
            tokenId: node,
        };
        assert!(registry.emitted(&moved), "{path:?}: no {moved:?}");
        let cleared = R::DelegationsCleared { node, epoch: 1 };
        assert!(registry.emitted(&cleared), "{path:?}: no {cleared:?}");
    }
}

#[motsu::test]
fn approved_address_and_operator_transfer_on_every_path(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
    erin: Address,
) {
    let node = setup(&registry, alice, bob);
    set_operator(&registry, bob, erin, true);
    registry.assert_emitted(&IERC721::ApprovalForAll {
        owner: bob,
        operator: erin,
        approved: true,
    });
    assert!(registry.sender(alice).is_approved_for_all(bob, erin));

    for path in PATHS {
        registry.sender(bob).approve(dave, node).motsu_unwrap();
        let approval = IERC721::Approval {
            owner: bob,
            approved: dave,
            tokenId: node,
        };
        assert!(registry.emitted(&approval), "{path:?}: no {approval:?}");
        assert_eq!(
            registry.sender(alice).get_approved(node).motsu_unwrap(),
            dave,
            "{path:?}"
        );

        for (role, caller) in [("approved address", dave), ("operator", erin)] {
            transfer(&registry, path, caller, bob, alice, node).motsu_unwrap();

            assert_eq!(holder(&registry, node), alice, "{role}, {path:?}");
            assert_eq!(
                registry.sender(alice).get_approved(node).motsu_unwrap(),
                Address::ZERO,
                "{role}, {path:?}"
            );
            assert_eq!(
                registry.sender(alice).manufacturer_of(bob),
                U256::ZERO,
                "{role}, {path:?}"
            );
            // Hand the node back for the next caller.
            give(&registry, alice, bob, node);
        }
    }
}

#[motsu::test]
fn refuses_transfer_by_callers_without_approval(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
    erin: Address,
) {
    let node = setup(&registry, alice, bob);
    for approved in [true, false] {
        set_operator(&registry, bob, erin, approved);
    }
    registry.assert_emitted(&IERC721::ApprovalForAll {
        owner: bob,
        operator: erin,
        approved: false,
    });

    ensure_controller(&registry, alice, carol);

    for (role, caller, from) in [
        ("stranger", dave, bob),
        ("admin not holding the node", alice, bob),
        ("revoked operator", erin, bob),
        ("previous holder", bob, carol),
    ] {
        if holder(&registry, node) != from {
            // `bob` gives its node away and becomes its previous holder.
            give(&registry, bob, from, node);
        }
        for path in PATHS {
            assert_refused!(
                registry,
                transfer(&registry, path, caller, from, alice, node),
                InsufficientApproval,
                IERC721::ERC721InsufficientApproval {
                    operator: caller,
                    tokenId: node
                },
                "{role}, {path:?}"
            );
            assert_eq!(holder(&registry, node), from, "{role}, {path:?}");
        }
    }
}

#[motsu::test]
fn admins_receive_nodes_without_taking_a_slot(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    let node = setup(&registry, alice, bob);
    add_admin(&registry, alice, carol);

    give(&registry, bob, carol, node);

    assert_eq!(holder(&registry, node), carol);
    assert_eq!(registry.sender(alice).manufacturer_of(carol), U256::ZERO);
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);

    // From admin to admin.
    transfer(&registry, Path::Safe, carol, carol, alice, node).motsu_unwrap();

    assert_eq!(holder(&registry, node), alice);
    assert_eq!(registry.sender(alice).manufacturer_of(alice), U256::ZERO);
    assert_eq!(registry.sender(alice).manufacturer_of(carol), U256::ZERO);
}

#[motsu::test]
fn refuses_transfer_to_receivers_the_rule_forbids(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
    erin: Address,
) {
    let (node, carols) = setup_with_two_holders(&registry, alice, bob, carol);
    add_and_remove_controller(&registry, alice, erin);

    for path in PATHS {
        for (role, controller, held) in [
            ("controller holding a node", carol, carols),
            ("the holder itself", bob, node),
        ] {
            assert_refused!(
                registry,
                transfer(&registry, path, bob, bob, controller, node),
                ControllerAlreadyHoldsNode,
                R::ControllerAlreadyHoldsNode {
                    controller,
                    node: held
                },
                "{role}, {path:?}"
            );
        }
        for (role, owner) in [("non-controller", dave), ("removed controller", erin)] {
            assert_refused!(
                registry,
                transfer(&registry, path, bob, bob, owner, node),
                InvalidNodeOwner,
                R::InvalidNodeOwner { owner },
                "{role}, {path:?}"
            );
            assert_eq!(balance(&registry, owner), U256::ZERO, "{role}, {path:?}");
        }
        assert_refused!(
            registry,
            transfer(&registry, path, bob, bob, Address::ZERO, node),
            InvalidReceiver,
            IERC721::ERC721InvalidReceiver {
                receiver: Address::ZERO
            },
            "zero address, {path:?}"
        );
        assert_eq!(holder(&registry, node), bob, "{path:?}");
        assert_eq!(registry.sender(alice).manufacturer_of(bob), node);
        assert_eq!(registry.sender(alice).manufacturer_of(carol), carols);
    }
}

#[motsu::test]
fn refuses_transfer_with_wrong_from_or_of_nonexistent_node(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    let node = setup(&registry, alice, bob);

    for path in PATHS {
        assert_refused!(
            registry,
            transfer(&registry, path, bob, carol, alice, node),
            IncorrectOwner,
            IERC721::ERC721IncorrectOwner {
                sender: carol,
                tokenId: node,
                owner: bob
            },
            "wrong from, {path:?}"
        );
        assert_eq!(holder(&registry, node), bob, "{path:?}");
        assert_eq!(registry.sender(alice).manufacturer_of(bob), node);
        assert_refused!(
            registry,
            transfer(&registry, path, alice, alice, alice, id(7)),
            NonexistentToken,
            IERC721::ERC721NonexistentToken { tokenId: id(7) },
            "nonexistent node, {path:?}"
        );
    }
}

#[motsu::test]
fn failed_transfer_leaves_state_unchanged(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let (node, carols) = setup_with_two_holders(&registry, alice, bob, carol);
    registry.sender(bob).approve(dave, node).motsu_unwrap();
    grant(&registry, bob, node, dave, MINT_DEVICES, NOW + 60);
    let events_before = registry.all_events();

    assert_refused!(
        registry,
        registry.sender(dave).transfer_from(bob, carol, node),
        ControllerAlreadyHoldsNode,
        R::ControllerAlreadyHoldsNode {
            controller: carol,
            node: carols
        }
    );
    assert_eq!(holder(&registry, node), bob);
    assert_eq!(
        registry.sender(alice).get_approved(node).motsu_unwrap(),
        dave
    );
    assert_eq!(registry.sender(alice).manufacturer_of(bob), node);
    assert_eq!(expiry(&registry, node, dave, MINT_DEVICES), NOW + 60);
    assert_eq!(registry.all_events(), events_before);
}

#[motsu::test]
fn sender_slot_is_released_so_it_can_receive_again(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    let node = setup(&registry, alice, bob);
    give(&registry, bob, alice, node);

    let second = mint_to(&registry, alice, bob, "Ruptela");

    assert_eq!(registry.sender(alice).manufacturer_of(bob), second);
    // The slot is taken again: the first node cannot come back.
    assert_refused!(
        registry,
        registry.sender(alice).transfer_from(alice, bob, node),
        ControllerAlreadyHoldsNode,
        R::ControllerAlreadyHoldsNode {
            controller: bob,
            node: second
        }
    );
}

#[motsu::test]
fn manufacturer_of_follows_the_node_between_controllers(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, carol);

    give(&registry, bob, carol, node);
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
    assert_eq!(registry.sender(alice).manufacturer_of(carol), node);

    give(&registry, carol, bob, node);
    assert_eq!(registry.sender(alice).manufacturer_of(bob), node);
    assert_eq!(registry.sender(alice).manufacturer_of(carol), U256::ZERO);
}

#[motsu::test]
fn refuses_approve_by_non_holder(registry: Registry, alice: Address, bob: Address, dave: Address) {
    let node = setup(&registry, alice, bob);

    assert_refused!(
        registry,
        registry.sender(alice).approve(dave, node),
        InvalidApprover,
        IERC721::ERC721InvalidApprover { approver: alice }
    );
    assert_eq!(
        registry.sender(alice).get_approved(node).motsu_unwrap(),
        Address::ZERO
    );
}

#[motsu::test]
fn operator_may_approve_for_the_holder(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
) {
    let node = setup(&registry, alice, bob);
    set_operator(&registry, bob, dave, true);

    registry.sender(dave).approve(carol, node).motsu_unwrap();

    assert_eq!(
        registry.sender(alice).get_approved(node).motsu_unwrap(),
        carol
    );
    registry.assert_emitted(&IERC721::Approval {
        owner: bob,
        approved: carol,
        tokenId: node,
    });
}

#[motsu::test]
fn erc721_refuses_the_zero_address_and_unknown_nodes(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    deploy(&registry, alice);
    let zero = Address::ZERO;

    assert_refused!(
        registry,
        registry.sender(alice).balance_of(zero),
        InvalidOwner,
        IERC721::ERC721InvalidOwner { owner: zero }
    );
    assert_refused!(
        registry,
        registry.sender(alice).set_approval_for_all(zero, true),
        InvalidOperator,
        IERC721::ERC721InvalidOperator { operator: zero }
    );
    let unknown = IERC721::ERC721NonexistentToken { tokenId: id(1) };
    assert_refused!(
        registry,
        registry.sender(alice).owner_of(id(1)),
        NonexistentToken,
        unknown.clone(),
        "ownerOf"
    );
    assert_refused!(
        registry,
        registry.sender(alice).get_approved(id(1)),
        NonexistentToken,
        unknown.clone(),
        "getApproved"
    );
    assert_refused!(
        registry,
        registry.sender(alice).approve(dave, id(1)),
        NonexistentToken,
        unknown,
        "approve"
    );

    // An operator is refused the zero address whether or not the caller holds a node.
    mint_to(&registry, alice, bob, "AutoPi");
    assert_refused!(
        registry,
        registry.sender(bob).set_approval_for_all(zero, true),
        InvalidOperator,
        IERC721::ERC721InvalidOperator { operator: zero },
        "holder"
    );
}

// ----- contract receivers ----------------------------------------------------------------

/// An ERC-721 receiver contract that records the callback; it can be told to revert or to
/// answer the wrong value.
#[storage]
struct ReceiverMock {
    /// Revert in `onERC721Received`.
    reverts: StorageBool,
    /// Answer a wrong value from `onERC721Received`.
    answers_wrong: StorageBool,
    /// The callback's arguments.
    operator: StorageAddress,
    from: StorageAddress,
    token_id: StorageU256,
    data: StorageBytes,
}

unsafe impl TopLevelStorage for ReceiverMock {}

#[public]
impl ReceiverMock {
    fn configure(&mut self, reverts: bool, answers_wrong: bool) {
        self.reverts.set(reverts);
        self.answers_wrong.set(answers_wrong);
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
            return Err(b"receiver says no".to_vec());
        }
        self.operator.set(operator);
        self.from.set(from);
        self.token_id.set(token_id);
        self.data.set_bytes(data);
        if self.answers_wrong.get() {
            Ok(B32::ZERO)
        } else {
            Ok(erc721::RECEIVER_FN_SELECTOR)
        }
    }
}

/// Asserts that `node` is still with `bob` and the contract `receiver` holds none.
fn assert_node_stayed_with(registry: &Registry, bob: Address, node: U256, receiver: Address) {
    assert_eq!(holder(registry, node), bob);
    assert_eq!(registry.sender(bob).manufacturer_of(bob), node);
    assert_eq!(registry.sender(bob).manufacturer_of(receiver), U256::ZERO);
}

#[motsu::test]
fn safe_transfer_calls_back_contract_controller_with_the_data(
    registry: Registry,
    receiver: Contract<ReceiverMock>,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, receiver.address());
    registry.sender(bob).approve(dave, node).motsu_unwrap();

    registry
        .sender(dave)
        .safe_transfer_from_with_data(bob, receiver.address(), node, vec![1, 2, 3].into())
        .motsu_unwrap();

    assert_eq!(holder(&registry, node), receiver.address());
    assert_eq!(
        registry.sender(alice).manufacturer_of(receiver.address()),
        node
    );
    assert_eq!(receiver.sender(alice).operator.get(), dave);
    assert_eq!(receiver.sender(alice).from.get(), bob);
    assert_eq!(receiver.sender(alice).token_id.get(), node);
    assert_eq!(receiver.sender(alice).data.get_bytes(), vec![1, 2, 3]);
}

#[motsu::test]
fn refuses_safe_transfer_to_receiver_that_reverts(
    registry: Registry,
    receiver: Contract<ReceiverMock>,
    alice: Address,
    bob: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, receiver.address());
    receiver.sender(alice).configure(true, false);
    let before = observe(&registry);

    for path in [Path::Safe, Path::SafeWithData] {
        let err = transfer(&registry, path, bob, bob, receiver.address(), node).motsu_unwrap_err();

        // Solidity's OpenZeppelin passes the receiver's revert data on unchanged; OpenZeppelin
        // Stylus 0.3 wraps it in `InvalidReceiverWithReason`. Either is exact about the data.
        let wrapped = IERC721::InvalidReceiverWithReason {
            reason: "receiver says no".into(),
        }
        .abi_encode();
        let data = revert_data(err);
        assert!(
            data == b"receiver says no" || data == wrapped,
            "{path:?}: unexpected revert data {data:?}"
        );
        // The bookkeeping done before the callback is undone with the rest, events included.
        assert_node_stayed_with(&registry, bob, node, receiver.address());
        assert_eq!(observe(&registry), before, "{path:?}");
    }
}

#[motsu::test]
fn refuses_safe_transfer_to_receiver_answering_wrong_value(
    registry: Registry,
    receiver: Contract<ReceiverMock>,
    alice: Address,
    bob: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, receiver.address());
    receiver.sender(alice).configure(false, true);

    assert_refused!(
        registry,
        registry
            .sender(bob)
            .safe_transfer_from(bob, receiver.address(), node),
        InvalidReceiver,
        IERC721::ERC721InvalidReceiver {
            receiver: receiver.address()
        }
    );
    assert_node_stayed_with(&registry, bob, node, receiver.address());
    assert_eq!(receiver.sender(alice).token_id.get(), U256::ZERO);
}

#[motsu::test]
fn refuses_safe_transfer_to_contract_without_callback(
    registry: Registry,
    other: Registry,
    alice: Address,
    bob: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, other.address());

    // On chain the call reverts without data (`ERC721InvalidReceiver`); motsu reverts with a
    // "function not found" message instead, so only the refusal itself is checked.
    registry
        .sender(bob)
        .safe_transfer_from(bob, other.address(), node)
        .motsu_unwrap_err();

    assert_node_stayed_with(&registry, bob, node, other.address());
}

#[motsu::test]
fn transfer_from_to_contract_skips_the_callback(
    registry: Registry,
    receiver: Contract<ReceiverMock>,
    alice: Address,
    bob: Address,
) {
    let node = setup_with_free_controller(&registry, alice, bob, receiver.address());
    receiver.sender(alice).configure(true, false);

    give(&registry, bob, receiver.address(), node);

    assert_eq!(holder(&registry, node), receiver.address());
}
