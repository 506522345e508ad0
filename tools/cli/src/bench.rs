//! `dimo bench`: the chain's overhead, as a report (not a timed test). It starts a chain in
//! process, deploys, runs the story up to a licensed manufacturer with a first batch, then
//! measures the same batch-100 mint run by the runtime in-process and sent through JSON-RPC
//! (signed, `eth_sendRawTransaction` to receipt), `eth_call` per second on `certificate(id)`
//! and transaction-to-receipt latency of value transfers; it writes `docs/chain-bench.md`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use alloy::eips::BlockNumberOrTag;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolCall;
use clap::Args;

use crate::contracts::MintingCertificates as C;
use crate::deploy::{self, keys::KeyArgs, DeployArgs, Network};
use crate::story::devices::Device;
use crate::story::{self, Cast, Story};

/// Options of `dimo bench`.
#[derive(Debug, Clone, Args)]
pub(crate) struct BenchArgs {
    /// Directory of the deployable wasm.
    #[arg(long, default_value = "artifacts")]
    pub artifacts: PathBuf,
    /// Where the report goes.
    #[arg(long, default_value = "docs/chain-bench.md")]
    pub out: PathBuf,
    /// Repetitions of the batch mint on each side.
    #[arg(long, default_value_t = 15)]
    pub runs: usize,
    /// Keep the chain in memory instead of a store in a temporary directory (redb, each block
    /// committed with fsync before its receipt is served).
    #[arg(long)]
    pub in_memory: bool,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn percentile(mut samples: Vec<Duration>, p: usize) -> Duration {
    samples.sort();
    samples[(samples.len() * p / 100).min(samples.len() - 1)]
}

/// The one-minute load average (`/proc/loadavg`), or "unknown".
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// The median and, in brackets, the fastest sample.
fn median_and_fastest(samples: &[Duration]) -> String {
    let fastest = samples.iter().min().copied().unwrap_or_default();
    format!("{} (fastest {})", ms(median(samples.to_vec())), ms(fastest))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Runs the benchmark and writes the report.
#[allow(clippy::too_many_lines)]
pub(crate) async fn run(args: BenchArgs) -> eyre::Result<()> {
    let load_before = load_average();
    let state = (!args.in_memory)
        .then(|| std::env::temp_dir().join(format!("dimo-bench-state-{}", std::process::id())));
    let config = dimo_chain::ChainConfig {
        state_dir: state.clone(),
        ..dimo_chain::ChainConfig::default()
    };
    let node = dimo_chain::spawn(config, 0).await?;
    let url = node.url();
    let cast = Cast::dev();
    let records = std::env::temp_dir().join(format!("dimo-bench-{}", std::process::id()));
    let deploy_args = DeployArgs {
        network: Network::Devnet,
        rpc: Some(url.clone()),
        key: KeyArgs {
            key_env: deploy::keys::KEY_ENV.into(),
            key_file: None,
            keystore: None,
            password_file: None,
        },
        artifacts: args.artifacts.clone(),
        deployments: records.clone(),
        dry_run: false,
        wiring: cast.wiring(),
    };
    let contracts = deploy::run(&deploy_args, cast.foundation.key.clone())
        .await?
        .addresses
        .ok_or_else(|| eyre::eyre!("deployment unfinished"))?;
    let mut story = Story::connect(&url, &cast, contracts).await?;
    story.verbose = false;
    let outcome = story::steps::run(&mut story, &cast).await?;
    let _ = std::fs::remove_dir_all(&records);

    // The same batch of 100 new devices for both sides.
    let now = story.now().await?;
    let devices: Vec<Device> = (0..100).map(|i| Device::new(2, i)).collect();
    let mint = C::mintCertificatesCall {
        manufacturer: outcome.node,
        deviceLicense: outcome.device_license,
        devices: devices
            .iter()
            .map(|d| {
                story::steps::device_input(&story, outcome.node, outcome.device_license, d, now)
            })
            .collect(),
    };
    let calldata = mint.abi_encode();
    let acme = cast.acme.address();
    let gas_limit = story
        .provider
        .estimate_gas(
            TransactionRequest::default()
                .with_from(acme)
                .with_to(contracts.certificates)
                .with_input(calldata.clone()),
        )
        .await?;

    // Rounds of three, so that a change of the machine's load falls on every side alike:
    // in process, the runtime alone on a copy of the chain's world; then through JSON-RPC
    // (signed, sent raw, receipt fetched; the chain reverted after each).
    //
    // Through JSON-RPC: signed, sent raw, receipt fetched; the chain reverted between runs.
    // The chain answers `eth_sendRawTransaction` once the block is stored, so the receipt is
    // fetched at once with `eth_getTransactionReceipt`; the same mint is also timed with
    // alloy's `get_receipt()`, whose pending-transaction watcher adds the client's own work.
    let acme_provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(cast.acme.key.clone()))
        .connect_http(url.parse()?);
    let mut in_process = Vec::new();
    let mut runtime_gas = 0;
    let mut over_rpc = Vec::new();
    let mut with_watcher = Vec::new();
    let mut rpc_gas = 0;
    for run in 0..3 * args.runs {
        if run % 3 == 0 {
            let (mut world, tx) = {
                let mut chain = node.chain.lock().map_err(|_| eyre::eyre!("chain lock"))?;
                chain.settle().map_err(|e| eyre::eyre!(e.message))?;
                chain.runtime_call(acme, contracts.certificates, &calldata, gas_limit)
            };
            let start = Instant::now();
            let receipt = world.transact(&tx).map_err(|e| eyre::eyre!("{e}"))?;
            in_process.push(start.elapsed());
            eyre::ensure!(receipt.is_success(), "the in-process mint failed");
            runtime_gas = receipt.gas.used;
            continue;
        }
        let watch = run % 3 == 2;
        let snapshot: U256 = acme_provider.raw_request("evm_snapshot".into(), ()).await?;
        let nonce = acme_provider.get_transaction_count(acme).await?;
        let request = TransactionRequest::default()
            .with_from(acme)
            .with_to(contracts.certificates)
            .with_input(calldata.clone())
            .with_nonce(nonce)
            .with_gas_limit(gas_limit)
            .with_max_fee_per_gas(200_000_000)
            .with_max_priority_fee_per_gas(0)
            .with_chain_id(dimo_chain::CHAIN_ID);
        let start = Instant::now();
        let pending = acme_provider.send_transaction(request).await?;
        let receipt = if watch {
            pending.get_receipt().await?
        } else {
            acme_provider
                .get_transaction_receipt(*pending.tx_hash())
                .await?
                .ok_or_else(|| eyre::eyre!("no receipt once the hash was answered"))?
        };
        if watch {
            with_watcher.push(start.elapsed());
        } else {
            over_rpc.push(start.elapsed());
        }
        eyre::ensure!(receipt.status(), "the JSON-RPC mint failed");
        rpc_gas = receipt.gas_used;
        let reverted: bool = acme_provider
            .raw_request("evm_revert".into(), (snapshot,))
            .await?;
        eyre::ensure!(reverted, "evm_revert");
    }

    // eth_call per second on certificate(id), one client, for two seconds.
    let call = C::certificateCall {
        id: outcome.certificate,
    };
    let request = TransactionRequest::default()
        .with_to(contracts.certificates)
        .with_input(call.abi_encode());
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < Duration::from_secs(2) {
        acme_provider.call(request.clone()).await?;
        calls += 1;
    }
    let calls_per_second = f64::from(calls) / start.elapsed().as_secs_f64();

    // Transaction-to-receipt latency of 50 value transfers.
    let mut latency = Vec::new();
    for _ in 0..50 {
        let start = Instant::now();
        acme_provider
            .send_transaction(
                TransactionRequest::default()
                    .with_to(Address::repeat_byte(0xbe))
                    .with_value(U256::from(1))
                    .with_gas_limit(21_000),
            )
            .await?
            .get_receipt()
            .await?;
        latency.push(start.elapsed());
    }
    let head = story
        .provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await?
        .map_or(0, |b| b.header.number);
    node.stop().await;
    if let Some(state) = &state {
        let _ = std::fs::remove_dir_all(state);
    }

    let load_after = load_average();
    let (inp, rpc) = (median(in_process.clone()), median(over_rpc.clone()));
    let watched = median(with_watcher.clone());
    let ratio = rpc.as_secs_f64() / inp.as_secs_f64();
    let fastest = |samples: &[Duration]| samples.iter().min().copied().unwrap_or_default();
    let fastest_ratio = fastest(&over_rpc).as_secs_f64() / fastest(&in_process).as_secs_f64();
    let mut report = String::new();
    let _ = writeln!(report, "# Local chain benchmark\n");
    let build = if cfg!(debug_assertions) {
        "the dev build of the tools as `scripts/build` makes it: opt-level 1, the signature and \
         hash crates at 2"
    } else {
        "a release build of the tools"
    };
    let kept = if args.in_memory {
        "the chain in memory (`--in-memory`)"
    } else {
        "the chain stored in a temporary directory as `--state` stores it (redb, each block \
         committed with fsync before its receipt is served)"
    };
    let _ = writeln!(
        report,
        "Written by `dimo bench` (`tools/cli/src/bench.rs`): a report, not a timed test. Figures \
         are from one run on the machine that ran it ({build}; {kept}; {cores} cores, load \
         average {load_before} at the start and {load_after} at the end), {} rounds of the mint \
         in process, through JSON-RPC and through JSON-RPC with alloy's watcher, medians and the \
         fastest. \
         {head} blocks on the chain at the end.\n",
        args.runs,
        cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
    );
    let _ = writeln!(report, "| measure | value |\n|---|---:|");
    let _ = writeln!(
        report,
        "| batch-100 mint, runtime in-process (`World::transact`) | {} |",
        median_and_fastest(&in_process)
    );
    let _ = writeln!(
        report,
        "| batch-100 mint through JSON-RPC (sign, `eth_sendRawTransaction`, \
         `eth_getTransactionReceipt`) | {} |",
        median_and_fastest(&over_rpc)
    );
    let _ = writeln!(
        report,
        "| overhead of the chain (JSON-RPC / in-process; goal at most 1.2) | {ratio:.2}x \
         (fastest / fastest {fastest_ratio:.2}x) |"
    );
    let _ = writeln!(
        report,
        "| the same, receipt through alloy's `get_receipt()` (its pending-transaction watcher) \
         | {} ({:.2}x) |",
        median_and_fastest(&with_watcher),
        watched.as_secs_f64() / inp.as_secs_f64()
    );
    let _ = writeln!(
        report,
        "| gas used, in-process / receipt | {runtime_gas} / {rpc_gas} |"
    );
    let _ = writeln!(
        report,
        "| `eth_call` of `certificate(id)` per second (one client) | {calls_per_second:.0} |"
    );
    let _ = writeln!(
        report,
        "| value transfer, send to receipt, median (50) | {} |",
        ms(median(latency.clone()))
    );
    let _ = writeln!(
        report,
        "| value transfer, send to receipt, 95th percentile | {} |",
        ms(percentile(latency, 95))
    );
    let _ = writeln!(
        report,
        "\nThe JSON-RPC side includes what the chain adds around the runtime: decoding and \
         recovering the signed transaction, recording the state changes and turning them into \
         the block's diff, building the block (roots, bloom, hash) and committing it (to redb \
         with fsync when stored) while the hash is answered, before the receipt is served, the \
         receipt and both ends' HTTP and JSON."
    );
    std::fs::write(&args.out, &report)?;
    print!("{report}");
    Ok(())
}
