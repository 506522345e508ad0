//! The contracts' events and the views the indexer reads, from the published ABIs
//! (`abi/*.json`).
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
