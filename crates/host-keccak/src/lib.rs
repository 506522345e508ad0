//! # Keccak-256 through the Stylus host, behind tiny-keccak's API
//!
//! alloy-primitives 0.8.20 calls the host's `vm_hooks.native_keccak256` from `keccak256` only
//! when its `native-keccak` feature is on **and** its `tiny-keccak` feature is off;
//! openzeppelin-stylus 0.3.0 turns `tiny-keccak` on, and Cargo unifies features, so every
//! contract of the workspace hashed in wasm with tiny-keccak's Keccak-f: every storage-map
//! slot, EIP-712 digest, name key, serial key and history link. A software Keccak-f costs a
//! contract a few hundred gas per hash and a few kilobytes of code; the host's costs 12.18 gas
//! for up to 64 bytes (plus 2.1 gas per further 32-byte word) and no code.
//!
//! This crate is put in place of tiny-keccak 2.0.2 by the workspace's `[patch.crates-io]`. It
//! provides only what the crates of the workspace call (alloy-primitives' `keccak256` and
//! `Keccak256`, motsu's host shims, alloy-sol-macro's selectors): [`Keccak::v256`], the
//! [`Hasher`] trait (`update`, `finalize`) and `Clone`.
//!
//! * In a Stylus contract (`wasm32-unknown-unknown`) [`Hasher::update`] collects the input
//!   (inline up to [`INLINE_BYTES`] bytes, on the heap beyond) and [`Hasher::finalize`] makes
//!   one `native_keccak256` call: the host cannot hash in pieces.
//! * Everywhere else (native tests, proc macros, tools) it is the `sha3` crate's `Keccak256`.
//!
//! Written by hand because no published crate offers tiny-keccak's API over the Stylus hook; it
//! contains no hashing code of its own. `scripts/build` checks that no contract links a
//! software Keccak-f (`stylus_wasm::keccak`).
#![no_std]

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
extern crate alloc;

/// Input bytes a [`Keccak`] holds without allocating in a contract: one Keccak-256 block
/// (the rate), enough for a storage-map slot (64 bytes) or an EIP-712 digest (66 bytes).
pub const INLINE_BYTES: usize = 136;

/// Length of a Keccak-256 digest.
pub const DIGEST_BYTES: usize = 32;

/// A hash function that absorbs input and writes a digest (tiny-keccak's trait).
pub trait Hasher {
    /// Absorbs `input`; may be called any number of times.
    fn update(&mut self, input: &[u8]);

    /// Writes the digest into `output`.
    ///
    /// # Panics
    ///
    /// If `output` is not [`DIGEST_BYTES`] long (tiny-keccak would squeeze any length; every
    /// caller in the workspace asks for the 32-byte digest).
    fn finalize(self, output: &mut [u8]);
}

/// Keccak-256 (the Ethereum hash), built with [`Keccak::v256`].
#[derive(Clone)]
pub struct Keccak {
    state: imp::State,
}

impl Keccak {
    /// Keccak-256: the original Keccak padding and a 32-byte digest, as Ethereum uses it.
    pub fn v256() -> Self {
        Self {
            state: imp::State::new(),
        }
    }
}

impl Hasher for Keccak {
    fn update(&mut self, input: &[u8]) {
        self.state.update(input);
    }

    fn finalize(self, output: &mut [u8]) {
        output.copy_from_slice(&self.state.finalize());
    }
}

/// The host's hash: the input is collected, then hashed by one `native_keccak256` call.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod imp {
    use alloc::vec::Vec;

    use super::{DIGEST_BYTES, INLINE_BYTES};

    #[link(wasm_import_module = "vm_hooks")]
    extern "C" {
        /// Stylus's keccak-256 of `len` bytes at `bytes`, written to the 32 bytes at `output`.
        fn native_keccak256(bytes: *const u8, len: usize, output: *mut u8);
    }

    /// The input so far.
    #[derive(Clone)]
    pub(crate) enum State {
        /// Up to [`INLINE_BYTES`] bytes, without touching the allocator.
        Inline {
            len: usize,
            bytes: [u8; INLINE_BYTES],
        },
        /// Longer input.
        Heap(Vec<u8>),
    }

    impl State {
        pub(crate) fn new() -> Self {
            Self::Inline {
                len: 0,
                bytes: [0; INLINE_BYTES],
            }
        }

        pub(crate) fn update(&mut self, input: &[u8]) {
            match self {
                Self::Inline { len, bytes } => {
                    let end = *len + input.len();
                    if end <= INLINE_BYTES {
                        bytes[*len..end].copy_from_slice(input);
                        *len = end;
                    } else {
                        let mut heap = Vec::with_capacity(end);
                        heap.extend_from_slice(&bytes[..*len]);
                        heap.extend_from_slice(input);
                        *self = Self::Heap(heap);
                    }
                }
                Self::Heap(heap) => heap.extend_from_slice(input),
            }
        }

        pub(crate) fn finalize(self) -> [u8; DIGEST_BYTES] {
            let input: &[u8] = match &self {
                Self::Inline { len, bytes } => &bytes[..*len],
                Self::Heap(heap) => heap,
            };
            let mut output = [0; DIGEST_BYTES];
            // SAFETY: `input` is a live slice of `input.len()` bytes and `output` has the 32
            // bytes the host writes.
            unsafe { native_keccak256(input.as_ptr(), input.len(), output.as_mut_ptr()) };
            output
        }
    }
}

/// The `sha3` crate's Keccak-256 (`RustCrypto`), for everything that is not a Stylus contract.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod imp {
    use sha3::{Digest as _, Keccak256};

    use super::DIGEST_BYTES;

    #[derive(Clone)]
    pub(crate) struct State(Keccak256);

    impl State {
        pub(crate) fn new() -> Self {
            Self(Keccak256::new())
        }

        pub(crate) fn update(&mut self, input: &[u8]) {
            self.0.update(input);
        }

        pub(crate) fn finalize(self) -> [u8; DIGEST_BYTES] {
            self.0.finalize().into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Hasher as _, Keccak, DIGEST_BYTES, INLINE_BYTES};

    fn hash(parts: &[&[u8]]) -> [u8; DIGEST_BYTES] {
        let mut keccak = Keccak::v256();
        for part in parts {
            keccak.update(part);
        }
        let mut out = [0; DIGEST_BYTES];
        keccak.finalize(&mut out);
        out
    }

    fn hex(bytes: &[u8]) -> [u8; 64] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0; 64];
        for (i, b) in bytes.iter().enumerate() {
            out[2 * i] = DIGITS[usize::from(b >> 4)];
            out[2 * i + 1] = DIGITS[usize::from(b & 15)];
        }
        out
    }

    #[test]
    fn known_digests() {
        // Ethereum's empty-input hash and keccak256("hello world").
        assert_eq!(
            &hex(&hash(&[])),
            b"c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        assert_eq!(
            &hex(&hash(&[b"hello world"])),
            b"47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad"
        );
    }

    #[test]
    fn pieces_and_clones_hash_like_one_input() {
        let data = [0xa5_u8; 3 * INLINE_BYTES];
        let whole = hash(&[&data]);
        for split in [
            0,
            1,
            INLINE_BYTES - 1,
            INLINE_BYTES,
            INLINE_BYTES + 1,
            2 * INLINE_BYTES,
        ] {
            assert_eq!(hash(&[&data[..split], &data[split..]]), whole);
        }
        let mut first = Keccak::v256();
        first.update(&data[..10]);
        let mut second = first.clone();
        first.update(&data[10..]);
        second.update(&data[10..]);
        let (mut a, mut b) = ([0; DIGEST_BYTES], [0; DIGEST_BYTES]);
        first.finalize(&mut a);
        second.finalize(&mut b);
        assert_eq!((a, b), (whole, whole));
    }

    #[test]
    #[should_panic(expected = "length")]
    fn other_digest_lengths_are_refused() {
        Keccak::v256().finalize(&mut [0; 64]);
    }
}
