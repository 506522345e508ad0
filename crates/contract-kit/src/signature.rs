//! EIP-712 digests and ECDSA signer recovery through the `ecrecover` precompile.
//!
//! Recovery goes through the precompile at address 1 rather than a curve library compiled
//! into the contract: the precompile costs 3,000 gas and no code, where `k256` would add tens
//! of KB of wasm. The checks Ethereum's precompile leaves to the caller are made here:
//! 65-byte signatures only, `v` of 27 or 28, `r` and `s` non-zero and `s` in the lower half
//! of the curve order (no malleable twin), and a recovered address that is not zero.

use alloy_primitives::{keccak256, Address, B256, U256};
use dimo_interfaces::encode::AbiWriter;
use stylus_sdk::call::RawCall;

/// The EIP-712 type hash of `EIP712Domain(string name,string version,uint256 chainId,address
/// verifyingContract)`.
const DOMAIN_TYPEHASH: B256 = type_hash(
    b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
);

/// The EIP-712 type hash of a struct type (`keccak256` of its encoded type), computed at
/// compile time so that no call hashes a constant string.
#[must_use]
pub const fn type_hash(encoded_type: &[u8]) -> B256 {
    B256::new(
        stylus_sdk::keccak_const::Keccak256::new()
            .update(encoded_type)
            .finalize(),
    )
}

/// Half the order of secp256k1: the largest `s` a canonical signature has.
const HALF_ORDER: U256 = U256::from_limbs([
    0xdfe9_2f46_681b_20a0,
    0x5d57_6e73_57a4_501d,
    0xffff_ffff_ffff_ffff,
    0x7fff_ffff_ffff_ffff,
]);

/// The EIP-712 domain separator for `name`, `version`, `chain_id` and `contract`.
#[must_use]
pub fn domain_separator(name: &str, version: &str, chain_id: u64, contract: Address) -> B256 {
    keccak256(
        AbiWriter::new()
            .word(&DOMAIN_TYPEHASH)
            .word(&keccak256(name))
            .word(&keccak256(version))
            .small(chain_id)
            .address(&contract)
            .finish(),
    )
}

/// The digest a signer signs: `keccak256(0x19 0x01 ‖ domain ‖ struct_hash)`.
#[must_use]
pub fn typed_data_digest(domain: &B256, struct_hash: &B256) -> B256 {
    let mut buf = [0u8; 66];
    buf[0] = 0x19;
    buf[1] = 0x01;
    buf[2..34].copy_from_slice(domain.as_slice());
    buf[34..].copy_from_slice(struct_hash.as_slice());
    keccak256(buf)
}

/// The address that signed `digest`, or `None` for a signature that is malformed, malleable
/// (high `s`) or recovers to no address.
#[must_use]
pub fn recover(digest: &B256, signature: &[u8]) -> Option<Address> {
    let Ok(signature) = <&[u8; 65]>::try_from(signature) else {
        return None;
    };
    let v = signature[64];
    if v != 27 && v != 28 {
        return None;
    }
    let r = U256::from_be_slice(&signature[..32]);
    let s = U256::from_be_slice(&signature[32..64]);
    if r.is_zero() || s.is_zero() || s > HALF_ORDER {
        return None;
    }
    let input = AbiWriter::new()
        .word(digest)
        .small(v.into())
        .uint(&r)
        .uint(&s)
        .finish();
    // SAFETY: a static call cannot write to this contract's storage.
    let answer = unsafe { RawCall::new_static().call(Address::with_last_byte(1), &input) }.ok()?;
    let word = answer.get(..32)?;
    let signer = Address::from_slice(&word[12..]);
    (!signer.is_zero()).then_some(signer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_order_is_n_over_two() {
        let n = U256::from_str_radix(
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
            16,
        )
        .unwrap();
        assert_eq!(HALF_ORDER, n >> 1);
    }

    #[test]
    fn type_hash_is_keccak256() {
        let t = b"Claim(uint256 certificate,address owner,uint256 nonce,uint256 deadline)";
        assert_eq!(type_hash(t), keccak256(t));
    }

    #[test]
    fn domain_separator_matches_alloy() {
        let contract = Address::repeat_byte(0x42);
        let domain = alloy_sol_types::eip712_domain! {
            name: "Test",
            version: "1",
            chain_id: 421_614,
            verifying_contract: contract,
        };
        assert_eq!(
            domain_separator("Test", "1", 421_614, contract),
            domain.separator()
        );
    }

    #[test]
    fn malformed_signatures_are_refused_before_any_call() {
        let d = B256::repeat_byte(1);
        let mut sig = [1u8; 65];
        sig[64] = 27;
        // Wrong lengths.
        assert!(recover(&d, &sig[..64]).is_none());
        assert!(recover(&d, &[sig.as_slice(), &[0]].concat()).is_none());
        // Bad v.
        for v in [0, 1, 26, 29] {
            sig[64] = v;
            assert!(recover(&d, &sig).is_none(), "v = {v}");
        }
        sig[64] = 28;
        // High s.
        sig[32..64].copy_from_slice(&(HALF_ORDER + U256::from(1)).to_be_bytes::<32>());
        assert!(recover(&d, &sig).is_none());
        // Zero r or s.
        sig[32..64].copy_from_slice(&[0; 32]);
        assert!(recover(&d, &sig).is_none());
        sig[32..64].copy_from_slice(&[1; 32]);
        sig[..32].copy_from_slice(&[0; 32]);
        assert!(recover(&d, &sig).is_none());
    }
}
