//! # DIMO Hardware Device Licenses
//!
//! One licence per device design, the second half of the licence flow (the first,
//! `contracts/manufacturing-licenses`, keeps the manufacturer's stake, MOU and Manufacturing
//! License). `README.md` next to this crate tells the whole flow: who does what, in which
//! order, with which call.
//!
//! * **Apply.** The holder of a manufacturer node, or its delegate with the registry's
//!   `MANAGE_LICENSES` privilege, applies with the model name (1 to 64 bytes), the hardware
//!   revision (1 to 32 bytes), the hash of the design documents and, for a changed design,
//!   the licence it supersedes (an active or suspended licence of the same manufacturer).
//!   The manufacturer must hold a valid Manufacturing License.
//! * **Audits.** Approved auditors record the three assessments (1 hardware and security,
//!   2 customer experience, 3 integration testing and quality control), each passed or failed
//!   with a report hash and URI. Until the decision a later record of a kind replaces the
//!   earlier one, and every record opens a new voting round: votes cast on earlier reports no
//!   longer count (an O(1) reset: votes are keyed by round).
//! * **Approval.** Once all three passed, each member of the Hardware Integration Team votes
//!   once per round. After each vote the licence is granted when the round's approvals reach
//!   the threshold k (and the manufacturer is still licensed), or rejected when the
//!   rejections exceed n - k, so that k approvals can no longer come (n: the team size).
//! * **Supersession.** Granting a licence that supersedes another ends the other: an active
//!   or suspended superseded licence becomes *superseded* (final), records its successor, and
//!   stops counting as active, so no new devices of the old design can be minted under it.
//!   Certificates already minted under it are not touched. A superseded licence that was
//!   revoked meanwhile stays revoked. Both designs in production need two separate licences
//!   (apply without `supersedes`).
//! * **Afterwards.** Admins and licence managers suspend, reinstate or revoke a licence with
//!   a reason hash; revoking also closes a pending application. Rejected, superseded and
//!   revoked are final. None of this touches certificates already minted.
//! * **Views.** `deviceLicense(id)` (the whole record), `deviceLicenseAudit(id, kind)`,
//!   `hasVoted`, `isDeviceLicenseActive(id)` and `deviceLicenseManufacturer(id)` (what the
//!   certificate contract calls, together with the manufacturing contract's
//!   `isManufacturerLicensed`), and `deviceLicensesOf(node, offset, limit)`, a page of at most
//!   100 ids.
//!
//! **Roles.** The owner is the top admin (OpenZeppelin `Ownable2Step`) and adds and removes
//! admins. Admins approve and remove auditors, add and remove team members, set the threshold
//! (1 to n; a member cannot be removed while fewer than k members would remain), and decide
//! licence statuses. Licence managers are those of the manufacturing-licence contract (one
//! list for both contracts, read with a static call to its `isLicenseManager`).
//!
//! **Statuses.** 0 none, 1 pending, 2 rejected, 3 active, 4 superseded, 5 suspended,
//! 6 revoked ([`dimo_interfaces::licenses::DeviceStatus`]).
//!
//! **No loops** over anything that grows: applying appends to the manufacturer's list,
//! votes are one flag each, and the list is read in bounded pages.
//!
//! **Size.** Close to the 24,576 compressed bytes allowed (`scripts/build` prints the current
//! figure), which is why the licence flow is two contracts: the measurements that decided it
//! are in the manufacturing-licence crate's documentation. As in the registry: no `self.vm()`, no `StorageString`, errors and
//! events through the shared encoders, raw static calls to the other contracts.
//!
//! The interface, events and errors are declared in
//! [`dimo_interfaces::licenses::IDeviceLicenses`].
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

/// Prints the contract's Solidity interface (`export-abi` builds only).
#[cfg(feature = "export-abi")]
pub use contract::print_from_args;
pub use contract::{Audit, Auditor, DeviceLicense, DeviceLicenses};
pub use error::Error;

#[cfg(test)]
mod tests;
