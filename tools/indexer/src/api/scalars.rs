//! The API's scalars: `Address` (checksummed out; in, 0x and 40 hex digits, and when
//! mixed-case a valid checksum) and `BigInt` (a uint256 as a decimal string; in, decimal or
//! 0x hex).

use alloy::primitives::U256;
use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

/// An Ethereum address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Address(pub alloy::primitives::Address);

#[Scalar(name = "Address")]
impl ScalarType for Address {
    fn parse(value: Value) -> InputValueResult<Self> {
        let Value::String(text) = &value else {
            return Err(InputValueError::expected_type(value));
        };
        let hex = text
            .strip_prefix("0x")
            .filter(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| InputValueError::custom(format!("malformed address {text:?}")))?;
        let mixed = hex.bytes().any(|b| b.is_ascii_lowercase())
            && hex.bytes().any(|b| b.is_ascii_uppercase());
        let parsed = if mixed {
            alloy::primitives::Address::parse_checksummed(text, None)
                .map_err(|_| InputValueError::custom(format!("bad address checksum {text:?}")))?
        } else {
            text.parse()
                .map_err(|_| InputValueError::custom(format!("malformed address {text:?}")))?
        };
        Ok(Self(parsed))
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_checksum(None))
    }
}

/// A uint256 as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BigInt(pub U256);

#[Scalar(name = "BigInt")]
impl ScalarType for BigInt {
    fn parse(value: Value) -> InputValueResult<Self> {
        let text = match &value {
            Value::String(text) => text.clone(),
            Value::Number(n) if n.is_u64() => n.to_string(),
            _ => return Err(InputValueError::expected_type(value)),
        };
        let parsed = match text.strip_prefix("0x") {
            Some(hex) if !hex.is_empty() && hex.len() <= 64 => U256::from_str_radix(hex, 16).ok(),
            None if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
                U256::from_str_radix(&text, 10).ok()
            }
            _ => None,
        };
        parsed
            .map(Self)
            .ok_or_else(|| InputValueError::custom(format!("not a uint256: {text:?}")))
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

impl BigInt {
    /// From a stored key.
    pub(crate) fn from_key(key: &str) -> Self {
        Self(crate::codec::unkey(key).unwrap_or_default())
    }

    /// From a uint64.
    pub(crate) fn from_u64(value: u64) -> Self {
        Self(U256::from(value))
    }
}
