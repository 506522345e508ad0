//! # DIMO Manufacturing Licenses
//!
//! The first half of the licence flow (the second is `contracts/device-licenses`, whose
//! README tells the whole story: who does what, in which order, with which call). One
//! Manufacturing License per manufacturer node of the registry:
//!
//! * **Stake.** An admin sets the staking token ($DIMO) and the minimum stake (100,000 tokens
//!   of 18 decimals to start with). The node's holder, or a delegate holding the registry's
//!   `MANAGE_LICENSES` privilege on it, stakes with `transferFrom`; stakes are kept per node.
//!   Unstaking pays the node's holder; while a licence is in force the stake may not go below
//!   the minimum, and once it ended (revoked or expired) only after the cooldown. An admin may
//!   slash a stake, wholly or in part, to the treasury, with a reason hash.
//! * **MOU.** Admins publish MOU versions (hash and URI); the node's holder accepts the
//!   current version.
//! * **Licence.** A licence manager (or an admin) grants it while the stake is at least the
//!   minimum and the current MOU is accepted; then suspends, reinstates or revokes it. States:
//!   none → active ↔ suspended, and active or suspended → revoked (final for that grant; a new
//!   grant is a new decision). Optional expiry. [`ManufacturingLicenses::is_manufacturer_licensed`]
//!   (active, unexpired, staked at least the minimum) is what the device-licence contract
//!   calls; [`ManufacturingLicenses::manufacturing_license_check`] adds the grant number and
//!   expiry a mint records.
//!
//! **Roles.** The owner is the top admin (OpenZeppelin `Ownable2Step`) and adds and removes
//! admins. Admins set the staking token, minimum stake, cooldown and treasury, publish MOU
//! versions, slash stakes, and add and remove licence managers; they may also act as licence
//! managers themselves. Licence managers grant, suspend, reinstate and revoke Manufacturing
//! Licenses here, and suspend, reinstate and revoke device licences in the device-licence
//! contract, which asks this contract `isLicenseManager`. A node's holder, or its delegate
//! with the registry's `MANAGE_LICENSES` privilege, stakes and unstakes; only the holder
//! itself accepts the MOU, since it is an agreement of the manufacturer.
//!
//! **Stake rules.** Stakes belong to the node, not to whoever paid them in: an unstake always
//! pays the node's current holder in the registry, and a new holder inherits the stake. While
//! the licence is active or suspended (and unexpired) the stake may only drop to the minimum;
//! once it ended, below the minimum after `unstakeCooldown` seconds from the revocation or the
//! expiry, which leaves the admins time to slash for a fault found late. A node never granted
//! a licence may unstake freely. Slashing needs no particular licence status. The staking
//! token can change only while nothing is staked. Tokens that take a fee on transfer are not
//! supported (the stake is booked at the amount asked for).
//!
//! **Token safety.** Transfers follow OpenZeppelin's `SafeErc20` rule (a token answering
//! `true` or nothing succeeds; `false`, a revert or no code fails) through a raw call
//! (`token.rs` says why not `SafeErc20` itself), as the last step of each function, after every
//! state change, under a re-entrancy guard.
//!
//! **No loops** over anything that grows: every function does a fixed amount of work.
//!
//! ## Why two contracts
//!
//! Stylus code must fit in 24,576 bytes compressed. Measured with `scripts/build`
//! (build-std, immediate-abort, opt-level "z") when the split was decided (2026-11-22; the
//! current figures are what `scripts/build` prints): this contract was 19,615 bytes and the
//! device-licence contract 22,112 bytes. What they share (the SDK's router and storage code,
//! two-step ownership, an admin list, ERC-165, the error and event encoders) measures 7,618
//! bytes as a contract of its own, so one contract holding both halves would need about
//! 19,615 + 22,112 - 7,618 = 34,109 bytes, some 9.5 KB over the limit. The split follows the
//! line the product draws: the manufacturer's standing (stake, MOU, Manufacturing License)
//! here, the per-design Hardware Device Licenses there.
//!
//! The interface, events and errors are declared in
//! [`dimo_interfaces::licenses::IManufacturingLicenses`].
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
mod internal;
mod standard;
mod token;

/// Prints the contract's Solidity interface (`export-abi` builds only).
#[cfg(feature = "export-abi")]
pub use contract::print_from_args;
pub use contract::{ManufacturingLicenses, Mou, NodeRecord};
pub use error::Error;

#[cfg(test)]
mod tests;
