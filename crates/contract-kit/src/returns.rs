//! Multi-value returns encoded as Solidity encodes them.
//!
//! stylus-sdk 0.9 encodes a function's return tuple as one ABI value. When the tuple has a
//! dynamic member (a `string`, `bytes` or array), one value is encoded behind an offset word,
//! so callers receive a leading `0x20` that Solidity, ethers, viem and alloy do not expect
//! (stylus-sdk-rs issue 308, fixed upstream after 0.9.0). [`Returns`] wraps such a tuple and
//! drops that word, giving the parameters' encoding (`abi.encode(a, b, …)`), which is what a
//! Solidity function returning `(a, b, …)` returns. Static tuples and single values are
//! encoded correctly by the SDK and need no wrapper.
//!
//! Written by hand: it is the SDK's own encoding with one word removed, which no crate offers
//! for this SDK version.
//!
//! [`Encoded<T>`] is a return value of Solidity type `T` that the contract has already encoded
//! (with the shared [`AbiWriter`](dimo_interfaces::encode::AbiWriter), whose steps are
//! out-of-line functions every encoding shares): alloy's encoder is a separate copy for each
//! tuple type, about 1.2 KB of wasm for a record of 19 fields. `T` names the type in the
//! exported interface and in the selector-free return; a test of each contract decodes the
//! bytes as `T` with alloy.

use alloc::vec::Vec;
use core::marker::PhantomData;

use alloy_sol_types::{abi::token::PackedSeqToken, private::SolTypeValue, SolType, Word};
use stylus_sdk::abi::{AbiType, ConstString};

/// A return tuple `T` encoded as the parameters' encoding (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returns<T>(pub T);

/// The Solidity type of [`Returns<T>`]: `T`'s, with the parameters' encoding.
pub struct ReturnsSol<T>(PhantomData<T>);

impl<T> AbiType for Returns<T>
where
    T: AbiType + SolTypeValue<T::SolType> + 'static,
{
    type SolType = ReturnsSol<T>;
    const ABI: ConstString = T::ABI;
    const EXPORT_ABI_ARG: ConstString = T::EXPORT_ABI_ARG;
    const EXPORT_ABI_RET: ConstString = T::EXPORT_ABI_RET;
    const CAN_BE_CALLDATA: bool = false;
}

impl<T> SolType for ReturnsSol<T>
where
    T: AbiType + SolTypeValue<T::SolType> + 'static,
{
    type RustType = Returns<T>;
    type Token<'a> = <T::SolType as SolType>::Token<'a>;
    const SOL_NAME: &'static str = <T::SolType as SolType>::SOL_NAME;
    const ENCODED_SIZE: Option<usize> = <T::SolType as SolType>::ENCODED_SIZE;
    const PACKED_ENCODED_SIZE: Option<usize> = <T::SolType as SolType>::PACKED_ENCODED_SIZE;

    fn valid_token(token: &Self::Token<'_>) -> bool {
        <T::SolType as SolType>::valid_token(token)
    }

    fn detokenize(token: Self::Token<'_>) -> Self::RustType {
        Returns(<T::SolType as SolType>::detokenize(token))
    }

    /// The SDK's encoding of one value, without the leading offset word a dynamic tuple gets.
    fn abi_encode<E: ?Sized + SolTypeValue<Self>>(rust: &E) -> Vec<u8> {
        let mut out = alloy_sol_types::abi::encode(&rust.stv_to_tokens());
        if Self::DYNAMIC {
            out.drain(..32);
        }
        out
    }
}

impl<T> SolTypeValue<ReturnsSol<T>> for Returns<T>
where
    T: AbiType + SolTypeValue<T::SolType> + 'static,
{
    fn stv_abi_encoded_size(&self) -> usize {
        self.0.stv_abi_encoded_size()
    }

    fn stv_to_tokens(&self) -> <T::SolType as SolType>::Token<'_> {
        self.0.stv_to_tokens()
    }

    fn stv_abi_packed_encoded_size(&self) -> usize {
        self.0.stv_abi_packed_encoded_size()
    }

    fn stv_abi_encode_packed_to(&self, out: &mut Vec<u8>) {
        self.0.stv_abi_encode_packed_to(out);
    }

    fn stv_eip712_data_word(&self) -> Word {
        self.0.stv_eip712_data_word()
    }
}

/// A return value of Solidity type `T`, already ABI-encoded as a Solidity function returning
/// `T`'s members returns them (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded<T> {
    /// The encoding.
    bytes: Vec<u8>,
    /// The Solidity type it encodes.
    ty: PhantomData<T>,
}

impl<T> Encoded<T> {
    /// Wraps `bytes`, the encoding of a `T`.
    #[must_use]
    pub fn new(bytes: Vec<u8>) -> Self {
        Self {
            bytes,
            ty: PhantomData,
        }
    }

    /// The encoding.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// The Solidity type of [`Encoded<T>`]: `T`'s, its bytes returned as they are.
pub struct EncodedSol<T>(PhantomData<T>);

impl<T: AbiType + 'static> AbiType for Encoded<T> {
    type SolType = EncodedSol<T>;
    const ABI: ConstString = T::ABI;
    const EXPORT_ABI_ARG: ConstString = T::EXPORT_ABI_ARG;
    const EXPORT_ABI_RET: ConstString = T::EXPORT_ABI_RET;
    const CAN_BE_CALLDATA: bool = false;
}

impl<T: AbiType + 'static> SolType for EncodedSol<T> {
    type RustType = Encoded<T>;
    /// The bytes, as a token of their own (only [`Self::abi_encode`] is used).
    type Token<'a> = PackedSeqToken<'a>;
    const SOL_NAME: &'static str = <T::SolType as SolType>::SOL_NAME;
    const ENCODED_SIZE: Option<usize> = None;
    const PACKED_ENCODED_SIZE: Option<usize> = None;

    fn valid_token(_token: &Self::Token<'_>) -> bool {
        true
    }

    fn detokenize(token: Self::Token<'_>) -> Encoded<T> {
        Encoded::new(token.into_vec())
    }

    /// The bytes as the contract encoded them.
    fn abi_encode<E: ?Sized + SolTypeValue<Self>>(rust: &E) -> Vec<u8> {
        rust.stv_to_tokens().0.to_vec()
    }
}

impl<T: AbiType + 'static> SolTypeValue<EncodedSol<T>> for Encoded<T> {
    fn stv_abi_encoded_size(&self) -> usize {
        self.bytes.len()
    }

    fn stv_to_tokens(&self) -> PackedSeqToken<'_> {
        PackedSeqToken(&self.bytes)
    }

    fn stv_abi_packed_encoded_size(&self) -> usize {
        self.bytes.len()
    }

    fn stv_abi_encode_packed_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.bytes);
    }

    fn stv_eip712_data_word(&self) -> Word {
        alloy_primitives::keccak256(&self.bytes)
    }
}

/// `export-abi` builds: the types an encoded return names are `T`'s.
#[cfg(feature = "export-abi")]
impl<T: stylus_sdk::abi::export::internal::InnerTypes> stylus_sdk::abi::export::internal::InnerTypes
    for Encoded<T>
{
    fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
        T::inner_types()
    }
}

/// `export-abi` builds: the types a return tuple names are `T`'s.
#[cfg(feature = "export-abi")]
impl<T: stylus_sdk::abi::export::internal::InnerTypes> stylus_sdk::abi::export::internal::InnerTypes
    for Returns<T>
{
    fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
        T::inner_types()
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use alloy_primitives::{B256, U256};
    use alloy_sol_types::SolValue;

    use super::*;

    /// What the SDK returns for `value`: `abi_encode` of its Solidity type.
    fn sdk_encoding<T: AbiType + SolTypeValue<T::SolType>>(value: &T) -> Vec<u8> {
        <T::SolType as SolType>::abi_encode(value)
    }

    #[test]
    fn dynamic_tuples_get_the_parameters_encoding() {
        let value = (B256::repeat_byte(1), String::from("ipfs://x"), 7u64);
        let solidity = value.abi_encode_params();
        assert_eq!(sdk_encoding(&Returns(value.clone())), solidity);
        // The bare SDK encoding has the extra leading offset word.
        let bare = sdk_encoding(&value);
        assert_eq!(bare.len(), solidity.len() + 32);
        assert_eq!(&bare[32..], solidity.as_slice());
        assert_eq!(U256::from_be_slice(&bare[..32]), U256::from(32));
    }

    /// What the SDK returns for an [`Encoded`] value is its bytes, and it is exported under
    /// `T`'s Solidity name.
    #[test]
    fn encoded_returns_are_their_bytes() {
        let value = (B256::repeat_byte(1), String::from("ipfs://x"), 7u64);
        let bytes = value.abi_encode_params();
        let encoded = Encoded::<(B256, String, u64)>::new(bytes.clone());
        assert_eq!(sdk_encoding(&encoded), bytes);
        assert_eq!(
            <Encoded<(B256, String, u64)> as AbiType>::ABI.as_str(),
            <(B256, String, u64) as AbiType>::ABI.as_str()
        );
        assert_eq!(encoded.as_bytes(), bytes.as_slice());
    }

    #[test]
    fn static_tuples_are_unchanged() {
        let value = (U256::from(5), true, 9u64);
        assert_eq!(sdk_encoding(&Returns(value)), sdk_encoding(&value));
        assert_eq!(sdk_encoding(&Returns(value)), value.abi_encode_params());
    }
}
