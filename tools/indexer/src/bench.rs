//! `dimo-indexer bench`: the benchmark report (`docs/indexer-bench.md`), not a timed test.
//! It starts `dimo devnet` (the story), mints 100 batches of 100 certificates with lifecycle
//! events (OTA updates and ends of life), then indexes the chain into SQLite and into
//! Postgres (with `--postgres URL`) and measures events per second, the time to re-project
//! everything from the stored logs (what a rollback costs), and the latency over HTTP of a
//! `certificate(by: {serial})` look-up and of a 100-item `certificates` page.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use alloy::eips::BlockNumberOrTag;
use alloy::primitives::{keccak256, U256};
use alloy::providers::Provider;
use alloy::transports::http::reqwest;
use dimo_indexer::bindings::MintingCertificates as C;
use dimo_indexer::db::{self, DbUrl, Kind};
use dimo_indexer::follow::RollBack;
use dimo_indexer::testkit::{dev_key, send, temp_dir, wallet_provider, Device, Devnet};
use sqlx::Executor;

/// Options of `dimo-indexer bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {
    /// Batches of 100 certificates.
    #[arg(long, default_value_t = 100)]
    batches: u64,
    /// OTA updates (one transaction each).
    #[arg(long, default_value_t = 400)]
    ota: u64,
    /// Ends of life (one transaction each).
    #[arg(long, default_value_t = 100)]
    end_of_life: u64,
    /// Look-ups and pages measured per database.
    #[arg(long, default_value_t = 1000)]
    samples: usize,
    /// A Postgres server (`scripts/postgres-test` starts one); a database is created in it.
    #[arg(long, env = "DIMO_TEST_POSTGRES_URL")]
    postgres: Option<String>,
    /// Where the report goes.
    #[arg(long, default_value = "docs/indexer-bench.md")]
    out: PathBuf,
}

/// Rollbacks of the newest blocks measured (then indexed again).
const ROLLBACK_DEPTHS: [u64; 3] = [1, 10, 100];

/// One rollback's figures.
struct Rollback {
    blocks: u64,
    records: u64,
    rows: u64,
    time: Duration,
}

/// One database's figures.
struct Figures {
    name: &'static str,
    events: u64,
    blocks: u64,
    index: Duration,
    rebuild: Duration,
    rollbacks: Vec<Rollback>,
    load: String,
    lookup: Vec<Duration>,
    page: Vec<Duration>,
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort_unstable();
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

/// The machine's load averages over 1, 5 and 15 minutes (`/proc/loadavg`), or `?`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "?".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// Mints the devices and sends the lifecycle transactions.
async fn load(devnet: &Devnet, args: &BenchArgs) -> eyre::Result<Vec<Device>> {
    let provider = wallet_provider(&devnet.rpc)?;
    let c = devnet.deployment()?.contracts;
    let chain_id = provider.get_chain_id().await?;
    let acme = dev_key(2).address();
    let node = U256::from(1u64);
    let mut all = Vec::new();
    let started = Instant::now();
    for line in 0..args.batches {
        let now = provider
            .get_block_by_number(BlockNumberOrTag::Latest)
            .await?
            .ok_or_else(|| eyre::eyre!("no block"))?
            .header
            .timestamp;
        let devices: Vec<Device> = (0..100).map(|i| Device::new(100 + line, i)).collect();
        let call = C::mintCertificatesCall {
            manufacturer: node,
            deviceLicense: U256::from(1u64),
            devices: devices
                .iter()
                .map(|d| d.input(chain_id, c.certificates, node, U256::from(1u64), now))
                .collect(),
        };
        send(&provider, acme, c.certificates, &call).await?;
        all.extend(devices);
    }
    println!(
        "minted {} certificates in {:.1} s",
        all.len(),
        started.elapsed().as_secs_f64()
    );
    for n in 0..args.ota {
        let device = &all[usize::try_from(n * 7).unwrap_or(0) % all.len()];
        let call = C::updateFirmwareCall {
            id: device.id(),
            version: 1 << 48 | (n + 1) << 16,
            imageHash: keccak256(n.to_be_bytes()),
            rollback: false,
        };
        // A device drawn twice gets a newer version each time (versions grow with n).
        send(&provider, acme, c.certificates, &call).await?;
    }
    for n in 0..args.end_of_life {
        let device = &all[all.len() - 1 - usize::try_from(n).unwrap_or(0)];
        let call = C::endOfLifeCall {
            id: device.id(),
            kind: 1,
            reason: keccak256("bench"),
        };
        send(&provider, acme, c.certificates, &call).await?;
    }
    println!("lifecycle sent in {:.1} s", started.elapsed().as_secs_f64());
    Ok(all)
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    body: &serde_json::Value,
) -> eyre::Result<Duration> {
    let started = Instant::now();
    let text = client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await?
        .text()
        .await?;
    let elapsed = started.elapsed();
    let value: serde_json::Value = serde_json::from_str(&text)?;
    eyre::ensure!(value.get("errors").is_none(), "query failed: {text}");
    Ok(elapsed)
}

async fn measure(
    name: &'static str,
    devnet: &Devnet,
    db: &DbUrl,
    devices: &[Device],
    samples: usize,
) -> eyre::Result<Figures> {
    let indexer = dimo_indexer::service::indexer(&dimo_indexer::service::Config {
        rpc: devnet.rpc.clone(),
        deployment: devnet.record.clone(),
        db: db.clone(),
        confirmations: 0,
        range: 500,
        poll: Duration::from_millis(100),
        api: None,
    })
    .await?;
    let load = load_average();
    let started = Instant::now();
    let events = indexer.catch_up().await?;
    let index = started.elapsed();
    let last = db::last_block(&indexer.pool).await?.map_or(0, |b| b.number);
    let blocks = last + 1 - indexer.options.start_block;
    println!("{name}: {events} events in {:.2} s", index.as_secs_f64());
    let mut rollbacks = Vec::new();
    for depth in ROLLBACK_DEPTHS {
        let ancestor = last.saturating_sub(depth);
        let started = Instant::now();
        let done = indexer.roll_back(Some(ancestor)).await?;
        let time = started.elapsed();
        let RollBack::Undone(undone) = done else {
            eyre::bail!("{name}: the rollback of {depth} blocks re-projected everything");
        };
        rollbacks.push(Rollback {
            blocks: depth,
            records: undone.records,
            rows: undone.rows,
            time,
        });
        indexer.catch_up().await?;
    }
    let started = Instant::now();
    let mut tx = indexer.pool.begin().await?;
    dimo_indexer::project::rebuild(&mut tx, &indexer.options.contracts).await?;
    tx.commit().await?;
    let rebuild = started.elapsed();

    let (url, _task) = dimo_indexer::service::api(db, "127.0.0.1:0".parse()?).await?;
    let client = reqwest::Client::new();
    let mut lookup = Vec::with_capacity(samples);
    for i in 0..samples {
        let device = &devices[(i * 7919) % devices.len()];
        let body = serde_json::json!({
            "query": "query($s: String!) { certificate(by: {serial: {serial: $s, manufacturer: \"1\"}}) { tokenId serial owner status firmware } }",
            "variables": { "s": device.serial },
        });
        lookup.push(post(&client, &url, &body).await?);
    }
    let mut ids: Vec<String> = devices.iter().map(|d| format!("{:064x}", d.id())).collect();
    ids.sort();
    let mut page = Vec::with_capacity(samples);
    for i in 0..samples {
        let after = &ids[(i * 7919) % (ids.len() - 100)];
        let body = serde_json::json!({
            "query": "query($a: String) { certificates(first: 100, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { tokenId serial imei owner status firmware provisioned } } } }",
            "variables": { "a": after },
        });
        page.push(post(&client, &url, &body).await?);
    }
    Ok(Figures {
        name,
        events,
        blocks,
        index,
        rebuild,
        rollbacks,
        load,
        lookup,
        page,
    })
}

async fn postgres_db(admin: &str) -> eyre::Result<DbUrl> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(admin).await?;
    let name = format!("dimo_bench_{}", std::process::id());
    pool.execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    pool.close().await;
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    Ok(DbUrl::parse(&format!("{base}/{name}")))
}

/// Runs the benchmark and writes the report.
pub(crate) async fn run(args: BenchArgs) -> eyre::Result<()> {
    let devnet = Devnet::start()?;
    let devices = load(&devnet, &args).await?;
    let mut figures = Vec::new();
    let sqlite = DbUrl::parse(&temp_dir("bench").join("index.sqlite").display().to_string());
    figures.push(measure("SQLite", &devnet, &sqlite, &devices, args.samples).await?);
    if let Some(admin) = &args.postgres {
        let db = postgres_db(admin).await?;
        assert_eq!(db.kind, Kind::Postgres);
        figures.push(measure("Postgres", &devnet, &db, &devices, args.samples).await?);
    }
    let report = render(&args, &figures, devices.len());
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &report)?;
    print!("{report}");
    Ok(())
}

#[allow(clippy::cast_precision_loss)]
fn render(args: &BenchArgs, figures: &[Figures], certificates: usize) -> String {
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let mut out = String::new();
    let _ = writeln!(out, "# Indexer benchmark\n");
    let _ = writeln!(
        out,
        "Written by `dimo-indexer bench` (a report, not a timed test). The chain is `dimo devnet` \
         (the onboarding story, then {certificates} more certificates: {} batches of 100, {} OTA updates and \
         {} ends of life, each lifecycle event a transaction and a block of its own). The indexer \
         reads it over JSON-RPC (steps of 500 blocks fetched in parts of 100 while the part \
         before commits: `eth_getLogs` per part, every block's header in a JSON-RPC batch, `historyHead` at each block with a lifecycle link, 16 calls in flight) \
         and commits one database transaction per block (multi-row inserts of its logs, \
         certificates, history entries and undo records). Latencies are measured over HTTP (`POST /graphql`, one client, sequential \
         requests, {} samples each), the server and the client on the same machine ({cores} cores, \
         shared with other builds while this ran; {profile} build).\n",
        args.batches, args.ota, args.end_of_life, args.samples
    );
    let _ = writeln!(out, "| database | blocks | events | indexing (s) | events/s | serial look-up p50 / p99 (ms) | 100-item page p50 / p99 (ms) | load average before indexing (1 / 5 / 15 min) |");
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|");
    for f in figures {
        let mut lookup = f.lookup.clone();
        let mut page = f.page.clone();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2} | {:.0} | {} / {} | {} / {} | {} |",
            f.name,
            f.blocks,
            f.events,
            f.index.as_secs_f64(),
            f.events as f64 / f.index.as_secs_f64(),
            ms(percentile(&mut lookup, 0.5)),
            ms(percentile(&mut lookup, 0.99)),
            ms(percentile(&mut page, 0.5)),
            ms(percentile(&mut page, 0.99)),
            f.load.replace(' ', " / "),
        );
    }
    let _ = writeln!(
        out,
        "\nRollbacks at this size: the newest blocks rolled back through their undo records \
         (each then indexed again), and, for comparison, the whole state projected again from \
         the stored logs (what a rollback deeper than the kept undo records costs). Each is one \
         database transaction, without the chain.\n"
    );
    let _ = writeln!(
        out,
        "| database | rolled back: blocks / undo records / rows restored / time (ms) | full re-projection (s) |"
    );
    let _ = writeln!(out, "|---|---|--:|");
    for f in figures {
        let rollbacks: Vec<String> = f
            .rollbacks
            .iter()
            .map(|r| format!("{} / {} / {} / {}", r.blocks, r.records, r.rows, ms(r.time)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} |",
            f.name,
            rollbacks.join("; "),
            f.rebuild.as_secs_f64()
        );
    }
    let _ = writeln!(
        out,
        "\nGoals (issue 13): at least 5,000 events per second on SQLite, a look-up under 10 ms at \
         p99. Events are the logs the projection applied (every log of the five contracts). \
         Indexing time includes the JSON-RPC reads from the chain.\n\nRun: `scripts/postgres-test` (prints a URL), then \
         `DIMO_TEST_POSTGRES_URL=<url> target/debug/dimo-indexer bench` from the repository root \
         after `scripts/build`."
    );
    out
}
