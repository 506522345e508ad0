//! Addresses of created contracts (CREATE and CREATE2).

use alloy_primitives::{keccak256, Address, B256};

/// The CREATE address: the last 20 bytes of keccak-256 of `rlp([sender, nonce])`.
pub fn create_address(sender: Address, nonce: u64) -> Address {
    let nonce_bytes = nonce.to_be_bytes();
    let significant = nonce_bytes
        .iter()
        .position(|b| *b != 0)
        .map_or(&nonce_bytes[8..], |i| &nonce_bytes[i..]);
    // RLP of the nonce: 0x80 for zero, the byte itself below 0x80, else 0x80+len ++ bytes.
    let mut nonce_rlp = Vec::with_capacity(9);
    match significant {
        [] => nonce_rlp.push(0x80),
        [b] if *b < 0x80 => nonce_rlp.push(*b),
        bytes => {
            // At most 8 bytes.
            nonce_rlp.push(0x80 + u8::try_from(bytes.len()).unwrap_or(8));
            nonce_rlp.extend_from_slice(bytes);
        }
    }
    let payload_len = 21 + nonce_rlp.len();
    let mut rlp = Vec::with_capacity(1 + payload_len);
    // The payload is at most 30 bytes: a short list.
    rlp.push(0xc0 + u8::try_from(payload_len).unwrap_or(0));
    rlp.push(0x80 + 20);
    rlp.extend_from_slice(sender.as_slice());
    rlp.extend_from_slice(&nonce_rlp);
    Address::from_slice(&keccak256(rlp)[12..])
}

/// The CREATE2 address: the last 20 bytes of keccak-256 of
/// `0xff ‖ sender ‖ salt ‖ keccak-256(init code)`.
pub fn create2_address(sender: Address, salt: B256, init_code_hash: B256) -> Address {
    let mut bytes = Vec::with_capacity(85);
    bytes.push(0xff);
    bytes.extend_from_slice(sender.as_slice());
    bytes.extend_from_slice(salt.as_slice());
    bytes.extend_from_slice(init_code_hash.as_slice());
    Address::from_slice(&keccak256(bytes)[12..])
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{address, b256};

    use super::*;

    #[test]
    fn create_matches_known_addresses() {
        // The classic examples for sender 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0.
        let sender = address!("6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
        assert_eq!(
            create_address(sender, 0),
            address!("cd234a471b72ba2f1ccf0a70fcaba648a5eecd8d")
        );
        assert_eq!(
            create_address(sender, 1),
            address!("343c43a37d37dff08ae8c4a11544c718abb4fcf8")
        );
        assert_eq!(
            create_address(sender, 2),
            address!("f778b86fa74e846c4f0a1fbd1335fe81c00a0c91")
        );
        // Larger nonces use the long form.
        assert_ne!(create_address(sender, 0x80), create_address(sender, 0x7f));
        assert_ne!(create_address(sender, u64::MAX), create_address(sender, 0));
    }

    #[test]
    fn create2_matches_eip_1014_example() {
        // EIP-1014 example 1: sender 0, salt 0, init code 0x00.
        assert_eq!(
            create2_address(Address::ZERO, B256::ZERO, keccak256([0u8])),
            address!("4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38")
        );
        assert_eq!(
            create2_address(
                address!("deadbeef00000000000000000000000000000000"),
                b256!("000000000000000000000000feed000000000000000000000000000000000000"),
                keccak256([0u8])
            ),
            address!("d04116cdd17bebe565eb2422f2497e06cc1c9833")
        );
    }
}
