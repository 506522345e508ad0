//! `dimo deploy`: the five contracts in the order of `deployments/README.md`, each through
//! `StylusDeployer` (deploy, activate and construct in one transaction), then their wiring;
//! every step recorded in `deployments/<network>.json`, so that a second run (or a run after
//! a failure) skips what is deployed and verified and finishes the rest.

pub(crate) mod keys;
pub(crate) mod record;

use std::path::{Path, PathBuf};

use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{keccak256, Address, Bytes, B256, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::state::{AccountOverride, StateOverridesBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{SolCall, SolEvent, SolValue};
use clap::{Args, ValueEnum};
use dimo_chain::stylus::{
    init_code, IArbWasm, IStylusDeployer, ARB_WASM, STYLUS_DEPLOYER, STYLUS_VERSION,
};
use eyre::{bail, ensure, eyre, WrapErr};

use crate::contracts::{names, CertificateToken, DeviceLicenses, ManufacturingLicenses};
use keys::KeyArgs;
use record::{ContractRecord, Record};

/// The SDK recorded with each deployment.
const SDK_VERSION: &str = "stylus-sdk 0.9.0";

/// `keccak256("stylus_constructor()")[..4]`: the SDK 0.9 constructor's selector.
pub(crate) const CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];

/// Known networks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Network {
    /// The local chain (`dimo node`).
    Devnet,
    /// Arbitrum Sepolia.
    ArbitrumSepolia,
    /// Arbitrum One.
    ArbitrumOne,
}

impl Network {
    /// The record's file name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Devnet => "devnet",
            Self::ArbitrumSepolia => "arbitrum-sepolia",
            Self::ArbitrumOne => "arbitrum-one",
        }
    }

    pub(crate) fn chain_id(self) -> u64 {
        match self {
            Self::Devnet => dimo_chain::CHAIN_ID,
            Self::ArbitrumSepolia => 421_614,
            Self::ArbitrumOne => 42_161,
        }
    }

    pub(crate) fn default_rpc(self) -> &'static str {
        match self {
            Self::Devnet => "http://127.0.0.1:8547",
            Self::ArbitrumSepolia => "https://sepolia-rollup.arbitrum.io/rpc",
            Self::ArbitrumOne => "https://arb1.arbitrum.io/rpc",
        }
    }
}

/// Options of `dimo deploy`.
#[derive(Debug, Clone, Args)]
pub(crate) struct DeployArgs {
    /// The network (names the record and checks the chain id).
    #[arg(long, value_enum, default_value = "devnet")]
    pub network: Network,
    /// RPC URL (default: the network's public endpoint, or 127.0.0.1:8547 for the devnet).
    #[arg(long)]
    pub rpc: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Directory of the deployable wasm (`scripts/build` writes it).
    #[arg(long, default_value = "artifacts")]
    pub artifacts: PathBuf,
    /// Directory of the deployment records.
    #[arg(long, default_value = "deployments")]
    pub deployments: PathBuf,
    /// Show the plan and the activation data fees; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub wiring: WiringArgs,
}

/// Who holds which role after deployment.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct WiringArgs {
    /// Top admin of every contract (default: the deployer; ideally a multisig).
    #[arg(long)]
    pub top_admin: Option<Address>,
    /// The staking token ($DIMO). On the devnet, without it, the test ERC-20 is deployed.
    #[arg(long)]
    pub staking_token: Option<Address>,
    /// Receiver of slashed stakes (default: the deployer).
    #[arg(long)]
    pub treasury: Option<Address>,
    /// Licence managers (default: the deployer).
    #[arg(long = "license-manager")]
    pub license_managers: Vec<Address>,
    /// URI of the MOU published as version 1.
    #[arg(long, default_value = "ipfs://dimo-mou-v1")]
    pub mou_uri: String,
    /// Auditors (the first three record the three assessment kinds).
    #[arg(long = "auditor")]
    pub auditors: Vec<Address>,
    /// Hardware Integration Team members.
    #[arg(long = "team-member")]
    pub team: Vec<Address>,
    /// Approvals a device licence needs (default: a majority of the team).
    #[arg(long)]
    pub threshold: Option<u64>,
    /// Base URI of the certificate token's metadata.
    #[arg(long)]
    pub base_uri: Option<String>,
}

/// Everything deployed, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Addresses {
    /// The staking token.
    pub staking_token: Address,
    /// The manufacturer registry.
    pub registry: Address,
    /// The manufacturing-licence contract.
    pub manufacturing: Address,
    /// The device-licence contract.
    pub devices: Address,
    /// The certificate token.
    pub token: Address,
    /// The certificate contract.
    pub certificates: Address,
}

/// A connected signer.
pub(crate) fn connect(rpc: &str, signer: PrivateKeySigner) -> eyre::Result<DynProvider> {
    let url = rpc.parse().wrap_err_with(|| format!("bad RPC URL {rpc}"))?;
    Ok(ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(url)
        .erased())
}

/// The deployable code of artifact `name` and its wasm's hash.
fn artifact_code(dir: &Path, name: &str) -> eyre::Result<(Vec<u8>, B256)> {
    let path = dir.join(format!("{name}.wasm"));
    let wasm = std::fs::read(&path)
        .wrap_err_with(|| format!("reading {} (run scripts/build first)", path.display()))?;
    let code = stylus_wasm::deployed_code(&wasm)?;
    Ok((code, keccak256(&wasm)))
}

fn git_commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or_else(
            || "unknown".into(),
            |o| String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        )
}

/// The activation data fee of `code` as the chain quotes it (0 if its code hash is already
/// active), plus 20% as `cargo stylus` adds: an `eth_call` of `ArbWasm.activateProgram` on a
/// scratch address holding the code (state override).
pub(crate) async fn activation_fee(provider: &DynProvider, code: &[u8]) -> eyre::Result<U256> {
    let arb = IArbWasm::new(ARB_WASM, provider);
    if let Ok(version) = arb.codehashVersion(keccak256(code)).call().await {
        if version == STYLUS_VERSION {
            return Ok(U256::ZERO);
        }
    }
    let probe = Address::from_word(keccak256(b"dimo deploy: activation probe"));
    let sender = Address::from_word(keccak256(b"dimo deploy: activation sender"));
    let overrides = StateOverridesBuilder::default()
        .append(
            probe,
            AccountOverride::default().with_code(Bytes::copy_from_slice(code)),
        )
        .append(
            sender,
            AccountOverride::default().with_balance(U256::from(10u64).pow(U256::from(24))),
        )
        .build();
    let request = TransactionRequest::default()
        .with_from(sender)
        .with_to(ARB_WASM)
        .with_value(U256::from(10u64).pow(U256::from(18)))
        .with_input(IArbWasm::activateProgramCall { program: probe }.abi_encode());
    let output = provider
        .call(request)
        .overrides(overrides)
        .await
        .wrap_err("quoting the activation data fee")?;
    let quoted = IArbWasm::activateProgramCall::abi_decode_returns(&output)?;
    Ok(quoted.dataFee * U256::from(120) / U256::from(100))
}

/// Sends `call` to `to` and waits for a successful receipt.
pub(crate) async fn send(
    provider: &DynProvider,
    to: Address,
    calldata: Vec<u8>,
    value: U256,
) -> eyre::Result<TransactionReceipt> {
    let request = TransactionRequest::default()
        .with_to(to)
        .with_input(calldata)
        .with_value(value);
    let receipt = provider
        .send_transaction(request)
        .await?
        .get_receipt()
        .await?;
    ensure!(
        receipt.status(),
        "transaction {} failed",
        receipt.transaction_hash
    );
    Ok(receipt)
}

/// One contract of the plan.
struct ContractStep {
    name: &'static str,
    args: Vec<u8>,
    args_text: Vec<String>,
}

/// A deployment run.
struct Run<'a> {
    provider: &'a DynProvider,
    args: &'a DeployArgs,
    record: Record,
    path: PathBuf,
    deployer: Address,
    commit: String,
}

impl Run<'_> {
    /// Deploys `step` unless it is recorded and its code verified; returns its address
    /// (`None` in a dry run for a contract not deployed yet).
    async fn contract(&mut self, step: ContractStep) -> eyre::Result<Option<Address>> {
        let (code, wasm_keccak) = artifact_code(&self.args.artifacts, step.name)?;
        let code_hash = keccak256(&code);
        if let Some(done) = self.record.contracts.get(step.name) {
            let onchain = self.provider.get_code_at(done.address).await?;
            if keccak256(&onchain) == code_hash {
                println!(
                    "  {:<24} {} deployed, code verified: skipped",
                    step.name, done.address
                );
                return Ok(Some(done.address));
            }
            bail!(
                "{} is recorded at {} but the code there is not artifacts/{}.wasm's (hash {} \
                 on chain); remove its entry from {} to deploy it again",
                step.name,
                done.address,
                step.name,
                keccak256(&onchain),
                self.path.display()
            );
        }
        let fee = activation_fee(self.provider, &code).await?;
        if self.args.dry_run {
            println!(
                "  {:<24} to deploy: {} bytes of code, activation data fee {} wei (with 20% margin), constructor({})",
                step.name,
                code.len(),
                fee,
                step.args_text.join(", ")
            );
            return Ok(None);
        }
        let mut init_data = if step.args.is_empty() && step.name == names::TEST_ERC20 {
            Vec::new()
        } else {
            CONSTRUCTOR_SELECTOR.to_vec()
        };
        init_data.extend_from_slice(&step.args);
        let call = IStylusDeployer::deployCall {
            bytecode: init_code(&code).into(),
            initData: init_data.into(),
            initValue: U256::ZERO,
            salt: B256::ZERO,
        };
        let receipt = send(self.provider, STYLUS_DEPLOYER, call.abi_encode(), fee).await?;
        let address = receipt
            .inner
            .logs()
            .iter()
            .find_map(|log| {
                (log.address() == STYLUS_DEPLOYER)
                    .then(|| IStylusDeployer::ContractDeployed::decode_log_data(log.data()).ok())
                    .flatten()
            })
            .map(|event| event.deployedContract)
            .ok_or_else(|| eyre!("no ContractDeployed log in {}", receipt.transaction_hash))?;
        let activated = receipt.inner.logs().iter().any(|l| l.address() == ARB_WASM);
        println!(
            "  {:<24} {} deployed in {} (gas {}{})",
            step.name,
            address,
            receipt.transaction_hash,
            receipt.gas_used,
            if activated { ", activated" } else { "" }
        );
        self.record.contracts.insert(
            step.name.to_owned(),
            ContractRecord {
                address,
                deploy_tx: receipt.transaction_hash,
                activation_tx: activated.then_some(receipt.transaction_hash),
                wasm_keccak,
                code_hash,
                constructor_args: step.args_text,
                git_commit: self.commit.clone(),
                sdk_version: SDK_VERSION.into(),
            },
        );
        self.record.save(&self.path)?;
        Ok(Some(address))
    }

    /// Sends configuration step `name` unless it is recorded.
    async fn wire(
        &mut self,
        name: String,
        to: Option<Address>,
        calldata: Vec<u8>,
    ) -> eyre::Result<()> {
        if let Some(tx) = self.record.wiring.get(&name) {
            println!("  {name:<48} done in {tx}: skipped");
            return Ok(());
        }
        let Some(to) = to.filter(|_| !self.args.dry_run) else {
            println!("  {name:<48} to send");
            return Ok(());
        };
        let receipt = send(self.provider, to, calldata, U256::ZERO).await?;
        println!(
            "  {name:<48} {} (gas {})",
            receipt.transaction_hash, receipt.gas_used
        );
        self.record.wiring.insert(name, receipt.transaction_hash);
        self.record.save(&self.path)?;
        Ok(())
    }
}

/// What `dimo deploy` did.
#[derive(Debug, Clone)]
pub(crate) struct Deployed {
    /// The addresses (`None` after a dry run that left contracts undeployed).
    pub addresses: Option<Addresses>,
    /// The record's path.
    pub record: PathBuf,
}

/// Runs `dimo deploy`.
pub(crate) async fn run(args: &DeployArgs, signer: PrivateKeySigner) -> eyre::Result<Deployed> {
    let deployer = signer.address();
    let rpc = args
        .rpc
        .clone()
        .unwrap_or_else(|| args.network.default_rpc().to_owned());
    let provider = connect(&rpc, signer)?;
    let chain_id = provider
        .get_chain_id()
        .await
        .wrap_err_with(|| format!("reaching {rpc}"))?;
    ensure!(
        chain_id == args.network.chain_id(),
        "{rpc} serves chain {chain_id}, not {} ({})",
        args.network.name(),
        args.network.chain_id()
    );
    let deployer_code = provider.get_code_at(STYLUS_DEPLOYER).await?;
    ensure!(
        !deployer_code.is_empty(),
        "StylusDeployer is not deployed at {STYLUS_DEPLOYER} on {rpc}: nothing was sent"
    );
    let path = record::path(&args.deployments, args.network.name());
    let record = Record::load(&path, chain_id)?;
    println!(
        "{} {} (chain {chain_id}) from {deployer}{}; record {}",
        if args.dry_run {
            "Plan for"
        } else {
            "Deploying to"
        },
        args.network.name(),
        if args.dry_run {
            " (dry run: nothing is sent)"
        } else {
            ""
        },
        path.display()
    );
    let mut run = Run {
        provider: &provider,
        args,
        record,
        path: path.clone(),
        deployer,
        commit: git_commit(),
    };
    let addresses = deploy_all(&mut run).await?;
    if let Some(a) = addresses {
        wire_all(&mut run, a).await?;
    } else {
        println!("  (configuration steps follow once the contracts exist)");
    }
    Ok(Deployed {
        addresses,
        record: path,
    })
}

#[allow(clippy::many_single_char_names)]
async fn deploy_all(run: &mut Run<'_>) -> eyre::Result<Option<Addresses>> {
    let w = &run.args.wiring;
    let admin = w.top_admin.unwrap_or(run.deployer);
    let staking_token = match w.staking_token {
        Some(token) => Some(token),
        None if run.args.network == Network::Devnet => {
            run.contract(ContractStep {
                name: names::TEST_ERC20,
                args: Vec::new(),
                args_text: Vec::new(),
            })
            .await?
        }
        None => bail!("--staking-token is required outside the devnet ($DIMO's address)"),
    };
    let placeholder = Address::ZERO;
    let registry = run
        .contract(ContractStep {
            name: names::REGISTRY,
            args: (admin,).abi_encode_params(),
            args_text: vec![format!("{admin} (top admin)")],
        })
        .await?;
    let r = registry.unwrap_or(placeholder);
    let manufacturing = run
        .contract(ContractStep {
            name: names::MANUFACTURING,
            args: (admin, r).abi_encode_params(),
            args_text: vec![format!("{admin} (owner)"), format!("{r} (registry)")],
        })
        .await?;
    let m = manufacturing.unwrap_or(placeholder);
    let devices = run
        .contract(ContractStep {
            name: names::DEVICE_LICENSES,
            args: (admin, r, m).abi_encode_params(),
            args_text: vec![
                format!("{admin} (owner)"),
                format!("{r} (registry)"),
                format!("{m} (manufacturing licences)"),
            ],
        })
        .await?;
    let d = devices.unwrap_or(placeholder);
    let token = run
        .contract(ContractStep {
            name: names::TOKEN,
            args: (admin,).abi_encode_params(),
            args_text: vec![format!("{admin} (owner)")],
        })
        .await?;
    let t = token.unwrap_or(placeholder);
    let certificates = run
        .contract(ContractStep {
            name: names::CERTIFICATES,
            args: (t, r, m, d).abi_encode_params(),
            args_text: vec![
                format!("{t} (token)"),
                format!("{r} (registry)"),
                format!("{m} (manufacturing licences)"),
                format!("{d} (device licences)"),
            ],
        })
        .await?;
    Ok(
        match (
            staking_token,
            registry,
            manufacturing,
            devices,
            token,
            certificates,
        ) {
            (
                Some(staking_token),
                Some(registry),
                Some(manufacturing),
                Some(devices),
                Some(token),
                Some(certificates),
            ) => Some(Addresses {
                staking_token,
                registry,
                manufacturing,
                devices,
                token,
                certificates,
            }),
            _ => None,
        },
    )
}

#[allow(clippy::many_single_char_names)]
async fn wire_all(run: &mut Run<'_>, a: Addresses) -> eyre::Result<()> {
    let w = run.args.wiring.clone();
    let deployer = run.deployer;
    let (m, d, t) = (Some(a.manufacturing), Some(a.devices), Some(a.token));
    run.wire(
        format!(
            "manufacturing-licenses.setStakingToken({})",
            a.staking_token
        ),
        m,
        ManufacturingLicenses::setStakingTokenCall {
            token: a.staking_token,
        }
        .abi_encode(),
    )
    .await?;
    let treasury = w.treasury.unwrap_or(deployer);
    run.wire(
        format!("manufacturing-licenses.setTreasury({treasury})"),
        m,
        ManufacturingLicenses::setTreasuryCall { treasury }.abi_encode(),
    )
    .await?;
    let managers = if w.license_managers.is_empty() {
        vec![deployer]
    } else {
        w.license_managers.clone()
    };
    for account in managers {
        run.wire(
            format!("manufacturing-licenses.addLicenseManager({account})"),
            m,
            ManufacturingLicenses::addLicenseManagerCall { account }.abi_encode(),
        )
        .await?;
    }
    run.wire(
        format!("manufacturing-licenses.publishMou({})", w.mou_uri),
        m,
        ManufacturingLicenses::publishMouCall {
            hash: keccak256(w.mou_uri.as_bytes()),
            uri: w.mou_uri.clone(),
        }
        .abi_encode(),
    )
    .await?;
    for (i, auditor) in w.auditors.iter().enumerate() {
        run.wire(
            format!("device-licenses.addAuditor({auditor})"),
            d,
            DeviceLicenses::addAuditorCall {
                auditor: *auditor,
                uri: format!("auditor {}", i + 1),
            }
            .abi_encode(),
        )
        .await?;
    }
    for member in &w.team {
        run.wire(
            format!("device-licenses.addTeamMember({member})"),
            d,
            DeviceLicenses::addTeamMemberCall { member: *member }.abi_encode(),
        )
        .await?;
    }
    if !w.team.is_empty() {
        let threshold = w.threshold.unwrap_or(w.team.len() as u64 / 2 + 1);
        run.wire(
            format!("device-licenses.setApprovalThreshold({threshold})"),
            d,
            DeviceLicenses::setApprovalThresholdCall { threshold }.abi_encode(),
        )
        .await?;
    }
    run.wire(
        format!("certificate-token.setIssuer({})", a.certificates),
        t,
        CertificateToken::setIssuerCall {
            issuer: a.certificates,
        }
        .abi_encode(),
    )
    .await?;
    if let Some(uri) = &w.base_uri {
        run.wire(
            format!("certificate-token.setBaseUri({uri})"),
            t,
            CertificateToken::setBaseUriCall { uri: uri.clone() }.abi_encode(),
        )
        .await?;
    }
    Ok(())
}
