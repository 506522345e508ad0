//! The per-certificate history chain: each lifecycle event folds into the stored head, so
//! anyone can recompute it from the events alone.
//!
//! `head' = keccak256(abi.encode(head, kind, id, fields…, by))` with `kind` from
//! [`dimo_interfaces::certificates::link`] and the fields of each event:
//!
//! | event | fields |
//! |---|---|
//! | `FirmwareUpdated` | `uint64 from, uint64 to, bytes32 imageHash, bool rollback` |
//! | `FactoryReset` | `address oldDevice, address newDevice` |
//! | `EndOfLife` | `uint8 kind, bytes32 reason` |
//! | `CertificateVoided` | `bytes32 reason` |
//!
//! The head is 0 at mint.

use alloy_primitives::{keccak256, Address, B256, U256};
use dimo_interfaces::{certificates::link, encode::AbiWriter};

/// The head after an OTA update.
#[must_use]
pub fn ota(
    head: &B256,
    id: U256,
    from: u64,
    to: u64,
    image: &B256,
    rollback: bool,
    by: Address,
) -> B256 {
    start(head, link::OTA_UPDATE, id)
        .small(from)
        .small(to)
        .word(image)
        .small(rollback.into())
        .address(&by)
        .finish_hash()
}

/// The head after a factory reset.
#[must_use]
pub fn reset(head: &B256, id: U256, old: Address, new: Address, by: Address) -> B256 {
    start(head, link::FACTORY_RESET, id)
        .address(&old)
        .address(&new)
        .address(&by)
        .finish_hash()
}

/// The head after end of life.
#[must_use]
pub fn end_of_life(head: &B256, id: U256, kind: u8, reason: &B256, by: Address) -> B256 {
    start(head, link::END_OF_LIFE, id)
        .small(kind.into())
        .word(reason)
        .address(&by)
        .finish_hash()
}

/// The head after a void.
#[must_use]
pub fn void(head: &B256, id: U256, reason: &B256, by: Address) -> B256 {
    start(head, link::VOIDED, id)
        .word(reason)
        .address(&by)
        .finish_hash()
}

/// The common start of a link: the previous head, the kind and the id.
fn start(head: &B256, kind: u8, id: U256) -> AbiWriter {
    AbiWriter::new().word(head).small(kind.into()).uint(&id)
}

/// Hashing the finished encoding.
trait FinishHash {
    /// `keccak256` of the encoding.
    fn finish_hash(self) -> B256;
}

impl FinishHash for AbiWriter {
    fn finish_hash(self) -> B256 {
        keccak256(self.finish())
    }
}

#[cfg(test)]
mod tests {
    use alloy_sol_types::SolValue;

    use super::*;

    #[test]
    fn links_match_solidity_abi_encode() {
        let (h, img) = (B256::repeat_byte(1), B256::repeat_byte(2));
        let (id, a, b) = (
            U256::from(77),
            Address::repeat_byte(3),
            Address::repeat_byte(4),
        );
        assert_eq!(
            ota(&h, id, 5, 6, &img, true, a),
            keccak256(
                (
                    h,
                    U256::from(link::OTA_UPDATE),
                    id,
                    5u64,
                    6u64,
                    img,
                    true,
                    a
                )
                    .abi_encode()
            )
        );
        assert_eq!(
            reset(&h, id, a, b, a),
            keccak256((h, U256::from(link::FACTORY_RESET), id, a, b, a).abi_encode())
        );
        assert_eq!(
            end_of_life(&h, id, 2, &img, b),
            keccak256((h, U256::from(link::END_OF_LIFE), id, U256::from(2), img, b).abi_encode())
        );
    }
}
