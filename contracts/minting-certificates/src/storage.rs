//! The per-certificate and per-batch records, packed into as few storage words as their
//! fields allow: each word is a `StorageB256` read and written whole, its fields named by a
//! plain struct ([`Minted`], [`Life`], [`Changes`], [`BatchRecord`]) with
//! their widths noted on them. Dates are unix seconds in 5 bytes (good until the year 36812).

// The SDK's macros expand to unqualified `vec!` and `Vec`.
#[allow(unused_imports)]
use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use contract_kit::packed::{Pack, Unpack};
use stylus_sdk::{prelude::*, storage::StorageB256};

/// Test result bits of [`Minted::results`].
pub(crate) mod results {
    /// The in-circuit test passed.
    pub(crate) const ICT: u8 = 1;
    /// The mechanical test passed.
    pub(crate) const MECHANICAL: u8 = 2;
    /// QA passed (always set: a device that failed QA is not minted).
    pub(crate) const QA: u8 = 4;

    /// The bits of a minted device: QA always, ICT and mechanical as they passed.
    pub(crate) fn of(ict_passed: bool, mechanical_passed: bool) -> u8 {
        QA | if ict_passed { ICT } else { 0 } | if mechanical_passed { MECHANICAL } else { 0 }
    }
}

/// One certificate: five words, each read and written whole ([`contract_kit::packed`]). A
/// mint writes words 0 and 1; words 2 to 4 are written by later changes (provisioning, key
/// rotation, lifecycle).
#[storage]
pub struct Certificate {
    /// Word 0: the serial number ([`crate::identity::serial_word`]).
    pub(crate) serial: StorageB256,
    /// Word 1: [`Minted`].
    minted: StorageB256,
    /// Word 2: [`Life`].
    life: StorageB256,
    /// Word 3: [`Changes`].
    changes: StorageB256,
    /// Word 4: the history chain's head ([`crate::history`]).
    pub(crate) head: StorageB256,
}

/// A certificate's word 1: what its mint recorded (31 bytes).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct Minted {
    /// The IMEI (0: no modem). 8 bytes.
    pub(crate) imei: u64,
    /// The batch it was minted in (manufacturer, licences: see [`BatchRecord`]). 4 bytes.
    pub(crate) batch: u64,
    /// Manufacturing date. 5 bytes.
    pub(crate) manufactured_at: u64,
    /// QA inspection date. 5 bytes.
    pub(crate) qa_inspected_at: u64,
    /// Initial firmware version. 8 bytes.
    pub(crate) initial_firmware: u64,
    /// Test results ([`results`] bits). 1 byte.
    pub(crate) results: u8,
}

/// A certificate's word 2: its key and state (26 bytes).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct Life {
    /// The current device key after a rotation; zero while it is the original one (the id).
    /// Keys rotated away from stay in the rotated-key index: never reusable.
    pub(crate) device: Address,
    /// Provisioning date (0: not provisioned). 5 bytes.
    pub(crate) provisioned_at: u64,
    /// Lifecycle status ([`dimo_interfaces::certificates::status`]). 1 byte.
    pub(crate) status: u8,
}

/// A certificate's word 3: what changed since its mint (21 bytes).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Current firmware after an OTA update (0: still the initial one). 8 bytes.
    pub(crate) firmware: u64,
    /// OTA updates so far. 4 bytes.
    pub(crate) ota_count: u64,
    /// Factory resets so far; also the nonce of the next `RotateKey` signature. 4 bytes.
    pub(crate) reset_count: u64,
    /// End-of-life date (0: in service). 5 bytes.
    pub(crate) retired_at: u64,
}

impl Minted {
    /// Takes word 1 apart.
    fn read(word: B256) -> Self {
        let mut w = Unpack::new(word);
        Self {
            imei: w.uint(8),
            batch: w.uint(4),
            manufactured_at: w.uint(5),
            qa_inspected_at: w.uint(5),
            initial_firmware: w.uint(8),
            // One byte.
            #[allow(clippy::cast_possible_truncation)]
            results: w.uint(1) as u8,
        }
    }

    /// Puts word 1 together.
    fn word(&self) -> B256 {
        Pack::new()
            .uint(8, self.imei)
            .uint(4, self.batch)
            .uint(5, self.manufactured_at)
            .uint(5, self.qa_inspected_at)
            .uint(8, self.initial_firmware)
            .uint(1, self.results.into())
            .word()
    }
}

impl Life {
    /// Takes word 2 apart.
    fn read(word: B256) -> Self {
        let mut w = Unpack::new(word);
        Self {
            device: w.address(),
            provisioned_at: w.uint(5),
            // One byte.
            #[allow(clippy::cast_possible_truncation)]
            status: w.uint(1) as u8,
        }
    }

    /// Puts word 2 together.
    fn word(&self) -> B256 {
        Pack::new()
            .address(self.device)
            .uint(5, self.provisioned_at)
            .uint(1, self.status.into())
            .word()
    }

    /// Whether the certificate is still in service.
    pub(crate) fn is_active(&self) -> bool {
        self.status == 0
    }

    /// The current device key of certificate `id`.
    pub(crate) fn current_device(&self, id: U256) -> Address {
        if self.device.is_zero() {
            original_device(id)
        } else {
            self.device
        }
    }
}

impl Changes {
    /// Takes word 3 apart.
    fn read(word: B256) -> Self {
        let mut w = Unpack::new(word);
        Self {
            firmware: w.uint(8),
            ota_count: w.uint(4),
            reset_count: w.uint(4),
            retired_at: w.uint(5),
        }
    }

    /// The current firmware version, given the mint's record.
    pub(crate) fn current_firmware(&self, minted: &Minted) -> u64 {
        match self.firmware {
            0 => minted.initial_firmware,
            v => v,
        }
    }

    /// Puts word 3 together.
    fn word(&self) -> B256 {
        Pack::new()
            .uint(8, self.firmware)
            .uint(4, self.ota_count)
            .uint(4, self.reset_count)
            .uint(5, self.retired_at)
            .word()
    }
}

/// One mint call: what all its certificates share, in one word per batch (31 bytes). Who
/// minted and the digest of the batch's mint records are in its `BatchMinted` event only: no
/// contract reads them, and the event sits in the same receipt as the `CertificateMinted`
/// events the digest commits to, so storing them (two more words, 44,200 gas per batch)
/// would prove nothing the receipt does not.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(crate) struct BatchRecord {
    /// The manufacturer node (the registry numbers nodes from 1). 6 bytes.
    pub(crate) manufacturer: u64,
    /// The Hardware Device License (numbered from 1). 6 bytes.
    pub(crate) device_license: u64,
    /// The Manufacturing License's grant number at mint. 4 bytes.
    pub(crate) license_grant: u64,
    /// The Manufacturing License's expiry at mint (0: none, as the licence contract records
    /// it). 8 bytes.
    pub(crate) license_expires_at: u64,
    /// When. 5 bytes.
    pub(crate) minted_at: u64,
    /// How many certificates. 2 bytes.
    pub(crate) count: u64,
}

impl BatchRecord {
    /// Takes the word apart.
    pub(crate) fn read(word: B256) -> Self {
        let mut w = Unpack::new(word);
        Self {
            manufacturer: w.uint(6),
            device_license: w.uint(6),
            license_grant: w.uint(4),
            license_expires_at: w.uint(8),
            minted_at: w.uint(5),
            count: w.uint(2),
        }
    }

    /// Puts the word together.
    pub(crate) fn word(&self) -> B256 {
        Pack::new()
            .uint(6, self.manufacturer)
            .uint(6, self.device_license)
            .uint(4, self.license_grant)
            .uint(8, self.license_expires_at)
            .uint(5, self.minted_at)
            .uint(2, self.count)
            .word()
    }
}

impl Certificate {
    /// Word 1: what the mint recorded.
    pub(crate) fn minted(&self) -> Minted {
        Minted::read(self.minted.get())
    }

    /// Writes word 1.
    pub(crate) fn set_minted(&mut self, minted: &Minted) {
        self.minted.set(minted.word());
    }

    /// Word 2: key and state.
    pub(crate) fn life(&self) -> Life {
        Life::read(self.life.get())
    }

    /// Writes word 2.
    pub(crate) fn set_life(&mut self, life: &Life) {
        self.life.set(life.word());
    }

    /// Word 3: changes since the mint.
    pub(crate) fn changes(&self) -> Changes {
        Changes::read(self.changes.get())
    }

    /// Writes word 3.
    pub(crate) fn set_changes(&mut self, changes: &Changes) {
        self.changes.set(changes.word());
    }

    /// The current device key of certificate `id`.
    pub(crate) fn current_device(&self, id: U256) -> Address {
        self.life().current_device(id)
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

#[cfg(test)]
mod layout_tests {
    use super::*;

    /// Every field at its widest value, and at distinct small values, comes back as written;
    /// the first field sits in the word's lowest bytes, as the SDK and Solidity pack it.
    #[test]
    fn every_word_round_trips_at_full_width() {
        let widest = Minted {
            imei: u64::MAX,
            batch: u64::from(u32::MAX),
            manufactured_at: (1 << 40) - 1,
            qa_inspected_at: (1 << 40) - 1,
            initial_firmware: u64::MAX,
            results: u8::MAX,
        };
        let small = Minted {
            imei: 1,
            batch: 2,
            manufactured_at: 3,
            qa_inspected_at: 4,
            initial_firmware: 5,
            results: 6,
        };
        for m in [widest, small] {
            assert_eq!(Minted::read(m.word()), m);
        }
        assert_eq!(small.word()[24..], [0, 0, 0, 0, 0, 0, 0, 1]);

        let life = Life {
            device: Address::repeat_byte(0xfe),
            provisioned_at: (1 << 40) - 1,
            status: u8::MAX,
        };
        assert_eq!(Life::read(life.word()), life);
        assert_eq!(life.word()[12..], [0xfe; 20]);

        let changes = Changes {
            firmware: u64::MAX,
            ota_count: u64::from(u32::MAX),
            reset_count: 7,
            retired_at: (1 << 40) - 1,
        };
        assert_eq!(Changes::read(changes.word()), changes);

        let batch = BatchRecord {
            manufacturer: (1 << 48) - 1,
            device_license: 9,
            license_grant: u64::from(u32::MAX),
            license_expires_at: u64::MAX,
            minted_at: (1 << 40) - 1,
            count: 100,
        };
        assert_eq!(BatchRecord::read(batch.word()), batch);
    }

    #[test]
    #[should_panic(expected = "field overflow")]
    fn a_manufacturer_beyond_six_bytes_is_refused_not_truncated() {
        let _ = BatchRecord {
            manufacturer: 1 << 48,
            ..BatchRecord::default()
        }
        .word();
    }
}
