//! Short texts (names, URIs, versions) kept in a fixed run of storage words, with their byte
//! length packed elsewhere by the caller, or, for a text that holds no zero byte (a name of
//! printable ASCII), ending at its first zero byte ([`read_to_zero`], [`len_to_zero`]): no
//! length to store, so writing such a text touches only the words it fills.
//!
//! Written by hand on purpose: the SDK's `StorageString` addresses long strings through a
//! 256-bit division that alone adds about 6 KB of wasm, and the whole type about 15 KB, more
//! than half of the room a contract has under the 24 KB limit. A bounded text in consecutive
//! slots needs no hashing and no division: word `i` is slot `base + i`.

use alloc::{string::String, vec::Vec};

use alloy_primitives::B256;
use stylus_sdk::storage::{StorageArray, StorageB256};

/// Reads the first `len` bytes kept in `words` (at most `32 * N`).
#[must_use]
pub fn read<const N: usize>(words: &StorageArray<StorageB256, N>, len: usize) -> String {
    let mut bytes = Vec::with_capacity(len.div_ceil(32) * 32);
    for i in 0..len.div_ceil(32) {
        bytes.extend_from_slice(words.get(i).unwrap_or_default().as_slice());
    }
    bytes.truncate(len);
    // Only valid UTF-8 is ever written (it comes from an ABI `string`).
    String::from_utf8(bytes).unwrap_or_default()
}

/// Reads a text that holds no zero byte: up to its first zero byte, or all `32 * N` bytes.
#[must_use]
pub fn read_to_zero<const N: usize>(words: &StorageArray<StorageB256, N>) -> String {
    let mut bytes = Vec::new();
    for i in 0..N {
        let word = words.get(i).unwrap_or_default();
        let end = word.iter().position(|b| *b == 0);
        bytes.extend_from_slice(&word[..end.unwrap_or(32)]);
        if end.is_some() {
            break;
        }
    }
    // Only valid UTF-8 is ever written (it comes from an ABI `string`).
    String::from_utf8(bytes).unwrap_or_default()
}

/// The byte length of a text that holds no zero byte ([`read_to_zero`]).
#[must_use]
pub fn len_to_zero<const N: usize>(words: &StorageArray<StorageB256, N>) -> usize {
    read_to_zero(words).len()
}

/// Writes `text` (at most `32 * N` bytes, checked by the caller) over a text of `old_len`
/// bytes, zeroing the words the old text used beyond the new one.
pub fn write<const N: usize>(words: &mut StorageArray<StorageB256, N>, old_len: usize, text: &str) {
    let bytes = text.as_bytes();
    let used = bytes.len().div_ceil(32);
    for (i, chunk) in bytes.chunks(32).enumerate() {
        let mut word = B256::ZERO;
        word[..chunk.len()].copy_from_slice(chunk);
        if let Some(mut slot) = words.setter(i) {
            slot.set(word);
        }
    }
    for i in used..old_len.div_ceil(32) {
        if let Some(mut slot) = words.setter(i) {
            slot.set(B256::ZERO);
        }
    }
}
