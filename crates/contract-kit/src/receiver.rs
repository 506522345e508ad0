//! The ERC-721 receiver check of `safeTransferFrom`: a contract receiver must answer
//! `onERC721Received` with its selector.
//!
//! Written with a raw call rather than OpenZeppelin's `_check_on_erc721_received`, whose typed
//! interface call, `bytes` handling and lossy reason decoding cost about 5 KB of wasm. It also
//! behaves as OpenZeppelin's Solidity implementation does: a receiver's revert data is passed
//! on unchanged, and an empty revert or a wrong answer is `ERC721InvalidReceiver`.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use dimo_interfaces::encode::AbiWriter;
use stylus_sdk::{call::RawCall, types::AddressVM};

/// `onERC721Received(address,address,uint256,bytes)`'s selector.
pub const RECEIVER_SELECTOR: [u8; 4] = [0x15, 0x0b, 0x7a, 0x02];

/// Why a receiver refused a token.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It reverted with this data, to be passed on as is.
    Reverted(Vec<u8>),
    /// It reverted without data or did not answer the selector (`ERC721InvalidReceiver`).
    Invalid,
}

/// Calls `to.onERC721Received(operator, from, token_id, data)` when `to` has code.
///
/// Runs after every state change of the transfer (checks-effects-interactions). The storage
/// cache is flushed and cleared before the call, as the SDK's typed calls do, so a re-entrant
/// call sees the new state and ours reads fresh state afterwards.
///
/// # Errors
///
/// * [`Refusal`] - The receiver refused the token.
pub fn check_on_received(
    operator: Address,
    from: Address,
    to: Address,
    token_id: U256,
    data: &[u8],
) -> Result<(), Refusal> {
    #[allow(deprecated)]
    if !to.has_code() {
        return Ok(());
    }
    let calldata = AbiWriter::call(RECEIVER_SELECTOR)
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
        Ok(answer) if answer.get(..4) == Some(RECEIVER_SELECTOR.as_slice()) => Ok(()),
        Err(reason) if !reason.is_empty() => Err(Refusal::Reverted(reason)),
        _ => Err(Refusal::Invalid),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn selector_is_on_erc721_received() {
        assert_eq!(
            super::RECEIVER_SELECTOR,
            alloy_primitives::keccak256("onERC721Received(address,address,uint256,bytes)")[..4]
        );
    }
}
