//! `dimo`: the DIMO registry's command line.
//!
//! * `dimo node`: the local Stylus chain (JSON-RPC on 127.0.0.1:8547, chain id 412346).
//! * `dimo deploy`: the five contracts through `StylusDeployer`, wired, recorded in
//!   `deployments/<network>.json`; resumable.
//! * `dimo story`: the onboarding story as signed transactions over JSON-RPC, against a
//!   devnet deployment.
//! * `dimo devnet`: the chain, the deployment and the story together, then keeps serving.
//! * `dimo bench`: the chain's overhead against the runtime in-process (a report in `docs/`).
//! * `dimo foundation`, `dimo manufacturer` (with `mint` from a CSV), `dimo review`,
//!   `dimo lookup`, `dimo claim`: the operator commands ([`ops`]).

use clap::{Parser, Subcommand};

mod bench;
mod contracts;
mod deploy;
mod devnet;
mod node_cmd;
mod ops;
mod story;

/// The DIMO hardware-identity registry's tools.
#[derive(Debug, Parser)]
#[command(name = "dimo", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once
enum Command {
    /// Runs the local Stylus chain.
    Node(node_cmd::NodeArgs),
    /// Deploys and wires the contracts (resumable; --dry-run shows the plan).
    Deploy(deploy::DeployArgs),
    /// Starts a chain, deploys, runs the onboarding story and keeps serving.
    Devnet(devnet::DevnetArgs),
    /// Measures the chain's overhead and writes docs/chain-bench.md (a report).
    Bench(bench::BenchArgs),
    /// Foundation operations: manufacturers, controllers, MOU, auditors, team, licences.
    Foundation(ops::FoundationArgs),
    /// A manufacturer's operations: delegations, stake, MOU, device licences, minting from a
    /// CSV, OTA updates, factory resets, end of life.
    Manufacturer(ops::ManufacturerArgs),
    /// Auditors and the team: assessments and votes on device-licence applications.
    Review(ops::ReviewArgs),
    /// Anyone: manufacturers, licences and certificates (with their verified history).
    Lookup(ops::LookupArgs),
    /// Anyone: relays a device's signed claim.
    Claim(ops::ClaimCmdArgs),
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Node(args) => node_cmd::run(args).await,
        Command::Deploy(args) => {
            let signer = args.key.signer()?;
            deploy::run(&args, signer).await.map(|_| ())
        }
        Command::Devnet(args) => devnet::run(args).await,
        Command::Bench(args) => bench::run(args).await,
        Command::Foundation(args) => ops::foundation(args).await,
        Command::Manufacturer(args) => ops::manufacturer(args).await,
        Command::Review(args) => ops::review(args).await,
        Command::Lookup(args) => ops::lookup(args).await,
        Command::Claim(args) => ops::claim(args).await,
    }
}
