//! The device key's EIP-712 messages to the certificate contract, and their signing: the one
//! place in the tools (the `dimo` binary, the indexer's test kit) to change when the
//! contract's typed messages change (the type strings are the
//! contract's, `contracts/minting-certificates`; see the README's "Device-key proof").

use alloy::primitives::{Address, Bytes, U256};
use alloy::signers::local::PrivateKeySigner;
use alloy::signers::SignerSync;
use alloy::sol;
use alloy::sol_types::{eip712_domain, Eip712Domain, SolStruct};

use crate::IMintingCertificates::DeviceInput;

sol! {
    /// A device key's consent to be minted under `manufacturer` and Hardware Device License
    /// `deviceLicense` with everything its certificate records (the `DeviceInput` but
    /// `qaPassed`, which must be true, and the signature). Build it with [`sign_mint_device`].
    struct MintDevice {
        uint256 manufacturer;
        uint256 deviceLicense;
        address device;
        string serial;
        uint64 imei;
        uint64 manufacturedAt;
        bool ictPassed;
        bytes32 ictReport;
        bool mechanicalPassed;
        bytes32 mechanicalReport;
        bytes32 qaReport;
        uint64 qaInspectedAt;
        uint64 firmware;
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
pub fn domain(chain_id: u64, certificates: Address) -> Eip712Domain {
    eip712_domain! {
        name: "DIMO Device Minting Certificates",
        version: "1",
        chain_id: chain_id,
        verifying_contract: certificates,
    }
}

/// `key`'s 65-byte signature (`r ‖ s ‖ v`, `v` 27 or 28) of `message` in `domain`.
pub fn sign<T: SolStruct>(key: &PrivateKeySigner, domain: &Eip712Domain, message: &T) -> Bytes {
    let hash = message.eip712_signing_hash(domain);
    let signature = key.sign_hash_sync(&hash).expect("local keys always sign");
    Bytes::from(signature.as_bytes().to_vec())
}

/// The `MintDevice` message a device key signs for `device` (the ABI's whole `DeviceInput`
/// record; its `signature` and `qaPassed`, which must be true, are not part of it) minted
/// under `manufacturer` and Hardware Device License `device_license`: the one place that maps
/// a device record to its typed message.
pub fn mint_device_message(
    manufacturer: U256,
    device_license: U256,
    device: &DeviceInput,
) -> MintDevice {
    MintDevice {
        manufacturer,
        deviceLicense: device_license,
        device: device.device,
        serial: device.serial.clone(),
        imei: device.imei,
        manufacturedAt: device.manufacturedAt,
        ictPassed: device.ictPassed,
        ictReport: device.ictReport,
        mechanicalPassed: device.mechanicalPassed,
        mechanicalReport: device.mechanicalReport,
        qaReport: device.qaReport,
        qaInspectedAt: device.qaInspectedAt,
        firmware: device.firmware,
    }
}

/// `key`'s `MintDevice` signature of the whole record `device`, minted under `manufacturer`
/// and Hardware Device License `device_license` by the certificate contract of `domain`.
pub fn sign_mint_device(
    key: &PrivateKeySigner,
    domain: &Eip712Domain,
    manufacturer: U256,
    device_license: U256,
    device: &DeviceInput,
) -> Bytes {
    sign(
        key,
        domain,
        &mint_device_message(manufacturer, device_license, device),
    )
}

/// The address that signed `device.signature` (its `MintDevice` message under `manufacturer`
/// and `device_license` in `domain`), or `None` for a signature that does not parse or recover.
pub fn mint_device_signer(
    domain: &Eip712Domain,
    manufacturer: U256,
    device_license: U256,
    device: &DeviceInput,
) -> Option<Address> {
    let signature = alloy::primitives::Signature::try_from(device.signature.as_ref()).ok()?;
    let hash =
        mint_device_message(manufacturer, device_license, device).eip712_signing_hash(domain);
    signature.recover_address_from_prehash(&hash).ok()
}

/// The certificate id of a device key: `uint256(uint160(device))`.
pub fn id_of(device: Address) -> U256 {
    U256::from_be_slice(device.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_strings_are_the_contracts() {
        assert_eq!(
            MintDevice::eip712_root_type(),
            "MintDevice(uint256 manufacturer,uint256 deviceLicense,address device,string serial,\
             uint64 imei,uint64 manufacturedAt,bool ictPassed,bytes32 ictReport,\
             bool mechanicalPassed,bytes32 mechanicalReport,bytes32 qaReport,\
             uint64 qaInspectedAt,uint64 firmware)"
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

    /// The device signs every recorded field: the signature of a record recovers to its key,
    /// and to another address once any field, the manufacturer or the licence changes.
    #[test]
    fn the_mint_signature_covers_the_whole_record() {
        use alloy::primitives::B256;
        let key = PrivateKeySigner::random();
        let d = domain(412_346, Address::repeat_byte(7));
        let record = DeviceInput {
            serial: "SN-1".into(),
            imei: 490_154_203_237_518,
            device: key.address(),
            manufacturedAt: 10,
            ictPassed: true,
            ictReport: B256::repeat_byte(1),
            mechanicalPassed: true,
            mechanicalReport: B256::repeat_byte(2),
            qaPassed: true,
            qaReport: B256::repeat_byte(3),
            qaInspectedAt: 11,
            firmware: 1 << 48,
            signature: Bytes::new(),
        };
        let (node, license) = (U256::from(1), U256::from(2));
        let signature = sign_mint_device(&key, &d, node, license, &record);
        let recover = |n: U256, l: U256, r: &DeviceInput| {
            let mut signed = r.clone();
            signed.signature = signature.clone();
            mint_device_signer(&d, n, l, &signed).unwrap()
        };
        assert_eq!(recover(node, license, &record), key.address());
        assert_ne!(
            recover(node + U256::from(1), license, &record),
            key.address()
        );
        assert_ne!(
            recover(node, license + U256::from(1), &record),
            key.address()
        );
        let changes: [fn(&mut DeviceInput); 10] = [
            |r| r.serial = "SN-2".into(),
            |r| r.imei = 0,
            |r| r.manufacturedAt += 1,
            |r| r.ictPassed = false,
            |r| r.ictReport = B256::ZERO,
            |r| r.mechanicalPassed = false,
            |r| r.mechanicalReport = B256::ZERO,
            |r| r.qaReport = B256::ZERO,
            |r| r.qaInspectedAt += 1,
            |r| r.firmware += 1,
        ];
        for (i, change) in changes.iter().enumerate() {
            let mut altered = record.clone();
            change(&mut altered);
            assert_ne!(recover(node, license, &altered), key.address(), "field {i}");
        }
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
