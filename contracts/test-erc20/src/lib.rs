//! # Test ERC-20 (test only)
//!
//! **A test fixture, never to be deployed to a real network: anyone can mint.** It is
//! OpenZeppelin's ERC-20 with fixed metadata (`Test DIMO`, `tDIMO`, 18 decimals) and an open
//! [`TestErc20::mint`]. The licence contracts' tests stake it in place of $DIMO, and the
//! end-to-end runtime tests deploy its wasm (built by `scripts/build` like every contract).
//!
//! It is not in the published ABIs (`crates/interfaces/src/abi.rs`): its interface is plain
//! ERC-20 plus `mint(address,uint256)`.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
extern crate alloc;

// The SDK's macros expand to unqualified `vec!`, `Vec` and `String`.
#[allow(unused_imports)]
use alloc::{string::String, vec, vec::Vec};

/// A panic traps: the call fails with empty return data and its state is rolled back.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

mod contract;

/// Prints the contract's Solidity interface (`export-abi` builds only).
#[cfg(feature = "export-abi")]
pub use contract::print_from_args;
pub use contract::TestErc20;
