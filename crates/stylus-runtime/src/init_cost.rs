//! The gas a call pays to enter a program (reference note 4.5), worked out once per program
//! as Nitro does at activation.
//!
//! Every call pays [`EntryCost::cached`] = 352 + `cached_init_cost`; a call into a program that
//! is not cached (not in the `CacheManager`, and since ArbOS 60 not entered earlier in the
//! block: [`crate::arbos`]) also pays [`EntryCost::uncached_extra`] = 8,832 + `init_cost`.
//!
//! The two dynamic terms follow Nitro's activation (its prover's `instrument`, read for the
//! facts, no code copied): each term is a count times a coefficient, **rounded down term by
//! term**, over the module *after* Nitro's instrumentation, which adds
//! [`INSTRUMENTATION_GLOBALS`] globals (ink left, ink status, the dynamic meter's scratch
//! value and the stack-depth counter). Data and element segments count by their **encoded
//! length** (each segment's flags, offset expression and length prefix included), not by
//! their contents. Nitro stores both results as `u16` and, with the default scalars (100 %),
//! charges them unchanged.

use wasmparser::{Parser, Payload};

/// Fixed part of the cached entry cost (`MinCachedInitGas`).
pub const MIN_CACHED_INIT_GAS: u64 = 352;

/// Fixed part of the extra cost of an uncached entry (`MinInitGas`).
pub const MIN_INIT_GAS: u64 = 8_832;

/// Globals Nitro's instrumentation adds to every program before it measures the entry cost.
pub const INSTRUMENTATION_GLOBALS: u64 = 4;

/// The per-call entry costs of one program, in gas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryCost {
    /// Charged on every call.
    pub cached: u64,
    /// Charged on top of [`Self::cached`] when the program is not cached.
    pub uncached_extra: u64,
}

impl EntryCost {
    /// Total entry gas for a call, cached or not.
    pub fn total(&self, cached: bool) -> u64 {
        if cached {
            self.cached
        } else {
            self.cached + self.uncached_extra
        }
    }
}

/// Shape of a module that the entry cost depends on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModuleShape {
    /// Functions defined by the module.
    pub functions: u64,
    /// Parameters plus results over the types of the defined functions.
    pub type_len: u64,
    /// Size of the deployable wasm in bytes.
    pub wasm_bytes: u64,
    /// Globals defined by the module (before Nitro adds [`INSTRUMENTATION_GLOBALS`]).
    pub globals: u64,
    /// Encoded bytes of the data and element segments, each segment's header included.
    pub segment_bytes: u64,
    /// Initial memory pages (the footprint).
    pub footprint: u64,
}

impl ModuleShape {
    /// Measures `wasm` (a module that passed validation).
    ///
    /// # Errors
    ///
    /// wasmparser's error if the module cannot be parsed.
    pub fn measure(wasm: &[u8]) -> Result<Self, wasmparser::BinaryReaderError> {
        let mut shape = Self {
            wasm_bytes: u64::try_from(wasm.len()).unwrap_or(u64::MAX),
            ..Self::default()
        };
        let mut type_sizes = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for ty in reader.into_iter_err_on_gc_types() {
                        let ty = ty?;
                        type_sizes.push(ty.params().len() + ty.results().len());
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        let ty = usize::try_from(ty?).unwrap_or(usize::MAX);
                        shape.functions += 1;
                        shape.type_len += type_sizes.get(ty).copied().unwrap_or(0) as u64;
                    }
                }
                Payload::GlobalSection(reader) => shape.globals = u64::from(reader.count()),
                Payload::MemorySection(reader) => {
                    for memory in reader {
                        shape.footprint = memory?.initial;
                    }
                }
                Payload::DataSection(reader) => {
                    for data in reader {
                        shape.segment_bytes += data?.range.len() as u64;
                    }
                }
                Payload::ElementSection(reader) => {
                    for element in reader {
                        shape.segment_bytes += element?.range.len() as u64;
                    }
                }
                _ => {}
            }
        }
        Ok(shape)
    }

    /// The entry costs of a program of this shape: Nitro's coefficients, each term rounded
    /// down on its own.
    pub fn entry_cost(&self) -> EntryCost {
        let term = |count: u64, numerator: u64, denominator: u64| {
            count.saturating_mul(numerator) / denominator
        };
        let globals = self.globals.saturating_add(INSTRUMENTATION_GLOBALS);
        let cached_init = [
            term(self.functions, 13_420, 100_000),
            term(self.type_len, 89, 100_000),
            term(self.wasm_bytes, 122, 100_000),
            term(globals, 1_628, 1_000),
            term(self.segment_bytes, 75_244, 100_000),
            term(self.footprint, 5, 1),
        ];
        let init = [
            term(self.functions, 8_252, 1_000),
            term(self.type_len, 1_059, 1_000),
            term(self.wasm_bytes, 1_286, 10_000),
        ];
        let sum = |terms: &[u64]| terms.iter().fold(0_u64, |a, b| a.saturating_add(*b));
        EntryCost {
            cached: MIN_CACHED_INIT_GAS + sum(&cached_init),
            uncached_extra: MIN_INIT_GAS + sum(&init),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nitro_rounding_and_instrumentation_globals() {
        // 120 functions, 19.7 KB, 300 type entries, 4,000 segment bytes, 2 globals, 1 page.
        let shape = ModuleShape {
            functions: 120,
            type_len: 300,
            wasm_bytes: 19_700,
            globals: 2,
            segment_bytes: 4_000,
            footprint: 1,
        };
        let cost = shape.entry_cost();
        // init: 990.24 → 990, 317.7 → 317, 2,533.42 → 2,533.
        assert_eq!(cost.uncached_extra, 8_832 + 990 + 317 + 2_533);
        // cached: 16.104 → 16, 0.267 → 0, 24.034 → 24, (2 + 4) × 1.628 = 9.768 → 9,
        // 3,009.76 → 3,009, 5.
        assert_eq!(cost.cached, 352 + 16 + 24 + 9 + 3_009 + 5);
        assert_eq!(cost.total(true), cost.cached);
        assert_eq!(cost.total(false), cost.cached + cost.uncached_extra);
    }

    #[test]
    fn an_empty_module_still_pays_for_the_four_globals() {
        // 4 × 1.628 = 6.512 → 6.
        let cost = ModuleShape::default().entry_cost();
        assert_eq!(cost.cached, 352 + 6);
        assert_eq!(cost.uncached_extra, 8_832);
    }

    #[test]
    fn measures_a_module() {
        let wasm = wat::parse_str(
            r#"(module
                (memory (export "memory") 2)
                (global (mut i32) (i32.const 0))
                (data (i32.const 0) "abcd")
                (table 2 funcref)
                (elem (i32.const 0) func 0 1)
                (func (param i32 i32) (result i32) i32.const 0)
                (func (param i32) (result i32) i32.const 0))"#,
        )
        .unwrap();
        let shape = ModuleShape::measure(&wasm).unwrap();
        assert_eq!(shape.functions, 2);
        assert_eq!(shape.type_len, 5);
        assert_eq!(shape.globals, 1);
        // Data: flags 0, `i32.const 0 end` (3 bytes), length 4, "abcd" = 9 bytes. Element:
        // flags 0, `i32.const 0 end`, count 2, indices 0 and 1 = 7 bytes.
        assert_eq!(shape.segment_bytes, 9 + 7);
        assert_eq!(shape.footprint, 2);
        assert_eq!(shape.wasm_bytes, wasm.len() as u64);
    }
}
