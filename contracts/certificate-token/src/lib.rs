//! # DIMO Device Minting Certificate token
//!
//! The ERC-721 side of the Device Minting Certificates: one token per physical device, with
//! its id the device's original address. The certificate contract (`minting-certificates`,
//! the *issuer*) keeps the records and decides every mint; this contract keeps ownership:
//!
//! * **Issuer hooks**: [`CertificateToken::issue`] mints a batch to the manufacturer's holder,
//!   [`CertificateToken::issuer_transfer`] carries out a claim the issuer verified,
//!   [`CertificateToken::retire`] freezes a token at end of life, and
//!   [`CertificateToken::notify_update`] emits ERC-4906 `MetadataUpdate` for a changed record.
//! * **Transfers**: OpenZeppelin's ERC-721; a retired token cannot move; a change of owner
//!   clears the organizations.
//! * **Organizations**: the owner authorizes and revokes up to
//!   [`dimo_interfaces::certificates::MAX_ORGANIZATIONS`] organizations.
//! * **Metadata**: `tokenURI` is an owner-set base followed by the id in hex.
//!
//! Why two contracts: one would be about 31.7 KB compressed, over Stylus's 24 KB limit (see
//! the README's "Code size"). The line between them is DIMO's own: records and rules in one
//! contract, a thin NFT in another.
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

mod contract;
mod error;
mod standard;

/// Prints the contract's Solidity interface (`export-abi` builds only).
#[cfg(feature = "export-abi")]
pub use contract::print_from_args;
pub use contract::CertificateToken;
pub use error::Error;

#[cfg(test)]
mod tests;
