//! The manufacturer name grammar and the case-insensitive key names are unique under.
//!
//! A name is 1 to [`MAX_NAME_LEN`] bytes of printable ASCII (0x20 to 0x7e) that neither starts
//! nor ends with a space. Its key is the keccak-256 hash of its ASCII-lowercased bytes, so
//! `AutoPi` and `autopi` collide while the display name keeps its case.

use alloy_primitives::B256;
pub use dimo_interfaces::registry::{NameViolation, MAX_NAME_LEN};

/// Checks `name` against the grammar.
///
/// # Errors
///
/// The first [`NameViolation`] found, in the order empty, too long, not printable ASCII,
/// outer space.
pub fn check(name: &str) -> Result<(), NameViolation> {
    let bytes = name.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return Err(NameViolation::Empty);
    };
    if bytes.len() > MAX_NAME_LEN {
        return Err(NameViolation::TooLong);
    }
    if !bytes.iter().all(|b| (0x20..=0x7e).contains(b)) {
        return Err(NameViolation::NotPrintableAscii);
    }
    if *first == b' ' || *last == b' ' {
        return Err(NameViolation::OuterSpace);
    }
    Ok(())
}

/// The uniqueness key of `name`: keccak-256 of its ASCII-lowercased bytes.
#[must_use]
pub fn key(name: &str) -> B256 {
    stylus_sdk::crypto::keccak(name.to_ascii_lowercase())
}
