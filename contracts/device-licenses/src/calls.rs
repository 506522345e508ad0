//! Read-only calls to the manufacturer registry (`isAuthorized`, `authorizedPrivileges`) and
//! to the manufacturing-licence contract (`isManufacturerLicensed`, `isLicenseManager`).
//!
//! Raw static calls with calldata written by [`AbiWriter`] and the answer word decoded by
//! hand, rather than `sol_interface!`: the typed call path brings the SDK's generic call and
//! decoding machinery into the wasm (several KB). A static call cannot change any state, so
//! there is no storage cache to flush.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{encode::AbiWriter, licenses::IManufacturingLicenses as M};

use contract_kit::calls::answers_true;
pub(crate) use contract_kit::calls::{authorized_privileges, is_authorized};

/// `manufacturing.isManufacturerLicensed(node)`.
pub(crate) fn is_manufacturer_licensed(manufacturing: Address, node: U256) -> bool {
    let calldata = AbiWriter::call(M::isManufacturerLicensedCall::SELECTOR)
        .uint(&node)
        .finish();
    answers_true(manufacturing, &calldata)
}

/// `manufacturing.isLicenseManager(account)`.
pub(crate) fn is_license_manager(manufacturing: Address, account: Address) -> bool {
    let calldata = AbiWriter::call(M::isLicenseManagerCall::SELECTOR)
        .address(&account)
        .finish();
    answers_true(manufacturing, &calldata)
}
