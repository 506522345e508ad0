//! JSON ABI of each deployable contract: the union of the interfaces it implements.
//!
//! Native builds only. `scripts/abi` writes these as `abi/<contract>.json` and
//! `abi/<contract>.sol`; the ABI tests compare them with what the contracts really export.

use alloy_json_abi::JsonAbi;

use crate::{admin, certificates, erc, licenses, registry};

/// The contracts of this workspace, by crate name.
///
/// `test-erc20` is not listed: it is a test fixture, never deployed, and its ERC-20 functions
/// come from a trait implementation the conformance check does not know.
pub const CONTRACTS: &[&str] = &[
    "manufacturer-registry",
    "manufacturing-licenses",
    "device-licenses",
    "minting-certificates",
    "certificate-token",
];

/// Merges several interfaces' ABIs into one, keeping each item once.
#[must_use]
pub fn merge(parts: impl IntoIterator<Item = JsonAbi>) -> JsonAbi {
    let mut all = JsonAbi::new();
    for part in parts {
        for f in part.functions() {
            let list = all.functions.entry(f.name.clone()).or_default();
            if !list.contains(f) {
                list.push(f.clone());
            }
        }
        for e in part.events() {
            let list = all.events.entry(e.name.clone()).or_default();
            if !list.contains(e) {
                list.push(e.clone());
            }
        }
        for e in part.errors() {
            let list = all.errors.entry(e.name.clone()).or_default();
            if !list.contains(e) {
                list.push(e.clone());
            }
        }
    }
    all
}

/// The standard parts of an ERC-721 contract's ABI: ERC-165, ERC-721 with metadata,
/// ERC-4906 and two-step ownership.
fn erc721_parts() -> [JsonAbi; 5] {
    [
        erc::IERC165::abi::contract(),
        erc::IERC721::abi::contract(),
        erc::IERC721Metadata::abi::contract(),
        erc::IERC4906::abi::contract(),
        erc::IOwnable2Step::abi::contract(),
    ]
}

/// The standard parts of an admin-run contract's ABI: ERC-165, two-step ownership and the
/// admin list.
fn admin_parts() -> [JsonAbi; 3] {
    [
        erc::IERC165::abi::contract(),
        erc::IOwnable2Step::abi::contract(),
        admin::IAdmins::abi::contract(),
    ]
}

/// `parts` merged, with the constructor of `deployment` (a contract declaring only it).
fn with_constructor(parts: impl IntoIterator<Item = JsonAbi>, deployment: &JsonAbi) -> JsonAbi {
    let mut abi = merge(parts);
    abi.constructor.clone_from(&deployment.constructor);
    abi
}

/// The complete ABI of the manufacturer registry: ERC-165, ERC-721 with metadata, ERC-4906,
/// two-step ownership, the admin list and the registry's own functions, events and errors.
#[must_use]
pub fn manufacturer_registry() -> JsonAbi {
    with_constructor(
        erc721_parts().into_iter().chain([
            admin::IAdmins::abi::contract(),
            registry::IManufacturerRegistry::abi::contract(),
        ]),
        &registry::ManufacturerRegistryDeployment::abi::contract(),
    )
}

/// The complete ABI of the manufacturing-licence contract: ERC-165, two-step ownership, the
/// admin list and its own functions, events and errors.
#[must_use]
pub fn manufacturing_licenses() -> JsonAbi {
    with_constructor(
        admin_parts()
            .into_iter()
            .chain([licenses::IManufacturingLicenses::abi::contract()]),
        &licenses::ManufacturingLicensesDeployment::abi::contract(),
    )
}

/// The complete ABI of the device-licence contract: ERC-165, two-step ownership, the admin
/// list and its own functions, events and errors.
#[must_use]
pub fn device_licenses() -> JsonAbi {
    with_constructor(
        admin_parts()
            .into_iter()
            .chain([licenses::IDeviceLicenses::abi::contract()]),
        &licenses::DeviceLicensesDeployment::abi::contract(),
    )
}

/// The complete ABI of the certificate contract: ERC-165 and its own functions, events and
/// errors.
#[must_use]
pub fn minting_certificates() -> JsonAbi {
    with_constructor(
        [
            erc::IERC165::abi::contract(),
            certificates::IDeviceCertificates::abi::contract(),
        ],
        &certificates::DeviceCertificatesDeployment::abi::contract(),
    )
}

/// The complete ABI of the certificate token: ERC-165, ERC-721 with metadata, ERC-4906,
/// two-step ownership and its own functions, events and errors.
#[must_use]
pub fn certificate_token() -> JsonAbi {
    with_constructor(
        erc721_parts()
            .into_iter()
            .chain([certificates::ICertificateToken::abi::contract()]),
        &certificates::CertificateTokenDeployment::abi::contract(),
    )
}

/// The ABIs of the standard interfaces named in `names` (`IERC165`, `IERC721`,
/// `IERC721Metadata`, `IERC4906`, `IOwnable2Step`); unknown names are skipped.
#[must_use]
pub fn standard(names: &[&str]) -> Vec<JsonAbi> {
    names
        .iter()
        .filter_map(|name| match *name {
            "IERC165" => Some(erc::IERC165::abi::contract()),
            "IERC721" => Some(erc::IERC721::abi::contract()),
            "IERC721Metadata" => Some(erc::IERC721Metadata::abi::contract()),
            "IERC4906" => Some(erc::IERC4906::abi::contract()),
            "IOwnable2Step" => Some(erc::IOwnable2Step::abi::contract()),
            _ => None,
        })
        .collect()
}

/// The complete ABI of a contract by crate name, or `None` for an unknown name.
#[must_use]
pub fn of(contract: &str) -> Option<JsonAbi> {
    match contract {
        "manufacturer-registry" => Some(manufacturer_registry()),
        "manufacturing-licenses" => Some(manufacturing_licenses()),
        "device-licenses" => Some(device_licenses()),
        "minting-certificates" => Some(minting_certificates()),
        "certificate-token" => Some(certificate_token()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_contract_has_an_abi() {
        for name in CONTRACTS {
            let abi = of(name).expect("listed contract should have an ABI");
            assert!(abi.functions().count() > 10, "{name}");
            assert!(abi.events().count() > 3, "{name}");
            assert!(abi.errors().count() > 3, "{name}");
        }
        assert!(of("nope").is_none());
    }

    #[test]
    fn registry_abi_includes_inherited_items() {
        let abi = manufacturer_registry();
        for f in [
            "safeTransferFrom",
            "supportsInterface",
            "owner",
            "tokenURI",
            "isAuthorized",
        ] {
            assert!(abi.functions.contains_key(f), "{f}");
        }
        assert_eq!(abi.functions["safeTransferFrom"].len(), 2);
        for e in [
            "Transfer",
            "OwnershipTransferred",
            "MetadataUpdate",
            "ManufacturerMinted",
        ] {
            assert!(abi.events.contains_key(e), "{e}");
        }
        assert!(abi.constructor.is_some());
    }

    #[test]
    fn licence_abis_include_ownership_and_constructors() {
        for (abi, own) in [
            (manufacturing_licenses(), "isManufacturerLicensed"),
            (device_licenses(), "isDeviceLicenseActive"),
        ] {
            for f in ["supportsInterface", "owner", "acceptOwnership", own] {
                assert!(abi.functions.contains_key(f), "{f}");
            }
            assert!(abi.events.contains_key("OwnershipTransferred"));
            assert!(abi.errors.contains_key("OwnableUnauthorizedAccount"));
            assert!(abi.constructor.is_some());
        }
        assert_eq!(
            device_licenses().constructor.unwrap().inputs.len(),
            3,
            "owner, registry, manufacturing licences"
        );
    }

    #[test]
    fn merge_keeps_each_item_once() {
        let once = merge([erc::IERC721::abi::contract()]);
        let twice = merge([erc::IERC721::abi::contract(), erc::IERC721::abi::contract()]);
        assert_eq!(once, twice);
    }
}
