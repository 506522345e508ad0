//! The ERC-721 entry points both ERC-721 contracts expose, written once.
//!
//! Each delegates to OpenZeppelin's `Erc721` in the contract's `erc721` field; only the
//! transfer rule differs (the registry's one-node-per-controller rule, the certificate
//! token's retirement and organizations), so it is the macro's one parameter.
//! `safeTransferFrom` applies the same rule, then calls the receiver last
//! ([`crate::receiver`], checks-effects-interactions), passing a receiver's revert data on as
//! the contract's `ReceiverReverted` and an empty revert or a wrong answer as
//! `ERC721InvalidReceiver`.

/// Implements `IErc721` for `$contract` (with error enum `$error`, which must have the
/// variant `ReceiverReverted(Vec<u8>)` and `From` every OpenZeppelin ERC-721 error). The
/// block after `transfer(this, from, to, token_id)` is `transferFrom`'s body, with `this`
/// standing for `self`. Expands to a `#[public]` impl, so the calling module needs
/// `stylus_sdk::prelude::*`.
#[macro_export]
macro_rules! erc721_public {
    (
        $contract:ty,
        $error:ty,
        transfer($this:ident, $from:ident, $to:ident, $id:ident) $transfer:block
    ) => {
        #[public]
        impl ::openzeppelin_stylus::token::erc721::IErc721 for $contract {
            type Error = $error;

            fn balance_of(
                &self,
                owner: ::alloy_primitives::Address,
            ) -> Result<::alloy_primitives::U256, $error> {
                Ok(self.erc721.balance_of(owner)?)
            }

            fn owner_of(
                &self,
                token_id: ::alloy_primitives::U256,
            ) -> Result<::alloy_primitives::Address, $error> {
                Ok(self.erc721.owner_of(token_id)?)
            }

            fn safe_transfer_from(
                &mut self,
                from: ::alloy_primitives::Address,
                to: ::alloy_primitives::Address,
                token_id: ::alloy_primitives::U256,
            ) -> Result<(), $error> {
                self.safe_transfer_from_with_data(
                    from,
                    to,
                    token_id,
                    ::alloc::vec::Vec::new().into(),
                )
            }

            /// The transfer rule and its bookkeeping run before the receiver's callback, the
            /// only external call (checks-effects-interactions).
            #[selector(name = "safeTransferFrom")]
            fn safe_transfer_from_with_data(
                &mut self,
                from: ::alloy_primitives::Address,
                to: ::alloy_primitives::Address,
                token_id: ::alloy_primitives::U256,
                data: ::stylus_sdk::abi::Bytes,
            ) -> Result<(), $error> {
                self.transfer_from(from, to, token_id)?;
                $crate::receiver::check_on_received(
                    $crate::host::caller(),
                    from,
                    to,
                    token_id,
                    &data,
                )
                .map_err(|refusal| match refusal {
                    $crate::receiver::Refusal::Reverted(reason) => {
                        <$error>::ReceiverReverted(reason)
                    }
                    $crate::receiver::Refusal::Invalid => {
                        ::openzeppelin_stylus::token::erc721::ERC721InvalidReceiver { receiver: to }
                            .into()
                    }
                })
            }

            fn transfer_from(
                &mut self,
                $from: ::alloy_primitives::Address,
                $to: ::alloy_primitives::Address,
                $id: ::alloy_primitives::U256,
            ) -> Result<(), $error> {
                let $this = self;
                $transfer
            }

            fn approve(
                &mut self,
                to: ::alloy_primitives::Address,
                token_id: ::alloy_primitives::U256,
            ) -> Result<(), $error> {
                Ok(self.erc721.approve(to, token_id)?)
            }

            fn set_approval_for_all(
                &mut self,
                operator: ::alloy_primitives::Address,
                approved: bool,
            ) -> Result<(), $error> {
                Ok(self.erc721.set_approval_for_all(operator, approved)?)
            }

            fn get_approved(
                &self,
                token_id: ::alloy_primitives::U256,
            ) -> Result<::alloy_primitives::Address, $error> {
                Ok(self.erc721.get_approved(token_id)?)
            }

            fn is_approved_for_all(
                &self,
                owner: ::alloy_primitives::Address,
                operator: ::alloy_primitives::Address,
            ) -> bool {
                self.erc721.is_approved_for_all(owner, operator)
            }
        }
    };
}
