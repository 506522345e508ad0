//! Offline tooling for Arbitrum Stylus contract wasm.
//!
//! The crate mirrors, without a node, the three steps between `cargo build` and an activated
//! Stylus program:
//!
//! 1. [`normalize()`]: the wasm → text → wasm round trip that `cargo-stylus` applies (it fixes
//!    rustc's over-long `call_indirect` table immediate), followed by stripping every custom
//!    section. The result is the exact module that would be deployed.
//! 2. [`validate()`]: Nitro's activation rules (its wasmparser feature set plus the structural
//!    limits of the prover), reported as a typed [`ValidationError`].
//! 3. [`compress()`]: Brotli quality 11 with the `EF F0 00 00` code prefix, checked against the
//!    24,576-byte account code limit.
//!
//! [`Artifact`] ties the three together per contract and [`render_table`] prints the size table
//! used by the `stylus-artifacts` binary, which also checks with [`keccak::inspect`] that each
//! contract hashes through the host's `native_keccak256` and links no software Keccak-f.
//!
//! Everything works on plain byte slices so that other crates (for example a local Stylus
//! runtime) can reuse [`normalize()`] and [`validate()`] directly.
#![deny(missing_docs)]

pub mod compress;
pub mod error;
pub mod features;
pub mod keccak;
pub mod limits;
pub mod normalize;
pub mod operators;
pub mod report;
pub mod sections;
pub mod validate;

pub use compress::{
    compress, compressed_len_with_prefix, deployed_code, BROTLI_QUALITY, BROTLI_WINDOW,
    CODE_PREFIX, MAX_CODE_SIZE,
};
pub use error::{Limit, NameKind, NormalizeError, ValidationError};
pub use features::nitro_features;
pub use keccak::KeccakUse;
pub use normalize::{normalize, round_trip, strip_custom_sections};
pub use report::{render_table, Artifact, ArtifactError, Status};
pub use validate::{validate, ModuleSummary};

/// Converts a wasmparser offset or length to `u64`, saturating. wasmparser's offsets are
/// `usize` in some releases and `u64` in others; this accepts both.
pub(crate) fn to_u64<T: TryInto<u64>>(value: T) -> u64 {
    value.try_into().unwrap_or(u64::MAX)
}

/// Converts a wasmparser offset to `usize`, or `None` if it does not fit.
pub(crate) fn to_usize<T: TryInto<usize>>(value: T) -> Option<usize> {
    value.try_into().ok()
}

/// Small Stylus-shaped modules shared by the unit tests.
#[cfg(test)]
pub(crate) mod test_modules {
    /// The two host imports of [`MINIMAL`]: functions 0 and 1.
    pub(crate) const HOOKS: &str = r#"
        (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
        (import "vm_hooks" "read_args" (func (param i32)))"#;
    /// A growable one-page memory exported as `memory`.
    pub(crate) const MEMORY: &str = r#"(memory (export "memory") 1)"#;
    /// An entry point that calls no import (function 2 after [`HOOKS`]).
    pub(crate) const ENTRY: &str = r#"
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0)"#;
    /// The fields of a minimal valid Stylus module (six operators with the final `end`).
    pub(crate) const MINIMAL: &str = r#"
           (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
           (import "vm_hooks" "read_args" (func (param i32)))
           (memory (export "memory") 1)
           (func (export "user_entrypoint") (param i32) (result i32)
               i32.const 0
               call 0
               local.get 0
               call 1
               i32.const 0)"#;

    /// Assembles `(module <fields>)`.
    pub(crate) fn module(fields: &str) -> Vec<u8> {
        wat::parse_str(format!("(module {fields})")).unwrap()
    }

    /// The minimal valid Stylus module.
    pub(crate) fn minimal() -> Vec<u8> {
        module(MINIMAL)
    }

    /// A valid module of about 20 KB with varied code, for compression tests.
    pub(crate) fn sizeable() -> Vec<u8> {
        use std::fmt::Write as _;
        let mut seed = 0x2545_f491_u32;
        let mut fields = String::from(MINIMAL);
        for _ in 0..400 {
            fields.push_str("(func (param i32 i32) (result i32) local.get 0 ");
            for _ in 0..6 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let op = ["i32.add", "i32.xor", "i32.mul", "i32.rotl", "i32.sub"]
                    [(seed >> 16) as usize % 5];
                let _ = write!(fields, "i32.const {} {op} local.get 1 i32.and ", seed >> 8);
            }
            fields.push(')');
        }
        module(&fields)
    }
}
