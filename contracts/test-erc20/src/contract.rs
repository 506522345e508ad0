//! The test token's storage and functions.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, U256, U8};
use openzeppelin_stylus::{
    token::erc20::{self, extensions::IErc20Metadata, Erc20, IErc20},
    utils::introspection::erc165::IErc165,
};
use stylus_sdk::prelude::*;

/// ERC-165 ids of the interfaces the token answers for, as constants. OpenZeppelin's
/// `interface_id()` XORs the selectors in the iteration order of a `HashMap` inside its proc
/// macro, which changes from one compilation to the next: code calling it made the only
/// build-to-build differences of the workspace's wasm (`scripts/repro-check`). The unit tests
/// check these against it.
const INTERFACE_IDS: [B32; 3] = [
    B32::new(0x3637_2b07_u32.to_be_bytes()), // IErc20
    B32::new(0xa219_a025_u32.to_be_bytes()), // IErc20Metadata
    B32::new(0x01ff_c9a7_u32.to_be_bytes()), // IErc165
];

/// The test token: balances, allowances and supply (OpenZeppelin).
#[entrypoint]
#[storage]
pub struct TestErc20 {
    /// OpenZeppelin's ERC-20 state.
    erc20: Erc20,
}

#[public]
#[implements(IErc20<Error = erc20::Error>, IErc20Metadata, IErc165)]
impl TestErc20 {
    /// Test only: mints `amount` new tokens to `to`, for anyone.
    ///
    /// # Errors
    ///
    /// * `ERC20InvalidReceiver` - If `to` is the zero address.
    ///
    /// # Events
    ///
    /// * `Transfer` (from the zero address).
    pub fn mint(&mut self, to: Address, amount: U256) -> Result<(), erc20::Error> {
        self.erc20._mint(to, amount)
    }
}

#[public]
impl IErc20 for TestErc20 {
    type Error = erc20::Error;

    fn total_supply(&self) -> U256 {
        self.erc20.total_supply()
    }

    fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    fn transfer(&mut self, to: Address, value: U256) -> Result<bool, erc20::Error> {
        self.erc20.transfer(to, value)
    }

    fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    fn approve(&mut self, spender: Address, value: U256) -> Result<bool, erc20::Error> {
        self.erc20.approve(spender, value)
    }

    fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, erc20::Error> {
        self.erc20.transfer_from(from, to, value)
    }
}

#[public]
impl IErc20Metadata for TestErc20 {
    fn name(&self) -> String {
        "Test DIMO".into()
    }

    fn symbol(&self) -> String {
        "tDIMO".into()
    }

    fn decimals(&self) -> U8 {
        U8::from(18)
    }
}

#[public]
impl IErc165 for TestErc20 {
    fn supports_interface(&self, interface_id: B32) -> bool {
        INTERFACE_IDS.contains(&interface_id)
    }
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{Address, U256};
    use motsu::prelude::*;
    use openzeppelin_stylus::token::erc20::{self, extensions::IErc20Metadata, IErc20};

    use super::*;

    #[motsu::test]
    fn anyone_mints_and_balances_move(token: Contract<TestErc20>, alice: Address, bob: Address) {
        token
            .sender(bob)
            .mint(alice, U256::from(1000))
            .motsu_unwrap();
        assert_eq!(token.sender(alice).balance_of(alice), U256::from(1000));
        assert_eq!(token.sender(alice).total_supply(), U256::from(1000));
        token.assert_emitted(&erc20::Transfer {
            from: Address::ZERO,
            to: alice,
            value: U256::from(1000),
        });

        assert!(token
            .sender(alice)
            .approve(bob, U256::from(300))
            .motsu_unwrap());
        assert!(token
            .sender(bob)
            .transfer_from(alice, bob, U256::from(200))
            .motsu_unwrap());
        assert_eq!(token.sender(alice).balance_of(bob), U256::from(200));
        assert_eq!(token.sender(alice).allowance(alice, bob), U256::from(100));
        assert!(token
            .sender(bob)
            .transfer(alice, U256::from(50))
            .motsu_unwrap());
        assert_eq!(token.sender(alice).balance_of(alice), U256::from(850));
    }

    #[motsu::test]
    fn refuses_mint_to_zero_and_overdraft(
        token: Contract<TestErc20>,
        alice: Address,
        bob: Address,
    ) {
        let err = token
            .sender(alice)
            .mint(Address::ZERO, U256::from(1))
            .motsu_unwrap_err();
        assert!(matches!(err, erc20::Error::InvalidReceiver(_)), "{err:?}");
        let err = token
            .sender(alice)
            .transfer(bob, U256::from(1))
            .motsu_unwrap_err();
        assert!(
            matches!(err, erc20::Error::InsufficientBalance(_)),
            "{err:?}"
        );
    }

    #[motsu::test]
    fn has_fixed_metadata_and_erc165(token: Contract<TestErc20>, alice: Address) {
        assert_eq!(token.sender(alice).name(), "Test DIMO");
        assert_eq!(token.sender(alice).symbol(), "tDIMO");
        assert_eq!(token.sender(alice).decimals(), U8::from(18));
        let ids = [
            <TestErc20 as IErc20>::interface_id(),
            <TestErc20 as IErc20Metadata>::interface_id(),
            <TestErc20 as IErc165>::interface_id(),
        ];
        assert_eq!(ids, super::INTERFACE_IDS);
        for id in ids {
            assert!(token.sender(alice).supports_interface(id));
        }
        assert!(!token.sender(alice).supports_interface(B32::ZERO));
    }
}
