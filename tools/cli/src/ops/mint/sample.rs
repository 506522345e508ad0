//! `dimo manufacturer sample-csv`: a production run's CSV for development (the devnet, the
//! README's walk-through, the CLI's bench): valid rows without device addresses or signatures,
//! to mint with `--sign-with-dev-keys`.

use std::fmt::Write as _;
use std::path::PathBuf;

use alloy::primitives::keccak256;
use clap::Args;
use eyre::WrapErr;

use super::row::COLUMNS;

/// Options of `dimo manufacturer sample-csv`.
#[derive(Debug, Clone, Args)]
pub(crate) struct SampleArgs {
    /// Where to write it.
    #[arg(long)]
    pub out: PathBuf,
    /// How many rows.
    #[arg(long, default_value_t = 1000)]
    pub rows: u64,
    /// The serials' prefix (also makes the IMEIs differ between runs: 1 to 9999).
    #[arg(long, default_value_t = 1)]
    pub run: u64,
}

/// `body` (14 digits) followed by its Luhn check digit.
fn luhn(body: u64) -> u64 {
    (0..10)
        .map(|d| body * 10 + d)
        .find(|n| crate::ops::parse::luhn_ok(&format!("{n:015}")))
        .expect("one of ten check digits fits")
}

/// Writes the sample.
pub(crate) fn write(args: &SampleArgs) -> eyre::Result<()> {
    eyre::ensure!((1..=9999).contains(&args.run), "--run must be 1 to 9999");
    eyre::ensure!(args.rows <= 999_999, "--rows must be at most 999999");
    let mut text = COLUMNS.join(",");
    text.push('\n');
    for i in 1..=args.rows {
        let hash = |tag: &str| keccak256(format!("{tag} report, run {} device {i}", args.run));
        let _ = writeln!(
            text,
            "RUN{:04}-{i:06},{},,2025-06-01,pass,{},pass,{},pass,{},2025-06-02T09:30:00Z,1.4.0.7,",
            args.run,
            luhn(35_000_000_000_000 + args.run * 1_000_000 + i),
            hash("ict"),
            hash("mechanical"),
            hash("qa"),
        );
    }
    std::fs::write(&args.out, text).wrap_err_with(|| format!("writing {}", args.out.display()))?;
    println!("{}: {} rows", args.out.display(), args.rows);
    Ok(())
}
