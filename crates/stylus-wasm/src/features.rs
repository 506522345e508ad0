//! The wasm feature set Nitro validates user programs with.
//!
//! Nitro's prover (`binary.rs`, `parse`) runs wasmparser's validator with a fixed
//! `WasmFeatures` set before it looks at anything else. This module reproduces that set with
//! the flag names of the wasmparser the workspace resolves (0.244 to 0.263 share them), for
//! activations at `ArbOS` 60 or later (where multi-value is rejected).

use wasmparser::WasmFeatures;

/// The features Nitro enables when it validates a Stylus program (`ArbOS` >= 60).
///
/// On: `MUTABLE_GLOBAL`, `SATURATING_FLOAT_TO_INT`, `SIGN_EXTENSION`, `BULK_MEMORY`, `FLOATS`
/// and `GC_TYPES` (the latter is a wasmparser gate, not a proposal: it only lets the parser
/// represent reference types). Everything else is off, notably `REFERENCE_TYPES` (and with it
/// `CALL_INDIRECT_OVERLONG`, so the `call_indirect` table immediate must be a single zero
/// byte), `MULTI_VALUE`, `SIMD`, `RELAXED_SIMD`, `THREADS`, `TAIL_CALL`, `MULTI_MEMORY`,
/// `EXCEPTIONS`, `MEMORY64`, `EXTENDED_CONST`, `COMPONENT_MODEL`, `FUNCTION_REFERENCES`, `GC`,
/// `WIDE_ARITHMETIC` and `COMPACT_IMPORTS`.
///
/// `BULK_MEMORY` also admits `memory.init`, `data.drop`, `table.init`, `table.copy` and
/// `elem.drop`; Nitro rejects those later, and so does [`validate`](crate::validate()).
pub fn nitro_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::FLOATS
        | WasmFeatures::GC_TYPES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enables_exactly_the_nitro_proposals() {
        let f = nitro_features();
        for on in [
            WasmFeatures::MUTABLE_GLOBAL,
            WasmFeatures::SATURATING_FLOAT_TO_INT,
            WasmFeatures::SIGN_EXTENSION,
            WasmFeatures::BULK_MEMORY,
            WasmFeatures::BULK_MEMORY_OPT,
            WasmFeatures::FLOATS,
            WasmFeatures::GC_TYPES,
        ] {
            assert!(f.contains(on), "{on:?} should be on");
        }
        for off in [
            WasmFeatures::REFERENCE_TYPES,
            WasmFeatures::CALL_INDIRECT_OVERLONG,
            WasmFeatures::MULTI_VALUE,
            WasmFeatures::SIMD,
            WasmFeatures::RELAXED_SIMD,
            WasmFeatures::THREADS,
            WasmFeatures::TAIL_CALL,
            WasmFeatures::MULTI_MEMORY,
            WasmFeatures::EXCEPTIONS,
            WasmFeatures::MEMORY64,
            WasmFeatures::EXTENDED_CONST,
            WasmFeatures::COMPONENT_MODEL,
            WasmFeatures::FUNCTION_REFERENCES,
            WasmFeatures::GC,
            WasmFeatures::WIDE_ARITHMETIC,
            WasmFeatures::COMPACT_IMPORTS,
        ] {
            assert!(!f.intersects(off), "{off:?} should be off");
        }
    }
}
