//! The deployable wasm that `scripts/build` writes to `artifacts/`, loaded once per process.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use stylus_runtime::Program;

/// The manufacturer registry's artifact name.
pub const REGISTRY: &str = "manufacturer-registry";

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `artifacts/` under the workspace root.
pub fn artifacts_dir() -> PathBuf {
    workspace_root().join("artifacts")
}

/// Path of the artifact of contract `name`.
pub fn artifact_path(name: &str) -> PathBuf {
    artifacts_dir().join(format!("{name}.wasm"))
}

/// Names of every artifact present, sorted.
pub fn artifact_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(artifacts_dir())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let path = e.path();
                    (path.extension()? == "wasm")
                        .then(|| path.file_stem()?.to_str().map(str::to_owned))
                        .flatten()
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The program of contract `name`, activated once per process.
///
/// # Panics
///
/// If `artifacts/<name>.wasm` is missing (run `scripts/build` first) or does not activate.
pub fn program(name: &str) -> Program {
    static CACHE: OnceLock<Mutex<BTreeMap<String, Program>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut cache = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(program) = cache.get(name) {
        return program.clone();
    }
    let path = artifact_path(name);
    assert!(
        path.is_file(),
        "{} is missing: run scripts/build first (it writes the deployable wasm of every \
         contract to artifacts/)",
        path.display()
    );
    let program = Program::from_file(&path)
        .unwrap_or_else(|e| panic!("{} does not activate: {e}", path.display()));
    cache.insert(name.to_owned(), program.clone());
    program
}
