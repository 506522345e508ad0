//! Staking tokens that misbehave, as test-only contracts: one answering `false`, one
//! answering nothing, one reverting, one re-entering the licence contract; and an address
//! without code.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolError};
use dimo_interfaces::{encode::AbiWriter, licenses::IManufacturingLicenses as M};
use motsu::prelude::*;
use stylus_sdk::{
    call::RawCall,
    prelude::*,
    storage::{StorageAddress, StorageB256, StorageMap, StorageU256},
};

use contract_kit::host::caller;

use super::{min, node1, tokens, World};

/// Moves `amount` from `from` to `to` in `balances`; false when `from` has too little.
fn move_balance(
    balances: &mut StorageMap<Address, StorageU256>,
    from: Address,
    to: Address,
    amount: U256,
) -> bool {
    let from_balance = balances.get(from);
    if from_balance < amount {
        return false;
    }
    balances.setter(from).set(from_balance - amount);
    let to_balance = balances.get(to);
    balances.setter(to).set(to_balance + amount);
    true
}

/// A token whose transfers move nothing and answer the word it was told to: 0 (`false`) or
/// anything else that is not `true`.
#[storage]
pub struct FalseToken {
    answer: StorageU256,
}

unsafe impl TopLevelStorage for FalseToken {}

#[public]
impl FalseToken {
    /// Sets the answer.
    pub(super) fn set_answer(&mut self, answer: U256) {
        self.answer.set(answer);
    }

    /// Answers the set word.
    pub(super) fn transfer(&mut self, _to: Address, _value: U256) -> U256 {
        self.answer.get()
    }

    /// Answers the set word.
    pub(super) fn transfer_from(&mut self, _from: Address, _to: Address, _value: U256) -> U256 {
        self.answer.get()
    }
}

/// A token whose transfers move balances and answer nothing, as some early ERC-20s do.
#[storage]
pub struct SilentToken {
    balances: StorageMap<Address, StorageU256>,
}

unsafe impl TopLevelStorage for SilentToken {}

#[public]
impl SilentToken {
    /// Gives `to` `amount` tokens.
    pub(super) fn mint(&mut self, to: Address, amount: U256) {
        let balance = self.balances.get(to);
        self.balances.setter(to).set(balance + amount);
    }

    /// The balance of `account`.
    pub(super) fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// Moves tokens from the caller; reverts without data when it has too little.
    pub(super) fn transfer(&mut self, to: Address, value: U256) -> Result<(), Vec<u8>> {
        if move_balance(&mut self.balances, caller(), to, value) {
            Ok(())
        } else {
            Err(Vec::new())
        }
    }

    /// Moves tokens from `from` (no allowances); reverts without data when it has too little.
    pub(super) fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<(), Vec<u8>> {
        if move_balance(&mut self.balances, from, to, value) {
            Ok(())
        } else {
            Err(Vec::new())
        }
    }
}

/// A fee-on-transfer token: `transferFrom` burns 1% of the value and delivers the rest;
/// `transfer` delivers everything.
#[storage]
pub struct FeeToken {
    balances: StorageMap<Address, StorageU256>,
}

unsafe impl TopLevelStorage for FeeToken {}

#[public]
impl FeeToken {
    /// Gives `to` `amount` tokens.
    pub(super) fn mint(&mut self, to: Address, amount: U256) {
        let balance = self.balances.get(to);
        self.balances.setter(to).set(balance + amount);
    }

    /// The balance of `account`.
    pub(super) fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// Moves tokens from the caller.
    pub(super) fn transfer(&mut self, to: Address, value: U256) -> bool {
        move_balance(&mut self.balances, caller(), to, value)
    }

    /// Moves `value` less a 1% fee (burnt) from `from` to `to` (no allowances).
    pub(super) fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> bool {
        let fee = value / U256::from(100);
        move_balance(&mut self.balances, from, to, value - fee)
            && move_balance(&mut self.balances, from, Address::ZERO, fee)
    }
}

/// A token whose transfers revert with a reason.
#[storage]
pub struct RevertingToken {}

unsafe impl TopLevelStorage for RevertingToken {}

#[public]
#[allow(clippy::unused_self)]
impl RevertingToken {
    /// Reverts with data.
    pub(super) fn transfer(&mut self, _to: Address, _value: U256) -> Result<bool, Vec<u8>> {
        Err(vec![0xde, 0xad])
    }

    /// Reverts with data.
    pub(super) fn transfer_from(
        &mut self,
        _from: Address,
        _to: Address,
        _value: U256,
    ) -> Result<bool, Vec<u8>> {
        Err(vec![0xde, 0xad])
    }
}

/// A token that, inside each transfer, calls the licence contract back (`stake` from
/// `transferFrom`, `unstake` from `transfer`) and records how that call ended; then moves the
/// balance and answers `true`.
#[storage]
pub struct ReentrantToken {
    balances: StorageMap<Address, StorageU256>,
    /// The licence contract to call back.
    target: StorageAddress,
    /// keccak-256 of the revert data of the last call back (zero if it succeeded or none
    /// was made).
    reentry: StorageB256,
}

unsafe impl TopLevelStorage for ReentrantToken {}

impl ReentrantToken {
    /// Calls the licence contract with `calldata` and records the outcome.
    fn call_back(&mut self, calldata: &[u8]) {
        // SAFETY: a test contract; nothing of ours is borrowed across the call.
        let result = unsafe { RawCall::new().call(self.target.get(), calldata) };
        let outcome = match result {
            Ok(_) => B256::ZERO,
            Err(data) => stylus_sdk::crypto::keccak(data),
        };
        self.reentry.set(outcome);
    }
}

#[public]
impl ReentrantToken {
    /// Sets the contract to call back, and gives `to` `amount` tokens.
    pub(super) fn arm(&mut self, target: Address, to: Address, amount: U256) {
        self.target.set(target);
        let balance = self.balances.get(to);
        self.balances.setter(to).set(balance + amount);
    }

    /// The balance of `account`.
    pub(super) fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// The recorded outcome of the last call back.
    pub(super) fn reentry(&self) -> B256 {
        self.reentry.get()
    }

    /// Calls back `unstake(1, 1)`, then moves the tokens.
    pub(super) fn transfer(&mut self, to: Address, value: U256) -> bool {
        let calldata = AbiWriter::call(M::unstakeCall::SELECTOR)
            .uint(&node1())
            .uint(&U256::from(1))
            .finish();
        self.call_back(&calldata);
        move_balance(&mut self.balances, caller(), to, value)
    }

    /// Calls back `stake(1, 1)`, then moves the tokens (no allowances).
    pub(super) fn transfer_from(&mut self, from: Address, to: Address, value: U256) -> bool {
        let calldata = AbiWriter::call(M::stakeCall::SELECTOR)
            .uint(&node1())
            .uint(&U256::from(1))
            .finish();
        self.call_back(&calldata);
        move_balance(&mut self.balances, from, to, value)
    }
}

/// A fresh world whose staking token is `token` (set by alice).
fn world_with_token(token: Address) -> World {
    let world = World::deployed();
    world
        .licenses
        .sender(super::who("alice"))
        .set_staking_token(token)
        .motsu_unwrap();
    world
}

#[motsu::test]
fn a_token_answering_anything_but_true_fails_the_stake(
    token: Contract<FalseToken>,
    alice: Address,
    bob: Address,
) {
    let world = world_with_token(token.address());
    for answer in [U256::ZERO, U256::from(2), U256::MAX] {
        token.sender(alice).set_answer(answer);
        assert_refused!(
            world,
            world.licenses.sender(bob).stake(node1(), tokens(1)),
            SafeErc20FailedOperation,
            M::SafeErc20FailedOperation {
                token: token.address()
            },
            "answer {answer}"
        );
    }
    // The same token answering `true` moved nothing, so nothing is credited.
    token.sender(alice).set_answer(U256::from(1));
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), tokens(1)),
        InvalidAmount,
        M::InvalidAmount { amount: U256::ZERO }
    );
}

/// L5: a fee-on-transfer token delivers less than asked; the stake is credited with what
/// arrived, so `totalStaked` equals the balance and the last staker can leave.
#[motsu::test]
fn a_fee_on_transfer_token_is_credited_with_what_arrived(
    token: Contract<FeeToken>,
    bob: Address,
    grace: Address,
) {
    let world = world_with_token(token.address());
    for (holder, node) in [(bob, node1()), (grace, super::node2())] {
        token.sender(holder).mint(holder, tokens(100));
        world
            .licenses
            .sender(holder)
            .stake(node, tokens(100))
            .motsu_unwrap();
    }
    let arrived = tokens(99);
    world.licenses.assert_emitted(&M::Staked {
        node: node1(),
        from: bob,
        amount: arrived,
        stake: arrived,
    });
    assert_eq!(world.licenses.sender(bob).stake_of(node1()), arrived);
    let held = token.sender(bob).balance_of(world.licenses.address());
    assert_eq!(world.licenses.sender(bob).total_staked(), held);
    for (holder, node) in [(bob, node1()), (grace, super::node2())] {
        world
            .licenses
            .sender(holder)
            .unstake(node, arrived)
            .motsu_unwrap();
    }
    assert!(world.licenses.sender(bob).total_staked().is_zero());
}

#[motsu::test]
fn a_reverting_token_fails_the_stake(token: Contract<RevertingToken>, bob: Address) {
    let world = world_with_token(token.address());
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), tokens(1)),
        SafeErc20FailedOperation,
        M::SafeErc20FailedOperation {
            token: token.address()
        }
    );
}

#[motsu::test]
fn an_address_without_code_fails_the_stake(bob: Address, erin: Address) {
    let world = world_with_token(erin);
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), tokens(1)),
        SafeErc20FailedOperation,
        M::SafeErc20FailedOperation { token: erin }
    );
}

#[motsu::test]
fn a_token_answering_nothing_works_both_ways(
    token: Contract<SilentToken>,
    alice: Address,
    bob: Address,
    frank: Address,
) {
    let world = world_with_token(token.address());
    world
        .licenses
        .sender(alice)
        .set_treasury(frank)
        .motsu_unwrap();
    token.sender(bob).mint(bob, tokens(10));
    world.stake(bob, node1(), tokens(10));
    assert_eq!(
        token.sender(bob).balance_of(world.licenses.address()),
        tokens(10)
    );
    assert!(token.sender(bob).balance_of(bob).is_zero());

    world
        .licenses
        .sender(bob)
        .unstake(node1(), tokens(4))
        .motsu_unwrap();
    world
        .licenses
        .sender(alice)
        .slash(node1(), tokens(1), super::hash(1))
        .motsu_unwrap();
    assert_eq!(token.sender(bob).balance_of(bob), tokens(4));
    assert_eq!(token.sender(bob).balance_of(frank), tokens(1));
    assert_eq!(
        token.sender(bob).balance_of(world.licenses.address()),
        tokens(5)
    );
    assert_eq!(world.licenses.sender(bob).stake_of(node1()), tokens(5));

    // Its silent failure (a revert without data: bob holds 4) fails the stake.
    assert_refused!(
        world,
        world.licenses.sender(bob).stake(node1(), tokens(5)),
        SafeErc20FailedOperation,
        M::SafeErc20FailedOperation {
            token: token.address()
        }
    );
}

#[motsu::test]
fn re_entering_through_the_token_is_refused(token: Contract<ReentrantToken>, bob: Address) {
    let world = world_with_token(token.address());
    token
        .sender(bob)
        .arm(world.licenses.address(), bob, min() + tokens(1));
    let refused = stylus_sdk::crypto::keccak(M::ReentrantCall {}.abi_encode());

    // `stake` pulls with transferFrom, which tries `stake` again.
    world.stake(bob, node1(), min());
    assert_eq!(token.sender(bob).reentry(), refused);
    assert_eq!(world.licenses.sender(bob).stake_of(node1()), min());
    assert_eq!(world.licenses.sender(bob).total_staked(), min());
    assert_eq!(
        token.sender(bob).balance_of(world.licenses.address()),
        min()
    );
    assert!(!world.licenses.sender(bob).locked.get());

    // `unstake` pays with transfer, which tries `unstake` again.
    world
        .licenses
        .sender(bob)
        .unstake(node1(), tokens(1))
        .motsu_unwrap();
    assert_eq!(token.sender(bob).reentry(), refused);
    assert_eq!(
        world.licenses.sender(bob).stake_of(node1()),
        min() - tokens(1)
    );
    assert_eq!(
        token.sender(bob).balance_of(world.licenses.address()),
        min() - tokens(1)
    );
    assert!(!world.licenses.sender(bob).locked.get());
}
