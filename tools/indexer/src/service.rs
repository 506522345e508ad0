//! The indexer and the API started together, in-process (what `dimo-indexer run` and the
//! devnet do).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use alloy::providers::{Provider, ProviderBuilder};
use tokio::task::JoinHandle;

use crate::api::server::{self, Api};
use crate::db::{self, DbUrl};
use crate::deployment::Deployment;
use crate::follow::{Indexer, Options};

/// What to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// The chain's JSON-RPC URL.
    pub rpc: String,
    /// The deployment record.
    pub deployment: PathBuf,
    /// The database.
    pub db: DbUrl,
    /// Blocks kept back from the head.
    pub confirmations: u64,
    /// Blocks per `eth_getLogs` range.
    pub range: u64,
    /// Pause between polls.
    pub poll: Duration,
    /// Where the API listens (`None`: no API).
    pub api: Option<SocketAddr>,
}

/// A running indexer (and API).
#[derive(Debug)]
pub struct Running {
    /// The indexer.
    pub indexer: Indexer,
    /// `http://<addr>/graphql`, when the API runs.
    pub api_url: Option<String>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// Stops both.
    pub fn stop(self) {
        for task in self.tasks {
            task.abort();
        }
    }
}

/// Builds the indexer of `config` (opens and migrates the database).
pub async fn indexer(config: &Config) -> eyre::Result<Indexer> {
    let deployment = Deployment::load(&config.deployment)?;
    let provider = ProviderBuilder::new()
        .connect_http(config.rpc.parse()?)
        .erased();
    let start_block = deployment.start_block(&provider).await?;
    let pool = db::open_writer(&config.db).await?;
    Ok(Indexer {
        pool,
        provider,
        options: Options {
            contracts: deployment.contracts,
            start_block,
            confirmations: config.confirmations,
            range: config.range,
            poll: config.poll,
        },
    })
}

/// Serves the API of `db` on `addr`; returns the GraphQL URL and the server task.
pub async fn api(db: &DbUrl, addr: SocketAddr) -> eyre::Result<(String, JoinHandle<()>)> {
    let pool = db::open_reader(db, 8).await?;
    let api = Api {
        pool,
        kind: db.kind,
        schema: crate::api::schema(),
    };
    let (bound, task) = server::serve(api, addr).await?;
    Ok((format!("http://{bound}/graphql"), task))
}

/// Starts the indexer following the chain, and the API when configured (an
/// [`AddressInUse`](crate::api::server::AddressInUse) error when its address is taken).
pub async fn start(config: &Config) -> eyre::Result<Running> {
    let indexer = indexer(config).await?;
    let mut tasks = Vec::new();
    // The API first: a taken port stops the start before the follower runs.
    let api_url = match config.api {
        Some(addr) => {
            let (url, task) = api(&config.db, addr).await?;
            tasks.push(task);
            Some(url)
        }
        None => None,
    };
    let follower = indexer.clone();
    tasks.push(tokio::spawn(async move { follower.run().await }));
    Ok(Running {
        indexer,
        api_url,
        tasks,
    })
}

/// An example query for the printout.
pub const EXAMPLE_QUERY: &str = r"{ indexedBlock { number hash } certificates(first: 2) { totalCount edges { node { tokenId serial owner status manufacturer { name } history { kind verified } } } } }";
