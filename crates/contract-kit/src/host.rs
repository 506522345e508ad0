//! The caller and the block time.
//!
//! The SDK's free host functions are used rather than `self.vm()`: building its `&dyn Host`
//! vtable keeps every host wrapper in the wasm (about 10 KB at `opt-level = "s"`).

use alloy_primitives::Address;

/// The caller of the current call (`msg.sender`).
#[allow(deprecated)]
#[must_use]
pub fn caller() -> Address {
    stylus_sdk::msg::sender()
}

/// The current block's timestamp, in unix seconds.
#[allow(deprecated)]
#[must_use]
pub fn now() -> u64 {
    stylus_sdk::block::timestamp()
}

/// The address of the running contract.
#[allow(deprecated)]
#[must_use]
pub fn this() -> Address {
    stylus_sdk::contract::address()
}
