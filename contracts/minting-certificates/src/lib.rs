//! # DIMO Device Minting Certificates
//!
//! One ERC-721 token per physical device, minted by a licensed manufacturer, holding the
//! device's identity, manufacturing, test, firmware, provisioning and lifecycle records:
//!
//! * **Minting** ([`DeviceCertificates::mint_certificates`]): by the manufacturer node's holder
//!   or a `MINT_DEVICES` delegate, while the manufacturer's Manufacturing License and the named
//!   Hardware Device License (its own) are active; checked once per call. Each device proves
//!   its key with an EIP-712 signature ([`contract_kit::signature`]). Serial numbers, IMEIs and
//!   device addresses are validated ([`identity`]) and unique.
//! * **Owners**: standard ERC-721 transfers, and claims out of factory custody with the
//!   device's signature, a nonce and a deadline.
//! * **Provisioning and organizations**: set by the owner; a change of owner clears the
//!   organizations.
//! * **Lifecycle**: OTA updates, factory resets (optionally rotating the device key) and end of
//!   life, each counted and folded into a per-certificate hash chain ([`history`]).
//!
//! A certificate's id is its device's original address (see
//! [`dimo_interfaces::certificates`]); [`contract`] documents the storage layout and the five
//! new slots a full certificate costs.
//!
//! The interface, events and errors are declared in
//! [`dimo_interfaces::certificates::IDeviceCertificates`].
#![cfg_attr(not(any(test, feature = "export-abi")), no_main, no_std)]
extern crate alloc;

// The SDK's macros expand to unqualified `vec!`, `Vec` and `String`.
#[allow(unused_imports)]
use alloc::{string::String, vec, vec::Vec};

/// A panic traps: the call fails with empty return data and its state is rolled back. Without
/// std's handler no panic message is formatted, which keeps `core::fmt` out of the wasm.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

mod calls;
mod contract;
mod error;
pub mod history;
pub mod identity;
mod internal;
mod storage;

/// Prints the contract's Solidity interface (`export-abi` builds only).
#[cfg(feature = "export-abi")]
pub use contract::print_from_args;
pub use contract::{CertificateView, DeviceCertificates, DeviceInput};
pub use error::Error;

#[cfg(test)]
mod tests;
