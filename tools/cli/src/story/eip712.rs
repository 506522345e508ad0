//! The device key's EIP-712 messages to the certificate contract, and their signing: the one
//! place to change when the contract's typed messages change (the type strings are the
//! contract's, `contracts/minting-certificates`; see the README's "Device-key proof").

use alloy::primitives::{Address, Bytes, U256};
use alloy::signers::local::PrivateKeySigner;
use alloy::signers::SignerSync;
use alloy::sol;
use alloy::sol_types::{eip712_domain, Eip712Domain, SolStruct};

use crate::contracts::IMintingCertificates::DeviceInput;

sol! {
    /// A device key's consent to be minted under `manufacturer` with its identity.
    struct MintDevice {
        uint256 manufacturer;
        string serial;
        uint64 imei;
        address device;
    }

    /// A device key handing its certificate to `owner`.
    struct Claim {
        uint256 certificate;
        address owner;
        uint256 nonce;
        uint256 deadline;
    }

    /// A new device key accepting certificate `certificate` at a factory reset.
    struct RotateKey {
        uint256 certificate;
        address device;
        uint256 nonce;
    }
}

/// The certificate contract's domain.
pub(crate) fn domain(chain_id: u64, certificates: Address) -> Eip712Domain {
    eip712_domain! {
        name: "DIMO Device Minting Certificates",
        version: "1",
        chain_id: chain_id,
        verifying_contract: certificates,
    }
}

/// `key`'s 65-byte signature (`r ‖ s ‖ v`, `v` 27 or 28) of `message` in `domain`.
pub(crate) fn sign<T: SolStruct>(
    key: &PrivateKeySigner,
    domain: &Eip712Domain,
    message: &T,
) -> Bytes {
    let hash = message.eip712_signing_hash(domain);
    let signature = key.sign_hash_sync(&hash).expect("local keys always sign");
    Bytes::from(signature.as_bytes().to_vec())
}

/// The certificate id of a device key: `uint256(uint160(device))`.
pub(crate) fn id_of(device: Address) -> U256 {
    U256::from_be_slice(device.as_slice())
}

/// The `MintDevice` message a device key signs for `device` (the ABI's whole `DeviceInput`
/// record; its `signature` is not part of the message) minted under `manufacturer`: the one
/// place that maps a device record to its typed message.
pub(crate) fn mint_device_message(manufacturer: U256, device: &DeviceInput) -> MintDevice {
    MintDevice {
        manufacturer,
        serial: device.serial.clone(),
        imei: device.imei,
        device: device.device,
    }
}

/// `key`'s `MintDevice` signature of the whole record `device`, minted under `manufacturer` by
/// the certificate contract of `domain`.
pub(crate) fn sign_mint_device(
    key: &PrivateKeySigner,
    domain: &Eip712Domain,
    manufacturer: U256,
    device: &DeviceInput,
) -> Bytes {
    sign(key, domain, &mint_device_message(manufacturer, device))
}

/// The address that signed `device.signature` (its `MintDevice` message under
/// `manufacturer` in `domain`), or `None` for a signature that does not parse or recover.
pub(crate) fn mint_device_signer(
    domain: &Eip712Domain,
    manufacturer: U256,
    device: &DeviceInput,
) -> Option<Address> {
    let signature = alloy::primitives::Signature::try_from(device.signature.as_ref()).ok()?;
    let hash = mint_device_message(manufacturer, device).eip712_signing_hash(domain);
    signature.recover_address_from_prehash(&hash).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_strings_are_the_contracts() {
        assert_eq!(
            MintDevice::eip712_root_type(),
            "MintDevice(uint256 manufacturer,string serial,uint64 imei,address device)"
        );
        assert_eq!(
            Claim::eip712_root_type(),
            "Claim(uint256 certificate,address owner,uint256 nonce,uint256 deadline)"
        );
        assert_eq!(
            RotateKey::eip712_root_type(),
            "RotateKey(uint256 certificate,address device,uint256 nonce)"
        );
    }

    #[test]
    fn signatures_recover_to_the_key_with_v_27_or_28() {
        let key = PrivateKeySigner::random();
        let d = domain(412_346, Address::repeat_byte(7));
        let message = RotateKey {
            certificate: U256::from(1),
            device: key.address(),
            nonce: U256::ZERO,
        };
        let sig = sign(&key, &d, &message);
        assert_eq!(sig.len(), 65);
        assert!(sig[64] == 27 || sig[64] == 28);
        let parsed = alloy::primitives::Signature::try_from(sig.as_ref()).unwrap();
        let recovered = parsed
            .recover_address_from_prehash(&message.eip712_signing_hash(&d))
            .unwrap();
        assert_eq!(recovered, key.address());
    }
}
