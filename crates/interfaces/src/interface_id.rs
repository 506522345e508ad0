//! ERC-165 interface ids, computed from the selectors of the interfaces in this crate.
//!
//! Each is solc's `type(I).interfaceId` of the matching published interface in `abi/`
//! (`IDeviceCertificates` here is `IMintingCertificates` there): the end-to-end tests ask the
//! compiled contracts for solc's own figures (`tests/src/e2e/clients.rs`).

use alloy_primitives::FixedBytes;

use crate::{admin, certificates, erc, licenses, registry};

/// XOR of a list of function selectors: the ERC-165 id of an interface made of them.
#[must_use]
pub const fn xor_selectors(selectors: &[[u8; 4]]) -> [u8; 4] {
    let mut id = [0u8; 4];
    let mut i = 0;
    while i < selectors.len() {
        let mut b = 0;
        while b < 4 {
            id[b] ^= selectors[i][b];
            b += 1;
        }
        i += 1;
    }
    id
}

/// ERC-165 id of ERC-165 itself.
pub const ERC165: FixedBytes<4> = FixedBytes(xor_selectors(erc::IERC165::IERC165Calls::SELECTORS));
/// ERC-165 id of ERC-721.
pub const ERC721: FixedBytes<4> = FixedBytes(xor_selectors(erc::IERC721::IERC721Calls::SELECTORS));
/// ERC-165 id of the ERC-721 metadata extension.
pub const ERC721_METADATA: FixedBytes<4> = FixedBytes(xor_selectors(
    erc::IERC721Metadata::IERC721MetadataCalls::SELECTORS,
));
/// ERC-165 id of OpenZeppelin's two-step ownership.
pub const OWNABLE_2STEP: FixedBytes<4> = FixedBytes(xor_selectors(
    erc::IOwnable2Step::IOwnable2StepCalls::SELECTORS,
));
/// ERC-165 id of the admin list ([`admin::IAdmins`]), which the registry and both licence
/// contracts implement.
pub const ADMINS: FixedBytes<4> =
    FixedBytes(xor_selectors(admin::IAdmins::IAdminsCalls::SELECTORS));
/// ERC-165 id of the registry's own functions ([`registry::IManufacturerRegistry`]).
pub const MANUFACTURER_REGISTRY: FixedBytes<4> = FixedBytes(xor_selectors(
    registry::IManufacturerRegistry::IManufacturerRegistryCalls::SELECTORS,
));

/// ERC-165 id of the manufacturing-licence contract's own functions
/// ([`licenses::IManufacturingLicenses`]).
pub const MANUFACTURING_LICENSES: FixedBytes<4> = FixedBytes(xor_selectors(
    licenses::IManufacturingLicenses::IManufacturingLicensesCalls::SELECTORS,
));
/// ERC-165 id of the device-licence contract's own functions ([`licenses::IDeviceLicenses`]).
pub const DEVICE_LICENSES: FixedBytes<4> = FixedBytes(xor_selectors(
    licenses::IDeviceLicenses::IDeviceLicensesCalls::SELECTORS,
));

/// ERC-165 id of the certificate contract's own functions
/// ([`certificates::IDeviceCertificates`]).
pub const DEVICE_CERTIFICATES: FixedBytes<4> = FixedBytes(xor_selectors(
    certificates::IDeviceCertificates::IDeviceCertificatesCalls::SELECTORS,
));

/// ERC-165 id of the certificate token's own functions ([`certificates::ICertificateToken`]).
pub const CERTIFICATE_TOKEN: FixedBytes<4> = FixedBytes(xor_selectors(
    certificates::ICertificateToken::ICertificateTokenCalls::SELECTORS,
));

/// ERC-165 id of ERC-4906 (metadata update events), fixed by the standard.
pub const ERC4906: FixedBytes<4> = FixedBytes([0x49, 0x06, 0x49, 0x06]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_ids_match_the_eips() {
        assert_eq!(ERC165, FixedBytes([0x01, 0xff, 0xc9, 0xa7]));
        assert_eq!(ERC721, FixedBytes([0x80, 0xac, 0x58, 0xcd]));
        assert_eq!(ERC721_METADATA, FixedBytes([0x5b, 0x5e, 0x13, 0x9f]));
    }

    #[test]
    fn xor_of_nothing_is_zero_and_xor_is_self_inverse() {
        assert_eq!(xor_selectors(&[]), [0; 4]);
        let s = [[1, 2, 3, 4], [9, 8, 7, 6]];
        assert_eq!(xor_selectors(&[s[0], s[1], s[1]]), s[0]);
    }

    #[test]
    fn registry_id_is_xor_of_its_own_functions_only() {
        let calls = registry::IManufacturerRegistry::IManufacturerRegistryCalls::SELECTORS;
        assert!(calls.len() > 12);
        assert_eq!(MANUFACTURER_REGISTRY, FixedBytes(xor_selectors(calls)));
        assert_ne!(MANUFACTURER_REGISTRY, ERC721);
        assert_ne!(MANUFACTURER_REGISTRY, FixedBytes([0; 4]));
    }

    #[test]
    fn licence_ids_are_distinct_and_nonzero() {
        let ids = [
            ADMINS,
            MANUFACTURING_LICENSES,
            DEVICE_LICENSES,
            MANUFACTURER_REGISTRY,
            ERC165,
            OWNABLE_2STEP,
        ];
        for (i, a) in ids.iter().enumerate() {
            assert_ne!(*a, FixedBytes([0; 4]));
            for b in &ids[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
