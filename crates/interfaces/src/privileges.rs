//! Delegation privileges a manufacturer node holder can grant to operator addresses.
//!
//! A privilege is a small integer so that a grant fits one storage slot keyed by
//! `(node, epoch, operator, privilege)`. The holder of a node has every privilege implicitly;
//! grants are for the operations team, factory line wallets and services acting for it.

/// Mint Device Minting Certificates for the manufacturer.
pub const MINT_DEVICES: u8 = 1;
/// Retired: id 2 was "update device attributes", which no contract ever checked (a device's
/// records change only through the OTA, reset and end-of-life privileges). It is not a valid
/// privilege (grants of it are refused) and the id is not reused, so the others keep theirs.
pub const RETIRED_2: u8 = 2;
/// Record over-the-air firmware updates.
pub const OTA_UPDATE: u8 = 3;
/// Perform factory resets (and device key rotations).
pub const FACTORY_RESET: u8 = 4;
/// Declare devices end-of-life.
pub const END_OF_LIFE: u8 = 5;
/// Manage the manufacturer's licences: stake, apply for device licences.
pub const MANAGE_LICENSES: u8 = 6;

/// The highest privilege id; valid ids are `1..=MAX_PRIVILEGE`.
pub const MAX_PRIVILEGE: u8 = MANAGE_LICENSES;

/// Whether `privilege` names a privilege defined above (not the retired id 2).
#[must_use]
pub const fn is_valid(privilege: u8) -> bool {
    privilege >= MINT_DEVICES && privilege <= MAX_PRIVILEGE && privilege != RETIRED_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_one_to_six_without_the_retired_two() {
        let all = [
            MINT_DEVICES,
            RETIRED_2,
            OTA_UPDATE,
            FACTORY_RESET,
            END_OF_LIFE,
            MANAGE_LICENSES,
        ];
        for (i, p) in all.iter().enumerate() {
            assert_eq!(usize::from(*p), i + 1);
            assert_eq!(is_valid(*p), *p != RETIRED_2);
        }
        assert!(!is_valid(0));
        assert!(!is_valid(MAX_PRIVILEGE + 1));
    }
}
