//! # DIMO manufacturer registry
//!
//! Each vehicle-hardware manufacturer joins the DIMO network as a root node: an ERC-721 token
//! with a mandatory, unique name. This contract keeps those nodes and the rules around them:
//!
//! * **Admins.** The owner is the top admin, handed over in two steps (OpenZeppelin's
//!   `Ownable2Step`); it adds and removes admins. Every admin action emits an event.
//! * **Controllers.** Admins add and remove controllers. A node may be held only by an admin or
//!   by a controller that holds no other node, at mint and on every ERC-721 transfer path.
//! * **Names.** 1 to 64 bytes of printable ASCII without outer spaces, unique
//!   case-insensitively; looked up both ways (see [`name`]).
//! * **Delegation.** The node holder grants expiring privileges
//!   ([`dimo_interfaces::privileges`]) to operators; a change of holder ends them all.
//!   [`ManufacturerRegistry::node_access`] (the holder and one privilege) and
//!   [`ManufacturerRegistry::authorized_privileges`] (all of them) are what the other
//!   contracts call, once per path.
//! * **Metadata.** A per-node URI set by its holder, served as `tokenURI`.
//!
//! The interface, events and errors are declared in
//! [`dimo_interfaces::registry::IManufacturerRegistry`].
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
mod internal;
pub mod name;
mod standard;

/// Prints the contract's Solidity interface (`export-abi` builds only).
#[cfg(feature = "export-abi")]
pub use contract::print_from_args;
pub use contract::ManufacturerRegistry;
pub use error::Error;

#[cfg(test)]
mod tests;
