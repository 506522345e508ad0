//! `dimo manufacturer`: what a manufacturer's operations team runs (besides minting, in
//! [`super::mint`]): delegations, stake, the MOU, device-licence applications, OTA updates for
//! a list of devices, factory resets and end of life.

use std::path::{Path, PathBuf};

use alloy::primitives::{Address, Bytes, U256};
use clap::{Subcommand, ValueEnum};
use eyre::WrapErr;

use super::context::Ctx;
use super::foundation::reason_hash;
use super::lookup::{certificate_id, CertArgs};
use super::mint::MintArgs;
use super::parse;
use super::send::Call;
use crate::contracts::{
    DeviceLicenses as D, ManufacturerRegistry as R, ManufacturingLicenses as M,
    MintingCertificates as C, TestErc20 as E,
};

/// A delegable privilege (`crates/interfaces/src/privileges.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Privilege {
    /// Mint certificates (1).
    MintDevices,
    /// Record OTA updates (3).
    OtaUpdate,
    /// Factory resets (4).
    FactoryReset,
    /// End of life (5).
    EndOfLife,
    /// Stake and apply for device licences (6).
    ManageLicenses,
}

impl Privilege {
    fn id(self) -> u8 {
        match self {
            Self::MintDevices => 1,
            Self::OtaUpdate => 3,
            Self::FactoryReset => 4,
            Self::EndOfLife => 5,
            Self::ManageLicenses => 6,
        }
    }
}

/// How a device's life ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EndKind {
    /// 1.
    Decommissioned,
    /// 2.
    Recycled,
    /// 3.
    Disposed,
}

/// Manufacturer commands.
#[derive(Debug, Clone, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once
pub(crate) enum ManufacturerCmd {
    /// Lets an operator address use a privilege of the node.
    Delegate {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        operator: Address,
        #[arg(long, value_enum)]
        privilege: Privilege,
        /// Unix seconds (exclusive); default never.
        #[arg(long, default_value_t = u64::MAX)]
        expires_at: u64,
    },
    /// Revokes an operator's privilege.
    RevokePrivilege {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        operator: Address,
        #[arg(long, value_enum)]
        privilege: Privilege,
    },
    /// Approves the staking token and stakes (default: the minimum stake).
    Stake {
        #[arg(long)]
        node: U256,
        /// Amount in the token's smallest unit.
        #[arg(long)]
        amount: Option<U256>,
    },
    /// Accepts the MOU (default: the current version).
    AcceptMou {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        version: Option<u64>,
    },
    /// Applies for a Hardware Device License; the design hash is computed from the file.
    Apply {
        #[arg(long)]
        node: U256,
        #[arg(long)]
        model: String,
        #[arg(long)]
        revision: String,
        #[arg(long)]
        design_file: PathBuf,
        /// The licence this one replaces (0 for none).
        #[arg(long, default_value_t = U256::ZERO)]
        supersedes: U256,
    },
    /// Mints certificates from a production run's CSV (resumable).
    Mint(MintArgs),
    /// Development: writes a production run's CSV of valid rows (for --sign-with-dev-keys).
    SampleCsv(super::mint::sample::SampleArgs),
    /// Records OTA updates for a list: CSV `device,version,image_hash[,rollback]`.
    Ota {
        #[arg(long)]
        file: PathBuf,
    },
    /// Records a factory reset, optionally rotating the device key.
    FactoryReset {
        #[command(flatten)]
        cert: CertArgs,
        /// The new device key (with --signature: the current key's then the new key's
        /// `RotateKey` signatures, 130 bytes hex).
        #[arg(long, requires = "signature")]
        new_device: Option<Address>,
        #[arg(long)]
        signature: Option<Bytes>,
    },
    /// Ends a device's life.
    EndOfLife {
        #[command(flatten)]
        cert: CertArgs,
        #[arg(long, value_enum)]
        kind: EndKind,
        #[arg(long)]
        reason: String,
    },
}

/// One row of an OTA list.
#[derive(Debug, serde::Deserialize)]
struct OtaRow {
    device: Address,
    version: String,
    image_hash: String,
    #[serde(default)]
    rollback: Option<String>,
}

async fn ota_calls(ctx: &Ctx, file: &Path) -> eyre::Result<Vec<Call>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(file)
        .wrap_err_with(|| format!("reading {}", file.display()))?;
    let mut calls = Vec::new();
    for (i, row) in reader.deserialize::<OtaRow>().enumerate() {
        let line = i + 2;
        let row = row.wrap_err_with(|| format!("{} line {line}", file.display()))?;
        let bad = |e: String| eyre::eyre!("{} line {line}: {e}", file.display());
        let version = parse::firmware(&row.version).map_err(bad)?;
        let image = parse::hash(&row.image_hash).map_err(bad)?;
        let rollback = match row.rollback.as_deref() {
            None | Some("") => false,
            Some(t) => parse::passed(t).map_err(bad)?,
        };
        let id = certificate_id(
            ctx,
            &CertArgs {
                device: Some(row.device),
                ..CertArgs::default()
            },
        )
        .await?;
        calls.push(Call::new(
            ctx.contracts.certificates,
            &C::updateFirmwareCall {
                id,
                version,
                imageHash: image,
                rollback,
            },
            format!(
                "certificates.updateFirmware({}, {}{})",
                row.device,
                parse::firmware_text(version),
                if rollback { ", rollback" } else { "" }
            ),
        ));
    }
    eyre::ensure!(!calls.is_empty(), "{} lists no device", file.display());
    Ok(calls)
}

/// The calls `cmd` sends (not `Mint`, which has its own run).
#[allow(clippy::too_many_lines)] // one arm per command
pub(crate) async fn calls(ctx: &Ctx, cmd: &ManufacturerCmd) -> eyre::Result<Vec<Call>> {
    let c = ctx.contracts;
    Ok(match cmd {
        ManufacturerCmd::Delegate {
            node,
            operator,
            privilege,
            expires_at,
        } => vec![Call::new(
            c.registry,
            &R::grantPrivilegeCall {
                node: *node,
                operator: *operator,
                privilege: privilege.id(),
                expiresAt: *expires_at,
            },
            format!("registry.grantPrivilege({node}, {operator}, {privilege:?})"),
        )],
        ManufacturerCmd::RevokePrivilege {
            node,
            operator,
            privilege,
        } => vec![Call::new(
            c.registry,
            &R::revokePrivilegeCall {
                node: *node,
                operator: *operator,
                privilege: privilege.id(),
            },
            format!("registry.revokePrivilege({node}, {operator}, {privilege:?})"),
        )],
        ManufacturerCmd::Stake { node, amount } => {
            let m = M::new(c.manufacturing, &ctx.provider);
            let amount = match amount {
                Some(a) => *a,
                None => m.minimumStake().call().await?,
            };
            let token = m.stakingToken().call().await?;
            vec![
                Call::new(
                    token,
                    &E::approveCall {
                        spender: c.manufacturing,
                        value: amount,
                    },
                    format!("stakingToken.approve(manufacturing, {amount})"),
                ),
                Call::new(
                    c.manufacturing,
                    &M::stakeCall {
                        node: *node,
                        amount,
                    },
                    format!("manufacturing.stake({node}, {amount})"),
                ),
            ]
        }
        ManufacturerCmd::AcceptMou { node, version } => {
            let version = match version {
                Some(v) => *v,
                None => {
                    M::new(c.manufacturing, &ctx.provider)
                        .currentMouVersion()
                        .call()
                        .await?
                }
            };
            vec![Call::new(
                c.manufacturing,
                &M::acceptMouCall {
                    node: *node,
                    version,
                },
                format!("manufacturing.acceptMou({node}, {version})"),
            )]
        }
        ManufacturerCmd::Apply {
            node,
            model,
            revision,
            design_file,
            supersedes,
        } => {
            let design = super::file_hash(design_file)?;
            vec![Call::new(
                c.devices,
                &D::applyForDeviceLicenseCall {
                    manufacturer: *node,
                    model: model.clone(),
                    hardwareRevision: revision.clone(),
                    designHash: design,
                    supersedes: *supersedes,
                },
                format!("devices.applyForDeviceLicense({node}, {model:?}, {revision:?}, design {design})"),
            )]
        }
        ManufacturerCmd::Mint(_) | ManufacturerCmd::SampleCsv(_) => {
            unreachable!("minting and samples have their own runs")
        }
        ManufacturerCmd::Ota { file } => ota_calls(ctx, file).await?,
        ManufacturerCmd::FactoryReset {
            cert,
            new_device,
            signature,
        } => {
            let id = certificate_id(ctx, cert).await?;
            vec![Call::new(
                c.certificates,
                &C::factoryResetCall {
                    id,
                    newDevice: new_device.unwrap_or(Address::ZERO),
                    signature: signature.clone().unwrap_or_default(),
                },
                format!(
                    "certificates.factoryReset({id}{})",
                    new_device.map_or(String::new(), |d| format!(", new key {d}"))
                ),
            )]
        }
        ManufacturerCmd::EndOfLife { cert, kind, reason } => {
            let id = certificate_id(ctx, cert).await?;
            let k = match kind {
                EndKind::Decommissioned => 1,
                EndKind::Recycled => 2,
                EndKind::Disposed => 3,
            };
            vec![Call::new(
                c.certificates,
                &C::endOfLifeCall {
                    id,
                    kind: k,
                    reason: reason_hash(reason),
                },
                format!("certificates.endOfLife({id}, {kind:?}, {reason:?})"),
            )]
        }
    })
}
