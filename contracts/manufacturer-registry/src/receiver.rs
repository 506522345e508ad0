//! The ERC-721 receiver check of `safeTransferFrom`: a contract receiver must answer
//! `onERC721Received` with its selector.
//!
//! Written with a raw call rather than OpenZeppelin's `_check_on_erc721_received`, whose typed
//! interface call, `bytes` handling and lossy reason decoding cost about 5 KB of wasm. It also
//! behaves as OpenZeppelin's Solidity implementation does: a receiver's revert data is passed
//! on unchanged, and an empty revert or a wrong answer is `ERC721InvalidReceiver`.

use alloy_primitives::{Address, U256};
use dimo_interfaces::encode::AbiWriter;
use openzeppelin_stylus::token::erc721::{ERC721InvalidReceiver, RECEIVER_FN_SELECTOR};
use stylus_sdk::{call::RawCall, types::AddressVM};

use crate::error::Error;

/// Calls `to.onERC721Received(operator, from, token_id, data)` when `to` has code.
///
/// Runs after every state change of the transfer (checks-effects-interactions). The storage
/// cache is flushed and cleared before the call, as the SDK's typed calls do, so a re-entrant
/// call sees the new state and ours reads fresh state afterwards.
///
/// # Errors
///
/// * [`Error::ReceiverReverted`] - The receiver reverted with data; the data is passed on.
/// * [`Error::InvalidReceiver`] - It reverted without data or did not answer its selector.
pub(crate) fn check_on_received(
    operator: Address,
    from: Address,
    to: Address,
    token_id: U256,
    data: &[u8],
) -> Result<(), Error> {
    #[allow(deprecated)]
    if !to.has_code() {
        return Ok(());
    }
    let calldata = AbiWriter::call(RECEIVER_FN_SELECTOR.0)
        .address(&operator)
        .address(&from)
        .uint(&token_id)
        .bytes(data)
        .finish();
    // SAFETY: the call is the last step of the transfer and the storage cache is flushed and
    // cleared around it, which is what makes re-entrancy safe on Stylus.
    let result = unsafe {
        RawCall::new()
            .flush_storage_cache()
            .clear_storage_cache()
            .call(to, &calldata)
    };
    match result {
        Ok(answer) if answer.get(..4) == Some(RECEIVER_FN_SELECTOR.as_slice()) => Ok(()),
        Err(reason) if !reason.is_empty() => Err(Error::ReceiverReverted(reason)),
        _ => Err(ERC721InvalidReceiver { receiver: to }.into()),
    }
}
