//! `dimo-indexer`: follows the chain into SQLite or Postgres and serves the GraphQL API.
//!
//! * `dimo-indexer run`: the indexer and the API together.
//! * `dimo-indexer index`: the indexer alone (`--once` stops when caught up).
//! * `dimo-indexer serve`: the API alone, over an index another process writes.
//! * `dimo-indexer bench`: the benchmark report (`docs/indexer-bench.md`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use dimo_indexer::api::server::AddressInUse;
use dimo_indexer::db::DbUrl;
use dimo_indexer::service::{self, Config};

mod bench;

/// The option that moves the API (when its address is taken).
const LISTEN_HINT: &str = "--listen <address:port> (port 0 picks a free one)";

/// The registry's indexer and GraphQL API.
#[derive(Debug, Parser)]
#[command(name = "dimo-indexer", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Follows the chain and serves the API.
    Run(RunArgs),
    /// Follows the chain (no API).
    Index {
        #[command(flatten)]
        source: Source,
        /// Stop once caught up.
        #[arg(long)]
        once: bool,
    },
    /// Serves the API over an existing index.
    Serve {
        /// The database (a SQLite path or URL, or a postgres:// URL).
        #[arg(long, env = "DIMO_INDEXER_DB", default_value = "dimo-index.sqlite")]
        db: String,
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:4000")]
        listen: SocketAddr,
    },
    /// Runs the benchmark and writes the report.
    Bench(bench::BenchArgs),
}

/// Where the indexer reads and writes.
#[derive(Debug, Clone, Args)]
struct Source {
    /// The chain's JSON-RPC URL.
    #[arg(long, default_value = "http://127.0.0.1:8547")]
    rpc: String,
    /// The deployment record (`deployments/<network>.json`).
    #[arg(long)]
    deployment: PathBuf,
    /// The database (a SQLite path or URL, or a postgres:// URL).
    #[arg(long, env = "DIMO_INDEXER_DB", default_value = "dimo-index.sqlite")]
    db: String,
    /// Blocks kept back from the head.
    #[arg(long, default_value_t = 0)]
    confirmations: u64,
    /// Blocks per `eth_getLogs` range.
    #[arg(long, default_value_t = 500)]
    range: u64,
    /// Milliseconds between polls once caught up.
    #[arg(long, default_value_t = 250)]
    poll_ms: u64,
}

#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    source: Source,
    /// Where the API listens (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:4000")]
    listen: SocketAddr,
}

impl Source {
    fn config(&self, api: Option<SocketAddr>) -> Config {
        Config {
            rpc: self.rpc.clone(),
            deployment: self.deployment.clone(),
            db: DbUrl::parse(&self.db),
            confirmations: self.confirmations,
            range: self.range,
            poll: Duration::from_millis(self.poll_ms),
            api,
        }
    }
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    match Cli::parse().command {
        Command::Run(args) => {
            let running = service::start(&args.source.config(Some(args.listen)))
                .await
                .map_err(|e| AddressInUse::hint(e, LISTEN_HINT))?;
            if let Some(url) = &running.api_url {
                println!("API {url}");
                println!("Example: curl -s {url} -H 'content-type: application/json' -d '{{\"query\":\"{}\"}}'",
                    service::EXAMPLE_QUERY.replace('"', "\\\""));
            }
            tokio::signal::ctrl_c().await?;
            running.stop();
        }
        Command::Index { source, once } => {
            let indexer = service::indexer(&source.config(None)).await?;
            println!("indexing from block {}", indexer.options.start_block);
            if once {
                let events = indexer.catch_up().await?;
                println!("caught up: {events} events");
            } else {
                indexer.run().await;
            }
        }
        Command::Serve { db, listen } => {
            let (url, task) = service::api(&DbUrl::parse(&db), listen)
                .await
                .map_err(|e| AddressInUse::hint(e, LISTEN_HINT))?;
            println!("API {url}");
            tokio::select! {
                _ = task => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Command::Bench(args) => bench::run(args).await?,
    }
    Ok(())
}
