//! The contracts as the tools see them: bindings generated from the published ABIs
//! (`abi/*.json`, written by `scripts/abi`), and the artifact names in deployment order.
#![allow(missing_docs, clippy::pedantic, clippy::too_many_arguments)]

use alloy::sol;

sol!(
    #[sol(rpc)]
    ManufacturerRegistry,
    "../../abi/manufacturer-registry.json"
);
sol!(
    #[sol(rpc)]
    ManufacturingLicenses,
    "../../abi/manufacturing-licenses.json"
);
sol!(
    #[sol(rpc)]
    DeviceLicenses,
    "../../abi/device-licenses.json"
);
sol!(
    #[sol(rpc)]
    CertificateToken,
    "../../abi/certificate-token.json"
);
sol!(
    #[sol(rpc)]
    MintingCertificates,
    "../../abi/minting-certificates.json"
);

sol! {
    /// `contracts/test-erc20` (test only, so it has no published ABI): the $DIMO stand-in on
    /// the devnet, OpenZeppelin's ERC-20 with an open `mint`.
    #[sol(rpc)]
    interface TestErc20 {
        function mint(address to, uint256 amount) external;
        function approve(address spender, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
    }
}

/// Artifact (and record) names.
pub(crate) mod names {
    pub(crate) const TEST_ERC20: &str = "test-erc20";
    pub(crate) const REGISTRY: &str = "manufacturer-registry";
    pub(crate) const MANUFACTURING: &str = "manufacturing-licenses";
    pub(crate) const DEVICE_LICENSES: &str = "device-licenses";
    pub(crate) const TOKEN: &str = "certificate-token";
    pub(crate) const CERTIFICATES: &str = "minting-certificates";
}
