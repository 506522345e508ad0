//! Nitro's numeric activation limits (defaults in Nitro's source at `ArbOS` 60).
//!
//! Chain owners can change some of them (page limit, `MaxWasmSize`); these are the defaults.

/// Largest decompressed wasm Nitro accepts (`initialMaxWasmSize`, 128 KiB).
pub const MAX_WASM_SIZE: u64 = 128 * 1024;

/// Largest initial memory, in 64 KiB pages (8 MiB).
pub const MAX_INITIAL_PAGES: u64 = 128;

/// Most functions defined in the module (imports not included).
pub const MAX_FUNCTIONS: u64 = 4096;

/// Most imports (enforced since `ArbOS`'s Stylus charging fixes).
pub const MAX_IMPORTS: u64 = 513;

/// Most data segments.
pub const MAX_DATA_SEGMENTS: u64 = 128;

/// Most element segments.
pub const MAX_ELEMENT_SEGMENTS: u64 = 128;

/// Most table entries, summed over the initial sizes of all tables.
pub const MAX_TABLE_ENTRIES: u64 = 4096;

/// Most element-segment entries. Nitro measures this as the summed byte length of the element
/// segments, which is never smaller than the number of entries; [`validate`](crate::validate())
/// checks the byte length.
pub const MAX_ELEMENT_ENTRIES: u64 = 4096;

/// Most exports.
pub const MAX_EXPORTS: u64 = 1024;

/// Most globals defined in the module.
pub const MAX_GLOBALS: u64 = 32768;

/// Longest export, import or module name, in bytes.
pub const MAX_NAME_LEN: u64 = 512;

/// Most locals per function. Nitro counts declared locals only; this crate also counts the
/// parameters, which is stricter by the parameter count.
pub const MAX_LOCALS: u64 = 348;

/// Most operators per function body (the final `end` included).
pub const MAX_OPERATORS: u64 = 65536;

/// The import module every import must come from.
pub const HOST_MODULE: &str = "vm_hooks";

/// The entry point every Stylus program exports, of type `(i32) -> i32`.
pub const ENTRYPOINT: &str = "user_entrypoint";

/// The name the module's memory must be exported under.
pub const MEMORY_EXPORT: &str = "memory";

/// The host function Nitro calls before every `memory.grow`, of type `(i32) -> ()`. It must be
/// imported whenever the memory's maximum is not equal to its initial size.
pub const PAY_FOR_MEMORY_GROW: &str = "pay_for_memory_grow";

/// Prefix Nitro reserves for its own instrumentation symbols (`stylus_ink_left`, ...); user
/// imports and exports must not start with it.
pub const RESERVED_PREFIX: &str = "stylus";
