//! What every operator command starts from: the options they share (network, RPC URL,
//! deployment record, key, `--json`, `--dry-run`), the deployment's addresses read from
//! `deployments/<network>.json`, and the connection, checked against the network's chain id.

use std::path::PathBuf;

use alloy::network::EthereumWallet;
use alloy::primitives::Address;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use clap::Args;
use eyre::{bail, ensure, eyre, WrapErr};

use crate::contracts::names;
use crate::deploy::keys::KeyArgs;
use crate::deploy::record::{self, Record};
use crate::deploy::Network;

/// Default environment variable holding an operator's key (hex).
pub(crate) const OPS_KEY_ENV: &str = "DIMO_KEY";

/// Options every operator command takes (anywhere on the command line).
#[derive(Debug, Clone, Args)]
pub(crate) struct Common {
    /// The network: names the deployment record and fixes the chain id.
    #[arg(long, value_enum, default_value = "devnet", global = true)]
    pub network: Network,
    /// RPC URL (default: the network's public endpoint, or 127.0.0.1:8547 for the devnet).
    #[arg(long, env = "DIMO_RPC_URL", global = true)]
    pub rpc_url: Option<String>,
    /// Directory of the deployment records (`<network>.json`).
    #[arg(long, default_value = "deployments", global = true)]
    pub deployments: PathBuf,
    /// Environment variable that holds the sender's private key (hex).
    #[arg(long, default_value = OPS_KEY_ENV, global = true)]
    pub key_env: String,
    /// File that holds the sender's private key (hex).
    #[arg(long, global = true, conflicts_with = "keystore")]
    pub key_file: Option<PathBuf>,
    /// Encrypted JSON keystore (password from `--password-file` or `DIMO_KEYSTORE_PASSWORD`).
    #[arg(long, global = true)]
    pub keystore: Option<PathBuf>,
    /// File holding the keystore's password.
    #[arg(long, global = true)]
    pub password_file: Option<PathBuf>,
    /// Print JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    /// Show what would be sent, with its estimated gas and fee; send nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
}

impl Common {
    /// The deploy tool's key options (one home for where keys come from).
    fn key(&self) -> KeyArgs {
        KeyArgs {
            key_env: self.key_env.clone(),
            key_file: self.key_file.clone(),
            keystore: self.keystore.clone(),
            password_file: self.password_file.clone(),
        }
    }

    /// The RPC URL.
    pub(crate) fn rpc(&self) -> String {
        self.rpc_url
            .clone()
            .unwrap_or_else(|| self.network.default_rpc().to_owned())
    }
}

/// The deployed contracts an operator talks to.
pub(crate) use dimo_contracts::Contracts;

/// A connected operator session.
pub(crate) struct Ctx {
    /// The provider (with the sender's wallet when a key was given).
    pub provider: DynProvider,
    /// The sender, if a key was given.
    pub sender: Option<Address>,
    /// The chain id the RPC serves.
    pub chain_id: u64,
    /// The contracts.
    pub contracts: Contracts,
    /// The shared options.
    pub common: Common,
}

impl Ctx {
    /// Connects: reads the record, reaches the RPC, checks the chain id; loads the key when
    /// `with_key` (commands that send).
    pub(crate) async fn connect(common: &Common, with_key: bool) -> eyre::Result<Self> {
        let rpc = common.rpc();
        let url = rpc.parse().map_err(|e| eyre!("bad RPC URL {rpc}: {e}"))?;
        let signer = if with_key {
            Some(common.key().signer()?)
        } else {
            None
        };
        let sender = signer
            .as_ref()
            .map(alloy::signers::local::PrivateKeySigner::address);
        let builder = ProviderBuilder::new();
        let provider = match signer {
            Some(s) => builder
                .wallet(EthereumWallet::from(s))
                .connect_http(url)
                .erased(),
            None => builder.connect_http(url).erased(),
        };
        let chain_id = provider.get_chain_id().await.map_err(|e| {
            eyre!("the RPC at {rpc} did not answer ({e}); is the node running and the URL right?")
        })?;
        let expected = common.network.chain_id();
        ensure!(
            chain_id == expected,
            "wrong chain: {rpc} serves chain id {chain_id}, but --network {} is chain id \
             {expected}; nothing was sent",
            common.network.name()
        );
        let path = record::path(&common.deployments, common.network.name());
        if !path.exists() {
            bail!(
                "no deployment record at {} (run `dimo deploy --network {}` first, or pass \
                 --deployments DIR)",
                path.display(),
                common.network.name()
            );
        }
        let record = Record::load(&path, chain_id)?;
        let get = |name: &str| {
            record
                .contracts
                .get(name)
                .map(|c| c.address)
                .ok_or_else(|| eyre!("{} does not record {name}", path.display()))
        };
        let contracts = Contracts {
            registry: get(names::REGISTRY)?,
            manufacturing: get(names::MANUFACTURING)?,
            devices: get(names::DEVICE_LICENSES)?,
            token: get(names::TOKEN)?,
            certificates: get(names::CERTIFICATES)?,
        };
        let code = provider
            .get_code_at(contracts.certificates)
            .await
            .wrap_err_with(|| format!("reading the certificate contract's code from {rpc}"))?;
        ensure!(
            !code.is_empty(),
            "{} names {} as minting-certificates, but there is no code there on {rpc}: \
             wrong record or a reset chain",
            path.display(),
            contracts.certificates
        );
        Ok(Self {
            provider,
            sender,
            chain_id,
            contracts,
            common: common.clone(),
        })
    }

    /// The sender (commands that send always have one).
    pub(crate) fn sender(&self) -> eyre::Result<Address> {
        self.sender.ok_or_else(|| eyre!("this command needs a key"))
    }
}
