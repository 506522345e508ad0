//! The process-wide wasmtime engine and the linker that holds the `vm_hooks` host functions.
//!
//! The engine enables only what Stylus accepts (bulk memory, sign extension, mutable
//! globals, saturating float-to-int conversions) and turns the other proposals off, so that a
//! module that slipped past validation would still fail to compile rather than run with a
//! feature Nitro rejects.

use std::sync::OnceLock;

use wasmtime::{Config, Engine, Linker};

use crate::frame::HostData;

/// Native stack one program frame's wasm code may use.
pub(crate) const MAX_WASM_STACK: usize = 512 * 1024;

/// Native stack reserved per frame for the host code around it (calls, instantiation).
pub(crate) const HOST_FRAME_STACK: usize = 256 * 1024;

/// Largest linear memory of a frame: 128 pages.
pub(crate) const MAX_MEMORY_BYTES: usize = 128 * 65_536;

/// The shared engine and linker, or why they could not be built.
struct Shared {
    engine: Engine,
    linker: Linker<HostData>,
}

static SHARED: OnceLock<Result<Shared, String>> = OnceLock::new();

fn build() -> Result<Shared, String> {
    let mut config = Config::new();
    config
        .wasm_bulk_memory(true)
        .wasm_multi_value(false)
        .wasm_simd(false)
        .wasm_relaxed_simd(false)
        .wasm_tail_call(false)
        .wasm_multi_memory(false)
        .wasm_memory64(false)
        .wasm_extended_const(false)
        .wasm_wide_arithmetic(false)
        .wasm_custom_page_sizes(false)
        .wasm_backtrace(false)
        // Guest code runs briefly in tests and reports: compile fast rather than well.
        .cranelift_opt_level(wasmtime::OptLevel::None)
        .max_wasm_stack(MAX_WASM_STACK)
        // Stylus memories never exceed 8 MiB: reserve that plus room instead of 4 GiB per
        // instance, so that deep call stacks do not exhaust the address space.
        .memory_reservation(2 * MAX_MEMORY_BYTES as u64)
        .memory_guard_size(64 * 1024)
        .memory_reservation_for_growth(0);
    let engine = Engine::new(&config).map_err(|e| format!("wasmtime engine: {e:#}"))?;
    let mut linker = Linker::new(&engine);
    crate::host::link(&mut linker).map_err(|e| format!("linking vm_hooks: {e:#}"))?;
    Ok(Shared { engine, linker })
}

fn shared() -> Result<&'static Shared, String> {
    SHARED.get_or_init(build).as_ref().map_err(Clone::clone)
}

/// The shared engine.
///
/// # Errors
///
/// A message if wasmtime rejected the configuration (it does not on supported platforms).
pub(crate) fn engine() -> Result<&'static Engine, String> {
    shared().map(|s| &s.engine)
}

/// The shared linker with every `vm_hooks` function.
///
/// # Errors
///
/// As [`engine`].
pub(crate) fn linker() -> Result<&'static Linker<HostData>, String> {
    shared().map(|s| &s.linker)
}
