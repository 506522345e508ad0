//! The story's devices: deterministic keys, serials and Luhn-valid IMEIs.

use alloy::primitives::{keccak256, Address};
use alloy::signers::local::PrivateKeySigner;

/// One physical device.
#[derive(Debug, Clone)]
pub(crate) struct Device {
    /// Its key (the device's secure element in real life).
    pub key: PrivateKeySigner,
    /// Serial number, 16 characters.
    pub serial: String,
    /// IMEI, 15 digits with a valid Luhn check digit.
    pub imei: u64,
}

impl Device {
    /// Device `i` of production line `line`.
    pub(crate) fn new(line: u64, i: u64) -> Self {
        let seed = keccak256(format!("dimo story device {line}/{i}"));
        Self {
            key: PrivateKeySigner::from_bytes(&seed).expect("a hash is a valid key"),
            serial: format!("DMC{line:03}-{i:09}"),
            imei: luhn_imei(35_000_000_000_000 + line * 1_000_000_000 + i),
        }
    }

    /// The device's address.
    pub(crate) fn address(&self) -> Address {
        self.key.address()
    }
}

/// `body` (14 digits at most) followed by its Luhn check digit.
pub(crate) fn luhn_imei(body: u64) -> u64 {
    let mut sum = 0;
    let mut n = body;
    for i in 0..14 {
        let d = n % 10;
        n /= 10;
        let d = if i % 2 == 0 { d * 2 } else { d };
        sum += if d > 9 { d - 9 } else { d };
    }
    body * 10 + (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_check_digit_of_a_known_imei() {
        // 49015420323751 has check digit 8 (the textbook example).
        assert_eq!(luhn_imei(49_015_420_323_751), 490_154_203_237_518);
        assert_eq!(Device::new(1, 7).serial.len(), 16);
    }
}
