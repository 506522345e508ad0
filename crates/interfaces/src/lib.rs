//! The one place where everything that crosses a contract boundary is declared.
//!
//! Each contract of the DIMO hardware registry (manufacturer registry, device licences,
//! minting certificates) offers a Solidity interface to the others and to dApps. This crate
//! holds, once:
//!
//! * the interfaces, declared with [`alloy_sol_types::sol!`]: every function, event and custom
//!   error a contract exposes ([`admin`], [`registry`], [`licenses`], [`certificates`] and the standard ones in [`erc`]);
//! * the views the contracts ask each other, hand-encoded ([`views`]);
//! * the shared constants: delegation privilege ids ([`privileges`]) and ERC-165 interface ids
//!   ([`interface_id`]);
//! * on native builds only, the JSON ABI of every interface ([`abi`]), from which
//!   `scripts/abi` writes the published ABI files.
//!
//! Contract crates depend on this crate and never on each other.
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

/// Declares Solidity items once for both worlds: with their JSON ABI (`#[sol(abi)]`) on native
/// builds, and without it (no serde, no `alloy-json-abi`) in the wasm build of a contract.
macro_rules! solidity {
    ($($item:tt)*) => {
        #[cfg(not(target_arch = "wasm32"))]
        alloy_sol_types::sol! {
            #![sol(abi, all_derives)]
            $($item)*
        }
        #[cfg(target_arch = "wasm32")]
        alloy_sol_types::sol! {
            #![sol(all_derives)]
            $($item)*
        }
    };
}

#[cfg(not(target_arch = "wasm32"))]
pub mod abi;
pub mod admin;
pub mod certificates;
pub mod encode;
pub mod erc;
pub mod interface_id;
pub mod licenses;
pub mod privileges;
pub mod registry;
#[cfg(all(feature = "signer", not(target_arch = "wasm32")))]
pub mod signer;
pub mod views;
