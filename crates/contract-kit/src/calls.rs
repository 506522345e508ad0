//! Read-only calls to other contracts, and the registry's answers every contract needs
//! (the views themselves: [`dimo_interfaces::views`]).
//!
//! Raw static calls with calldata written by [`AbiWriter`] and the answer word decoded by
//! hand, rather than `sol_interface!`: the typed call path brings the SDK's generic call and
//! decoding machinery into the wasm (several KB). A static call cannot change any state, so
//! there is no storage cache to flush.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{
    encode::AbiWriter,
    erc::IERC721,
    registry::IManufacturerRegistry as R,
    views::{self, NodeAccess},
};
use stylus_sdk::call::RawCall;

/// Static-calls `target` with `calldata`: its whole answer, or `None` when the call failed.
#[must_use]
pub fn static_call(target: Address, calldata: &[u8]) -> Option<alloc::vec::Vec<u8>> {
    // SAFETY: a static call cannot write to this contract's storage.
    unsafe { RawCall::new_static().call(target, calldata) }.ok()
}

/// Static-calls `target` with `calldata`; the first word of the answer, or `None` when the
/// call failed or answered less than a word.
#[must_use]
pub fn static_word(target: Address, calldata: &[u8]) -> Option<B256> {
    let answer = static_call(target, calldata)?;
    answer.get(..32).map(B256::from_slice)
}

/// Static-calls `target` with `calldata`: whether it answered the ABI encoding of `true`. A
/// failed call or any other answer is `false`.
#[must_use]
pub fn answers_true(target: Address, calldata: &[u8]) -> bool {
    static_word(target, calldata) == Some(B256::with_last_byte(1))
}

/// `registry.isAuthorized(node, account, privilege)`; false when the call fails.
#[must_use]
pub fn is_authorized(registry: Address, node: U256, account: Address, privilege: u8) -> bool {
    let calldata = AbiWriter::call(R::isAuthorizedCall::SELECTOR)
        .uint(&node)
        .address(&account)
        .small(privilege.into())
        .finish();
    answers_true(registry, &calldata)
}

/// `registry.nodeAccess(node, account, privilege)`: the node's holder and whether `account`
/// may use `privilege` on it, in one call; no holder and not authorized when the call fails.
/// With privilege 0 (never valid) it asks for the holder only, at the cost of `ownerOf`.
#[must_use]
pub fn node_access(registry: Address, node: U256, account: Address, privilege: u8) -> NodeAccess {
    let calldata = NodeAccess::calldata(node, account, privilege);
    NodeAccess::decode(&static_call(registry, &calldata).unwrap_or_default())
}

/// `registry.authorizedPrivileges(node, account)`: the privileges `account` may use on
/// `node` as a bit set; none when the call fails.
#[must_use]
pub fn authorized_privileges(registry: Address, node: U256, account: Address) -> U256 {
    let calldata = views::authorized_privileges_calldata(node, account);
    views::decode_privileges(&static_call(registry, &calldata).unwrap_or_default())
}

/// `registry.ownerOf(node)`; the zero address when the node does not exist (the call reverts)
/// or the answer is not an address.
#[must_use]
pub fn owner_of(registry: Address, node: U256) -> Address {
    let calldata = AbiWriter::call(IERC721::ownerOfCall::SELECTOR)
        .uint(&node)
        .finish();
    match static_word(registry, &calldata) {
        Some(word) if word[..12].iter().all(|b| *b == 0) => Address::from_word(word),
        _ => Address::ZERO,
    }
}

/// Calls `target` with `calldata`, flushing the storage cache before and clearing it after,
/// as the SDK's typed mutating calls do: the callee and any re-entrant call see this
/// contract's writes, and this contract reads fresh state afterwards. Its answer, or its
/// revert data.
///
/// # Errors
///
/// The callee's revert data (empty for a trap or a call to no code that fails).
pub fn call(target: Address, calldata: &[u8]) -> Result<alloc::vec::Vec<u8>, alloc::vec::Vec<u8>> {
    // SAFETY: the cache is flushed before and cleared after the call.
    unsafe {
        RawCall::new()
            .flush_storage_cache()
            .clear_storage_cache()
            .call(target, calldata)
    }
}
