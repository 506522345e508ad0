//! An ABI `string` kept as its bytes: [`RawString`].
//!
//! alloy decodes a `string` argument by checking that it is UTF-8 (`core::str::from_utf8`)
//! and then converting it again with `String::from_utf8_lossy`, and every stored text read
//! back into a `String` is checked once more: about 1.5 KB of wasm per contract for a check
//! no contract needs. Solidity does not check UTF-8 either; each contract checks its own
//! grammar (a serial or a name is printable ASCII and refused with a custom error otherwise,
//! a URI is opaque). [`RawString`] has the same ABI as `string` (the selector, the encoding and
//! the exported interface name `string`) and hands the contract the bytes as they were sent.
//!
//! Written by hand: it is alloy's `string` type without the UTF-8 conversion, which neither
//! alloy nor the SDK offers.

use alloc::{string::String, vec::Vec};

use alloy_primitives::keccak256;
use alloy_sol_types::{abi::token::PackedSeqToken, private::SolTypeValue, SolType, Word};
use stylus_sdk::abi::{AbiType, ConstString};

/// The bytes of an ABI `string`, not checked to be UTF-8 (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawString(pub Vec<u8>);

impl RawString {
    /// The bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text as a `String`, for a text already checked to be ASCII (a serial, a name)
    /// that an alloy event or error type carries: each ASCII byte as its character, any other
    /// byte as `?` (never the case after the check; not `String::from_utf8`, whose validation
    /// is the code this type exists to leave out).
    #[must_use]
    pub fn to_ascii_string(&self) -> String {
        let mut bytes = self.0.clone();
        for b in &mut bytes {
            if !b.is_ascii() {
                *b = b'?';
            }
        }
        // Safety: every byte is ASCII, so the bytes are UTF-8.
        unsafe { String::from_utf8_unchecked(bytes) }
    }
}

impl From<&str> for RawString {
    fn from(s: &str) -> Self {
        Self(s.as_bytes().to_vec())
    }
}

impl From<String> for RawString {
    fn from(s: String) -> Self {
        Self(s.into_bytes())
    }
}

impl From<Vec<u8>> for RawString {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

/// The Solidity type of [`RawString`]: `string`.
pub struct RawStringSol;

impl AbiType for RawString {
    type SolType = RawStringSol;
    const ABI: ConstString = ConstString::new("string");
    const EXPORT_ABI_ARG: ConstString = ConstString::new("string calldata");
    const EXPORT_ABI_RET: ConstString = ConstString::new("string memory");
}

impl SolType for RawStringSol {
    type RustType = RawString;
    type Token<'a> = PackedSeqToken<'a>;
    const SOL_NAME: &'static str = "string";
    const ENCODED_SIZE: Option<usize> = None;
    const PACKED_ENCODED_SIZE: Option<usize> = None;

    /// Any bytes: the length and padding checks are the token decoder's.
    fn valid_token(_token: &Self::Token<'_>) -> bool {
        true
    }

    fn detokenize(token: Self::Token<'_>) -> RawString {
        RawString(token.into_vec())
    }
}

impl SolTypeValue<RawStringSol> for RawString {
    fn stv_to_tokens(&self) -> PackedSeqToken<'_> {
        PackedSeqToken(&self.0)
    }

    fn stv_abi_encoded_size(&self) -> usize {
        64 + self.0.len().div_ceil(32) * 32
    }

    fn stv_eip712_data_word(&self) -> Word {
        keccak256(&self.0)
    }

    fn stv_abi_encode_packed_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }

    fn stv_abi_packed_encoded_size(&self) -> usize {
        self.0.len()
    }
}

/// `export-abi` builds: a `string` names no struct.
#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for RawString {}

#[cfg(test)]
mod tests {
    use alloc::{string::String, vec};

    use alloy_primitives::U256;
    use alloy_sol_types::{sol_data, SolValue};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any text encodes and decodes exactly as alloy's `string`.
        #[test]
        fn matches_alloys_string(text in ".{0,80}", n in any::<u64>()) {
            let ours = RawString::from(text.as_str());
            prop_assert_eq!(
                <(sol_data::Uint<256>, RawStringSol)>::abi_encode_params(&(U256::from(n), ours.clone())),
                (U256::from(n), text.clone()).abi_encode_params()
            );
            let encoded = (text.clone(), n).abi_encode_params();
            let (decoded, m) = <(RawStringSol, sol_data::Uint<64>)>::abi_decode_params(&encoded, true)
                .unwrap();
            prop_assert_eq!(decoded, ours);
            prop_assert_eq!(m, n);
        }

        /// Bytes that are not UTF-8 are handed over as sent, where alloy's `string` refuses them.
        #[test]
        fn takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let encoded = (alloy_primitives::Bytes::from(bytes.clone()),).abi_encode_params();
            let (decoded,) = <(RawStringSol,)>::abi_decode_params(&encoded, true).unwrap();
            prop_assert_eq!(decoded.as_bytes(), bytes.as_slice());
            let alloy = <(sol_data::String,)>::abi_decode_params(&encoded, true);
            prop_assert_eq!(alloy.is_ok(), String::from_utf8(bytes).is_ok());
        }

        /// Truncated or lying encodings are refused as alloy refuses them.
        #[test]
        fn refuses_what_alloy_refuses(text in ".{0,40}", cut in 0usize..160, byte in any::<u8>(), at in 0usize..160) {
            let mut encoded = (text,).abi_encode_params();
            if at < encoded.len() {
                encoded[at] = byte;
            }
            encoded.truncate(cut.min(encoded.len()));
            let ours = <(RawStringSol,)>::abi_decode_params(&encoded, true);
            let alloys_bytes = <(sol_data::Bytes,)>::abi_decode_params(&encoded, true);
            prop_assert_eq!(ours.is_ok(), alloys_bytes.is_ok());
        }
    }

    #[test]
    fn the_abi_name_is_string() {
        assert_eq!(<RawString as AbiType>::ABI.as_str(), "string");
        assert_eq!(RawStringSol::SOL_NAME, "string");
        assert_eq!(RawString::from(vec![0xff]).as_bytes(), &[0xff]);
    }
}
