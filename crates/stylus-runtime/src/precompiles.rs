//! Precompiles. Only ecrecover (address 1) is implemented, with Ethereum's exact semantics;
//! calls to the other standard precompile addresses (2 to 0x11) fail with
//! [`Failure::UnsupportedPrecompile`] so that a test notices.

use alloy_primitives::{keccak256, Address};
use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};

use crate::exec::FrameResult;
use crate::receipt::Failure;
use crate::tx_state::TxState;

/// Gas of ecrecover.
pub const ECRECOVER_GAS: u64 = 3_000;

/// Highest address treated as a standard precompile.
const LAST_PRECOMPILE: u8 = 0x11;

/// The precompile number of `address` (its last byte when the other 19 are zero).
fn number(address: Address) -> Option<u8> {
    let bytes = address.as_slice();
    (bytes[..19] == [0; 19] && (1..=LAST_PRECOMPILE).contains(&bytes[19])).then_some(bytes[19])
}

/// Whether `address` is a standard precompile address (they start warm in a transaction).
pub fn is_precompile(address: Address) -> bool {
    number(address).is_some()
}

/// Runs the precompile at `address`, or `None` if `address` is not one.
pub(crate) fn run(
    tx: &mut TxState,
    address: Address,
    input: &[u8],
    gas: u64,
) -> Option<FrameResult> {
    match number(address)? {
        1 => {
            if gas < ECRECOVER_GAS {
                return Some(FrameResult::out_of_gas());
            }
            tx.tally.calls = tx.tally.calls.saturating_add(ECRECOVER_GAS);
            let output = ecrecover(input)
                .map(|signer| {
                    let mut word = vec![0; 12];
                    word.extend_from_slice(signer.as_slice());
                    word
                })
                .unwrap_or_default();
            Some(FrameResult::success(output, gas - ECRECOVER_GAS))
        }
        _ => Some(FrameResult::failure(
            Failure::UnsupportedPrecompile(address),
            gas,
        )),
    }
}

/// Ethereum's ecrecover: `input` (right-padded with zeros to 128 bytes, extra bytes ignored)
/// is `hash ‖ v ‖ r ‖ s`, each 32 bytes big-endian. `v` must be 27 or 28 (with 31 zero bytes
/// before it) and `r`, `s` in `[1, n)`; high `s` values are accepted (malleable signatures
/// recover the same signer with the other `v`). `None` for anything invalid, which the
/// precompile answers with empty output.
pub fn ecrecover(input: &[u8]) -> Option<Address> {
    let mut buf = [0_u8; 128];
    let n = input.len().min(128);
    buf[..n].copy_from_slice(&input[..n]);
    // r and s (bytes 64 to 128) are checked by `Signature::from_slice`: both in [1, n).
    let (hash, v) = (&buf[..32], &buf[32..64]);
    if v[..31] != [0; 31] || !matches!(v[31], 27 | 28) {
        return None;
    }
    let mut parity = v[31] - 27;
    let mut signature = Signature::from_slice(&buf[64..]).ok()?;
    if let Some(low) = signature.normalize_s() {
        // (r, n - s) with the opposite parity names the same key.
        signature = low;
        parity ^= 1;
    }
    let id = RecoveryId::from_byte(parity)?;
    let key = VerifyingKey::recover_from_prehash(hash, &signature, id).ok()?;
    let point = key.to_encoded_point(false);
    Some(Address::from_slice(
        &keccak256(&point.as_bytes()[1..])[12..],
    ))
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{address, hex, U256};
    use k256::ecdsa::SigningKey;

    use super::*;

    /// secp256k1 group order.
    const N: U256 = U256::from_be_bytes(hex!(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
    ));

    fn input(hash: [u8; 32], v: u8, r: U256, s: U256) -> Vec<u8> {
        let mut out = hash.to_vec();
        out.extend_from_slice(&U256::from(v).to_be_bytes::<32>());
        out.extend_from_slice(&r.to_be_bytes::<32>());
        out.extend_from_slice(&s.to_be_bytes::<32>());
        out
    }

    fn signed(hash: [u8; 32]) -> (Address, u8, U256, U256) {
        let key = SigningKey::from_slice(&[7; 32]).unwrap();
        let (sig, id) = key.sign_prehash_recoverable(&hash).unwrap();
        let point = key.verifying_key().to_encoded_point(false);
        let signer = Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..]);
        let r = U256::from_be_slice(&sig.r().to_bytes());
        let s = U256::from_be_slice(&sig.s().to_bytes());
        (signer, 27 + id.to_byte(), r, s)
    }

    #[test]
    fn known_vector() {
        let input = hex!(
            "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c"
            "000000000000000000000000000000000000000000000000000000000000001c"
            "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f"
            "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549"
        );
        assert_eq!(
            ecrecover(&input),
            Some(address!("a94f5374fce5edbc8e2a8697c15331677e6ebf0b"))
        );
    }

    #[test]
    fn recovers_and_accepts_the_malleable_twin() {
        let hash = [0x42; 32];
        let (signer, v, r, s) = signed(hash);
        assert_eq!(ecrecover(&input(hash, v, r, s)), Some(signer));
        // (r, n - s, other v) is the same signer: the precompile does not enforce low s.
        let twin_v = if v == 27 { 28 } else { 27 };
        assert_eq!(ecrecover(&input(hash, twin_v, r, N - s)), Some(signer));
        // The wrong v gives another key (or none), never the signer.
        assert_ne!(ecrecover(&input(hash, twin_v, r, s)), Some(signer));
    }

    #[test]
    fn rejects_invalid_inputs() {
        let hash = [0x42; 32];
        let (_, v, r, s) = signed(hash);
        for bad_v in [0, 1, 26, 29, 255] {
            assert_eq!(ecrecover(&input(hash, bad_v, r, s)), None, "v = {bad_v}");
        }
        let mut padded_v = input(hash, v, r, s);
        padded_v[32] = 1;
        assert_eq!(ecrecover(&padded_v), None);
        assert_eq!(ecrecover(&input(hash, v, U256::ZERO, s)), None);
        assert_eq!(ecrecover(&input(hash, v, r, U256::ZERO)), None);
        assert_eq!(ecrecover(&input(hash, v, N, s)), None);
        assert_eq!(ecrecover(&input(hash, v, r, N)), None);
        assert_eq!(ecrecover(&[]), None);
    }

    #[test]
    fn short_input_is_zero_padded_and_long_input_truncated() {
        let hash = [0x42; 32];
        let (signer, v, r, s) = signed(hash);
        let mut long = input(hash, v, r, s);
        long.extend_from_slice(&[0xff; 40]);
        assert_eq!(ecrecover(&long), Some(signer));
        // s ends with zero bytes only by chance; a short input equals its zero-padded form.
        let full = input(hash, v, r, s);
        let trimmed = full.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
        assert_eq!(ecrecover(&full[..trimmed]), Some(signer));
    }

    #[test]
    fn only_address_one_is_ecrecover() {
        assert!(is_precompile(Address::with_last_byte(1)));
        assert!(is_precompile(Address::with_last_byte(0x11)));
        assert!(!is_precompile(Address::with_last_byte(0x12)));
        assert!(!is_precompile(Address::ZERO));
        let mut tx = TxState::default();
        let failed = run(&mut tx, Address::with_last_byte(2), &[], 5_000).unwrap();
        assert_eq!(failed.gas_left, 5_000);
        assert!(run(&mut tx, Address::with_last_byte(0x12), &[], 5_000).is_none());
        assert_eq!(
            run(&mut tx, Address::with_last_byte(1), &[], 2_999),
            Some(FrameResult::out_of_gas())
        );
        let ok = run(&mut tx, Address::with_last_byte(1), &[], 5_000).unwrap();
        assert!(ok.outcome.is_success() && ok.output.is_empty() && ok.gas_left == 2_000);
    }
}
