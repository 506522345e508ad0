//! The contracts as the off-chain tools see them (the `dimo` binary and the indexer): bindings
//! generated from the published ABIs (`abi/*.json`, written by `scripts/abi`), so that the
//! tools follow the ABI a dApp holds; the device key's EIP-712 messages and their signing; the
//! artifact names in deployment order; the addresses of one deployment. One crate, so the five ABIs are expanded and compiled once.

mod bindings;
pub mod eip712;

pub use bindings::*;

use alloy::primitives::Address;

/// Artifact (and record) names: `artifacts/<name>.wasm`, `abi/<name>.json` and the keys of a
/// deployment record.
pub mod names {
    /// The $DIMO stand-in of the devnet (`contracts/test-erc20`, test only).
    pub const TEST_ERC20: &str = "test-erc20";
    /// The manufacturer registry.
    pub const REGISTRY: &str = "manufacturer-registry";
    /// Manufacturing licences (stake, MOU).
    pub const MANUFACTURING: &str = "manufacturing-licenses";
    /// Hardware Device Licenses.
    pub const DEVICE_LICENSES: &str = "device-licenses";
    /// The certificate token (ERC-721).
    pub const TOKEN: &str = "certificate-token";
    /// The Device Minting Certificates.
    pub const CERTIFICATES: &str = "minting-certificates";
}

/// The five deployed contracts of one network (from its record in `deployments/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contracts {
    /// `manufacturer-registry`.
    pub registry: Address,
    /// `manufacturing-licenses`: stake, MOU, the Manufacturing License.
    pub manufacturing: Address,
    /// `device-licenses`: Hardware Device Licenses.
    pub devices: Address,
    /// `certificate-token`.
    pub token: Address,
    /// `minting-certificates`.
    pub certificates: Address,
}

impl Contracts {
    /// All five, in deployment order of their kind (for a log filter).
    pub fn all(&self) -> Vec<Address> {
        vec![
            self.registry,
            self.manufacturing,
            self.devices,
            self.token,
            self.certificates,
        ]
    }

    /// The contract name (as in `abi/`) of `address`, if it is one of these.
    pub fn name_of(&self, address: Address) -> Option<&'static str> {
        [
            (self.registry, names::REGISTRY),
            (self.manufacturing, names::MANUFACTURING),
            (self.devices, names::DEVICE_LICENSES),
            (self.token, names::TOKEN),
            (self.certificates, names::CERTIFICATES),
        ]
        .into_iter()
        .find_map(|(a, n)| (a == address).then_some(n))
    }
}
