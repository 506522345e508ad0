//! The operator commands (issue 12): what the foundation (`dimo foundation`), a
//! manufacturer's operations team (`dimo manufacturer`, with `mint` from a CSV), auditors and
//! the team (`dimo review`) and anyone (`dimo lookup`, `dimo claim`) run, against any RPC URL,
//! with the addresses of `deployments/<network>.json` and the deploy tool's key handling.

pub(crate) mod claim;
pub(crate) mod context;
pub(crate) mod decode;
pub(crate) mod foundation;
pub(crate) mod history;
pub(crate) mod lookup;
pub(crate) mod manufacturer;
pub(crate) mod mint;
pub(crate) mod output;
pub(crate) mod parse;
pub(crate) mod review;
pub(crate) mod send;

use std::path::Path;

use alloy::primitives::{keccak256, B256};
use clap::Args;
use eyre::WrapErr;

use self::context::{Common, Ctx};
use self::manufacturer::ManufacturerCmd;
use self::send::Call;

/// keccak-256 of a file's bytes (report, MOU and design hashes).
pub(crate) fn file_hash(path: &Path) -> eyre::Result<B256> {
    let bytes = std::fs::read(path).wrap_err_with(|| format!("reading {}", path.display()))?;
    Ok(keccak256(bytes))
}

/// `dimo foundation`.
#[derive(Debug, Clone, Args)]
pub(crate) struct FoundationArgs {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    cmd: foundation::FoundationCmd,
}

/// `dimo manufacturer`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ManufacturerArgs {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    cmd: ManufacturerCmd,
}

/// `dimo review`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ReviewArgs {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    cmd: review::ReviewCmd,
}

/// `dimo lookup`.
#[derive(Debug, Clone, Args)]
pub(crate) struct LookupArgs {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    cmd: lookup::LookupCmd,
}

/// `dimo claim`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ClaimCmdArgs {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    claim: claim::ClaimArgs,
}

/// Sends `calls` and prints the result (the plan and outcome were printed as they happened
/// unless `--json`).
async fn sends(ctx: &Ctx, calls: Vec<Call>) -> eyre::Result<()> {
    let report = send::execute(ctx, calls).await?;
    if ctx.common.json {
        report.print(true);
    }
    Ok(())
}

/// Runs `dimo foundation`.
pub(crate) async fn foundation(args: FoundationArgs) -> eyre::Result<()> {
    let ctx = Ctx::connect(&args.common, true).await?;
    let calls = foundation::calls(&ctx, &args.cmd).await?;
    sends(&ctx, calls).await
}

/// Runs `dimo manufacturer`.
pub(crate) async fn manufacturer(args: ManufacturerArgs) -> eyre::Result<()> {
    if let ManufacturerCmd::SampleCsv(sample) = &args.cmd {
        return mint::sample::write(sample);
    }
    let ctx = Ctx::connect(&args.common, true).await?;
    if let ManufacturerCmd::Mint(mint) = &args.cmd {
        let report = mint::run(&ctx, mint).await?;
        report.print(ctx.common.json);
        return Ok(());
    }
    let calls = manufacturer::calls(&ctx, &args.cmd).await?;
    sends(&ctx, calls).await
}

/// Runs `dimo review`.
pub(crate) async fn review(args: ReviewArgs) -> eyre::Result<()> {
    let ctx = Ctx::connect(&args.common, true).await?;
    let calls = review::calls(&ctx, &args.cmd)?;
    sends(&ctx, calls).await
}

/// Runs `dimo lookup`.
pub(crate) async fn lookup(args: LookupArgs) -> eyre::Result<()> {
    let ctx = Ctx::connect(&args.common, false).await?;
    let report = lookup::run(&ctx, &args.cmd).await?;
    report.print(ctx.common.json);
    Ok(())
}

/// Runs `dimo claim`.
pub(crate) async fn claim(args: ClaimCmdArgs) -> eyre::Result<()> {
    let ctx = Ctx::connect(&args.common, true).await?;
    let calls = claim::calls(&ctx, &args.claim).await?;
    sends(&ctx, calls).await
}
