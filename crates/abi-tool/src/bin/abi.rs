//! `abi write` writes `abi/<contract>.json` and `abi/<contract>.sol` for every contract and
//! `abi/<interface>.sol` for the shared interfaces they inherit;
//! `abi check` compares each contract's `export-abi` output with its published interface.

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    match std::env::args().nth(1).as_deref() {
        Some("write") => {
            let dir = root.join("abi");
            if let Err(e) = std::fs::create_dir_all(&dir) {
                eprintln!("abi: {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
            let files = match abi_tool::all_files() {
                Ok(files) => files,
                Err(e) => {
                    eprintln!("abi: {e}");
                    return ExitCode::FAILURE;
                }
            };
            for (name, contents) in files {
                if let Err(e) = std::fs::write(dir.join(&name), contents) {
                    eprintln!("abi: {name}: {e}");
                    return ExitCode::FAILURE;
                }
                println!("wrote abi/{name}");
            }
            ExitCode::SUCCESS
        }
        Some("check") => match abi_tool::check(&root) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(problems) => {
                eprintln!("ABI mismatches:\n{problems}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: abi write | abi check");
            ExitCode::from(2)
        }
    }
}
