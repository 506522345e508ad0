//! Calls to the other contracts: the licence checks a mint makes once per batch, and the
//! calldata of the token's issuer hooks.
//!
//! Raw static calls with [`AbiWriter`] calldata, as in the other contracts
//! ([`contract_kit::calls`] explains why).

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{
    certificates::ICertificateToken as T,
    encode::AbiWriter,
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M},
};

use contract_kit::calls::{answers_true, static_call, static_word};
pub(crate) use contract_kit::calls::{is_authorized, owner_of};

/// `manufacturing.isManufacturerLicensed(node)`.
pub(crate) fn is_manufacturer_licensed(manufacturing: Address, node: U256) -> bool {
    let calldata = AbiWriter::call(M::isManufacturerLicensedCall::SELECTOR)
        .uint(&node)
        .finish();
    answers_true(manufacturing, &calldata)
}

/// The grant number and expiry of `node`'s Manufacturing License
/// (`manufacturing.manufacturingLicense(node)`, words 1 and 3); zeros when the call fails.
pub(crate) fn manufacturing_license(manufacturing: Address, node: U256) -> (u64, u64) {
    let calldata = AbiWriter::call(M::manufacturingLicenseCall::SELECTOR)
        .uint(&node)
        .finish();
    let answer = static_call(manufacturing, &calldata).unwrap_or_default();
    let word = |i: usize| {
        answer
            .get(i * 32 + 24..i * 32 + 32)
            .map_or(0, |b| u64::from_be_bytes(b.try_into().unwrap_or_default()))
    };
    (word(1), word(3))
}

/// The `uint256` a view `selector(arg)` of `target` answers (0 when the call fails).
fn uint_view(target: Address, selector: [u8; 4], arg: U256) -> U256 {
    let calldata = AbiWriter::call(selector).uint(&arg).finish();
    static_word(target, &calldata).map_or(U256::ZERO, |w| U256::from_be_bytes(w.0))
}

/// The manufacturer owning device licence `license` (0 when unknown or the call fails).
pub(crate) fn device_license_manufacturer(devices: Address, license: U256) -> U256 {
    uint_view(devices, D::deviceLicenseManufacturerCall::SELECTOR, license)
}

/// `token.ownerChanges(id)`: how many times certificate `id` changed owner.
pub(crate) fn owner_changes(token: Address, id: U256) -> U256 {
    uint_view(token, T::ownerChangesCall::SELECTOR, id)
}

/// `devices.isDeviceLicenseActive(license)`.
pub(crate) fn is_device_license_active(devices: Address, license: U256) -> bool {
    let calldata = AbiWriter::call(D::isDeviceLicenseActiveCall::SELECTOR)
        .uint(&license)
        .finish();
    answers_true(devices, &calldata)
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
