//! Runs the gas scenarios on the local Stylus runtime and writes the report (by default
//! `docs/gas.md` under the workspace root; `--out PATH` to write elsewhere), then prints it.

use std::path::PathBuf;
use std::process::ExitCode;

use e2e_tests::{artifacts::workspace_root, report, scenarios};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut out = workspace_root().join("docs").join("gas.md");
    while let Some(arg) = args.next() {
        if let ("--out", Some(path)) = (arg.as_str(), args.next()) {
            out = PathBuf::from(path);
        } else {
            eprintln!("usage: gas-report [--out PATH]");
            return ExitCode::FAILURE;
        }
    }
    let markdown = report::render(&scenarios::all(), &report::contract_sizes());
    if let Some(dir) = out.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("gas-report: cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = std::fs::write(&out, &markdown) {
        eprintln!("gas-report: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    print!("{markdown}");
    eprintln!("gas-report: wrote {}", out.display());
    ExitCode::SUCCESS
}
