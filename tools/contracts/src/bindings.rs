//! alloy bindings generated from the published ABIs (`abi/*.json`): every function, event,
//! error and struct a dApp sees, plus the test ERC-20 the devnet stakes with.
#![allow(
    missing_docs,
    clippy::pedantic,
    clippy::too_many_arguments,
    unreachable_pub
)]

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
