//! Which Keccak-256 a contract uses: the host's (`vm_hooks.native_keccak256`) or a software
//! Keccak-f linked into its wasm.
//!
//! A software Keccak-f[1600] cannot do without its 24 round constants (FIPS 202, 3.2.5): they
//! end up either as a table in a data segment (a loop over the rounds) or as `i64.const`
//! immediates (unrolled rounds). [`inspect`] looks for both; `scripts/build` fails when a
//! contract links software keccak or does not import the host's.

use std::fmt;

use wasmparser::{BinaryReaderError, Operator, Parser, Payload, TypeRef};

/// The round constants of Keccak-f[1600] (FIPS 202, table of `RC[i]`).
pub const ROUND_CONSTANTS: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808A,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808B,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008A,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000A,
    0x0000_0000_8000_808B,
    0x8000_0000_0000_008B,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800A,
    0x8000_0000_8000_000A,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];

/// Distinct round constants (of those above 2^32, which ordinary code does not produce by
/// chance) that must appear for [`inspect`] to call it a Keccak-f.
pub const EVIDENCE_THRESHOLD: usize = 4;

/// What [`inspect`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeccakUse {
    /// The module imports `vm_hooks.native_keccak256`.
    pub native_import: bool,
    /// Distinct distinctive round constants stored in data segments (little-endian words).
    pub constants_in_data: usize,
    /// Distinct distinctive round constants used as `i64.const` immediates.
    pub constants_in_code: usize,
}

impl KeccakUse {
    /// Whether the module links a software Keccak-f.
    pub fn links_software_keccak(&self) -> bool {
        self.constants_in_data >= EVIDENCE_THRESHOLD || self.constants_in_code >= EVIDENCE_THRESHOLD
    }

    /// Hashes only through the host: imports `native_keccak256`, links no Keccak-f.
    pub fn is_native_only(&self) -> bool {
        self.native_import && !self.links_software_keccak()
    }
}

impl fmt::Display for KeccakUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let import = if self.native_import {
            "imports vm_hooks.native_keccak256"
        } else {
            "does NOT import vm_hooks.native_keccak256"
        };
        if self.links_software_keccak() {
            write!(
                f,
                "{import}; links a software Keccak-f ({} round constants in data, {} in code)",
                self.constants_in_data, self.constants_in_code
            )
        } else {
            write!(f, "{import}; no Keccak-f round constants")
        }
    }
}

/// The distinct round constants worth counting: those with bits above 2^32 set (one of them
/// occurs twice in the table).
fn distinctive() -> impl Iterator<Item = u64> {
    ROUND_CONSTANTS
        .iter()
        .enumerate()
        .filter(|(i, c)| *c >> 32 != 0 && !ROUND_CONSTANTS[..*i].contains(c))
        .map(|(_, c)| *c)
}

/// Inspects a module (raw or deployable).
///
/// # Errors
///
/// wasmparser's error if the module cannot be parsed.
pub fn inspect(wasm: &[u8]) -> Result<KeccakUse, BinaryReaderError> {
    let mut found = KeccakUse::default();
    let mut data_seen = [false; ROUND_CONSTANTS.len()];
    let mut code_seen = [false; ROUND_CONSTANTS.len()];
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    if import.module == "vm_hooks"
                        && import.name == "native_keccak256"
                        && matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_))
                    {
                        found.native_import = true;
                    }
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let bytes = data?.data;
                    for (seen, constant) in data_seen.iter_mut().zip(ROUND_CONSTANTS) {
                        let le = constant.to_le_bytes();
                        *seen |= bytes.windows(le.len()).any(|w| w == le);
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut ops = body.get_operators_reader()?;
                while !ops.eof() {
                    if let Operator::I64Const { value } = ops.read()? {
                        #[allow(clippy::cast_sign_loss)] // The bit pattern is what counts.
                        let value = value as u64;
                        for (seen, constant) in code_seen.iter_mut().zip(ROUND_CONSTANTS) {
                            *seen |= value == constant;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let count = |seen: &[bool; 24]| {
        distinctive()
            .filter(|d| {
                ROUND_CONSTANTS
                    .iter()
                    .zip(seen)
                    .any(|(c, seen)| *seen && c == d)
            })
            .count()
    };
    found.constants_in_data = count(&data_seen);
    found.constants_in_code = count(&code_seen);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_modules::{minimal, module, ENTRY, HOOKS, MEMORY};

    const NATIVE: &str = r#"(import "vm_hooks" "native_keccak256" (func (param i32 i32 i32)))"#;

    fn table_bytes() -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for b in ROUND_CONSTANTS.iter().flat_map(|c| c.to_le_bytes()) {
            let _ = write!(out, "\\{b:02x}");
        }
        out
    }

    #[test]
    fn twelve_distinctive_constants() {
        assert_eq!(distinctive().count(), 12);
    }

    #[test]
    fn a_module_with_the_host_hash_only() {
        let found = inspect(&module(&format!("{NATIVE} {HOOKS} {MEMORY} {ENTRY}"))).unwrap();
        assert!(found.native_import && found.is_native_only(), "{found}");
        let plain = inspect(&minimal()).unwrap();
        assert!(!plain.native_import && !plain.links_software_keccak());
        assert!(!plain.is_native_only());
    }

    #[test]
    fn a_round_constant_table_in_data() {
        let wasm = module(&format!(
            r#"{NATIVE} {HOOKS} {MEMORY} {ENTRY} (data (i32.const 16) "{}")"#,
            table_bytes()
        ));
        let found = inspect(&wasm).unwrap();
        assert_eq!(found.constants_in_data, 12);
        assert!(found.links_software_keccak() && !found.is_native_only());
        assert!(found.to_string().contains("software Keccak-f"), "{found}");
    }

    #[test]
    fn unrolled_rounds_in_code() {
        use std::fmt::Write as _;
        let mut consts = String::new();
        for c in distinctive().take(EVIDENCE_THRESHOLD) {
            let _ = write!(consts, "i64.const {c} drop ");
        }
        let wasm = module(&format!("{HOOKS} {MEMORY} {ENTRY} (func {consts})"));
        let found = inspect(&wasm).unwrap();
        assert_eq!(found.constants_in_code, EVIDENCE_THRESHOLD);
        assert!(found.links_software_keccak());
    }

    #[test]
    fn a_few_small_constants_are_not_evidence() {
        // Constants below 2^32 (0x8082, 0x808B, ...) are common in ordinary code.
        let wasm = module(&format!(
            "{HOOKS} {MEMORY} {ENTRY} (func i64.const 0x8082 drop i64.const 0x808B drop \
             i64.const 0x8000000080008000 drop)"
        ));
        let found = inspect(&wasm).unwrap();
        assert_eq!(found.constants_in_code, 1);
        assert!(!found.links_software_keccak());
    }
}
