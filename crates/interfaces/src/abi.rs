//! The published ABI of each deployable contract.
//!
//! Native builds only. Each contract ([`contract`]) is published as one interface named after
//! its crate (`IMintingCertificates`) that declares the contract's own functions, events and
//! errors and inherits the shared interfaces it implements ([`shared`]: ERC-165, ERC-721, its
//! metadata extension, ERC-4906, two-step ownership, the admin list). So solc's
//! `type(I).interfaceId` of every published interface is an id the contract answers in
//! `supportsInterface` ([`crate::interface_id`]).
//!
//! A contract's complete ABI ([`of`]) is what it declares plus every error of the contracts it
//! calls ([`passed_on_errors`]), since it may pass their revert data on unchanged, with
//! solc's `internalType` on every parameter ([`structs`]). `scripts/abi` writes these as
//! `abi/<contract>.json`, `abi/<contract>.sol` and `abi/<shared interface>.sol`; the ABI tests
//! compare them with what the contracts really export, and the JavaScript tests with solc,
//! viem and ethers.

use alloc::{string::String, vec, vec::Vec};

use alloy_json_abi::{Error as AbiError, JsonAbi};

use crate::{admin, certificates, erc, licenses, registry};

pub mod structs;

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

/// A published Solidity interface: its name and its ABI.
#[derive(Clone, Debug, PartialEq)]
pub struct Interface {
    /// The interface's Solidity name (`IERC721`, `IAdmins`, ...).
    pub name: &'static str,
    /// Its functions, events and errors.
    pub abi: JsonAbi,
}

/// The interfaces several contracts implement, each published once as `abi/<name>.sol` and
/// inherited by the contracts' own interfaces: ERC-165, ERC-721 with its metadata
/// extension, ERC-4906, two-step ownership and the admin list.
#[must_use]
pub fn shared() -> Vec<Interface> {
    vec![
        Interface {
            name: "IERC165",
            abi: erc::IERC165::abi::contract(),
        },
        Interface {
            name: "IERC721",
            abi: erc::IERC721::abi::contract(),
        },
        Interface {
            name: "IERC721Metadata",
            abi: erc::IERC721Metadata::abi::contract(),
        },
        Interface {
            name: "IERC4906",
            abi: erc::IERC4906::abi::contract(),
        },
        Interface {
            name: "IOwnable2Step",
            abi: erc::IOwnable2Step::abi::contract(),
        },
        Interface {
            name: "IAdmins",
            abi: admin::IAdmins::abi::contract(),
        },
    ]
}

/// The shared interfaces of an ERC-721 contract with an owner.
const ERC721_BASES: &[&str] = &[
    "IERC165",
    "IERC721",
    "IERC721Metadata",
    "IERC4906",
    "IOwnable2Step",
];
/// The shared interfaces of an admin-run contract.
const ADMIN_BASES: &[&str] = &["IERC165", "IOwnable2Step", "IAdmins"];

/// A deployable contract as it is published: the shared interfaces it implements, its own
/// interface, its constructor, and the contracts it calls.
#[derive(Clone, Debug)]
pub struct Contract {
    /// The crate name (`minting-certificates`).
    pub name: &'static str,
    /// The shared interfaces ([`shared`]) it implements, by name, in inheritance order.
    pub bases: &'static [&'static str],
    /// Its own functions, events and errors (its id is the XOR of these functions only,
    /// [`crate::interface_id`]).
    pub own: JsonAbi,
    /// A contract declaring only its constructor.
    pub deployment: JsonAbi,
    /// The contracts (crate names) it calls: a call to it may return their errors, passed on
    /// as they are, so its ABI lists them too ([`passed_on_errors`]).
    pub calls: &'static [&'static str],
}

impl Contract {
    /// The name of the contract's published interface, from its crate name
    /// (`manufacturer-registry` → `IManufacturerRegistry`).
    #[must_use]
    pub fn interface_name(&self) -> String {
        interface_name(self.name)
    }

    /// The shared interfaces it implements.
    ///
    /// # Panics
    ///
    /// If a base is not one of [`shared`] (a unit test checks every contract).
    #[must_use]
    pub fn base_interfaces(&self) -> Vec<Interface> {
        let all = shared();
        self.bases
            .iter()
            .map(|name| {
                all.iter()
                    .find(|i| i.name == *name)
                    .unwrap_or_else(|| panic!("{name} is not a shared interface"))
                    .clone()
            })
            .collect()
    }

    /// What the contract itself declares: its shared interfaces, its own interface and its
    /// constructor (what its `export-abi` output is checked against).
    #[must_use]
    pub fn declared(&self) -> JsonAbi {
        let mut abi = merge(
            self.base_interfaces()
                .into_iter()
                .map(|i| i.abi)
                .chain([self.own.clone()]),
        );
        abi.constructor.clone_from(&self.deployment.constructor);
        abi
    }
}

/// The Solidity interface name for a contract crate (`manufacturer-registry` →
/// `IManufacturerRegistry`).
#[must_use]
pub fn interface_name(contract: &str) -> String {
    let mut name = String::from("I");
    for part in contract.split('-') {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    name
}

/// The published description of contract `name` (a crate name of [`CONTRACTS`]).
#[must_use]
pub fn contract(name: &str) -> Option<Contract> {
    let (name, bases, own, deployment, calls): (_, _, _, _, &'static [&'static str]) = match name {
        "manufacturer-registry" => (
            "manufacturer-registry",
            &[
                "IERC165",
                "IERC721",
                "IERC721Metadata",
                "IERC4906",
                "IOwnable2Step",
                "IAdmins",
            ][..],
            registry::IManufacturerRegistry::abi::contract(),
            registry::ManufacturerRegistryDeployment::abi::contract(),
            &[],
        ),
        "manufacturing-licenses" => (
            "manufacturing-licenses",
            ADMIN_BASES,
            licenses::IManufacturingLicenses::abi::contract(),
            licenses::ManufacturingLicensesDeployment::abi::contract(),
            &["manufacturer-registry"],
        ),
        "device-licenses" => (
            "device-licenses",
            ADMIN_BASES,
            licenses::IDeviceLicenses::abi::contract(),
            licenses::DeviceLicensesDeployment::abi::contract(),
            &["manufacturer-registry", "manufacturing-licenses"],
        ),
        "minting-certificates" => (
            "minting-certificates",
            &["IERC165"][..],
            certificates::IDeviceCertificates::abi::contract(),
            certificates::DeviceCertificatesDeployment::abi::contract(),
            &[
                "certificate-token",
                "manufacturer-registry",
                "manufacturing-licenses",
                "device-licenses",
            ],
        ),
        "certificate-token" => (
            "certificate-token",
            ERC721_BASES,
            certificates::ICertificateToken::abi::contract(),
            certificates::CertificateTokenDeployment::abi::contract(),
            &[],
        ),
        _ => return None,
    };
    Some(Contract {
        name,
        bases,
        own,
        deployment,
        calls,
    })
}

/// The errors of the contracts `name` calls, directly or through them, that it does not
/// declare itself: a call to it can return them, passed on unchanged. Derived from the
/// callees' declared ABIs, so an error added to any contract is picked up here.
#[must_use]
pub fn passed_on_errors(name: &str) -> Vec<AbiError> {
    let Some(me) = contract(name) else {
        return Vec::new();
    };
    let declared = me.declared();
    let mut seen = vec![name];
    let mut queue: Vec<&str> = me.calls.to_vec();
    let mut errors: Vec<AbiError> = Vec::new();
    while let Some(callee) = queue.pop() {
        if seen.contains(&callee) {
            continue;
        }
        seen.push(callee);
        let Some(c) = contract(callee) else {
            continue;
        };
        queue.extend(c.calls);
        for e in c.declared().errors() {
            let mine = declared.errors().any(|d| d == e);
            if !mine && !errors.contains(e) {
                errors.push(e.clone());
            }
        }
    }
    errors.sort_by_key(AbiError::signature);
    errors
}

/// The complete ABI of a contract by crate name, or `None` for an unknown name: what it
/// declares ([`Contract::declared`]) and the errors it passes on ([`passed_on_errors`]), with
/// solc's `internalType` on every parameter ([`structs::name_structs`]).
#[must_use]
pub fn of(name: &str) -> Option<JsonAbi> {
    let c = contract(name)?;
    let mut abi = c.declared();
    for e in passed_on_errors(name) {
        abi.errors.entry(e.name.clone()).or_default().push(e);
    }
    structs::name_structs(&mut abi, &c.interface_name());
    Some(abi)
}

/// The body of a contract's published interface (`abi/<contract>.sol`): every item of its
/// complete ABI ([`of`]) that none of its shared interfaces already declares (those are
/// inherited), with solc's `internalType`s.
#[must_use]
pub fn body(name: &str) -> Option<JsonAbi> {
    let c = contract(name)?;
    let complete = of(name)?;
    let bases = merge(c.base_interfaces().into_iter().map(|i| i.abi));
    let mut body = JsonAbi::new();
    for f in complete.functions() {
        if !bases.functions().any(|b| b.selector() == f.selector()) {
            body.functions
                .entry(f.name.clone())
                .or_default()
                .push(f.clone());
        }
    }
    for e in complete.events() {
        if !bases.events().any(|b| b.selector() == e.selector()) {
            body.events
                .entry(e.name.clone())
                .or_default()
                .push(e.clone());
        }
    }
    for e in complete.errors() {
        if !bases.errors().any(|b| b.selector() == e.selector()) {
            body.errors
                .entry(e.name.clone())
                .or_default()
                .push(e.clone());
        }
    }
    Some(body)
}

/// A shared interface's ABI with solc's `internalType`s, as `abi/<name>.sol` declares it.
#[must_use]
pub fn shared_interface(name: &str) -> Option<JsonAbi> {
    let mut abi = shared().into_iter().find(|i| i.name == name)?.abi;
    structs::name_structs(&mut abi, name);
    Some(abi)
}

/// The ABIs of the standard interfaces named in `names` (`IERC165`, `IERC721`,
/// `IERC721Metadata`, `IERC4906`, `IOwnable2Step`); unknown names are skipped.
#[must_use]
pub fn standard(names: &[&str]) -> Vec<JsonAbi> {
    let all = shared();
    names
        .iter()
        .filter_map(|name| all.iter().find(|i| i.name == *name).map(|i| i.abi.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abi(name: &str) -> JsonAbi {
        of(name).expect("a listed contract")
    }

    #[test]
    fn every_listed_contract_has_an_abi() {
        for name in CONTRACTS {
            let abi = abi(name);
            assert!(abi.functions().count() > 10, "{name}");
            assert!(abi.events().count() > 3, "{name}");
            assert!(abi.errors().count() > 3, "{name}");
            let c = contract(name).unwrap();
            assert_eq!(c.base_interfaces().len(), c.bases.len(), "{name}");
            for callee in c.calls {
                assert!(CONTRACTS.contains(callee), "{name} calls {callee}");
            }
        }
        assert!(of("nope").is_none());
        assert!(contract("nope").is_none());
    }

    #[test]
    fn registry_abi_includes_inherited_items() {
        let abi = abi("manufacturer-registry");
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
            (abi("manufacturing-licenses"), "isManufacturerLicensed"),
            (abi("device-licenses"), "isDeviceLicenseActive"),
        ] {
            for f in ["supportsInterface", "owner", "acceptOwnership", own] {
                assert!(abi.functions.contains_key(f), "{f}");
            }
            assert!(abi.events.contains_key("OwnershipTransferred"));
            assert!(abi.errors.contains_key("OwnableUnauthorizedAccount"));
            assert!(abi.constructor.is_some());
        }
        assert_eq!(
            abi("device-licenses").constructor.unwrap().inputs.len(),
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

    #[test]
    fn callers_list_every_error_of_the_contracts_they_call() {
        let certificates = abi("minting-certificates");
        for callee in contract("minting-certificates").unwrap().calls {
            for e in contract(callee).unwrap().declared().errors() {
                assert!(
                    certificates.errors().any(|c| c.selector() == e.selector()),
                    "{callee}'s {} is missing",
                    e.signature()
                );
            }
        }
        // The token's own errors and ERC-721's travel up through the certificate contract.
        for e in [
            "CallerNotIssuer",
            "ERC721InvalidReceiver",
            "OwnableInvalidOwner",
        ] {
            assert!(certificates.errors.contains_key(e), "{e}");
        }
        // Passed on from the registry through the device-licence contract.
        assert!(abi("device-licenses")
            .errors
            .contains_key("ManufacturerNameTaken"));
        // A contract that calls nobody lists only its own errors.
        let token = contract("certificate-token").unwrap();
        assert!(passed_on_errors("certificate-token").is_empty());
        let selectors = |abi: &JsonAbi| abi.errors().map(AbiError::selector).collect::<Vec<_>>();
        assert_eq!(
            selectors(&abi("certificate-token")),
            selectors(&token.declared())
        );
    }

    /// Solidity errors cannot be overloaded: a name may appear once per ABI, or `abi/*.sol`
    /// would not compile and viem would see two errors of one name.
    #[test]
    fn no_abi_has_two_items_of_one_name_but_different_signatures() {
        for name in CONTRACTS {
            let abi = abi(name);
            for (error, list) in &abi.errors {
                assert_eq!(list.len(), 1, "{name}: error {error} is declared twice");
            }
            for (event, list) in &abi.events {
                assert_eq!(list.len(), 1, "{name}: event {event} is overloaded");
            }
        }
    }

    #[test]
    fn interface_bodies_leave_inherited_items_out() {
        for name in CONTRACTS {
            let c = contract(name).unwrap();
            let body = body(name).unwrap();
            let own = &c.own;
            assert_eq!(
                body.functions().count(),
                own.functions().count(),
                "{name}: the body holds the contract's own functions"
            );
            for base in c.base_interfaces() {
                for f in base.abi.functions() {
                    assert!(!body.functions.contains_key(&f.name), "{name}: {}", f.name);
                }
                for e in base.abi.errors() {
                    assert!(!body.errors.contains_key(&e.name), "{name}: {}", e.name);
                }
            }
        }
    }

    #[test]
    fn interface_names_follow_crate_names() {
        assert_eq!(
            interface_name("manufacturer-registry"),
            "IManufacturerRegistry"
        );
        assert_eq!(
            contract("minting-certificates").unwrap().interface_name(),
            "IMintingCertificates"
        );
    }
}
