//! `dimo node`: serves the chain until interrupted.

use std::path::PathBuf;

use clap::Args;
use dimo_chain::{dev_accounts, ChainConfig, CHAIN_ID, DEFAULT_PORT};

/// Options of `dimo node`.
#[derive(Debug, Clone, Args)]
pub(crate) struct NodeArgs {
    /// Port on 127.0.0.1 (0 picks a free one; the chosen port is printed).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Directory of the chain's store; without it the chain lives in memory only.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Chain id.
    #[arg(long, default_value_t = CHAIN_ID)]
    pub chain_id: u64,
    /// Leave out `StylusDeployer` (as a bare Nitro `--dev` node does).
    #[arg(long)]
    pub without_stylus_deployer: bool,
}

impl NodeArgs {
    /// The chain configuration.
    pub(crate) fn config(&self) -> ChainConfig {
        ChainConfig {
            chain_id: self.chain_id,
            state_dir: self.state.clone(),
            stylus_deployer: !self.without_stylus_deployer,
            ..ChainConfig::default()
        }
    }
}

/// Prints the dev accounts (their keys are public test keys).
pub(crate) fn print_accounts() {
    println!("Dev accounts (10,000 ETH each; public test keys, never use them elsewhere):");
    for (i, account) in dev_accounts().iter().enumerate() {
        println!("  ({i}) {} key {}", account.address, account.key);
    }
}

/// Starts the node and serves until Ctrl-C.
pub(crate) async fn run(args: NodeArgs) -> eyre::Result<()> {
    let node = dimo_chain::spawn(args.config(), args.port).await?;
    print_accounts();
    println!("Chain id {}", args.chain_id);
    // Scripts and tests read this line for the URL.
    println!("Listening on {}", node.url());
    tokio::signal::ctrl_c().await?;
    node.stop().await;
    Ok(())
}
