//! A program ready to run: the deployable wasm after the same normalization and activation
//! checks as `scripts/build` (through [`stylus_wasm`]), instrumented for ink and compiled once.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use alloy_primitives::{keccak256, B256};
use stylus_wasm::{ModuleSummary, NormalizeError, ValidationError};
use wasmtime::{InstancePre, Module};

use crate::frame::HostData;
use crate::init_cost::{EntryCost, ModuleShape};
use crate::instrument::{instrument, InstrumentError};

/// Why a module could not become a [`Program`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The file could not be read.
    Io(String),
    /// `cargo-stylus`'s round trip failed (not a wasm module).
    Normalize(NormalizeError),
    /// The module breaks a Nitro activation rule.
    Validate(ValidationError),
    /// The metering rewrite failed.
    Instrument(InstrumentError),
    /// wasmtime could not compile or link the instrumented module (for example an import
    /// with a signature other than the host's).
    Compile(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "reading the wasm failed: {e}"),
            Self::Normalize(e) => write!(f, "{e}"),
            Self::Validate(e) => write!(f, "activation would fail: {e}"),
            Self::Instrument(e) => write!(f, "{e}"),
            Self::Compile(e) => write!(f, "compilation failed: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// An activated Stylus program. Cheap to clone; programs are equal when their deployable wasm
/// is.
#[derive(Clone)]
pub struct Program(Arc<Inner>);

struct Inner {
    wasm: Vec<u8>,
    id: B256,
    /// Deployed code, compressed on first use (Brotli-11 is slow and few tests need it).
    code: OnceLock<Vec<u8>>,
    codehash: OnceLock<B256>,
    summary: ModuleSummary,
    shape: ModuleShape,
    entry: EntryCost,
    footprint: u16,
    pre: InstancePre<HostData>,
}

impl Program {
    /// Activates `wasm`: [`stylus_wasm::normalize()`] (the `cargo-stylus` round trip),
    /// [`stylus_wasm::validate()`] (Nitro's activation rules), the entry-cost measure, the
    /// metering rewrite and compilation.
    ///
    /// # Errors
    ///
    /// The first step that fails, as a [`LoadError`].
    pub fn from_wasm(wasm: &[u8]) -> Result<Self, LoadError> {
        let deployable = stylus_wasm::normalize(wasm).map_err(LoadError::Normalize)?;
        let summary = stylus_wasm::validate(&deployable).map_err(LoadError::Validate)?;
        let shape = ModuleShape::measure(&deployable)
            .map_err(|e| LoadError::Instrument(InstrumentError(e.to_string())))?;
        let instrumented = instrument(&deployable).map_err(LoadError::Instrument)?;
        let engine = crate::engine::engine().map_err(LoadError::Compile)?;
        let linker = crate::engine::linker().map_err(LoadError::Compile)?;
        let module =
            Module::new(engine, &instrumented).map_err(|e| LoadError::Compile(format!("{e:#}")))?;
        let pre = linker
            .instantiate_pre(&module)
            .map_err(|e| LoadError::Compile(format!("{e:#}")))?;
        Ok(Self(Arc::new(Inner {
            id: keccak256(&deployable),
            code: OnceLock::new(),
            codehash: OnceLock::new(),
            entry: shape.entry_cost(),
            footprint: u16::try_from(summary.initial_pages).unwrap_or(u16::MAX),
            wasm: deployable,
            summary,
            shape,
            pre,
        })))
    }

    /// Activates deployed code: `EF F0 00` and dictionary byte 0 followed by the
    /// Brotli-compressed wasm (the format `cargo-stylus` deploys). [`Self::code`] is then
    /// `code` itself (not a recompression), so its hash is the one the chain reports.
    ///
    /// # Errors
    ///
    /// [`LoadError::Normalize`] if the prefix is wrong or the wasm does not decompress within
    /// `MaxWasmSize`, else as [`Self::from_wasm`].
    pub fn from_deployed_code(code: &[u8]) -> Result<Self, LoadError> {
        use std::io::Read as _;
        let not_stylus = || LoadError::Normalize(NormalizeError::NotAModule);
        let compressed = code
            .strip_prefix(&stylus_wasm::CODE_PREFIX[..])
            .ok_or_else(not_stylus)?;
        let limit = stylus_wasm::limits::MAX_WASM_SIZE + 1;
        let mut wasm = Vec::new();
        brotli::Decompressor::new(compressed, 4096)
            .take(limit)
            .read_to_end(&mut wasm)
            .map_err(|_| not_stylus())?;
        if wasm.len() as u64 >= limit {
            return Err(not_stylus());
        }
        let program = Self::from_wasm(&wasm)?;
        // The account's code is the bytes deployed, whatever Brotli settings made them: keep
        // them, so that `account_codehash` and `eth_getCode` answer as on chain.
        let _ = program.0.code.set(code.to_vec());
        Ok(program)
    }

    /// Reads `path` and activates it with [`Self::from_wasm`].
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] if the file cannot be read, else as [`Self::from_wasm`].
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, LoadError> {
        let bytes = std::fs::read(path.as_ref())
            .map_err(|e| LoadError::Io(format!("{}: {e}", path.as_ref().display())))?;
        Self::from_wasm(&bytes)
    }

    /// The deployable wasm (normalized, not instrumented).
    pub fn wasm(&self) -> &[u8] {
        &self.0.wasm
    }

    /// keccak-256 of [`Self::wasm`]: identifies the program (for example in the cache set).
    pub fn id(&self) -> B256 {
        self.0.id
    }

    /// The deployed code: `EF F0 00 00` and the Brotli-11 compressed wasm.
    ///
    /// Computed on first use. Brotli cannot fail on in-memory buffers; if it ever did, the
    /// prefix would be followed by the uncompressed wasm.
    pub fn code(&self) -> &[u8] {
        self.0.code.get_or_init(|| {
            stylus_wasm::deployed_code(&self.0.wasm)
                .unwrap_or_else(|_| [&stylus_wasm::CODE_PREFIX[..], &self.0.wasm].concat())
        })
    }

    /// keccak-256 of [`Self::code`] (`account_codehash`).
    pub fn codehash(&self) -> B256 {
        *self.0.codehash.get_or_init(|| keccak256(self.code()))
    }

    /// The activation summary from [`stylus_wasm::validate()`].
    pub fn summary(&self) -> &ModuleSummary {
        &self.0.summary
    }

    /// The module's shape as the entry cost sees it.
    pub fn shape(&self) -> &ModuleShape {
        &self.0.shape
    }

    /// Gas every call pays to enter the program.
    pub fn entry_cost(&self) -> EntryCost {
        self.0.entry
    }

    /// Initial memory pages.
    pub fn footprint(&self) -> u16 {
        self.0.footprint
    }

    pub(crate) fn instance_pre(&self) -> &InstancePre<HostData> {
        &self.0.pre
    }
}

impl PartialEq for Program {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for Program {}

impl fmt::Debug for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Program")
            .field("id", &self.0.id)
            .field("wasm_bytes", &self.0.wasm.len())
            .finish_non_exhaustive()
    }
}
