//! `dimo manufacturer mint`: certificates from a production run's CSV. Every row is checked
//! locally and against the chain before anything is sent; rejected rows go to a rejects file
//! with their reason; the rest go out in batches of up to 100 under a journal beside the CSV,
//! so that a run killed at any moment resumes from what is on chain and never mints twice.

pub(crate) mod batches;
pub(crate) mod checks;
pub(crate) mod journal;
pub(crate) mod row;
pub(crate) mod sample;

use std::path::{Path, PathBuf};
use std::time::Instant;

use alloy::eips::BlockNumberOrTag;
use alloy::primitives::utils::format_ether;
use alloy::primitives::U256;
use alloy::providers::Provider;
use clap::Args;
use eyre::{bail, ensure, eyre, WrapErr};

use self::batches::{Clock, Minted, Target};
use self::checks::Verdict;
use self::journal::{Entry, Journal};
use super::context::Ctx;
use super::output::Report;
use crate::contracts::{
    DeviceLicenses as D, ManufacturerRegistry as R, ManufacturingLicenses as M,
};
use crate::story::eip712::domain;

/// The `MINT_DEVICES` privilege.
const MINT_DEVICES: u8 = 1;
/// The most devices a mint call takes.
const MAX_BATCH: usize = 100;

/// Options of `dimo manufacturer mint`.
#[derive(Debug, Clone, Args)]
pub(crate) struct MintArgs {
    /// The production run's CSV (columns: see the README's manufacturer section).
    #[arg(long)]
    pub csv: PathBuf,
    /// The manufacturer node.
    #[arg(long)]
    pub node: U256,
    /// The Hardware Device License the devices are built under.
    #[arg(long)]
    pub license: U256,
    /// Development only: rows without a device address or signature get a key derived from
    /// the manufacturer and serial, which signs.
    #[arg(long)]
    pub sign_with_dev_keys: bool,
    /// Devices per transaction (at most 100).
    #[arg(long, default_value_t = MAX_BATCH)]
    pub batch_size: usize,
    /// Where rejected rows go (default: `<csv>.rejects.csv`).
    #[arg(long)]
    pub rejects: Option<PathBuf>,
}

/// Refuses a run the chain would refuse as a whole: unknown manufacturer, no licence, a
/// device licence not in force or not the manufacturer's, a sender without the privilege.
async fn preflight(ctx: &Ctx, args: &MintArgs) -> eyre::Result<()> {
    let c = ctx.contracts;
    let node = args.node;
    let name = R::new(c.registry, &ctx.provider)
        .manufacturerNameById(node)
        .call()
        .await
        .unwrap_or_default();
    ensure!(
        !name.is_empty(),
        "unknown manufacturer {node}: no node with that id in the registry; nothing was sent"
    );
    let licensed = M::new(c.manufacturing, &ctx.provider)
        .isManufacturerLicensed(node)
        .call()
        .await?;
    ensure!(
        licensed,
        "manufacturer {node} ({name}) has no Manufacturing License in force (see `dimo lookup \
         license {node}`); nothing was sent"
    );
    let d = D::new(c.devices, &ctx.provider);
    let owner = d.deviceLicenseManufacturer(args.license).call().await?;
    ensure!(
        owner == node,
        "device licence {} is not manufacturer {node}'s (it belongs to {owner}); nothing was sent",
        args.license
    );
    ensure!(
        d.isDeviceLicenseActive(args.license).call().await?,
        "device licence {} is not active (see `dimo lookup device-license {}`); nothing was sent",
        args.license,
        args.license
    );
    let sender = ctx.sender()?;
    ensure!(
        R::new(c.registry, &ctx.provider)
            .isAuthorized(node, sender, MINT_DEVICES)
            .call()
            .await?,
        "{sender} may not mint for manufacturer {node} (neither its holder nor delegated \
         mint-devices); nothing was sent"
    );
    Ok(())
}

fn rejects_path(args: &MintArgs) -> PathBuf {
    args.rejects.clone().unwrap_or_else(|| {
        let mut name = args.csv.as_os_str().to_owned();
        name.push(".rejects.csv");
        PathBuf::from(name)
    })
}

/// A rejected line: its number, its fields, the reason.
type Reject = (u64, Vec<String>, String);

/// Writes the rejects file: the header, then each rejected line with its line number and
/// reason.
fn write_rejects(path: &Path, header: &[String], rejected: &[Reject]) -> eyre::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .wrap_err_with(|| format!("writing {}", path.display()))?;
    let mut head = vec!["line".to_owned(), "reason".to_owned()];
    head.extend(header.iter().cloned());
    w.write_record(&head)?;
    for (line, raw, reason) in rejected {
        let mut record = vec![line.to_string(), reason.clone()];
        record.extend(raw.iter().cloned());
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

/// Confirms the journal's sent-but-unconfirmed transactions (a kill between sending and the
/// receipt): waits for those the node still knows.
async fn settle(ctx: &Ctx, clock: &mut Clock, journal: &Journal) -> eyre::Result<()> {
    for tx in &journal.unconfirmed {
        let known = clock
            .wait(ctx.provider.get_transaction_by_hash(*tx))
            .await
            .map_err(|e| eyre!("looking up {tx}, sent by an earlier run: {e}"))?;
        if known.is_some() {
            clock
                .wait(super::send::wait_receipt(ctx, *tx))
                .await
                .map_err(|e| eyre!("waiting for {tx}, sent by an earlier run: {e}"))?;
        }
    }
    Ok(())
}

/// Runs the mint.
#[allow(clippy::too_many_lines)] // the run's steps in order
pub(crate) async fn run(ctx: &Ctx, args: &MintArgs) -> eyre::Result<Report> {
    let started = Instant::now();
    let mut clock = Clock::default();
    ensure!(
        (1..=MAX_BATCH).contains(&args.batch_size),
        "--batch-size must be 1 to {MAX_BATCH}"
    );
    clock.wait(preflight(ctx, args)).await?;
    let sheet = row::read(&args.csv)?;
    let mut journal = Journal::open(
        &args.csv,
        &Entry::Start {
            chain_id: ctx.chain_id,
            certificates: ctx.contracts.certificates,
            manufacturer: args.node,
        },
    )?;
    settle(ctx, &mut clock, &journal).await?;
    let now = clock
        .wait(ctx.provider.get_block_by_number(BlockNumberOrTag::Latest))
        .await?
        .ok_or_else(|| eyre!("the node has no latest block"))?
        .header
        .timestamp;
    let signing = domain(ctx.chain_id, ctx.contracts.certificates);
    let local = checks::local(
        &checks::Local {
            domain: &signing,
            manufacturer: args.node,
            device_license: args.license,
            now,
            dev_keys: args.sign_with_dev_keys,
        },
        &sheet.lines,
    );
    let verdicts = clock
        .wait(checks::chain(ctx, args.node, local, &journal.devices))
        .await
        .map_err(|e| {
            eyre!("the RPC stopped answering while the rows were checked against the chain ({e}); nothing was sent: run the same command again")
        })?;
    let mut rejected: Vec<Reject> = Vec::new();
    let mut to_mint = Vec::new();
    let mut done = 0usize;
    let mut line_of = std::collections::HashMap::new();
    for (line, verdict) in sheet.lines.iter().zip(verdicts) {
        match verdict {
            Verdict::Mint(d) => {
                line_of.insert(d.device, (line.number, line.raw.clone()));
                to_mint.push(d);
            }
            Verdict::Done => done += 1,
            Verdict::Rejected(reason) => rejected.push((line.number, line.raw.clone(), reason)),
        }
    }
    let rejects = rejects_path(args);
    write_rejects(&rejects, &sheet.header, &rejected)?;
    let checked = started.elapsed();
    let chain_in_checks = clock.chain;
    let batches = to_mint.len().div_ceil(args.batch_size);
    let mut report = Report::default();
    report
        .field("csv", args.csv.display().to_string())
        .field("rows", sheet.lines.len())
        .field("alreadyMinted", done)
        .field("toMint", to_mint.len())
        .field("rejected", rejected.len())
        .field("rejectsFile", rejects.display().to_string())
        .field("journal", journal.path.display().to_string())
        .field("batches", batches);
    if !ctx.common.json {
        println!(
            "{}: {} rows; {} already minted, {} rejected (see {}), {} to mint in {batches} \
             batch(es) of up to {} under manufacturer {} licence {}",
            args.csv.display(),
            sheet.lines.len(),
            done,
            rejected.len(),
            rejects.display(),
            to_mint.len(),
            args.batch_size,
            args.node,
            args.license
        );
    }
    let target = Target {
        manufacturer: args.node,
        license: args.license,
        batch_size: args.batch_size,
    };
    if ctx.common.dry_run {
        if let Some(first) = to_mint.chunks(args.batch_size).next() {
            let call = super::send::Call::new(
                ctx.contracts.certificates,
                &crate::contracts::MintingCertificates::mintCertificatesCall {
                    manufacturer: args.node,
                    deviceLicense: args.license,
                    devices: first.to_vec(),
                },
                format!("certificates.mintCertificates({} devices)", first.len()),
            );
            let plan = super::send::estimate(ctx, &call).await?;
            let fee = plan.fee() * U256::from(batches);
            report.field("estimatedGasFirstBatch", plan.gas).field(
                "estimatedFeeAllBatches",
                format!("{} ETH", format_ether(fee)),
            );
            if !ctx.common.json {
                println!(
                    "first batch: estimated gas {}; all batches about {} ETH (dry run: nothing \
                     sent)",
                    plan.gas,
                    format_ether(fee)
                );
            }
        }
        report.field("dryRun", true);
        return Ok(report);
    }
    let minted: Minted = batches::send(ctx, &mut clock, &mut journal, &target, to_mint).await?;
    if !minted.refused.is_empty() {
        for (d, reason) in &minted.refused {
            let (line, raw) = line_of.get(&d.device).cloned().unwrap_or_default();
            rejected.push((line, raw, reason.clone()));
        }
        rejected.sort_by_key(|r| r.0);
        write_rejects(&rejects, &sheet.header, &rejected)?;
    }
    let elapsed = started.elapsed();
    let secs = elapsed.as_secs_f64();
    let chain_share = clock.chain.as_secs_f64() / secs.max(f64::EPSILON);
    #[allow(clippy::cast_precision_loss)]
    let rate = minted.rows as f64 / secs.max(f64::EPSILON);
    report
        .field("minted", minted.rows)
        .field("batchesSent", minted.batches)
        .field("refusedByContract", minted.refused.len())
        .field("rejected", rejected.len())
        .field("gasUsed", minted.gas)
        .field("seconds", format!("{secs:.2}"))
        .field("rowsPerSecond", format!("{rate:.1}"))
        .field(
            "checkSeconds",
            format!(
                "{:.2} (of which waiting for the chain {:.2})",
                checked.as_secs_f64(),
                chain_in_checks.as_secs_f64()
            ),
        )
        .field(
            "batchSeconds",
            format!(
                "{:.2} (of which waiting for the chain {:.2})",
                elapsed.saturating_sub(checked).as_secs_f64(),
                clock.chain.saturating_sub(chain_in_checks).as_secs_f64()
            ),
        )
        .field("chainWaitShare", format!("{:.1}%", chain_share * 100.0))
        .field("cliShare", format!("{:.1}%", (1.0 - chain_share) * 100.0));
    if minted.rows == 0
        && done == 0
        && rejected.len() == sheet.lines.len()
        && !sheet.lines.is_empty()
    {
        bail!(
            "every row of {} was rejected (see {}); nothing was sent",
            args.csv.display(),
            rejects.display()
        );
    }
    Ok(report)
}
