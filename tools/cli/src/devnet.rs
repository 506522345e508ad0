//! `dimo devnet` (what `scripts/devnet` runs): starts the chain, deploys and wires the
//! contracts with the dev accounts in their roles, runs the onboarding story, prints each step
//! and then keeps serving with the RPC URL, chain id, addresses and a funded key printed.

use std::path::PathBuf;

use alloy::primitives::B256;
use clap::Args;

use crate::deploy::{self, keys::KeyArgs, DeployArgs, Network};
use crate::node_cmd::{print_accounts, NodeArgs};
use crate::story::{self, Cast, Story};

/// Options of `dimo devnet`.
#[derive(Debug, Clone, Args)]
pub(crate) struct DevnetArgs {
    #[command(flatten)]
    pub node: NodeArgs,
    /// Directory of the deployable wasm.
    #[arg(long, default_value = "artifacts")]
    pub artifacts: PathBuf,
    /// Where the deployment record goes (default: the state directory's `deployments/`, or a
    /// temporary directory for a chain in memory).
    #[arg(long)]
    pub deployments: Option<PathBuf>,
    /// Stop after the story instead of serving.
    #[arg(long)]
    pub exit: bool,
    /// Do not start the indexer and its GraphQL API (tools/indexer) after the story.
    #[arg(long)]
    pub no_indexer: bool,
    /// Port of the indexer's GraphQL API (0 picks a free one).
    #[arg(long, default_value_t = 4000)]
    pub api_port: u16,
}

/// Runs `dimo devnet`.
pub(crate) async fn run(args: DevnetArgs) -> eyre::Result<()> {
    let node = dimo_chain::spawn(args.node.config(), args.node.port).await?;
    let url = node.url();
    println!("== chain: {url}, chain id {}", args.node.chain_id);
    let cast = Cast::dev();
    let deployments = args
        .deployments
        .clone()
        .unwrap_or_else(|| match &args.node.state {
            Some(state) => state.join("deployments"),
            None => std::env::temp_dir().join(format!("dimo-devnet-{}", std::process::id())),
        });
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
        deployments,
        dry_run: false,
        wiring: cast.wiring(),
    };
    println!("== deploy (dimo deploy --network devnet)");
    let deployed = deploy::run(&deploy_args, cast.foundation.key.clone()).await?;
    let contracts = deployed
        .addresses
        .ok_or_else(|| eyre::eyre!("the deployment did not finish"))?;
    println!("== the onboarding story (who, call, transaction, gas used)");
    let mut story = Story::connect(&url, &cast, contracts).await?;
    let registered = story
        .view(
            cast.foundation.address(),
            contracts.registry,
            &crate::contracts::ManufacturerRegistry::manufacturerIdByNameCall {
                name: "Acme Devices".into(),
            },
        )
        .await?;
    if registered.is_zero() {
        let outcome = story::steps::run(&mut story, &cast).await?;
        println!(
            "   story done: node {}, device licence {}, batch {}, certificate {} ended its life",
            outcome.node, outcome.device_license, outcome.batch, outcome.certificate
        );
    } else {
        println!("   already told on this state (Acme Devices is node {registered}): skipped");
    }
    println!("== devnet ready");
    println!("RPC URL      {url}");
    println!("Chain id     {}", args.node.chain_id);
    println!("Record       {}", deployed.record.display());
    for (name, address) in [
        ("staking token", contracts.staking_token),
        ("registry", contracts.registry),
        ("manufacturing", contracts.manufacturing),
        ("device licences", contracts.devices),
        ("token", contracts.token),
        ("certificates", contracts.certificates),
    ] {
        println!("{name:<16} {address}");
    }
    let key: B256 = cast.foundation.key.to_bytes();
    println!(
        "Funded dev key {key} ({}; a public test key)",
        cast.foundation.address()
    );
    print_accounts();
    let indexer = if args.exit || args.no_indexer {
        None
    } else {
        Some(start_indexer(&args, &url, &deployed.record).await?)
    };
    if args.exit {
        node.stop().await;
        return Ok(());
    }
    println!("Serving; Ctrl-C stops.");
    tokio::signal::ctrl_c().await?;
    if let Some(indexer) = indexer {
        indexer.stop();
    }
    node.stop().await;
    Ok(())
}

/// The indexer and its GraphQL API on the devnet (`tools/indexer`), into `SQLite` beside the
/// deployment record; prints the API's URL and an example query.
async fn start_indexer(
    args: &DevnetArgs,
    rpc: &str,
    record: &std::path::Path,
) -> eyre::Result<dimo_indexer::service::Running> {
    let db = record.with_file_name("index.sqlite");
    let config = dimo_indexer::service::Config {
        rpc: rpc.to_owned(),
        deployment: record.to_path_buf(),
        db: dimo_indexer::db::DbUrl::parse(&db.display().to_string()),
        confirmations: 0,
        range: 500,
        poll: std::time::Duration::from_millis(250),
        api: Some(std::net::SocketAddr::from(([127, 0, 0, 1], args.api_port))),
    };
    let running = dimo_indexer::service::start(&config).await.map_err(|e| {
        dimo_indexer::api::server::AddressInUse::hint(e, "--api-port <port> (0 picks a free one)")
    })?;
    let api = running.api_url.clone().unwrap_or_default();
    println!(
        "GraphQL API  {api} (index {}; GET /health beside it)",
        db.display()
    );
    println!(
        "Example      curl -s {api} -H 'content-type: application/json' -d '{{\"query\": \"{}\"}}'",
        dimo_indexer::service::EXAMPLE_QUERY
    );
    Ok(running)
}
