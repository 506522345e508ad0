//! Calls to the other contracts: the one view per contract a path asks
//! ([`dimo_interfaces::views`]: the registry's `nodeAccess`, the licence checks a mint makes
//! once per batch, the token's `ownerState`), and the calldata of the token's issuer hooks.
//!
//! Raw static calls with [`AbiWriter`] calldata, as in the other contracts
//! ([`contract_kit::calls`] explains why).

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{
    certificates::ICertificateToken as T,
    encode::AbiWriter,
    views::{DeviceLicenseCheck, ManufacturingLicenseCheck, OwnerState},
};

use contract_kit::calls::{answers_true, static_call};
pub(crate) use contract_kit::calls::{node_access, owner_of};

/// `manufacturing.manufacturingLicenseCheck(node)`: whether `node` is licensed, with its
/// licence's grant number and expiry (not licensed when the call fails).
pub(crate) fn manufacturing_license_check(
    manufacturing: Address,
    node: U256,
) -> ManufacturingLicenseCheck {
    let calldata = ManufacturingLicenseCheck::calldata(node);
    ManufacturingLicenseCheck::decode(&static_call(manufacturing, &calldata).unwrap_or_default())
}

/// `devices.deviceLicenseCheck(license)`: its manufacturer and whether it is active (no
/// manufacturer, not active, when the call fails).
pub(crate) fn device_license_check(devices: Address, license: U256) -> DeviceLicenseCheck {
    let calldata = DeviceLicenseCheck::calldata(license);
    DeviceLicenseCheck::decode(&static_call(devices, &calldata).unwrap_or_default())
}

/// `token.ownerState(id)`: certificate `id`'s owner and how many times it changed owner
/// (no owner, no change, when the call fails).
pub(crate) fn owner_state(token: Address, id: U256) -> OwnerState {
    OwnerState::decode(&static_call(token, &OwnerState::calldata(id)).unwrap_or_default())
}

/// `registry.isAdmin(account)`: whether `account` is one of the foundation's admins.
pub(crate) fn is_admin(registry: Address, account: Address) -> bool {
    let calldata = AbiWriter::call(dimo_interfaces::admin::IAdmins::isAdminCall::SELECTOR)
        .address(&account)
        .finish();
    answers_true(registry, &calldata)
}

/// `token.issue(to, ids)`.
pub(crate) fn issue_calldata(to: Address, ids: &[U256]) -> alloc::vec::Vec<u8> {
    // `uint256[]` is encoded as `bytes` is, with 32-byte elements.
    let mut words = alloc::vec::Vec::with_capacity(ids.len() * 32);
    for id in ids {
        words.extend_from_slice(&id.to_be_bytes::<32>());
    }
    let mut calldata = AbiWriter::call(T::issueCall::SELECTOR)
        .address(&to)
        .bytes(&words)
        .finish();
    // `bytes` carries its length in bytes; an array carries its element count.
    let len_at = 4 + 64;
    calldata[len_at..len_at + 32].copy_from_slice(&U256::from(ids.len()).to_be_bytes::<32>());
    calldata
}

/// `token.issuerTransfer(from, to, id)`.
pub(crate) fn issuer_transfer_calldata(
    from: Address,
    to: Address,
    id: U256,
) -> alloc::vec::Vec<u8> {
    AbiWriter::call(T::issuerTransferCall::SELECTOR)
        .address(&from)
        .address(&to)
        .uint(&id)
        .finish()
}

/// `token.retire(id)`.
pub(crate) fn retire_calldata(id: U256) -> alloc::vec::Vec<u8> {
    AbiWriter::call(T::retireCall::SELECTOR).uint(&id).finish()
}

/// `token.notifyUpdate(id)`.
pub(crate) fn notify_update_calldata(id: U256) -> alloc::vec::Vec<u8> {
    AbiWriter::call(T::notifyUpdateCall::SELECTOR)
        .uint(&id)
        .finish()
}

#[cfg(test)]
mod tests {
    use alloy_sol_types::SolCall;

    use super::*;

    #[test]
    fn issue_calldata_matches_alloy() {
        let to = Address::repeat_byte(7);
        for n in [0usize, 1, 3, 100] {
            let ids: alloc::vec::Vec<U256> = (0..n).map(|i| U256::from(i) << 100).collect();
            let ours = issue_calldata(to, &ids);
            let alloy = T::issueCall { to, ids }.abi_encode();
            assert_eq!(ours, alloy, "{n} ids");
        }
        let id = U256::from(9);
        assert_eq!(
            issuer_transfer_calldata(to, Address::ZERO, id),
            T::issuerTransferCall {
                from: to,
                to: Address::ZERO,
                id
            }
            .abi_encode()
        );
        assert_eq!(retire_calldata(id), T::retireCall { id }.abi_encode());
        assert_eq!(
            notify_update_calldata(id),
            T::notifyUpdateCall { id }.abi_encode()
        );
    }
}
