//! Moving the staking token: pulls into the contract on `stake` (credited by the balance
//! increase it causes), payments out on `unstake` and `slash`.
//!
//! The same rule as OpenZeppelin's `SafeErc20`: a token that answers `true` or nothing
//! succeeds; one that answers `false` (or anything else), reverts, or has no code fails, all
//! as `SafeErc20FailedOperation(token)`. Written as a raw call rather than through
//! `SafeErc20` itself, which fits the size budget (20,260 bytes with it, 19,615 with this) but
//! could not be tested here: it reads the answer with `limit_return_data(0, 32)`, and motsu
//! 0.10's `read_return_data` then copies 32 bytes even from a shorter answer, an out-of-bounds
//! read that crashes the test of a token answering nothing. This version reads the whole
//! answer, so every case runs under motsu. (Reading it all costs nothing a misbehaving token
//! could not already burn: the token is chosen by an admin, and any failure reverts.)
//!
//! Each payment is the last step of its function (checks-effects-interactions): the stake
//! records are already updated when the token runs, and the storage cache is flushed and
//! cleared around the call, as in the registry's receiver check, so whatever the token calls
//! sees the new state and this contract reads fresh state afterwards. On top of that a guard
//! flag is set around the call, and the staking functions refuse to run while it is set
//! ([`M::ReentrantCall`]). The pull of `stake` is the exception: the stake is credited after
//! it, with what arrived, which the guard flag makes safe. A deployed contract also refuses any re-entrant call at its entry
//! point (stylus-sdk without its `reentrant` feature); the flag keeps the rule if that
//! feature is ever turned on, and makes it testable under motsu, which does re-enter.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{
    encode::AbiWriter,
    licenses::{IManufacturingLicenses as M, IStakingToken as T},
};
use stylus_sdk::{call::RawCall, types::AddressVM};

use contract_kit::host::this;

use crate::{contract::ManufacturingLicenses, error::Error};

impl ManufacturingLicenses {
    /// Requires no token call to be under way.
    pub(crate) fn _not_entered(&self) -> Result<(), Error> {
        if self.locked.get() {
            return Err(M::ReentrantCall {}.into());
        }
        Ok(())
    }

    /// This contract's balance of `token` (0 when the call fails or `token` has no code, which
    /// the transfer then refuses).
    pub(crate) fn _balance(token: Address) -> U256 {
        #[allow(deprecated)]
        if !token.has_code() {
            return U256::ZERO;
        }
        let calldata = AbiWriter::call(T::balanceOfCall::SELECTOR)
            .address(&this())
            .finish();
        contract_kit::calls::static_word(token, &calldata)
            .map_or(U256::ZERO, |word| U256::from_be_bytes(word.0))
    }

    /// Pulls `amount` of `token` from `from` into this contract (`transferFrom`).
    pub(crate) fn _pull(
        &mut self,
        token: Address,
        from: Address,
        amount: U256,
    ) -> Result<(), Error> {
        let calldata = AbiWriter::call(T::transferFromCall::SELECTOR)
            .address(&from)
            .address(&this())
            .uint(&amount)
            .finish();
        self._call_token(token, &calldata)
    }

    /// Pays `amount` of `token` from this contract to `to` (`transfer`).
    pub(crate) fn _pay(&mut self, token: Address, to: Address, amount: U256) -> Result<(), Error> {
        let calldata = AbiWriter::call(T::transferCall::SELECTOR)
            .address(&to)
            .uint(&amount)
            .finish();
        self._call_token(token, &calldata)
    }

    /// Calls `token` with `calldata` under the guard and applies the `SafeErc20` rule.
    #[inline(never)]
    fn _call_token(&mut self, token: Address, calldata: &[u8]) -> Result<(), Error> {
        #[allow(deprecated)]
        if !token.has_code() {
            return Err(M::SafeErc20FailedOperation { token }.into());
        }
        self.locked.set(true);
        // SAFETY: the call is the last step of its function, with the storage cache flushed
        // and cleared around it, which is what makes re-entrancy safe on Stylus.
        let result = unsafe {
            RawCall::new()
                .flush_storage_cache()
                .clear_storage_cache()
                .call(token, calldata)
        };
        self.locked.set(false);
        match result {
            Ok(answer)
                if answer.is_empty()
                    || answer.get(..32) == Some(B256::with_last_byte(1).as_slice()) =>
            {
                Ok(())
            }
            _ => Err(M::SafeErc20FailedOperation { token }.into()),
        }
    }
}
