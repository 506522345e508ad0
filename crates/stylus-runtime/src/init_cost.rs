//! The gas a call pays to enter a program (reference note 4.5), worked out once per program
//! as Nitro does at activation.
//!
//! Every call pays [`EntryCost::cached`] = 352 + `cached_init_cost`; a call into a program that
//! is not cached (not in the `CacheManager`, not used earlier in the block) also pays
//! [`EntryCost::uncached_extra`] = 8,832 + `init_cost`. The two dynamic terms come from the
//! reference note's fitted formulas over the module's shape; Nitro computes them with its own
//! integer arithmetic, so they can differ from chain figures by a few gas.

use wasmparser::{Parser, Payload};

/// Fixed part of the cached entry cost (`MinCachedInitGas`).
pub const MIN_CACHED_INIT_GAS: u64 = 352;

/// Fixed part of the extra cost of an uncached entry (`MinInitGas`).
pub const MIN_INIT_GAS: u64 = 8_832;

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
    /// Globals defined by the module.
    pub globals: u64,
    /// Bytes of data-segment contents plus element-segment entries.
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
                        shape.segment_bytes += data?.data.len() as u64;
                    }
                }
                Payload::ElementSection(reader) => {
                    for element in reader {
                        shape.segment_bytes += u64::from(match element?.items {
                            wasmparser::ElementItems::Functions(items) => items.count(),
                            wasmparser::ElementItems::Expressions(_, items) => items.count(),
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(shape)
    }

    /// The entry costs of a program of this shape.
    pub fn entry_cost(&self) -> EntryCost {
        // Millionths keep the fitted coefficients exact in integer arithmetic.
        let init =
            (8_252_000 * self.functions + 1_059_000 * self.type_len + 128_600 * self.wasm_bytes)
                / 1_000_000;
        let cached_init = (134_200 * self.functions
            + 890 * self.type_len
            + 1_220 * self.wasm_bytes
            + 1_628_000 * self.globals
            + 752_440 * self.segment_bytes
            + 5_000_000 * self.footprint)
            / 1_000_000;
        EntryCost {
            cached: MIN_CACHED_INIT_GAS + cached_init,
            uncached_extra: MIN_INIT_GAS + init,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_example() {
        // 120 functions, 19.7 KB, ~300 type entries, ~4 KB data, 2 globals, 1 page.
        let shape = ModuleShape {
            functions: 120,
            type_len: 300,
            wasm_bytes: 19_700,
            globals: 2,
            segment_bytes: 4_000,
            footprint: 1,
        };
        let cost = shape.entry_cost();
        // init ≈ 990 + 318 + 2,533 = 3,841; cached ≈ 16 + 0 + 24 + 3 + 3,010 + 5 = 3,058.
        assert_eq!(cost.uncached_extra, 8_832 + 3_841);
        assert_eq!(cost.cached, 352 + 3_058);
        assert_eq!(cost.total(true), cost.cached);
        assert_eq!(cost.total(false), 352 + 3_058 + 8_832 + 3_841);
    }

    #[test]
    fn measures_a_module() {
        let wasm = wat::parse_str(
            r#"(module
                (memory (export "memory") 2)
                (global (mut i32) (i32.const 0))
                (data (i32.const 0) "abcd")
                (func (param i32 i32) (result i32) i32.const 0)
                (func (param i32) (result i32) i32.const 0))"#,
        )
        .unwrap();
        let shape = ModuleShape::measure(&wasm).unwrap();
        assert_eq!(shape.functions, 2);
        assert_eq!(shape.type_len, 5);
        assert_eq!(shape.globals, 1);
        assert_eq!(shape.segment_bytes, 4);
        assert_eq!(shape.footprint, 2);
        assert_eq!(shape.wasm_bytes, wasm.len() as u64);
    }
}
