//! Sending the checked rows in batches of up to 100: each batch estimated (a row the contract
//! would refuse is taken out with its decoded error and the batch estimated again), journaled,
//! sent, and its receipt journaled; a progress bar shows rows, batches, gas, rate and time left.

use std::time::{Duration, Instant};

use alloy::network::TransactionBuilder;
use alloy::primitives::U256;
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;
use alloy::transports::TransportError;
use eyre::{bail, eyre};
use indicatif::{ProgressBar, ProgressStyle};

use super::journal::{Entry, Journal};
use crate::contracts::IMintingCertificates::DeviceInput;
use crate::contracts::MintingCertificates as C;
use crate::ops::context::Ctx;
use crate::ops::decode;

/// Time spent waiting for the chain (RPC answers), against the run's wall time.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Clock {
    /// Waiting for RPC answers.
    pub chain: Duration,
}

impl Clock {
    /// Awaits `f`, counting the wait as the chain's.
    pub(crate) async fn wait<F: std::future::IntoFuture>(&mut self, f: F) -> F::Output {
        let start = Instant::now();
        let out = f.await;
        self.chain += start.elapsed();
        out
    }
}

/// What the batches did.
#[derive(Clone, Default)]
pub(crate) struct Minted {
    /// Devices minted.
    pub rows: usize,
    /// Batches sent.
    pub batches: usize,
    /// Gas used.
    pub gas: u64,
    /// Rows the contract refused at estimation, with the reason.
    pub refused: Vec<(DeviceInput, String)>,
}

/// One batch's target.
pub(crate) struct Target {
    /// The manufacturer node.
    pub manufacturer: U256,
    /// Its device licence.
    pub license: U256,
    /// Devices a batch holds.
    pub batch_size: usize,
}

fn went_away(batch: u64, journal: &Journal, e: &dyn std::fmt::Display) -> eyre::Report {
    eyre!(
        "the RPC stopped answering during batch {batch} ({e}); {} records what was sent: run \
         the same command again to resume (nothing is minted twice)",
        journal.path.display()
    )
}

/// The row `error` names (by device address, serial or IMEI), if any.
fn culprit(devices: &[DeviceInput], error: &decode::Decoded) -> Option<usize> {
    devices.iter().position(|d| {
        error.fields.iter().any(|(_, v)| {
            v.eq_ignore_ascii_case(&d.device.to_checksum(None))
                || *v == format!("{:?}", d.serial)
                || (d.imei != 0 && *v == d.imei.to_string())
        })
    })
}

/// Estimates a batch, taking out the rows the contract refuses; `None` when none is left.
async fn estimate(
    ctx: &Ctx,
    clock: &mut Clock,
    target: &Target,
    devices: &mut Vec<DeviceInput>,
    minted: &mut Minted,
    batch: u64,
    journal: &Journal,
) -> eyre::Result<Option<(TransactionRequest, u64)>> {
    while !devices.is_empty() {
        let call = C::mintCertificatesCall {
            manufacturer: target.manufacturer,
            deviceLicense: target.license,
            devices: devices.clone(),
        };
        let request = TransactionRequest::default()
            .with_from(ctx.sender()?)
            .with_to(ctx.contracts.certificates)
            .with_input(call.abi_encode());
        match clock.wait(ctx.provider.estimate_gas(request.clone())).await {
            Ok(gas) => return Ok(Some((request, gas))),
            Err(e) => {
                let error = revert(&e).ok_or_else(|| went_away(batch, journal, &e))?;
                let Some(i) = culprit(devices, &error) else {
                    bail!(
                        "batch {batch} would fail: {}; nothing of it was sent",
                        error.text()
                    );
                };
                let d = devices.remove(i);
                minted
                    .refused
                    .push((d, format!("refused by the contract: {}", error.text())));
            }
        }
    }
    Ok(None)
}

/// The decoded custom error of a reverting call (`None` for a transport failure).
fn revert(e: &TransportError) -> Option<decode::Decoded> {
    let data = e.as_error_resp()?.as_revert_data()?;
    Some(decode::error(&data).unwrap_or_else(|| decode::Decoded {
        name: format!("undecoded revert {data}"),
        fields: Vec::new(),
    }))
}

/// The progress bar (hidden for JSON output or when stderr is not a terminal).
fn bar(rows: usize, json: bool) -> ProgressBar {
    if json {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(rows as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:30} {pos}/{len} rows | {msg} | {per_sec} | {elapsed} elapsed, {eta} left",
        )
        .expect("a valid template"),
    );
    bar
}

/// Sends `rows` in batches.
pub(crate) async fn send(
    ctx: &Ctx,
    clock: &mut Clock,
    journal: &mut Journal,
    target: &Target,
    rows: Vec<DeviceInput>,
) -> eyre::Result<Minted> {
    let json = ctx.common.json;
    let total = rows.len().div_ceil(target.batch_size);
    let progress = bar(rows.len(), json);
    let mut minted = Minted::default();
    let say = |text: String| {
        if !json {
            progress.suspend(|| println!("{text}"));
        }
    };
    for (i, chunk) in rows.chunks(target.batch_size).enumerate() {
        let batch = journal.next_batch;
        let label = format!("batch {}/{total} (journal batch {batch})", i + 1);
        let mut devices = chunk.to_vec();
        let Some((request, gas)) = estimate(
            ctx,
            clock,
            target,
            &mut devices,
            &mut minted,
            batch,
            journal,
        )
        .await?
        else {
            continue;
        };
        say(format!(
            "{label}: sending {} devices, estimated gas {gas}",
            devices.len()
        ));
        journal.append(&Entry::Sending {
            batch,
            devices: devices.iter().map(|d| d.device).collect(),
        })?;
        journal.next_batch += 1;
        let pending = clock
            .wait(
                ctx.provider
                    .send_transaction(request.with_gas_limit(gas + gas / 4)),
            )
            .await
            .map_err(|e| went_away(batch, journal, &decode::rpc_error(&e)))?;
        let tx = *pending.tx_hash();
        journal.append(&Entry::Sent { batch, tx })?;
        say(format!("{label}: sent {tx}"));
        let receipt = clock
            .wait(crate::ops::send::wait_receipt(ctx, tx))
            .await
            .map_err(|e| went_away(batch, journal, &e))?;
        if !receipt.status() {
            bail!(
                "{label} reverted in {tx}; {} records it: run the same command again to see \
                 the decoded reason and resume",
                journal.path.display()
            );
        }
        journal.append(&Entry::Mined {
            batch,
            tx,
            gas: receipt.gas_used,
        })?;
        minted.rows += devices.len();
        minted.batches += 1;
        minted.gas += receipt.gas_used;
        progress.inc(devices.len() as u64);
        progress.set_message(format!("batch {}/{total}, gas {}", i + 1, minted.gas));
        say(format!(
            "{label}: mined, {} devices, gas used {}",
            devices.len(),
            receipt.gas_used
        ));
    }
    progress.finish_and_clear();
    Ok(minted)
}
