//! Sending: every transaction is first estimated (a call that would revert is refused with its
//! decoded custom error, nothing sent) and shown with its gas and fee; `--dry-run` stops
//! there; otherwise it is sent and its hash, gas and decoded events are reported.

use std::time::Duration;

use alloy::network::TransactionBuilder;
use alloy::primitives::utils::format_ether;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use eyre::{bail, eyre};
use serde_json::Value;

use super::context::Ctx;
use super::decode::{self, Decoded};
use super::output::Report;

/// One transaction to send.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    /// The contract.
    pub to: Address,
    /// The calldata.
    pub data: Vec<u8>,
    /// What it does, for people.
    pub label: String,
}

impl Call {
    /// A call of `call` on `to`.
    pub(crate) fn new<C: alloy::sol_types::SolCall>(to: Address, call: &C, label: String) -> Self {
        Self {
            to,
            data: call.abi_encode(),
            label,
        }
    }
}

/// Its estimate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    /// Estimated gas.
    pub gas: u64,
    /// Gas price (wei).
    pub gas_price: u128,
}

impl Plan {
    /// The fee at the estimate (wei).
    pub(crate) fn fee(&self) -> U256 {
        U256::from(self.gas) * U256::from(self.gas_price)
    }
}

/// A mined transaction.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    /// Its hash.
    pub tx: B256,
    /// Gas used.
    pub gas_used: u64,
    /// Its decoded events.
    pub events: Vec<Decoded>,
}

fn request(from: Address, call: &Call) -> TransactionRequest {
    TransactionRequest::default()
        .with_from(from)
        .with_to(call.to)
        .with_input(call.data.clone())
}

/// Estimates `call` from the sender: refuses (nothing sent) with the decoded custom error if
/// it would revert.
pub(crate) async fn estimate(ctx: &Ctx, call: &Call) -> eyre::Result<Plan> {
    let from = ctx.sender()?;
    let gas = ctx
        .provider
        .estimate_gas(request(from, call))
        .await
        .map_err(|e| {
            eyre!(
                "{} would fail: {}; nothing was sent",
                call.label,
                decode::rpc_error(&e)
            )
        })?;
    let gas_price = ctx
        .provider
        .get_gas_price()
        .await
        .map_err(|e| eyre!("reading the gas price: {e}"))?;
    Ok(Plan { gas, gas_price })
}

/// Sends `call` with `plan`'s gas plus a quarter and waits for its receipt; a reverted
/// transaction is an error naming its decoded custom error.
pub(crate) async fn send(ctx: &Ctx, call: &Call, plan: Plan) -> eyre::Result<Sent> {
    let from = ctx.sender()?;
    let pending = ctx
        .provider
        .send_transaction(request(from, call).with_gas_limit(plan.gas + plan.gas / 4))
        .await
        .map_err(|e| eyre!("sending {}: {}", call.label, decode::rpc_error(&e)))?;
    let tx = *pending.tx_hash();
    let receipt = wait_receipt(ctx, tx).await.map_err(|e| {
        eyre!(
            "{} was sent as {tx} but its receipt did not come ({e}); look the transaction up \
             (`eth_getTransactionReceipt`) before sending it again",
            call.label
        )
    })?;
    sent(ctx, call, &receipt).await
}

/// How often a receipt is asked for.
const RECEIPT_POLL: Duration = Duration::from_millis(50);
/// RPC failures in a row after which the node counts as gone.
const RPC_FAILURES: u32 = 5;
/// The longest wait for a receipt.
const RECEIPT_TIMEOUT: Duration = Duration::from_mins(10);

/// Polls for `tx`'s receipt; fails after [`RPC_FAILURES`] failed requests in a row (the node
/// went away) or [`RECEIPT_TIMEOUT`].
pub(crate) async fn wait_receipt(ctx: &Ctx, tx: B256) -> Result<TransactionReceipt, String> {
    let start = std::time::Instant::now();
    let mut failures = 0;
    loop {
        match ctx.provider.get_transaction_receipt(tx).await {
            Ok(Some(receipt)) => return Ok(receipt),
            Ok(None) => failures = 0,
            Err(e) => {
                failures += 1;
                if failures >= RPC_FAILURES {
                    return Err(format!("the RPC stopped answering: {e}"));
                }
            }
        }
        if start.elapsed() > RECEIPT_TIMEOUT {
            return Err(format!("no receipt after {} s", RECEIPT_TIMEOUT.as_secs()));
        }
        tokio::time::sleep(RECEIPT_POLL).await;
    }
}

/// The outcome of `receipt`: its events, or the decoded reason it reverted.
pub(crate) async fn sent(
    ctx: &Ctx,
    call: &Call,
    receipt: &TransactionReceipt,
) -> eyre::Result<Sent> {
    if !receipt.status() {
        let reason = match ctx.provider.call(request(ctx.sender()?, call)).await {
            Err(e) => decode::rpc_error(&e),
            Ok(_) => "reverted (no reason now)".into(),
        };
        bail!(
            "{} reverted in {}: {reason}",
            call.label,
            receipt.transaction_hash
        );
    }
    Ok(Sent {
        tx: receipt.transaction_hash,
        gas_used: receipt.gas_used,
        events: receipt
            .inner
            .logs()
            .iter()
            .filter_map(|log| decode::event(&log.inner))
            .collect(),
    })
}

/// Runs `calls` in order (each estimated, shown, then sent unless `--dry-run`), the report
/// holding one entry per call.
pub(crate) async fn execute(ctx: &Ctx, calls: Vec<Call>) -> eyre::Result<Report> {
    let json = ctx.common.json;
    let mut entries = Vec::new();
    for (i, call) in calls.iter().enumerate() {
        let plan = match estimate(ctx, call).await {
            Ok(plan) => plan,
            Err(e) if ctx.common.dry_run && i > 0 => {
                entries.push(serde_json::json!({
                    "action": call.label,
                    "estimate": format!("not estimated before the calls above are sent ({e})"),
                }));
                continue;
            }
            Err(e) => return Err(e),
        };
        let mut entry = serde_json::json!({
            "action": call.label,
            "to": format!("{} ({})", call.to, ctx.contracts.name_of(call.to).unwrap_or("contract")),
            "from": ctx.sender()?.to_string(),
            "estimatedGas": plan.gas,
            "estimatedFee": format!("{} ETH ({} wei at {} wei/gas)", format_ether(plan.fee()), plan.fee(), plan.gas_price),
        });
        if !json {
            println!(
                "{}: to {}, estimated gas {}, fee {} ETH{}",
                call.label,
                call.to,
                plan.gas,
                format_ether(plan.fee()),
                if ctx.common.dry_run {
                    " (dry run: not sent)"
                } else {
                    ""
                }
            );
        }
        if !ctx.common.dry_run {
            let sent = send(ctx, call, plan).await?;
            if !json {
                println!("  sent {} (gas used {})", sent.tx, sent.gas_used);
                for event in &sent.events {
                    println!("  event {}", event.text());
                }
            }
            entry["tx"] = sent.tx.to_string().into();
            entry["gasUsed"] = sent.gas_used.into();
            entry["events"] = Value::Array(sent.events.iter().map(Decoded::json).collect());
        }
        entries.push(entry);
    }
    let mut report = Report::default();
    report.field("dryRun", ctx.common.dry_run);
    report.field("transactions", Value::Array(entries));
    Ok(report)
}
