//! Device keys for tests: real secp256k1 keys (`k256`) that sign the certificate contract's
//! EIP-712 messages as a device would. Native builds with the `signer` feature only.

use alloc::vec::Vec;

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{Eip712Domain, SolStruct};
use k256::ecdsa::SigningKey;

use crate::certificates::{EIP712_NAME, EIP712_VERSION};

/// The order of secp256k1.
const ORDER: U256 = U256::from_limbs([
    0xbfd2_5e8c_d036_4141,
    0xbaae_dce6_af48_a03b,
    0xffff_ffff_ffff_fffe,
    0xffff_ffff_ffff_ffff,
]);

/// The certificate contract's EIP-712 domain on `chain_id` at `contract`.
#[must_use]
pub fn domain(chain_id: u64, contract: Address) -> Eip712Domain {
    Eip712Domain::new(
        Some(EIP712_NAME.into()),
        Some(EIP712_VERSION.into()),
        Some(U256::from(chain_id)),
        Some(contract),
        None,
    )
}

/// A device key.
#[derive(Clone)]
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    /// The key derived from `seed` (deterministic: the same seed, the same key).
    ///
    /// # Panics
    ///
    /// Never in practice: a hash is a valid scalar with overwhelming probability.
    #[must_use]
    pub fn from_seed(seed: &str) -> Self {
        let secret = keccak256(seed.as_bytes());
        Self(SigningKey::from_bytes(&secret.0.into()).expect("valid scalar"))
    }

    /// The key's Ethereum address.
    #[must_use]
    pub fn address(&self) -> Address {
        let point = self.0.verifying_key().to_encoded_point(false);
        Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..])
    }

    /// The key's secret scalar, for handing the key to another signer (the end-to-end tests
    /// sign with viem too).
    #[must_use]
    pub fn secret(&self) -> B256 {
        B256::from_slice(&self.0.to_bytes())
    }

    /// A 65-byte signature (`r ‖ s ‖ v`, low `s`, `v` 27 or 28) of `digest`.
    ///
    /// # Panics
    ///
    /// If signing fails (it does not for a valid key).
    #[must_use]
    pub fn sign_digest(&self, digest: &B256) -> Vec<u8> {
        let (sig, recid) = self
            .0
            .sign_prehash_recoverable(digest.as_slice())
            .expect("signing works");
        let mut out = sig.to_bytes().to_vec();
        out.push(27 + recid.to_byte());
        out
    }

    /// The signature of `message` under `domain`, as `eth_signTypedData_v4` makes it.
    #[must_use]
    pub fn sign_typed<M: SolStruct>(&self, domain: &Eip712Domain, message: &M) -> Vec<u8> {
        self.sign_digest(&message.eip712_signing_hash(domain))
    }
}

/// The malleable twin of a low-`s` signature: `s' = n - s`, `v` flipped. Ethereum's
/// precompile accepts it; the certificate contract must not.
#[must_use]
pub fn high_s_twin(signature: &[u8]) -> Vec<u8> {
    let mut out = signature.to_vec();
    let s = U256::from_be_slice(&signature[32..64]);
    out[32..64].copy_from_slice(&(ORDER - s).to_be_bytes::<32>());
    out[64] = if signature[64] == 27 { 28 } else { 27 };
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::Claim;

    #[test]
    fn signatures_recover_to_the_key() {
        let key = DeviceKey::from_seed("device-1");
        let domain = domain(412_346, Address::repeat_byte(9));
        let claim = Claim {
            certificate: U256::from(1),
            owner: Address::repeat_byte(1),
            nonce: U256::ZERO,
            deadline: U256::MAX,
        };
        let sig = key.sign_typed(&domain, &claim);
        let digest = claim.eip712_signing_hash(&domain);
        let recid = k256::ecdsa::RecoveryId::from_byte(sig[64] - 27).unwrap();
        let parsed = k256::ecdsa::Signature::from_slice(&sig[..64]).unwrap();
        let recovered =
            k256::ecdsa::VerifyingKey::recover_from_prehash(digest.as_slice(), &parsed, recid)
                .unwrap();
        assert_eq!(&recovered, key.0.verifying_key());
        assert!(U256::from_be_slice(&sig[32..64]) <= ORDER >> 1);
        let twin = high_s_twin(&sig);
        assert!(U256::from_be_slice(&twin[32..64]) > ORDER >> 1);
    }
}
