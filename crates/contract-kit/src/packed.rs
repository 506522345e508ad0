//! Storage words holding several small fields, read once and written once.
//!
//! The SDK can pack small fields into one word (`#[storage]` structs of `StorageU40`,
//! `StorageU8`, ...), but each such field is a storage handle of its own: every struct
//! access computes one slot per field, and every field read or write is a storage call and a
//! read-modify-write of the word. A record read and written whole, as the certificate
//! records are, costs less gas and code as one `StorageB256` per word whose fields are taken
//! apart and put together in memory: that is what [`Unpack`] and [`Pack`] do. No crate does
//! this for the SDK's word type, so it is written here.
//!
//! Fields fill a word from its low-order end, first field lowest, as Solidity and the SDK
//! pack them; every field is a whole number of bytes.

use alloy_primitives::{Address, B256};

/// Reads a word's fields in order, lowest first.
pub struct Unpack {
    /// The word.
    word: B256,
    /// The end (exclusive, in bytes from the high-order end) of the next field.
    end: usize,
}

impl Unpack {
    /// Starts at the word's lowest byte.
    #[must_use]
    pub fn new(word: B256) -> Self {
        Self { word, end: 32 }
    }

    /// The next `bytes` bytes (1 to 8) as an unsigned integer.
    ///
    /// # Panics
    ///
    /// If the fields read overrun the word or `bytes` exceeds 8 (a layout error, caught by the
    /// layouts' tests).
    pub fn uint(&mut self, bytes: usize) -> u64 {
        let start = self.end - bytes;
        let mut out = [0u8; 8];
        out[8 - bytes..].copy_from_slice(&self.word[start..self.end]);
        self.end = start;
        u64::from_be_bytes(out)
    }

    /// The next 20 bytes as an address.
    ///
    /// # Panics
    ///
    /// If the fields read overrun the word.
    pub fn address(&mut self) -> Address {
        let start = self.end - 20;
        let out = Address::from_slice(&self.word[start..self.end]);
        self.end = start;
        out
    }
}

/// Puts a word's fields together in order, lowest first; unused high-order bytes stay zero.
/// Its steps chain by `&mut` (`Pack::new().uint(5, a).address(b).word()`): by-value steps
/// moved the 36-byte state at each one, 78 compressed bytes more in minting-certificates.
#[derive(Default)]
pub struct Pack {
    /// The word so far.
    word: B256,
    /// The end (exclusive, in bytes from the high-order end) of the next field.
    end: usize,
}

impl Pack {
    /// An empty word.
    #[must_use]
    pub fn new() -> Self {
        Self {
            word: B256::ZERO,
            end: 32,
        }
    }

    /// Appends `value` as `bytes` bytes (1 to 8).
    ///
    /// # Panics
    ///
    /// If `value` does not fit in `bytes` bytes: the call aborts rather than store a
    /// truncated value, so a counter can never wrap silently. Also on a layout error (the
    /// fields overrun the word).
    pub fn uint(&mut self, bytes: usize, value: u64) -> &mut Self {
        let all = value.to_be_bytes();
        assert!(all[..8 - bytes].iter().all(|b| *b == 0), "field overflow");
        let start = self.end - bytes;
        self.word[start..self.end].copy_from_slice(&all[8 - bytes..]);
        self.end = start;
        self
    }

    /// Appends an address (20 bytes).
    ///
    /// # Panics
    ///
    /// If the fields overrun the word.
    pub fn address(&mut self, value: Address) -> &mut Self {
        let start = self.end - 20;
        self.word[start..self.end].copy_from_slice(value.as_slice());
        self.end = start;
        self
    }

    /// The word.
    #[must_use]
    pub fn word(&self) -> B256 {
        self.word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_from_the_low_order_end() {
        let a = Address::repeat_byte(0xab);
        let word = Pack::new()
            .uint(5, 0x01_0203_0405)
            .address(a)
            .uint(1, 7)
            .word();
        // The first field takes the lowest bytes, as Solidity packs it.
        assert_eq!(&word[27..], &[1, 2, 3, 4, 5]);
        assert_eq!(&word[7..27], a.as_slice());
        assert_eq!(word[6], 7);
        assert!(word[..6].iter().all(|b| *b == 0));
        let mut read = Unpack::new(word);
        assert_eq!(read.uint(5), 0x01_0203_0405);
        assert_eq!(read.address(), a);
        assert_eq!(read.uint(1), 7);
        assert_eq!(read.uint(6), 0);
    }

    #[test]
    fn full_width_values_fit() {
        let word = Pack::new()
            .uint(8, u64::MAX)
            .uint(4, u64::from(u32::MAX))
            .word();
        let mut read = Unpack::new(word);
        assert_eq!(read.uint(8), u64::MAX);
        assert_eq!(read.uint(4), u64::from(u32::MAX));
    }

    #[test]
    #[should_panic(expected = "field overflow")]
    fn a_value_too_wide_for_its_field_is_refused() {
        let _ = Pack::new().uint(4, 1 << 32);
    }
}
