//! `stylus-artifacts`: turns built contract wasm into deployable artifacts and a size report.
//!
//! ```text
//! stylus-artifacts [--wasm-dir DIR] [--out-dir DIR] CONTRACT...
//! ```
//!
//! For each contract crate name (e.g. `manufacturer-registry`) it reads
//! `<wasm-dir>/<name with - replaced by _>.wasm`, normalizes it (wasm → text → wasm, custom
//! sections stripped), validates it against Nitro's activation rules, compresses it
//! (Brotli 11 + the 4-byte Stylus prefix), writes the deployable module to
//! `<out-dir>/<name>.wasm`, and prints a table. It also checks that each contract hashes through
//! the host: the module imports `vm_hooks.native_keccak256` and holds no Keccak-f round
//! constants ([`stylus_wasm::keccak`]). Exit status: 0 if every contract is valid, fits in
//! 24,576 bytes and hashes only through the host, 1 otherwise, 2 on usage or I/O errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use stylus_wasm::{keccak, render_table, Artifact, BROTLI_QUALITY, CODE_PREFIX};

const DEFAULT_WASM_DIR: &str = "target/wasm32-unknown-unknown/release";
const DEFAULT_OUT_DIR: &str = "artifacts";

const USAGE: &str = "\
usage: stylus-artifacts [--wasm-dir DIR] [--out-dir DIR] CONTRACT...

  --wasm-dir DIR  folder with the built wasm (default target/wasm32-unknown-unknown/release)
  --out-dir DIR   where to write <CONTRACT>.wasm, the deployable module (default artifacts)
  CONTRACT        contract crate name; its wasm is <CONTRACT with - as _>.wasm";

struct Args {
    wasm_dir: PathBuf,
    out_dir: PathBuf,
    contracts: Vec<String>,
}

enum Parsed {
    Run(Args),
    Help,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Parsed, String> {
    let mut wasm_dir = PathBuf::from(DEFAULT_WASM_DIR);
    let mut out_dir = PathBuf::from(DEFAULT_OUT_DIR);
    let mut contracts = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--wasm-dir" => wasm_dir = value("--wasm-dir")?.into(),
            "--out-dir" => out_dir = value("--out-dir")?.into(),
            "--" => contracts.extend(args.by_ref()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            name => contracts.push(name.to_owned()),
        }
    }
    if contracts.is_empty() {
        return Err("no contract names given".to_owned());
    }
    Ok(Parsed::Run(Args {
        wasm_dir,
        out_dir,
        contracts,
    }))
}

fn wasm_path(dir: &Path, contract: &str) -> PathBuf {
    dir.join(format!("{}.wasm", contract.replace('-', "_")))
}

fn main() -> ExitCode {
    let args = match parse_args(env::args().skip(1)) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("stylus-artifacts: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = fs::create_dir_all(&args.out_dir) {
        eprintln!(
            "stylus-artifacts: cannot create {}: {e}",
            args.out_dir.display()
        );
        return ExitCode::from(2);
    }

    let mut artifacts = Vec::new();
    let mut io_failed = false;
    for contract in &args.contracts {
        let path = wasm_path(&args.wasm_dir, contract);
        let raw = match fs::read(&path) {
            Ok(raw) => raw,
            Err(e) => {
                eprintln!("stylus-artifacts: cannot read {}: {e}", path.display());
                io_failed = true;
                continue;
            }
        };
        let artifact = Artifact::new(contract.clone(), raw);
        let out = args.out_dir.join(format!("{contract}.wasm"));
        match (&artifact.validation, &artifact.deployable) {
            (Ok(_), Some(deployable)) => {
                if let Err(e) = fs::write(&out, deployable) {
                    eprintln!("stylus-artifacts: cannot write {}: {e}", out.display());
                    io_failed = true;
                }
            }
            // Never leave a stale deployable module next to a failed build.
            _ => {
                if out.exists() {
                    if let Err(e) = fs::remove_file(&out) {
                        eprintln!(
                            "stylus-artifacts: cannot remove stale {}: {e}",
                            out.display()
                        );
                        io_failed = true;
                    }
                }
            }
        }
        artifacts.push(artifact);
    }

    let mut software_keccak = false;
    if !artifacts.is_empty() {
        print!("{}", render_table(&artifacts));
        println!();
        for artifact in &artifacts {
            if let Ok(summary) = &artifact.validation {
                println!("{}: {summary}", artifact.name);
            }
        }
        for artifact in &artifacts {
            let Some(deployable) = &artifact.deployable else {
                continue;
            };
            match keccak::inspect(deployable) {
                Ok(found) if found.is_native_only() => {
                    println!("{}: keccak: {found}", artifact.name);
                }
                Ok(found) => {
                    println!(
                        "{}: keccak: {found}: FAILED (every contract must hash through the host)",
                        artifact.name
                    );
                    software_keccak = true;
                }
                Err(e) => {
                    println!("{}: keccak: cannot inspect: {e}", artifact.name);
                    software_keccak = true;
                }
            }
        }
        let prefix: Vec<String> = CODE_PREFIX.iter().map(|b| format!("{b:02X}")).collect();
        println!(
            "compressed = brotli quality {BROTLI_QUALITY} of the deployable wasm + prefix {}; \
             deployable modules in {}",
            prefix.join(" "),
            args.out_dir.display()
        );
    }

    if io_failed {
        ExitCode::from(2)
    } else if artifacts.iter().all(Artifact::is_ok) && !software_keccak {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        parse_args(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn defaults_and_names() {
        let Ok(Parsed::Run(args)) = parse(&["manufacturer-registry", "vehicle-id"]) else {
            panic!("should parse");
        };
        assert_eq!(args.wasm_dir, PathBuf::from(DEFAULT_WASM_DIR));
        assert_eq!(args.out_dir, PathBuf::from(DEFAULT_OUT_DIR));
        assert_eq!(args.contracts, ["manufacturer-registry", "vehicle-id"]);
    }

    #[test]
    fn options_and_errors() {
        let Ok(Parsed::Run(args)) = parse(&["--wasm-dir", "w", "a", "--out-dir", "o", "--", "-b"])
        else {
            panic!("should parse");
        };
        assert_eq!((args.wasm_dir, args.out_dir), ("w".into(), "o".into()));
        assert_eq!(args.contracts, ["a", "-b"]);
        assert!(parse(&[]).is_err());
        assert!(parse(&["--wasm-dir"]).is_err());
        assert!(parse(&["--bogus", "a"]).is_err());
        assert!(matches!(parse(&["--help"]), Ok(Parsed::Help)));
    }

    #[test]
    fn wasm_file_uses_underscores() {
        assert_eq!(
            wasm_path(Path::new("t"), "manufacturer-registry"),
            PathBuf::from("t/manufacturer_registry.wasm")
        );
    }
}
