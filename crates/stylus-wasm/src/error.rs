//! Error types: why a module fails Nitro's activation rules, and why normalization failed.

use std::fmt;

use crate::limits::MAX_NAME_LEN;

/// A counted quantity that Nitro bounds; used by [`ValidationError::LimitExceeded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Size of the (decompressed) wasm in bytes.
    WasmSize,
    /// Memories (exactly one is required).
    Memories,
    /// Initial size of the memory, in 64 KiB pages.
    InitialPages,
    /// Functions defined in the module.
    Functions,
    /// Imports.
    Imports,
    /// Data segments.
    DataSegments,
    /// Element segments.
    ElementSegments,
    /// Table entries (sum of the tables' initial sizes).
    TableEntries,
    /// Element-segment bytes (Nitro's measure of element entries).
    ElementEntries,
    /// Exports.
    Exports,
    /// Globals defined in the module.
    Globals,
    /// Locals, parameters included, of the function with this (absolute) index.
    Locals {
        /// Absolute function index (imports first).
        function: u32,
    },
    /// Operators in the body of the function with this (absolute) index.
    Operators {
        /// Absolute function index (imports first).
        function: u32,
    },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WasmSize => f.write_str("wasm bytes (MaxWasmSize)"),
            Self::Memories => f.write_str("memories"),
            Self::InitialPages => f.write_str("initial memory pages"),
            Self::Functions => f.write_str("functions"),
            Self::Imports => f.write_str("imports"),
            Self::DataSegments => f.write_str("data segments"),
            Self::ElementSegments => f.write_str("element segments"),
            Self::TableEntries => f.write_str("table entries"),
            Self::ElementEntries => f.write_str("element entries (segment bytes)"),
            Self::Exports => f.write_str("exports"),
            Self::Globals => f.write_str("globals"),
            Self::Locals { function } => write!(f, "locals in function {function}"),
            Self::Operators { function } => write!(f, "operators in function {function}"),
        }
    }
}

/// Which kind of name broke the length limit; used by [`ValidationError::NameTooLong`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// An export name.
    Export,
    /// The module part of an import.
    ImportModule,
    /// The field part of an import.
    Import,
    /// The module name from the `name` custom section.
    Module,
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Export => "export name",
            Self::ImportModule => "import module name",
            Self::Import => "import name",
            Self::Module => "module name",
        })
    }
}

/// The first Nitro activation rule a module breaks.
///
/// Returned by [`validate`](crate::validate()). Function indices are absolute (imported
/// functions first); byte offsets are into the validated module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidationError {
    /// wasmparser rejected the module with Nitro's feature set: malformed bytes, a type error,
    /// or a disabled proposal (reference types, SIMD, multi-value, threads, ...).
    Invalid {
        /// Byte offset wasmparser reported.
        offset: u64,
        /// wasmparser's message.
        message: String,
    },
    /// A counted quantity is over Nitro's limit.
    LimitExceeded {
        /// What was counted.
        limit: Limit,
        /// The module's value.
        actual: u64,
        /// The largest value Nitro accepts.
        max: u64,
    },
    /// A name is longer than 512 bytes.
    NameTooLong {
        /// Which kind of name.
        kind: NameKind,
        /// Its length in bytes.
        len: u64,
    },
    /// An import from a module other than `vm_hooks`.
    ForeignImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// An import of a table, memory, global or tag (Nitro links functions only).
    NonFunctionImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// The same `(module, name)` is imported twice with different types.
    InconsistentImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// An export whose last `__`-separated part equals an import name.
    ExportShadowsImport {
        /// The export name.
        export: String,
    },
    /// An import or export name starts with Nitro's reserved prefix `stylus`.
    ReservedName {
        /// The offending name.
        name: String,
    },
    /// The module has a start section (Nitro rejects start functions outside debug mode).
    StartFunction,
    /// No `user_entrypoint` export.
    MissingEntrypoint,
    /// `user_entrypoint` exists but is not a function, or not of type `(i32) -> i32`.
    WrongEntrypoint {
        /// What was found, e.g. `(func (param i32))` or `global`.
        found: String,
    },
    /// The module defines no memory.
    MissingMemory,
    /// No memory is exported under the name `memory`.
    MissingMemoryExport,
    /// The memory can grow (its maximum is absent or above its initial size) but
    /// `vm_hooks.pay_for_memory_grow` is not imported.
    MissingPayForMemoryGrow,
    /// `vm_hooks.pay_for_memory_grow` is imported with a type other than `(i32) -> ()`.
    WrongPayForMemoryGrow {
        /// The imported type.
        found: String,
    },
    /// A global's initializer is not a single constant.
    NonConstantGlobal {
        /// Global index.
        global: u32,
    },
    /// An operator Nitro does not support (`memory.init`, `data.drop`, table and element
    /// operators, reference types, atomics, ...).
    UnsupportedOperator {
        /// Absolute function index.
        function: u32,
        /// Byte offset of the operator.
        offset: u64,
        /// wasmparser's name of the operator, e.g. `MemoryInit`.
        operator: &'static str,
    },
    /// A floating-point operator. It validates, but Nitro prices it at `u64::MAX` ink, so any
    /// block that reaches it runs out of gas.
    FloatOperator {
        /// Absolute function index.
        function: u32,
        /// Byte offset of the operator.
        offset: u64,
        /// wasmparser's name of the operator, e.g. `F64Add`.
        operator: &'static str,
    },
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid { offset, message } => {
                write!(f, "invalid wasm for Nitro's feature set: {message} (at offset {offset:#x})")
            }
            Self::LimitExceeded { limit, actual, max } => {
                write!(f, "too many {limit}: {actual} > {max}")
            }
            Self::NameTooLong { kind, len } => {
                write!(f, "{kind} too long: {len} > {MAX_NAME_LEN} bytes")
            }
            Self::ForeignImport { module, name } => {
                write!(f, "import {module}.{name} is not from `vm_hooks`")
            }
            Self::NonFunctionImport { module, name } => {
                write!(f, "import {module}.{name} is not a function")
            }
            Self::InconsistentImport { module, name } => {
                write!(f, "import {module}.{name} is imported with different types")
            }
            Self::ExportShadowsImport { export } => {
                write!(f, "export {export} has the same name as an import")
            }
            Self::ReservedName { name } => write!(f, "name {name} uses the reserved prefix `stylus`"),
            Self::StartFunction => f.write_str("start functions are not allowed"),
            Self::MissingEntrypoint => f.write_str("missing export `user_entrypoint`"),
            Self::WrongEntrypoint { found } => {
                write!(f, "`user_entrypoint` must be (func (param i32) (result i32)), found {found}")
            }
            Self::MissingMemory => f.write_str("module has no memory"),
            Self::MissingMemoryExport => f.write_str("missing memory with export name `memory`"),
            Self::MissingPayForMemoryGrow => {
                f.write_str("growable memory needs the import vm_hooks.pay_for_memory_grow")
            }
            Self::WrongPayForMemoryGrow { found } => {
                write!(f, "vm_hooks.pay_for_memory_grow must be (func (param i32)), found {found}")
            }
            Self::NonConstantGlobal { global } => {
                write!(f, "global {global} is not initialized by a single constant")
            }
            Self::UnsupportedOperator { function, offset, operator } => write!(
                f,
                "unsupported operator {operator} in function {function} (at offset {offset:#x})"
            ),
            Self::FloatOperator { function, offset, operator } => write!(
                f,
                "float operator {operator} in function {function} (at offset {offset:#x}) costs u64::MAX ink"
            ),
        }
    }
}

impl std::error::Error for ValidationError {}

/// Why [`normalize`](crate::normalize()) could not produce deployable bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NormalizeError {
    /// `wasmprinter` could not print the module as text (the input is not a wasm module).
    Print(String),
    /// `wat` could not parse the printed text back.
    Parse(String),
    /// wasmparser could not walk the sections while stripping custom sections.
    Sections {
        /// Byte offset wasmparser reported.
        offset: u64,
        /// wasmparser's message.
        message: String,
    },
    /// The input is a component, not a core module.
    NotAModule,
}

impl fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Print(e) => write!(f, "wasm to text failed: {e}"),
            Self::Parse(e) => write!(f, "text to wasm failed: {e}"),
            Self::Sections { offset, message } => {
                write!(
                    f,
                    "reading sections failed: {message} (at offset {offset:#x})"
                )
            }
            Self::NotAModule => f.write_str("input is a wasm component, not a core module"),
        }
    }
}

impl std::error::Error for NormalizeError {}

impl From<wasmparser::BinaryReaderError> for ValidationError {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Self::Invalid {
            offset: crate::to_u64(e.offset()),
            message: e.message().to_owned(),
        }
    }
}

impl From<wasmparser::BinaryReaderError> for NormalizeError {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Self::Sections {
            offset: crate::to_u64(e.offset()),
            message: e.message().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_rule_and_the_culprit() {
        let e = ValidationError::ForeignImport {
            module: "env".into(),
            name: "abort".into(),
        };
        assert_eq!(e.to_string(), "import env.abort is not from `vm_hooks`");
        let e = ValidationError::LimitExceeded {
            limit: Limit::Locals { function: 7 },
            actual: 349,
            max: 348,
        };
        assert_eq!(e.to_string(), "too many locals in function 7: 349 > 348");
    }

    #[test]
    fn errors_are_std_errors() {
        fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
        assert_error::<ValidationError>();
        assert_error::<NormalizeError>();
    }
}
