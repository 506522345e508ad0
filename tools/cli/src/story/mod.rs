//! The onboarding story of the seeds, as real signed transactions over JSON-RPC: who plays
//! which role ([`Cast`]), how a step is sent and reported ([`Story`]); the calls themselves are
//! in [`steps`] and the device key's signatures in [`eip712`].

pub(crate) mod devices;
pub(crate) mod eip712;
pub(crate) mod steps;

use std::fmt::Write as _;

use alloy::eips::BlockNumberOrTag;
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, B256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::{TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::SolCall;
use dimo_chain::dev_accounts;
use eyre::{ensure, WrapErr};

use crate::deploy::{Addresses, WiringArgs};

/// One role of the story and its key.
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    /// The role.
    pub name: &'static str,
    /// Its key.
    pub key: PrivateKeySigner,
}

impl Actor {
    /// Its address.
    pub(crate) fn address(&self) -> Address {
        self.key.address()
    }
}

/// The dev accounts in their roles: the foundation (Nitro's dev key, the deployer and top
/// admin), a licence manager, the manufacturer's controller, three auditors, three team
/// members, a buyer and a relayer.
#[derive(Debug, Clone)]
pub(crate) struct Cast {
    /// Deployer and top admin.
    pub foundation: Actor,
    /// Licence manager.
    pub manager: Actor,
    /// The manufacturer's controller.
    pub acme: Actor,
    /// Auditors for assessment kinds 1 to 3.
    pub auditors: [Actor; 3],
    /// The Hardware Integration Team (threshold 2).
    pub team: [Actor; 3],
    /// The device's buyer.
    pub buyer: Actor,
    /// Relays the claim.
    pub relayer: Actor,
}

impl Cast {
    /// The dev accounts of `dimo node` in their roles.
    pub(crate) fn dev() -> Self {
        let keys: Vec<PrivateKeySigner> = dev_accounts()
            .iter()
            .map(|a| PrivateKeySigner::from_bytes(&a.key).expect("dev keys are valid"))
            .collect();
        let actor = |name, i: usize| Actor {
            name,
            key: keys[i].clone(),
        };
        Self {
            foundation: actor("foundation", 0),
            manager: actor("licence manager", 1),
            acme: actor("Acme (controller)", 2),
            auditors: [
                actor("auditor HW security", 3),
                actor("auditor CX", 4),
                actor("auditor integration", 5),
            ],
            team: [
                actor("team Ana", 6),
                actor("team Ben", 7),
                actor("team Cyd", 8),
            ],
            buyer: actor("buyer", 9),
            relayer: actor("relayer", 10),
        }
    }

    /// Every actor.
    pub(crate) fn all(&self) -> Vec<&Actor> {
        let mut out = vec![&self.foundation, &self.manager, &self.acme];
        out.extend(self.auditors.iter());
        out.extend(self.team.iter());
        out.extend([&self.buyer, &self.relayer]);
        out
    }

    /// The deploy tool's role options that this cast needs.
    pub(crate) fn wiring(&self) -> WiringArgs {
        WiringArgs {
            license_managers: vec![self.manager.address()],
            auditors: self.auditors.iter().map(Actor::address).collect(),
            team: self.team.iter().map(Actor::address).collect(),
            threshold: Some(2),
            mou_uri: "ipfs://dimo-mou-v1".into(),
            ..WiringArgs::default()
        }
    }
}

/// One step as printed.
#[derive(Debug, Clone)]
pub(crate) struct StepReport {
    /// Who sent it.
    pub who: &'static str,
    /// The call, in short.
    pub call: String,
    /// The transaction.
    pub tx: B256,
    /// Gas used.
    pub gas: u64,
}

/// A story in progress.
pub(crate) struct Story {
    /// A provider holding every actor's key.
    pub provider: DynProvider,
    /// The contracts.
    pub contracts: Addresses,
    /// The chain id.
    pub chain_id: u64,
    /// Steps so far.
    pub steps: Vec<StepReport>,
    /// Print each step as it is done.
    pub verbose: bool,
}

impl Story {
    /// Connects every actor of `cast` to `rpc`.
    pub(crate) async fn connect(
        rpc: &str,
        cast: &Cast,
        contracts: Addresses,
    ) -> eyre::Result<Self> {
        let mut wallet = EthereumWallet::new(cast.foundation.key.clone());
        for actor in cast.all() {
            wallet.register_signer(actor.key.clone());
        }
        let provider = ProviderBuilder::new()
            .wallet(wallet)
            .connect_http(rpc.parse()?)
            .erased();
        let chain_id = provider.get_chain_id().await?;
        Ok(Self {
            provider,
            contracts,
            chain_id,
            steps: Vec::new(),
            verbose: true,
        })
    }

    /// Sends `call` to `to` from `who` and waits for a successful receipt.
    pub(crate) async fn send<C: SolCall>(
        &mut self,
        who: &Actor,
        to: Address,
        call: &C,
        label: String,
    ) -> eyre::Result<TransactionReceipt> {
        let request = TransactionRequest::default()
            .with_from(who.address())
            .with_to(to)
            .with_input(call.abi_encode());
        let receipt = self
            .provider
            .send_transaction(request)
            .await
            .wrap_err_with(|| format!("{} {label}", who.name))?
            .get_receipt()
            .await?;
        ensure!(
            receipt.status(),
            "{} {label}: transaction {} failed",
            who.name,
            receipt.transaction_hash
        );
        let report = StepReport {
            who: who.name,
            call: label,
            tx: receipt.transaction_hash,
            gas: receipt.gas_used,
        };
        if self.verbose {
            println!("{}", render_step(self.steps.len() + 1, &report));
        }
        self.steps.push(report);
        Ok(receipt)
    }

    /// A read (`eth_call`) of `call` on `to`, as `from`.
    pub(crate) async fn view<C: SolCall>(
        &self,
        from: Address,
        to: Address,
        call: &C,
    ) -> eyre::Result<C::Return> {
        let request = TransactionRequest::default()
            .with_from(from)
            .with_to(to)
            .with_input(call.abi_encode());
        let output = self.provider.call(request).await?;
        Ok(C::abi_decode_returns(&output)?)
    }

    /// The latest block's timestamp.
    pub(crate) async fn now(&self) -> eyre::Result<u64> {
        let block = self
            .provider
            .get_block_by_number(BlockNumberOrTag::Latest)
            .await?
            .ok_or_else(|| eyre::eyre!("no latest block"))?;
        Ok(block.header.timestamp)
    }
}

/// One printed line.
pub(crate) fn render_step(n: usize, step: &StepReport) -> String {
    let mut line = String::new();
    let _ = write!(
        line,
        "{n:>3}. {:<22} {:<58} {} gas {:>10}",
        step.who, step.call, step.tx, step.gas
    );
    line
}
