//! How chain values are stored: the one place that writes and reads them (see the schema in
//! `migrations/0001_schema.sql`).

use alloy::primitives::{Address, B256, U256};

/// A uint256 as its storage key: 64 lowercase hex digits, no `0x` (sorts as the number).
pub fn key(value: U256) -> String {
    format!("{value:064x}")
}

/// A storage key back to its number (`None` if it is not one).
pub fn unkey(text: &str) -> Option<U256> {
    U256::from_str_radix(text, 16).ok()
}

/// An address as stored: lowercase, `0x`-prefixed.
pub fn address(value: Address) -> String {
    format!("{value:#x}")
}

/// A stored address back (`Address::ZERO` for anything malformed, which the indexer never
/// writes).
pub fn unaddress(text: &str) -> Address {
    text.parse().unwrap_or_default()
}

/// A bytes32 as stored: `0x` and 64 lowercase hex digits.
pub fn word(value: B256) -> String {
    format!("{value:#x}")
}

/// A uint64 as stored (BIGINT, bit-cast).
#[allow(clippy::cast_possible_wrap)]
pub fn int(value: u64) -> i64 {
    value as i64
}

/// A stored uint64 back.
#[allow(clippy::cast_sign_loss)]
pub fn unint(value: i64) -> u64 {
    value as u64
}

/// A boolean as stored.
pub fn flag(value: bool) -> i64 {
    i64::from(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_keys_sort_as_numbers() {
        let (a, b) = (U256::from(9u64), U256::from(10u64));
        assert!(key(a) < key(b));
        assert_eq!(unkey(&key(U256::MAX)), Some(U256::MAX));
        assert_eq!(unint(int(u64::MAX)), u64::MAX);
        let addr = Address::repeat_byte(0xAB);
        assert_eq!(unaddress(&address(addr)), addr);
        assert_eq!(word(B256::ZERO).len(), 66);
    }
}
