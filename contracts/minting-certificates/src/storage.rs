//! The per-certificate and per-batch records, packed into as few storage words as their
//! fields allow.
//!
//! The SDK packs consecutive fields smaller than a word into one slot, as Solidity does; the
//! word each field lands in is noted on it.

// The SDK's macros expand to unqualified `vec!` and `Vec`.
#[allow(unused_imports)]
use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::U40, Address, B256, U256, U32, U64, U8};
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageU16, StorageU32, StorageU64, StorageU8, StorageUint,
    },
};

/// A 40-bit unsigned integer in storage: unix seconds, good until the year 36812.
pub(crate) type StorageU40 = StorageUint<40, 1>;

/// Test result bits of [`Certificate::results`].
pub(crate) mod results {
    /// The in-circuit test passed.
    pub(crate) const ICT: u8 = 1;
    /// The mechanical test passed.
    pub(crate) const MECHANICAL: u8 = 2;
    /// QA passed (always set: a device that failed QA is not minted).
    pub(crate) const QA: u8 = 4;
}

/// One certificate. A mint writes words 0 and 1; words 2 to 4 are written by later changes
/// (provisioning, lifecycle).
#[storage]
pub struct Certificate {
    /// Word 0: the serial number ([`crate::identity::serial_word`]).
    pub(crate) serial: StorageB256,
    /// Word 1: the IMEI (0: no modem).
    pub(crate) imei: StorageU64,
    /// Word 1: the batch it was minted in (manufacturer, licences, minter: see [`Batch`]).
    pub(crate) batch: StorageU32,
    /// Word 1: manufacturing date.
    pub(crate) manufactured_at: StorageU40,
    /// Word 1: QA inspection date.
    pub(crate) qa_inspected_at: StorageU40,
    /// Word 1: initial firmware version.
    pub(crate) initial_firmware: StorageU64,
    /// Word 1: test results ([`results`] bits).
    pub(crate) results: StorageU8,
    /// Word 2: the current device key after a rotation; zero while it is the original one
    /// (the id). Keys rotated away from stay in the rotated-key index: never reusable.
    pub(crate) device: StorageAddress,
    /// Word 2: provisioning date (0: not provisioned).
    pub(crate) provisioned_at: StorageU40,
    /// Word 2: lifecycle status ([`dimo_interfaces::certificates::status`]).
    pub(crate) status: StorageU8,
    /// Word 3: current firmware after an OTA update (0: still the initial one).
    pub(crate) firmware: StorageU64,
    /// Word 3: OTA updates so far.
    pub(crate) ota_count: StorageU32,
    /// Word 3: factory resets so far; also the nonce of the next `RotateKey` signature.
    pub(crate) reset_count: StorageU32,
    /// Word 3: end-of-life date (0: in service).
    pub(crate) retired_at: StorageU40,
    /// Word 4: the history chain's head ([`crate::history`]).
    pub(crate) head: StorageB256,
}

/// One mint call: what all its certificates share. Three words, once per batch.
#[storage]
pub struct Batch {
    /// Word 0: the manufacturer node.
    pub(crate) manufacturer: StorageU64,
    /// Word 0: the Hardware Device License.
    pub(crate) device_license: StorageU64,
    /// Word 0: the Manufacturing License's grant number at mint.
    pub(crate) license_grant: StorageU64,
    /// Word 0: the Manufacturing License's expiry at mint (0: none, as the licence contract
    /// records it).
    pub(crate) license_expires_at: StorageU64,
    /// Word 1: who minted (the holder or a delegate).
    pub(crate) minter: StorageAddress,
    /// Word 1: when.
    pub(crate) minted_at: StorageU40,
    /// Word 1: how many certificates.
    pub(crate) count: StorageU16,
    /// Word 2: the digest of its certificates' mint records.
    pub(crate) digest: StorageB256,
}

/// Reads a small storage integer as `u64`.
pub(crate) trait Small {
    /// The value as `u64` (every field above fits).
    fn small(&self) -> u64;
}

macro_rules! small {
    ($($ty:ty),*) => {$(
        impl Small for $ty {
            fn small(&self) -> u64 {
                self.get().as_limbs()[0]
            }
        }
    )*};
}
small!(StorageU8, StorageU16, StorageU32, StorageU40, StorageU64);

/// Writes a `u64` into a small storage integer. Callers pass values that fit its width; a
/// value that does not fit aborts the call (`Uint::from_limbs` checks it) rather than being
/// truncated, so a counter can never wrap silently.
pub(crate) trait SetSmall {
    /// Sets the value.
    fn set_small(&mut self, value: u64);
}

macro_rules! set_small {
    ($($ty:ty => $uint:ty),*) => {$(
        impl SetSmall for $ty {
            fn set_small(&mut self, value: u64) {
                self.set(<$uint>::from_limbs([value]));
            }
        }
    )*};
}
set_small!(StorageU8 => U8, StorageU32 => U32, StorageU40 => U40, StorageU64 => U64);

impl Certificate {
    /// The current device key of certificate `id`.
    pub(crate) fn current_device(&self, id: U256) -> Address {
        let rotated = self.device.get();
        if rotated.is_zero() {
            original_device(id)
        } else {
            rotated
        }
    }

    /// The current firmware version.
    pub(crate) fn current_firmware(&self) -> u64 {
        match self.firmware.small() {
            0 => self.initial_firmware.small(),
            v => v,
        }
    }

    /// Whether the certificate is still in service.
    pub(crate) fn is_active(&self) -> bool {
        self.status.small() == 0
    }
}

/// The original device address a certificate id stands for.
pub(crate) fn original_device(id: U256) -> Address {
    Address::from_word(B256::from(id))
}

/// The certificate id of a device's original address.
pub(crate) fn id_of(device: Address) -> U256 {
    U256::from_be_slice(device.as_slice())
}
