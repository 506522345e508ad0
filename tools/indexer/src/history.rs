//! The certificate history chain, recomputed from the events alone: each lifecycle link
//! folds into the head, `keccak256(abi.encode(head, kind, id, fields…, by))`, from 0 at
//! mint (the contract's rule, `contracts/minting-certificates/src/history.rs`). A link whose
//! recomputed head differs from the head its event carries (or from the head stored on
//! chain) is flagged unverified.

use alloy::primitives::{keccak256, Address, B256, U256};
use alloy::sol_types::SolValue;

/// Link kinds (`dimo_interfaces::certificates::link`).
pub mod kind {
    /// An OTA update.
    pub const OTA_UPDATE: u8 = 1;
    /// A factory reset.
    pub const FACTORY_RESET: u8 = 2;
    /// End of life.
    pub const END_OF_LIFE: u8 = 3;
    /// A void.
    pub const VOIDED: u8 = 4;
}

/// One lifecycle link's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// `FirmwareUpdated`.
    Ota {
        /// Version before.
        from: u64,
        /// Version after.
        to: u64,
        /// Image hash.
        image: B256,
        /// A rollback.
        rollback: bool,
    },
    /// `FactoryReset`.
    Reset {
        /// The key before.
        old: Address,
        /// The key after (zero: no rotation).
        new: Address,
    },
    /// `EndOfLife`.
    EndOfLife {
        /// 1 decommissioned, 2 recycled, 3 disposed.
        kind: u8,
        /// Reason hash.
        reason: B256,
    },
    /// `CertificateVoided`.
    Voided {
        /// Reason hash.
        reason: B256,
    },
}

/// The head after `link` of certificate `id` by `by`, from `head`.
pub fn next(head: B256, id: U256, link: &Link, by: Address) -> B256 {
    let encoded = match link {
        Link::Ota {
            from,
            to,
            image,
            rollback,
        } => (
            head,
            U256::from(kind::OTA_UPDATE),
            id,
            *from,
            *to,
            *image,
            *rollback,
            by,
        )
            .abi_encode(),
        Link::Reset { old, new } => {
            (head, U256::from(kind::FACTORY_RESET), id, *old, *new, by).abi_encode()
        }
        Link::EndOfLife { kind: k, reason } => (
            head,
            U256::from(kind::END_OF_LIFE),
            id,
            U256::from(*k),
            *reason,
            by,
        )
            .abi_encode(),
        Link::Voided { reason } => (head, U256::from(kind::VOIDED), id, *reason, by).abi_encode(),
    };
    keccak256(encoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_depends_on_every_field_and_the_previous_head() {
        let id = U256::from(5u64);
        let by = Address::repeat_byte(1);
        let link = Link::Ota {
            from: 1,
            to: 2,
            image: B256::repeat_byte(3),
            rollback: false,
        };
        let a = next(B256::ZERO, id, &link, by);
        assert_ne!(a, next(B256::repeat_byte(9), id, &link, by));
        assert_ne!(a, next(B256::ZERO, id + U256::from(1u64), &link, by));
        let rolled = Link::Ota {
            from: 1,
            to: 2,
            image: B256::repeat_byte(3),
            rollback: true,
        };
        assert_ne!(a, next(B256::ZERO, id, &rolled, by));
    }
}
