//! Transfers on every ERC-721 path with the registry's receiver rule, approvals, and the
//! `onERC721Received` callback into real receiver programs.

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{SolCall, SolError};
use dimo_interfaces::{erc::IERC721 as E, registry::IManufacturerRegistry as R};
use stylus_runtime::Program;

use super::{assert_event, events};
use crate::registry::{account, RegistryFixture};

/// Makes the calldata of a transfer of `token` from `from` to `to`.
type TransferCalldata = fn(from: Address, to: Address, token: U256) -> Vec<u8>;

/// The three transfer paths, as calldata makers.
fn paths() -> Vec<(&'static str, TransferCalldata)> {
    vec![
        ("transferFrom", |from, to, token_id| {
            E::transferFromCall {
                from,
                to,
                tokenId: token_id,
            }
            .abi_encode()
        }),
        ("safeTransferFrom(3)", |from, to, token_id| {
            E::safeTransferFrom_1Call {
                from,
                to,
                tokenId: token_id,
            }
            .abi_encode()
        }),
        ("safeTransferFrom(4)", |from, to, token_id| {
            E::safeTransferFrom_0Call {
                from,
                to,
                tokenId: token_id,
                data: Bytes::from_static(b"hello"),
            }
            .abi_encode()
        }),
    ]
}

/// Sends raw calldata to the registry.
fn raw(f: &mut RegistryFixture, from: Address, data: &[u8]) -> stylus_runtime::Receipt {
    f.world.call(from, f.registry, data).unwrap()
}

#[test]
fn holder_transfers_to_a_fresh_controller_on_every_path() {
    for (path, calldata) in paths() {
        let mut f = RegistryFixture::new();
        let (carol, dave) = (account("carol"), account("dave"));
        let node = f.controller_with_node(carol, "Acme");
        f.add_controller(dave);
        let receipt = raw(&mut f, carol, &calldata(carol, dave, node));
        assert!(receipt.is_success(), "{path}: {:?}", receipt.outcome);
        assert_event(
            &receipt,
            f.registry,
            &E::Transfer {
                from: carol,
                to: dave,
                tokenId: node,
            },
        );
        assert_event(
            &receipt,
            f.registry,
            &R::DelegationsCleared { node, epoch: 1 },
        );
        assert_eq!(f.view(&E::ownerOfCall { tokenId: node })._0, dave, "{path}");
        assert_eq!(
            f.view(&R::manufacturerOfCall { account: carol })._0,
            U256::ZERO
        );
        assert_eq!(f.view(&R::manufacturerOfCall { account: dave })._0, node);
        // The sender's slot is free again: it can receive another node.
        f.mint(carol, &format!("Second {path}"));
    }
}

#[test]
fn approved_accounts_and_operators_transfer_on_every_path() {
    for (path, calldata) in paths() {
        let mut f = RegistryFixture::new();
        let (carol, dave, erin, op) = (
            account("carol"),
            account("dave"),
            account("erin"),
            account("operator"),
        );
        let node = f.controller_with_node(carol, "Acme");
        f.add_controller(dave);
        f.add_controller(erin);
        let sent = f.send(
            carol,
            &E::approveCall {
                to: op,
                tokenId: node,
            },
        );
        assert_event(
            &sent.receipt,
            f.registry,
            &E::Approval {
                owner: carol,
                approved: op,
                tokenId: node,
            },
        );
        assert_eq!(f.view(&E::getApprovedCall { tokenId: node })._0, op);
        assert!(
            raw(&mut f, op, &calldata(carol, dave, node)).is_success(),
            "{path}"
        );
        // The approval is cleared by the transfer.
        assert_eq!(
            f.view(&E::getApprovedCall { tokenId: node })._0,
            Address::ZERO
        );
        let sent = f.send(
            dave,
            &E::setApprovalForAllCall {
                operator: op,
                approved: true,
            },
        );
        assert_event(
            &sent.receipt,
            f.registry,
            &E::ApprovalForAll {
                owner: dave,
                operator: op,
                approved: true,
            },
        );
        assert!(
            f.view(&E::isApprovedForAllCall {
                owner: dave,
                operator: op
            })
            ._0
        );
        assert!(
            raw(&mut f, op, &calldata(dave, erin, node)).is_success(),
            "{path}"
        );
        assert_eq!(f.view(&E::ownerOfCall { tokenId: node })._0, erin);
    }
}

#[test]
fn the_receiver_rule_on_every_path() {
    for (path, calldata) in paths() {
        let mut f = RegistryFixture::new();
        let (owner, carol, dave, nobody, mallory) = (
            f.owner,
            account("carol"),
            account("dave"),
            account("nobody"),
            account("mallory"),
        );
        let node = f.controller_with_node(carol, "Acme");
        let daves = f.controller_with_node(dave, "Dave Co");
        let cases: Vec<(Address, Address, Address, Vec<u8>)> = vec![
            // Not a controller or admin.
            (
                carol,
                carol,
                nobody,
                R::InvalidNodeOwner { owner: nobody }.abi_encode(),
            ),
            // A controller that already holds a node.
            (
                carol,
                carol,
                dave,
                R::ControllerAlreadyHoldsNode {
                    controller: dave,
                    node: daves,
                }
                .abi_encode(),
            ),
            // The zero address.
            (
                carol,
                carol,
                Address::ZERO,
                E::ERC721InvalidReceiver {
                    receiver: Address::ZERO,
                }
                .abi_encode(),
            ),
            // A caller without approval.
            (
                mallory,
                carol,
                owner,
                E::ERC721InsufficientApproval {
                    operator: mallory,
                    tokenId: node,
                }
                .abi_encode(),
            ),
            // The wrong `from`.
            (
                carol,
                dave,
                owner,
                E::ERC721IncorrectOwner {
                    sender: dave,
                    tokenId: node,
                    owner: carol,
                }
                .abi_encode(),
            ),
        ];
        for (caller, from, to, expected) in cases {
            let before = f.world.state().clone();
            let receipt = raw(&mut f, caller, &calldata(from, to, node));
            assert!(!receipt.is_success(), "{path} to {to}");
            assert_eq!(receipt.output, expected, "{path} to {to}");
            assert_eq!(f.world.state(), &before, "{path}: a refusal changed state");
        }
        // A node that does not exist.
        let receipt = raw(&mut f, carol, &calldata(carol, owner, U256::from(99)));
        assert_eq!(
            receipt.output,
            E::ERC721NonexistentToken {
                tokenId: U256::from(99)
            }
            .abi_encode()
        );
        // Admins receive nodes without using a slot.
        assert!(raw(&mut f, carol, &calldata(carol, owner, node)).is_success());
        assert_eq!(
            f.view(&R::manufacturerOfCall { account: owner })._0,
            U256::ZERO
        );
    }
}

/// How a receiver program answers `onERC721Received`.
#[derive(Clone, Copy)]
enum Receiver {
    /// Logs its calldata and answers the selector.
    Accepts,
    /// Reverts with the bytes "nope".
    RevertsWithData,
    /// Reverts without data.
    RevertsEmpty,
    /// Answers 32 zero bytes.
    AnswersWrong,
}

fn receiver(kind: Receiver) -> Program {
    let (status, len) = match kind {
        Receiver::Accepts | Receiver::AnswersWrong => (0, 32),
        Receiver::RevertsWithData => (1, 4),
        Receiver::RevertsEmpty => (1, 0),
    };
    let answer = match kind {
        Receiver::Accepts => r"\15\0b\7a\02",
        Receiver::RevertsWithData => "nope",
        Receiver::RevertsEmpty | Receiver::AnswersWrong => "",
    };
    let text = format!(
        r#"(module
            (import "vm_hooks" "read_args" (func $read_args (param i32)))
            (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
            (import "vm_hooks" "emit_log" (func $emit_log (param i32 i32 i32)))
            (memory (export "memory") 1 1)
            (data (i32.const 0) "{answer}")
            (func (export "user_entrypoint") (param $len i32) (result i32)
                (call $read_args (i32.const 1024))
                (call $emit_log (i32.const 1024) (local.get $len) (i32.const 0))
                (call $write_result (i32.const 0) (i32.const {len}))
                (i32.const {status})))"#
    );
    Program::from_wasm(&wat::parse_str(text).unwrap()).unwrap()
}

/// A registry with carol's node and a receiver program that is a controller.
fn with_receiver(kind: Receiver) -> (RegistryFixture, U256, Address) {
    let mut f = RegistryFixture::new();
    let carol = account("carol");
    let node = f.controller_with_node(carol, "Acme");
    let at = account("receiver contract");
    f.world.install(at, &receiver(kind));
    f.add_controller(at);
    (f, node, at)
}

#[test]
fn safe_transfer_calls_back_a_contract_receiver_with_the_data() {
    let (mut f, node, at) = with_receiver(Receiver::Accepts);
    let carol = account("carol");
    let call = E::safeTransferFrom_0Call {
        from: carol,
        to: at,
        tokenId: node,
        data: Bytes::from_static(b"payload"),
    };
    let sent = f.send(carol, &call);
    assert!(sent.is_ok());
    let callback = sent
        .receipt
        .logs
        .iter()
        .find(|log| log.address == at)
        .expect("the receiver ran");
    // onERC721Received(operator, from, tokenId, data).
    let mut expected = vec![0x15, 0x0b, 0x7a, 0x02];
    expected.extend_from_slice(&alloy_sol_types::SolValue::abi_encode_params(&(
        carol,
        carol,
        node,
        Bytes::from_static(b"payload"),
    )));
    assert_eq!(callback.data, expected);
    assert_eq!(f.view(&E::ownerOfCall { tokenId: node })._0, at);
    // transferFrom never calls back.
    let (mut f, node, at) = with_receiver(Receiver::RevertsEmpty);
    let sent = f.send(
        carol,
        &E::transferFromCall {
            from: carol,
            to: at,
            tokenId: node,
        },
    );
    assert!(sent.is_ok());
    assert!(sent.receipt.logs.iter().all(|log| log.address != at));
}

#[test]
fn safe_transfer_refused_by_the_receiver_is_rolled_back() {
    let carol = account("carol");
    for (kind, expected) in [
        (Receiver::RevertsWithData, b"nope".to_vec()),
        (Receiver::RevertsEmpty, Vec::new()),
        (Receiver::AnswersWrong, Vec::new()),
    ] {
        let (mut f, node, at) = with_receiver(kind);
        let expected = if expected.is_empty() {
            E::ERC721InvalidReceiver { receiver: at }.abi_encode()
        } else {
            expected
        };
        let before = f.world.state().clone();
        let sent = f.send(
            carol,
            &E::safeTransferFrom_1Call {
                from: carol,
                to: at,
                tokenId: node,
            },
        );
        assert_eq!(sent.revert_data(), expected.as_slice());
        assert_eq!(f.world.state(), &before);
        assert_eq!(f.view(&E::ownerOfCall { tokenId: node })._0, carol);
    }
}

#[test]
fn refuses_approvals_by_non_holders() {
    let mut f = RegistryFixture::new();
    let (carol, mallory) = (account("carol"), account("mallory"));
    let node = f.controller_with_node(carol, "Acme");
    f.refused(
        mallory,
        &E::approveCall {
            to: mallory,
            tokenId: node,
        },
        &E::ERC721InvalidApprover { approver: mallory },
    );
    f.refused(
        carol,
        &E::setApprovalForAllCall {
            operator: Address::ZERO,
            approved: true,
        },
        &E::ERC721InvalidOperator {
            operator: Address::ZERO,
        },
    );
    f.refused(
        carol,
        &E::balanceOfCall {
            owner: Address::ZERO,
        },
        &E::ERC721InvalidOwner {
            owner: Address::ZERO,
        },
    );
    assert!(events::<E::Approval>(&f.deployment, f.registry).is_empty());
}
