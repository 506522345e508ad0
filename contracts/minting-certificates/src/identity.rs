//! The identity fields' grammar: serial numbers and IMEIs, and their storage forms.
//!
//! Written by hand: a few lines of byte checks, where a general validation crate would cost
//! code size for nothing.

use alloy_primitives::{keccak256, B256, U256};
use dimo_interfaces::certificates::MAX_SERIAL_LEN;

/// The largest 15-digit number.
const MAX_IMEI: u64 = 999_999_999_999_999;

/// Whether `serial` is 1 to 32 bytes of `[A-Za-z0-9._-]`.
#[must_use]
pub fn is_valid_serial(serial: &[u8]) -> bool {
    !serial.is_empty()
        && serial.len() <= MAX_SERIAL_LEN
        && serial
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// A valid serial as one storage word: its bytes left-aligned, zero-padded. No valid serial
/// has a zero byte, so the padding marks its end.
#[must_use]
pub fn serial_word(serial: &[u8]) -> B256 {
    let mut word = B256::ZERO;
    word[..serial.len()].copy_from_slice(serial);
    word
}

/// The serial bytes of a word written by [`serial_word`].
#[must_use]
pub fn serial_bytes(word: &B256) -> &[u8] {
    let len = word.iter().position(|b| *b == 0).unwrap_or(32);
    &word[..len]
}

/// The key of `(manufacturer, serial)` in the serial index: `keccak256(manufacturer ‖ word)`.
#[must_use]
pub fn serial_key(manufacturer: U256, word: &B256) -> B256 {
    let mut buf = [0u8; 64];
    buf[..32].copy_from_slice(&manufacturer.to_be_bytes::<32>());
    buf[32..].copy_from_slice(word.as_slice());
    keccak256(buf)
}

/// Whether `imei`, read as 15 zero-padded digits, has a valid Luhn check digit. 0 (the "no
/// modem" value) is not a valid IMEI.
#[must_use]
pub fn is_valid_imei(imei: u64) -> bool {
    if imei == 0 || imei > MAX_IMEI {
        return false;
    }
    let (mut n, mut sum, mut double) = (imei, 0u64, false);
    for _ in 0..15 {
        let mut d = n % 10;
        n /= 10;
        if double {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
        double = !double;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn serial_grammar() {
        for ok in [
            "A",
            "SN-0001_x.y",
            &"z".repeat(32),
            "0123456789abcdefABCDEF",
        ] {
            assert!(is_valid_serial(ok.as_bytes()), "{ok}");
        }
        for bad in ["", &"z".repeat(33), "with space", "é", "a/b", "a\0b", "a+b"] {
            assert!(!is_valid_serial(bad.as_bytes()), "{bad:?}");
        }
    }

    #[test]
    fn known_imeis() {
        // Luhn-valid examples (the second is the GSMA's documented example).
        assert!(is_valid_imei(490_154_203_237_518));
        assert!(is_valid_imei(356_938_035_643_809));
        // One digit off.
        assert!(!is_valid_imei(490_154_203_237_519));
        assert!(!is_valid_imei(356_938_035_643_808));
        // Leading zeros count as digits. In "000000000000018" the 1 is second from the
        // right, so it is doubled: 2 + 8 = 10, valid; so is "000000000000026" (4 + 6);
        // "000000000000019" (2 + 9) is not.
        assert!(is_valid_imei(18));
        assert!(is_valid_imei(26));
        assert!(!is_valid_imei(19));
        assert!(!is_valid_imei(0));
        assert!(!is_valid_imei(1_000_000_000_000_000));
    }

    /// The check digit a 14-digit body needs, computed the textbook way on a string.
    fn check_digit(body: u64) -> u64 {
        let digits: alloc::vec::Vec<u64> = alloc::format!("{body:014}")
            .bytes()
            .map(|b| u64::from(b - b'0'))
            .collect();
        let mut sum = 0;
        for (i, d) in digits.iter().rev().enumerate() {
            let doubled = if i % 2 == 0 { d * 2 } else { *d };
            sum += if doubled > 9 { doubled - 9 } else { doubled };
        }
        (10 - sum % 10) % 10
    }

    proptest! {
        #[test]
        fn exactly_one_check_digit_is_valid(body in 0u64..100_000_000_000_000) {
            let good = check_digit(body);
            for d in 0..10 {
                let imei = body * 10 + d;
                prop_assert_eq!(is_valid_imei(imei), d == good && imei != 0, "{}", imei);
            }
        }

        #[test]
        fn serial_word_round_trips(serial in "[A-Za-z0-9._-]{1,32}") {
            let word = serial_word(serial.as_bytes());
            prop_assert_eq!(serial_bytes(&word), serial.as_bytes());
        }
    }
}
